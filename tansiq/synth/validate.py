"""Check a table against the tansiq record CSV format (docs/formats.md).

`validate_record_frame` is shared by the generator's tests and the importers: it returns every
problem with its row and column, so a caller can name the first one to the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tansiq.record_format import CHOICES, RECORD_COLUMNS, REQUIRED_COLUMNS

DATE_PATTERNS: dict[str, str] = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "month": r"\d{4}-(0[1-9]|1[0-2])",
    "year": r"\d{4}",
    "range": r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}",
}
SLUG = r"[A-Za-z0-9][A-Za-z0-9_-]*"
ARABIC = re.compile("[\u0600-\u06ff]")


@dataclass(frozen=True)
class RecordProblem:
    """One cell (or row, when `column` names a rule) that breaks the format; `row` is 0-based."""

    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message} ({self.value!r})"


def validate_record_frame(
    frame: pd.DataFrame, *, governorates: frozenset[str] | None = None, limit: int = 1000
) -> list[RecordProblem]:
    """Every format problem of a record table, in row order, at most `limit` of them.

    Cells may be strings (as read from CSV) or typed values; empty strings and NaN both mean
    *not recorded*. `governorates` is the set of allowed p-codes (default: the shipped
    gazetteer's admin-1 codes). An empty list means the table is valid.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if "name_ar" not in frame.columns and "name_latin" not in frame.columns:
        missing.append("name_ar or name_latin")
    if missing:
        return [RecordProblem(-1, c, "", "required column missing") for c in missing]
    text = {c: _text(frame[c]) for c in frame.columns if c in RECORD_COLUMNS}
    problems: list[RecordProblem] = []
    for check in (_required, _unique_ids, _names, _choices, _age, _dates, _places):
        problems += check(text, governorates)
    problems.sort(key=lambda p: (p.row, RECORD_COLUMNS.index(p.column)))
    return problems[:limit]


def _text(col: pd.Series) -> pd.Series:
    return col.astype("str").fillna("").str.strip().reset_index(drop=True)


def _found(
    text: dict[str, pd.Series], column: str, bad: pd.Series, msg: str
) -> list[RecordProblem]:
    rows = np.flatnonzero(bad.to_numpy(dtype=bool))
    if not len(rows):
        return []
    values = text[column].iloc[rows].to_numpy()
    return [RecordProblem(int(r), column, str(v), msg) for r, v in zip(rows, values, strict=True)]


def _required(text: dict[str, pd.Series], _: frozenset[str] | None) -> list[RecordProblem]:
    out = []
    for c in REQUIRED_COLUMNS:
        out += _found(text, c, text[c] == "", "required value is empty")
    bad_slug = (text["dataset"] != "") & ~text["dataset"].str.fullmatch(SLUG)
    return out + _found(text, "dataset", bad_slug, "dataset must be a slug")


def _unique_ids(text: dict[str, pd.Series], _: frozenset[str] | None) -> list[RecordProblem]:
    ids = text["record_id"]
    return _found(text, "record_id", (ids != "") & ids.duplicated(), "record_id is not unique")


def _names(text: dict[str, pd.Series], _: frozenset[str] | None) -> list[RecordProblem]:
    empty = pd.Series(True, index=text["record_id"].index)
    ar = text.get("name_ar", empty.map(lambda _: ""))
    lat = text.get("name_latin", empty.map(lambda _: ""))
    column = "name_ar" if "name_ar" in text else "name_latin"
    out = _found(text, column, (ar == "") & (lat == ""), "neither name_ar nor name_latin")
    if "name_ar" in text:
        no_arabic = (ar != "") & ~ar.str.contains(ARABIC)
        out += _found(text, "name_ar", no_arabic, "name_ar has no Arabic script")
    if "name_latin" in text:
        out += _found(text, "name_latin", lat.str.contains(ARABIC), "name_latin has Arabic script")
    return out


def _choices(text: dict[str, pd.Series], _: frozenset[str] | None) -> list[RecordProblem]:
    out = []
    for c, allowed in CHOICES.items():
        if c in text:
            bad = (text[c] != "") & ~text[c].isin(allowed)
            out += _found(text, c, bad, f"not one of {', '.join(sorted(allowed))}")
    return out


def _age(text: dict[str, pd.Series], _: frozenset[str] | None) -> list[RecordProblem]:
    if "age" not in text:
        return []
    age = text["age"]
    whole = age.str.fullmatch(r"\d{1,3}(\.0)?")
    number = pd.to_numeric(age.where(whole, None), errors="coerce")
    bad = (age != "") & (~whole | (number > 120))
    return _found(text, "age", bad, "age must be whole years 0-120")


def _dates(text: dict[str, pd.Series], _: frozenset[str] | None) -> list[RecordProblem]:
    if "date" not in text:
        return []
    date = text["date"]
    precision = text.get("date_precision", date.map(lambda _: ""))
    out = _found(text, "date", (date != "") & (precision == ""), "date without date_precision")
    out += _found(
        text, "date_precision", (date == "") & (precision != ""), "precision without date"
    )
    for name, pattern in DATE_PATTERNS.items():
        rows = (precision == name) & (date != "")
        some = date[rows]
        good = some.str.fullmatch(pattern) & _real_dates(some, name)
        bad = rows & ~good.reindex(date.index, fill_value=True)
        out += _found(text, "date", bad, f"not an ISO 8601 date of precision {name}")
    return out


def _real_dates(date: pd.Series, precision: str) -> pd.Series:
    if precision == "day":
        return pd.to_datetime(date, format="%Y-%m-%d", errors="coerce").notna()
    if precision != "range":
        return pd.Series(True, index=date.index)
    halves = date.str.split("/", n=1, expand=True).reindex(columns=[0, 1])
    first = pd.to_datetime(halves[0], format="%Y-%m-%d", errors="coerce")
    last = pd.to_datetime(halves[1], format="%Y-%m-%d", errors="coerce")
    return first.notna() & last.notna() & (first <= last)


def _places(text: dict[str, pd.Series], allowed: frozenset[str] | None) -> list[RecordProblem]:
    if "governorate" not in text:
        return []
    if allowed is None:
        from tansiq.synth.tables import load_places

        allowed = frozenset(load_places().pcode)
    gov = text["governorate"]
    return _found(text, "governorate", (gov != "") & ~gov.isin(allowed), "unknown p-code")
