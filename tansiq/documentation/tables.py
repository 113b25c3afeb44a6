"""Records as a table in the record CSV format (docs/formats.md), for the engines and exports.

The web layer hands the engines tables, never models: `records_table(queryset)` gives the
columns of the record CSV in its order, empty strings for values not recorded.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.db.models import QuerySet

from tansiq.documentation.dates import format_dated
from tansiq.documentation.models import RECORD_CSV_FIELDS

RECORD_CSV_COLUMNS: tuple[str, ...] = tuple(RECORD_CSV_FIELDS)
_STORED = [
    "uid",
    "dataset__slug",
    "date_start",
    "date_end",
    "date_precision",
    "place__pcode",
    *[f for f in RECORD_CSV_FIELDS.values() if "__" not in f and f not in ("uid", "date_text")],
]


def _row(values: dict[str, Any]) -> dict[str, Any]:
    row = {}
    for column, source in RECORD_CSV_FIELDS.items():
        if source == "date_text":
            value: Any = format_dated(
                values["date_start"], values["date_end"], values["date_precision"]
            )
        else:
            value = values[source]
        row[column] = "" if value is None else value
    return row


def records_table(records: QuerySet[Any]) -> pd.DataFrame:
    """The records as a DataFrame with the record CSV's columns, in order (one query).

    `age` is a nullable integer column; every other column is text ('' when not recorded).
    Protected fields are never included.
    """
    rows = [_row(values) for values in records.order_by("pk").values(*dict.fromkeys(_STORED))]
    table = pd.DataFrame(rows, columns=list(RECORD_CSV_COLUMNS))
    table["age"] = pd.to_numeric(table["age"].replace("", None)).astype("Int64")
    return table
