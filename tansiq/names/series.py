"""Vectorised name functions for tables of a million records.

Names repeat heavily (a few thousand distinct given names cover most records), so each function
factorises the column, computes on the distinct values only and maps the results back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
import pandas as pd

from .latin import fold_latin
from .parts import split_name
from .script import normalize_name
from .skeleton import block_key, to_skeleton

__all__ = ["Method", "normalize_series", "split_series"]

Method = Literal["normalize", "skeleton", "fold", "block"]

_METHODS: dict[str, Callable[[str], str]] = {
    "normalize": normalize_name,
    "skeleton": to_skeleton,
    "fold": fold_latin,
    "block": block_key,
}


def _map_unique(values: pd.Series, function: Callable[[str], object]) -> np.ndarray:
    """Apply `function` to each distinct non-missing value; missing values give None."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    results[:-1] = [function(str(value)) for value in uniques]
    results[-1] = None
    mapped: np.ndarray = results[codes]
    return mapped


def normalize_series(values: pd.Series, how: Method = "normalize") -> pd.Series:
    """Return `values` (names, any script) normalised element-wise, keeping the index.

    `how`: `normalize` → `normalize_name`, `skeleton` → `to_skeleton`, `fold` → `fold_latin`,
    `block` → `block_key`. Missing values stay missing. Work is proportional to the number of
    distinct names, not of rows.
    """
    if how not in _METHODS:
        raise ValueError(f"how must be one of {sorted(_METHODS)}, not {how!r}")
    mapped = _map_unique(values, _METHODS[how])
    return pd.Series(mapped, index=values.index, name=values.name, dtype="str")


def split_series(values: pd.Series) -> pd.Series:
    """Return each name of `values` split into its parts (`split_name`), as a list per row.

    Missing values stay missing (None). Work is proportional to the number of distinct names.
    """
    mapped = _map_unique(values, lambda text: tuple(split_name(text)))
    rows = [None if parts is None else list(parts) for parts in mapped]  # one list per row
    return pd.Series(rows, index=values.index, name=values.name, dtype=object)
