"""The one place where linkage calls the `tansiq.names` engine.

Names repeat a lot (a million records hold a few tens of thousands of distinct name parts), so
every function here works on the distinct values and maps the results back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from tansiq import names

_PARTS = ("given", "father", "grandfather", "family", "mother")


def normalise_columns(
    columns: Sequence[pd.Series], how: Literal["normalize", "skeleton"]
) -> list[pd.Series]:
    """Normalised form (`normalize`) or cross-script skeleton (`skeleton`) of every value of
    each column, computed once per distinct value over all columns together; missing or empty
    results are missing (`pd.NA`)."""
    stacked = pd.concat(list(columns), ignore_index=True)
    codes, uniques = pd.factorize(stacked, use_na_sentinel=True)
    forms = names.normalize_series(pd.Series(uniques, dtype="str"), how=how)
    table = forms.astype("object").where(forms.notna() & (forms != ""), None).to_numpy()
    table = np.concatenate([table, np.array([None], dtype=object)])
    mapped = table[np.where(codes >= 0, codes, len(uniques))]
    out: list[pd.Series] = []
    start = 0
    for column in columns:
        values = mapped[start : start + len(column)]
        out.append(pd.Series(values, index=column.index, dtype="str"))
        start += len(column)
    return out


def split_full_names(values: pd.Series, family_first: bool = False) -> pd.DataFrame:
    """Split full names into the parts given, father, grandfather, family and mother (missing
    where the name does not say), once per distinct name.

    `names.split_name` gives the parts in order; the roles follow the usual Arabic chain: the
    first part is the given name, the last (of three or more) the family name, and the ones
    between the father's and then the grandfather's. The mother's name is never in a full name.
    With `family_first` (lists that write `AL-HALABI Mohammad Ahmad`) the first part is the
    family name and the rest follow in the usual order.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    rows = [_roles(_reorder(names.split_name(str(value)), family_first)) for value in uniques]
    rows.append(dict.fromkeys(_PARTS))
    table = pd.DataFrame(rows, columns=list(_PARTS))
    picked = table.iloc[np.where(codes >= 0, codes, len(uniques))]
    return picked.set_axis(values.index).astype("str")


def _reorder(parts: list[str], family_first: bool) -> list[str]:
    return parts[1:] + parts[:1] if family_first and len(parts) >= 3 else parts


def writes_family_first(full_names: pd.Series) -> bool:
    """Whether a list writes the family name first: its first words carry the article (al-,
    el-, ال) clearly more often than its last words."""
    words = full_names.dropna().astype("str").str.split()
    if words.empty:
        return False
    first = words.str[0].str.match(_ARTICLE).mean()
    last = words.str[-1].str.match(_ARTICLE).mean()
    return bool(first > last + 0.1)


_ARTICLE = r"(?i)^(?:al|el|ال)(?:-|\s|$)|^ال"


def _roles(parts: list[str]) -> dict[str, str | None]:
    roles: dict[str, str | None] = dict.fromkeys(_PARTS)
    if not parts:
        return roles
    roles["given"] = parts[0]
    if len(parts) == 2:
        roles["father"] = parts[1]
    elif len(parts) >= 3:
        roles["family"] = parts[-1]
        roles["father"] = parts[1]
        if len(parts) >= 4:
            roles["grandfather"] = " ".join(parts[2:-1])
    return roles
