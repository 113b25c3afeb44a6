"""The one place where linkage calls the `tansiq.names` engine.

Names repeat a lot (a million records hold a few tens of thousands of distinct name parts), so
every function here works on the distinct values and maps the results back.
"""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd

from tansiq import names

_PARTS = ("given", "father", "grandfather", "family", "mother")


def normalise_values(values: pd.Series, how: Literal["normalize", "skeleton"]) -> pd.Series:
    """Normalised form (`normalize`) or cross-script skeleton (`skeleton`) of each value,
    computed once per distinct value; missing or empty results are missing (`pd.NA`)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == 0:
        return pd.Series(pd.NA, index=values.index, dtype="str")
    forms = pd.Series(names.normalize_series(pd.Series(uniques, dtype="str"), how=how))
    forms = forms.astype("str").where(forms.notna() & (forms.astype("str") != ""), pd.NA)
    mapped = forms.to_numpy(dtype=object)[codes]
    mapped[codes < 0] = pd.NA
    return pd.Series(mapped, index=values.index, dtype="str")


def split_full_names(values: pd.Series) -> pd.DataFrame:
    """Split full names into the parts given, father, grandfather, family, mother (missing
    where the name does not say), once per distinct name."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    rows = [_part_dict(names.split_name(str(value))) for value in uniques]
    table = pd.DataFrame(rows, columns=list(_PARTS)).reindex(columns=list(_PARTS))
    empty = pd.DataFrame({part: [pd.NA] for part in _PARTS})
    table = pd.concat([table, empty], ignore_index=True)
    picked = table.iloc[pd.Series(codes).where(codes >= 0, len(uniques)).to_numpy()]
    return picked.set_axis(values.index).astype("str")


def _part_dict(split: Any) -> dict[str, str | None]:
    """Read the result of `names.split_name` as a dict of part name to text."""
    if isinstance(split, dict):
        source = split
    else:
        source = {part: getattr(split, part, None) for part in _PARTS}
    return {part: (source.get(part) or None) for part in _PARTS}
