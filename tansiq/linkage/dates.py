"""Dates with their precision as inclusive day spans.

A record's date is kept as the span of days it allows: `2012-08` is 2012-08-01..2012-08-31, so a
month-precision date never counts against a day inside that month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

_SHAPES: dict[str, str] = {
    "day": r"^\d{4}-\d{2}-\d{2}$",
    "month": r"^\d{4}-\d{2}$",
    "year": r"^\d{4}$",
    "range": r"^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$",
}
_EPOCH = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True)
class ParsedDates:
    """Day spans of recorded dates: `lo`, `hi` (nullable Int32, days since 1970-01-01) and
    `bad` (bool array, True where a date was given but cannot be read at its precision)."""

    lo: pd.Series
    hi: pd.Series
    bad: np.ndarray


def parse_dates(dates: pd.Series, precisions: pd.Series) -> ParsedDates:
    """Turn ISO dates and their precision (`day|month|year|range`, inferred when empty) into
    inclusive day spans, in days since 1970-01-01."""
    text = dates.astype("str").where(dates.notna(), "")
    precision = precisions.astype("str").where(precisions.notna(), "")
    precision = precision.where(precision != "", _infer_precision(text))
    lo = pd.Series(np.nan, index=dates.index)
    hi = pd.Series(np.nan, index=dates.index)
    bad = np.zeros(len(dates), dtype=bool)
    present = (text != "").to_numpy()
    for name, shape in _SHAPES.items():
        chosen = (precision == name).to_numpy() & present
        if not chosen.any():
            continue
        values = text[chosen]
        start, end = _span(name, values)
        wrong = (
            ~values.str.match(shape).to_numpy() | np.isnan(start) | np.isnan(end) | (end < start)
        )
        lo[chosen] = np.where(wrong, np.nan, start)
        hi[chosen] = np.where(wrong, np.nan, end)
        bad[np.flatnonzero(chosen)[wrong]] = True
    unknown = present & ~precision.isin(list(_SHAPES)).to_numpy()
    bad |= unknown
    return ParsedDates(lo.round().astype("Int32"), hi.round().astype("Int32"), bad)


def _infer_precision(text: pd.Series) -> pd.Series:
    inferred = pd.Series("", index=text.index, dtype="str")
    for name, shape in _SHAPES.items():
        inferred = inferred.where(~text.str.match(shape), name)
    return inferred


def _span(name: str, values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    if name == "range":
        parts = values.str.split("/", n=1, expand=True)
        if parts.shape[1] < 2:
            nan = np.full(len(values), np.nan)
            return nan, nan
        return _days(parts[0], "%Y-%m-%d"), _days(parts[1], "%Y-%m-%d")
    if name == "day":
        day = _days(values, "%Y-%m-%d")
        return day, day
    if name == "month":
        start = pd.to_datetime(values, format="%Y-%m", errors="coerce")
        end = start + pd.offsets.MonthEnd(0)
        return _to_days(start), _to_days(end)
    start = pd.to_datetime(values, format="%Y", errors="coerce")
    end = start + pd.offsets.YearEnd(0)
    return _to_days(start), _to_days(end)


def _days(values: pd.Series, fmt: str) -> np.ndarray:
    return _to_days(pd.to_datetime(values, format=fmt, errors="coerce"))


def _to_days(stamps: pd.Series) -> np.ndarray:
    as_days = stamps.to_numpy(dtype="datetime64[D]", na_value=np.datetime64("NaT"))
    days = (as_days - _EPOCH).astype("float64")
    days[np.isnat(as_days)] = np.nan
    return np.asarray(days, dtype="float64")
