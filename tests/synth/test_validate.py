"""validate_record_frame finds every kind of format problem, with its row and column."""

from __future__ import annotations

import pandas as pd
import pytest

from tansiq.synth import generate_world, preset, validate_record_frame


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    frame = generate_world(preset("realistic", persons=300, seed=1)).records
    return frame.head(50).astype(object).where(frame.head(50).notna(), "").astype(str)


def _problems(records: pd.DataFrame, row: int, column: str, value: str) -> list[tuple[int, str]]:
    bad = records.copy()
    bad.loc[row, column] = value
    return [(p.row, p.column) for p in validate_record_frame(bad)]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("sex", "male"),
        ("age", "121"),
        ("age", "3.5"),
        ("age", "-1"),
        ("age_group", "youth"),
        ("status", "fighter"),
        ("act", "wounded"),
        ("act", ""),
        ("date", "2012-02-30"),
        ("date", "25/08/2012"),
        ("governorate", "SY99"),
        ("cause", "bullet"),
        ("dataset", "list one"),
        ("record_id", ""),
    ],
)
def test_a_bad_value_is_reported_at_its_row_and_column(
    records: pd.DataFrame, column: str, value: str
) -> None:
    assert _problems(records, 7, column, value) == [(7, column)]


def test_generated_records_read_back_from_text_are_valid(records: pd.DataFrame) -> None:
    assert validate_record_frame(records) == []


def test_a_record_without_any_name_is_reported(records: pd.DataFrame) -> None:
    bad = records.copy()
    bad.loc[3, ["name_ar", "name_latin"]] = ""
    assert [p.row for p in validate_record_frame(bad)] == [3]


def test_scripts_must_match_their_columns(records: pd.DataFrame) -> None:
    bad = records.copy()
    bad.loc[4, "name_ar"] = "Mohammad Ali"
    bad.loc[5, "name_latin"] = "محمد علي"
    found = [(p.row, p.column) for p in validate_record_frame(bad)]
    assert found == [(4, "name_ar"), (5, "name_latin")]


def test_duplicate_record_ids_are_reported(records: pd.DataFrame) -> None:
    bad = records.copy()
    bad.loc[9, "record_id"] = bad.loc[2, "record_id"]
    assert [(p.row, p.column) for p in validate_record_frame(bad)] == [(9, "record_id")]


def test_dates_need_a_matching_precision(records: pd.DataFrame) -> None:
    bad = records.copy()
    bad.loc[1, ["date", "date_precision"]] = ["2012-08", "day"]
    bad.loc[2, ["date", "date_precision"]] = ["2012-08-20/2012-08-27", "range"]
    bad.loc[3, ["date", "date_precision"]] = ["2012-08-27/2012-08-20", "range"]
    bad.loc[6, ["date", "date_precision"]] = ["2012-08-20", ""]
    found = [(p.row, p.column) for p in validate_record_frame(bad)]
    assert found == [(1, "date"), (3, "date"), (6, "date")]


def test_missing_required_columns_are_reported(records: pd.DataFrame) -> None:
    problems = validate_record_frame(records.drop(columns=["act", "name_ar", "name_latin"]))
    assert {p.column for p in problems} == {"act", "name_ar or name_latin"}
    assert all(p.row == -1 for p in problems)
