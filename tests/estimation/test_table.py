"""Capture tables from pattern CSVs and from linkage output."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tansiq.estimation import CaptureTable, InputError, merge_lists


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_pattern_csv_sums_repeated_patterns_and_keeps_list_names(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "vdc,snhr,sccr,count\n1,0,0,5\n1,1,0,2\n1,0,0,3\n0,0,1,4\n")
    table = CaptureTable.from_patterns_csv(path)
    assert table.lists == ("vdc", "snhr", "sccr")
    assert table.documented == 14
    assert table.list_totals() == {"vdc": 10, "snhr": 2, "sccr": 4}
    assert len(table.counts) == 3


def test_pattern_csv_with_stratum_column_splits_by_stratum(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.csv", "A,B,C,governorate,count\n1,0,0,SY01,5\n0,1,0,SY02,2\n1,1,1,SY01,1\n"
    )
    tables = CaptureTable.from_patterns_csv(path, strata=["governorate"]).by_stratum()
    assert set(tables) == {"SY01", "SY02"}
    assert tables["SY01"].documented == 6
    assert tables["SY02"].documented == 2


def test_pattern_csv_bad_flag_names_file_row_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "A,B,C,count\n1,0,0,5\n1,yes,0,2\n")
    with pytest.raises(InputError) as error:
        CaptureTable.from_patterns_csv(path)
    assert error.value.row == 3 and error.value.column == "B"
    assert "p.csv" in str(error.value) and "row 3" in str(error.value)


def test_pattern_csv_without_count_column_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "A,B,C\n1,0,0\n")
    with pytest.raises(InputError, match="missing column 'count'"):
        CaptureTable.from_patterns_csv(path)


def test_pattern_csv_rejects_persons_on_no_list(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "A,B,C,count\n0,0,0,7\n")
    with pytest.raises(InputError) as error:
        CaptureTable.from_patterns_csv(path)
    assert error.value.row == 2 and error.value.column == "count"


def test_pattern_csv_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"A,B,C,count\n1,0,0,5\n" + "حلب".encode("cp1256") + b"\n")
    with pytest.raises(InputError, match="UTF-8"):
        CaptureTable.from_patterns_csv(path)


def test_linkage_counts_each_person_once_on_each_of_their_lists() -> None:
    records = pd.DataFrame(
        {
            "record_id": ["a1", "a2", "b1", "c1", "c2"],
            "dataset": ["A", "A", "B", "C", "C"],
        }
    )
    clusters = pd.DataFrame(
        {"record_id": ["a1", "a2", "b1", "c1", "c2"], "person_id": ["p", "p", "p", "q", "r"]}
    )
    table = CaptureTable.from_linkage(clusters, records)
    assert table.lists == ("A", "B", "C")
    assert table.documented == 3
    rows = {tuple(p): int(c) for p, c in zip(table.patterns.tolist(), table.counts, strict=True)}
    assert rows == {(1, 1, 0): 1, (0, 0, 1): 2}


def test_linkage_strata_take_each_persons_most_common_value_and_year_from_date() -> None:
    records = pd.DataFrame(
        {
            "record_id": ["a1", "b1", "c1", "a2"],
            "dataset": ["A", "B", "C", "A"],
            "governorate": ["SY02", "SY02", "SY04", ""],
            "date": ["2013-05-01", "2013-05", "2012", "2014-01-02"],
        }
    )
    clusters = pd.DataFrame(
        {"record_id": ["a1", "b1", "c1", "a2"], "person_id": ["p", "p", "p", "q"]}
    )
    table = CaptureTable.from_linkage(clusters, records, strata=["governorate", "year"])
    tables = table.by_stratum()
    assert set(tables) == {"SY02/2013", "unknown/2014"}
    assert tables["SY02/2013"].patterns.tolist() == [[1, 1, 1]]


def test_record_left_out_of_clusters_still_counts_as_a_person() -> None:
    records = pd.DataFrame({"record_id": ["a1", "b1"], "dataset": ["A", "B"]})
    clusters = pd.DataFrame({"record_id": ["a1"], "person_id": ["p"]})
    assert CaptureTable.from_linkage(clusters, records).documented == 2


def test_merge_lists_puts_a_person_on_the_merged_list_when_on_any_member() -> None:
    table = CaptureTable(
        ("A", "B", "C", "D"),
        np.array([[1, 0, 0, 0], [0, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1]]),
        np.array([4, 3, 2, 1]),
    )
    merged = merge_lists(table, {"AB": ["A", "B"]})
    assert merged.lists == ("C", "D", "AB")
    assert merged.documented == table.documented
    assert merged.list_totals() == {"C": 1, "D": 1, "AB": 9}


def test_merge_of_unknown_list_is_refused() -> None:
    table = CaptureTable(("A", "B", "C"), np.eye(3, dtype=np.uint8), np.array([1, 1, 1]))
    with pytest.raises(ValueError, match="unknown"):
        merge_lists(table, {"X": ["A", "Z"]})


def test_shipped_diabetes_table_matches_its_published_list_totals() -> None:
    from importlib.resources import files

    path = files("tansiq.estimation") / "data" / "diabetes_casale_1988.csv"
    table = CaptureTable.from_patterns_csv(str(path))
    assert table.documented == 2069
    assert table.list_totals() == {
        "clinic_gp": 1754,
        "hospital": 452,
        "prescriptions": 1135,
        "strips_syringes": 173,
    }
