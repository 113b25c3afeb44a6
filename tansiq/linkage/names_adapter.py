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
    table = np.append(table, None)
    mapped = table[np.where(codes >= 0, codes, len(uniques))]
    out: list[pd.Series] = []
    start = 0
    for column in columns:
        values = mapped[start : start + len(column)]
        out.append(pd.Series(values, index=column.index, dtype="str"))
        start += len(column)
    return out


def split_full_names(values: pd.Series) -> pd.DataFrame:
    """Split full names into the parts given, father, grandfather, family and mother (missing
    where the name does not say), once per distinct name.

    `names.split_name` gives the parts in order; the roles follow the usual Arabic chain: the
    first part is the given name, the last (of three or more) the family name, and the ones
    between the father's and then the grandfather's. The mother's name is never in a full name.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    rows = [_roles(names.split_name(str(value))) for value in uniques]
    rows.append(dict.fromkeys(_PARTS))
    table = pd.DataFrame(rows, columns=list(_PARTS))
    picked = table.iloc[np.where(codes >= 0, codes, len(uniques))]
    return picked.set_axis(values.index).astype("str")


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
