"""Reading record CSVs: bad input names the file, the row and the column."""

from __future__ import annotations

from pathlib import Path

import pytest

from tansiq.linkage import RecordInputError, read_record_csvs

HEADER = "record_id,dataset,name_ar,name_latin,sex,age,act,date,date_precision,governorate\n"


def write(tmp_path: Path, name: str, body: str, header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def test_reads_two_files_into_one_table_with_day_spans(tmp_path: Path) -> None:
    first = write(tmp_path, "a.csv", "A1,a,محمد أحمد,,M,30,killed,2012-08-25,day,SY02\n")
    second = write(tmp_path, "b.csv", "B1,b,,Mohammad Ahmad,M,,killed,2012-08,month,SY02\n")
    records = read_record_csvs([first, second])
    assert list(records["record_id"]) == ["A1", "B1"]
    day = records.iloc[0]
    month = records.iloc[1]
    assert day["date_lo"] == day["date_hi"]
    assert month["date_lo"] <= day["date_lo"] <= month["date_hi"]
    assert month["date_hi"] - month["date_lo"] == 30
    assert records["age_years"].isna().tolist() == [False, True]


def test_bom_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(("\ufeff" + HEADER + "A1,a,علي,,M,3,killed,,,\n").encode("utf-8"))
    assert read_record_csvs([path])["record_id"].tolist() == ["A1"]


def test_missing_required_column_names_file_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "A1,a,علي\n", header="record_id,dataset,name_ar\n")
    with pytest.raises(RecordInputError) as caught:
        read_record_csvs([path])
    assert caught.value.column == "act"
    assert caught.value.row == 1
    assert "x.csv" in str(caught.value) and "'act'" in str(caught.value)


def test_unparseable_date_names_row_and_column(tmp_path: Path) -> None:
    body = "A1,a,علي,,M,3,killed,2012-08-25,day,SY02\nA2,a,عمر,,M,3,killed,2012-02-30,day,SY02\n"
    path = write(tmp_path, "d.csv", body)
    with pytest.raises(RecordInputError) as caught:
        read_record_csvs([path])
    assert (caught.value.row, caught.value.column) == (3, "date")
    assert str(caught.value).startswith(f"{path}, row 3, column 'date'")


def test_date_that_does_not_fit_its_precision_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "A1,a,علي,,M,3,killed,2012-08,day,SY02\n")
    with pytest.raises(RecordInputError, match="row 2, column 'date'"):
        read_record_csvs([path])


def test_wrong_encoding_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    body = HEADER + "A1,a,,Ali,M,3,killed,,,\n" + "A2,a,,Jos\xe9,M,3,killed,,,\n"
    path.write_bytes(body.encode("latin-1"))
    with pytest.raises(RecordInputError) as caught:
        read_record_csvs([path])
    assert (caught.value.row, caught.value.column) == (3, "name_latin")
    assert "UTF-8" in caught.value.problem


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("A1,a,علي,,X,3,killed,,,", "sex"),
        ("A1,a,علي,,M,3.5,killed,,,", "age"),
        ("A1,a,علي,,M,130,killed,,,", "age"),
        ("A1,a,علي,,M,3,murdered,,,", "act"),
        ("A1,a,,,M,3,killed,,,", "name_ar"),
        (",a,علي,,M,3,killed,,,", "record_id"),
        ("A1,a,علي,,M,3,killed,,,Aleppo", "governorate"),
    ],
)
def test_bad_values_name_their_column(tmp_path: Path, row: str, column: str) -> None:
    path = write(tmp_path, "v.csv", row + "\n")
    with pytest.raises(RecordInputError) as caught:
        read_record_csvs([path])
    assert (caught.value.row, caught.value.column) == (2, column)


def test_record_id_used_twice_across_files_is_rejected(tmp_path: Path) -> None:
    first = write(tmp_path, "a.csv", "A1,a,علي,,M,3,killed,,,\n")
    second = write(tmp_path, "b.csv", "B1,b,علي,,M,3,killed,,,\nA1,b,علي,,M,3,killed,,,\n")
    with pytest.raises(RecordInputError) as caught:
        read_record_csvs([first, second])
    assert caught.value.path == str(second)
    assert (caught.value.row, caught.value.column) == (3, "record_id")
