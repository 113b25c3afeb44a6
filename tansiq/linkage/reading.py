"""Reading tansiq record CSVs (docs/formats.md) into one validated table.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from tansiq.linkage.dates import parse_dates
from tansiq.record_format import CHOICES, RECORD_COLUMNS, REQUIRED_COLUMNS

# The columns linkage checks against the format's vocabularies (status and cause are free here).
_ALLOWED: dict[str, frozenset[str]] = {
    name: CHOICES[name] for name in ("sex", "age_group", "act", "date_precision")
}
_PCODE = re.compile(r"^[A-Z]{2}[0-9A-Z]*$")


class RecordInputError(ValueError):
    """A record file that cannot be read; names the file, the row and the column."""

    def __init__(self, path: str, row: int | None, column: str | None, problem: str) -> None:
        self.path = path
        self.row = row
        self.column = column
        self.problem = problem
        super().__init__(path, row, column, problem)

    def __str__(self) -> str:
        where = [self.path]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.problem}"


def read_record_csvs(paths: Sequence[str | Path]) -> pd.DataFrame:
    """Read and validate record CSVs into one table of strings plus parsed fields.

    Every column of docs/formats.md is present in the result (empty cells are missing values),
    plus `age_years` (float, years), `date_lo` / `date_hi` (int, days since 1970-01-01, the
    inclusive span the recorded date and its precision allow) and `source_file`.
    Raises `RecordInputError` naming the file, row and column of the first bad cell.
    """
    if not paths:
        raise RecordInputError("(no files)", None, None, "no record files given")
    frames = [_read_one(Path(p)) for p in paths]
    records = pd.concat(frames, ignore_index=True)
    _check_unique_ids(records)
    return records


def _read_one(path: Path) -> pd.DataFrame:
    raw = _read_bytes(path)
    text = _decode(path, raw)
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""], engine="c"
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise RecordInputError(str(path), None, None, f"not a CSV file ({error})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    _check_columns(path, frame)
    for column in RECORD_COLUMNS:
        if column not in frame.columns:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="str")
    frame = frame[list(RECORD_COLUMNS)].copy()
    for column in RECORD_COLUMNS:
        frame[column] = frame[column].str.strip().replace("", pd.NA)
    _validate(path, frame)
    frame["age_years"] = pd.to_numeric(frame["age"], errors="coerce").astype("float64")
    dates = parse_dates(frame["date"], frame["date_precision"])
    _raise_first(path, frame, dates.bad, "date", "unparseable date for its precision")
    frame["date_lo"] = dates.lo
    frame["date_hi"] = dates.hi
    frame["source_file"] = str(path)
    return frame


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise RecordInputError(str(path), None, None, f"cannot read ({error.strerror})") from None


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        row, column = _locate_bad_bytes(raw)
        raise RecordInputError(str(path), row, column, "not UTF-8 text") from None


def _locate_bad_bytes(raw: bytes) -> tuple[int | None, str | None]:
    """Find the spreadsheet row and column of the first byte sequence that is not UTF-8."""
    lines = raw.splitlines()
    header = next(csv.reader([lines[0].decode("utf-8-sig", "replace")])) if lines else []
    for number, line in enumerate(lines, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            fields = next(csv.reader([line.decode("utf-8", "replace")]), [])
            for index, value in enumerate(fields):
                if "\ufffd" in value and index < len(header):
                    return number, header[index].strip()
            return number, None
    return None, None


def _check_columns(path: Path, frame: pd.DataFrame) -> None:
    for column in REQUIRED_COLUMNS:
        if column not in frame.columns:
            raise RecordInputError(str(path), 1, column, "missing required column")
    if "name_ar" not in frame.columns and "name_latin" not in frame.columns:
        raise RecordInputError(str(path), 1, "name_ar", "needs a name_ar or name_latin column")


def _validate(path: Path, frame: pd.DataFrame) -> None:
    for column in REQUIRED_COLUMNS:
        _raise_first(path, frame, frame[column].isna().to_numpy(), column, "empty required value")
    no_name = (frame["name_ar"].isna() & frame["name_latin"].isna()).to_numpy()
    _raise_first(path, frame, no_name, "name_ar", "neither name_ar nor name_latin is given")
    for column, allowed in _ALLOWED.items():
        values = frame[column]
        bad = (values.notna() & ~values.isin(list(allowed))).to_numpy()
        _raise_first(path, frame, bad, column, f"must be one of {', '.join(sorted(allowed))}")
    _validate_age(path, frame)
    gov = frame["governorate"]
    bad_gov = (gov.notna() & ~gov.fillna("").str.match(_PCODE)).to_numpy()
    _raise_first(path, frame, bad_gov, "governorate", "not a p-code such as SY02")


def _validate_age(path: Path, frame: pd.DataFrame) -> None:
    age = frame["age"]
    numeric = pd.to_numeric(age, errors="coerce")
    whole = numeric.notna() & (numeric == numeric.round()) & numeric.between(0, 120)
    bad = (age.notna() & ~whole).to_numpy()
    _raise_first(path, frame, bad, "age", "not a whole number of years from 0 to 120")


def _raise_first(path: Path, frame: pd.DataFrame, bad: np.ndarray, column: str, why: str) -> None:
    if not bad.any():
        return
    position = int(np.argmax(bad))
    value = frame[column].iloc[position]
    shown = "" if pd.isna(value) else f" (got {str(value)[:40]!r})"
    raise RecordInputError(str(path), position + 2, column, why + shown)


def _check_unique_ids(records: pd.DataFrame) -> None:
    duplicated = records["record_id"].duplicated().to_numpy()
    if duplicated.any():
        position = int(np.argmax(duplicated))
        first = records.loc[records["record_id"] == records["record_id"].iloc[position]].index[0]
        same_file = records["source_file"] == records["source_file"].iloc[position]
        row_in_file = position - int(np.argmax(same_file.to_numpy()))
        raise RecordInputError(
            str(records["source_file"].iloc[position]),
            row_in_file + 2,
            "record_id",
            f"record_id {records['record_id'].iloc[position]!r} already used "
            f"(by {records['source_file'].iloc[first]})",
        )
