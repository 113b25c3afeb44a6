"""A person's canonical fields, derived from the records linked to it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from tansiq.documentation.dates import DatePrecision

# Narrower dates are preferred when records disagree on precision.
_PRECISION_RANK = {
    DatePrecision.DAY: 0,
    DatePrecision.RANGE: 1,
    DatePrecision.MONTH: 2,
    DatePrecision.YEAR: 3,
}


def most_common(values: Iterable[Any]) -> Any:
    """The most frequent non-empty value (ties: the first seen); None if there is none."""
    counts = Counter(v for v in values if v not in (None, ""))
    return counts.most_common(1)[0][0] if counts else None


def canonical_fields(records: Sequence[Any]) -> dict[str, Any]:
    """Canonical name (each script), sex, age, place and date of a cluster of records.

    Each field is the most frequent recorded value; the date is the most frequent among the
    records with the narrowest precision.
    """
    dated = [r for r in records if r.date_start is not None and r.date_precision]
    best = min((_PRECISION_RANK.get(r.date_precision, 9) for r in dated), default=None)
    narrowest = [r for r in dated if _PRECISION_RANK.get(r.date_precision, 9) == best]
    date = most_common((r.date_start, r.date_end, r.date_precision) for r in narrowest)
    start, end, precision = date if date else (None, None, "")
    return {
        "name_ar": most_common(r.name_ar for r in records) or "",
        "name_latin": most_common(r.name_latin for r in records) or "",
        "sex": most_common(r.sex for r in records) or "",
        "age": most_common(r.age for r in records),
        "place_id": most_common(r.place_id for r in records),
        "date_start": start,
        "date_end": end,
        "date_precision": precision,
    }
