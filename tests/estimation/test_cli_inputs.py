"""`tansiq estimate` on bad or borderline pattern tables: every message names file, row, column."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tansiq.cli import app

runner = CliRunner()
FAST = ["--iterations", "1000", "--burn-in", "200", "--chains", "2"]
# 100 persons on three lists with plenty of overlap: estimable.
GOOD = "A,B,C,count\n1,0,0,30\n0,1,0,25\n0,0,1,20\n1,1,0,10\n1,0,1,8\n0,1,1,5\n1,1,1,2\n"


def run(tmp_path: Path, text: str, *args: str) -> tuple[int, str, Path]:
    src = tmp_path / "table.csv"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["estimate", str(src), "--out", str(out), *FAST, *args])
    return result.exit_code, " ".join(result.output.split()), out


def test_two_recording_lists_is_refused_with_exit_3_and_its_reason(tmp_path: Path) -> None:
    code, output, out = run(tmp_path, "A,B,count\n1,0,30\n0,1,25\n1,1,10\n")
    assert code == 3
    assert "table.csv: lcmcr refused stratum 'all'" in output
    assert "only 2 list(s) recorded anyone" in output
    refused = json.loads((out / "estimate.json").read_text(encoding="utf-8"))["methods"]["lcmcr"]
    assert "only 2 list(s)" in refused["refused"][0]["refused"]


def test_too_few_persons_is_refused_unless_refusal_is_allowed(tmp_path: Path) -> None:
    small = "A,B,C,count\n1,0,0,3\n0,1,0,2\n1,1,1,4\n"
    code, output, _ = run(tmp_path, small)
    assert code == 3 and "only 9 documented persons; at least 20" in output
    code, output, _ = run(tmp_path, small, "--allow-refusal")
    assert code == 0 and "note: " in output and "only 9 documented persons" in output


def test_duplicate_column_name_is_named_with_both_places(tmp_path: Path) -> None:
    code, output, _ = run(tmp_path, "A,B,A,count\n1,0,0,3\n")
    assert code == 2
    assert "table.csv, row 1, column 'A': the name appears 2 times (columns 1, 3)" in output


def test_unnamed_column_is_named_by_its_position(tmp_path: Path) -> None:
    code, output, _ = run(tmp_path, "A,B,,count\n1,0,0,3\n")
    assert code == 2 and "table.csv, row 1: column 3 has no name" in output


def test_value_that_is_not_0_or_1_is_named_with_row_and_column(tmp_path: Path) -> None:
    code, output, _ = run(tmp_path, GOOD.replace("0,0,1,20", "0,0,2,20"))
    assert code == 2 and "table.csv, row 4, column 'C': expected 0 or 1, found '2'" in output
    code, output, _ = run(tmp_path, GOOD.replace("0,1,1,5", "0,,1,5"))
    assert code == 2 and "row 7, column 'B': expected 0 or 1, found an empty cell" in output


def test_list_column_that_recorded_nobody_is_an_error_not_dropped(tmp_path: Path) -> None:
    text = "A,B,C,D,count\n1,0,0,0,30\n0,1,0,0,25\n0,0,1,0,20\n1,1,1,0,9\n"
    code, output, _ = run(tmp_path, text)
    assert code == 2
    assert "table.csv, column 'D': this list recorded nobody" in output
    # A list whose only 1s have a count of 0 recorded nobody too.
    code, output, _ = run(tmp_path, text + "0,0,0,1,0\n")
    assert code == 2 and "column 'D': this list recorded nobody" in output


def test_text_column_is_not_read_as_a_list(tmp_path: Path) -> None:
    lines = GOOD.splitlines()
    text = "\n".join(
        [lines[0] + ",source"] + [f"{line},note {i}" for i, line in enumerate(lines[1:], 1)]
    )
    code, output, _ = run(tmp_path, text + "\n")
    assert code == 2
    assert "table.csv, column 'source': not a 0/1 list column (e.g. 'note 1' in row 2" in output
    assert "--list-columns" in output


def test_list_columns_option_names_the_lists_and_reports_the_ignored(tmp_path: Path) -> None:
    lines = GOOD.splitlines()
    text = "\n".join([lines[0] + ",source"] + [f"{line},x" for line in lines[1:]]) + "\n"
    code, output, out = run(tmp_path, text, "--list-columns", "A,B,C")
    assert code == 0, output
    assert "ignoring column(s) 'source'" in output
    inputs = json.loads((out / "estimate.json").read_text(encoding="utf-8"))["inputs"]
    assert inputs["list_columns"] == ["A", "B", "C"] and inputs["ignored_columns"] == ["source"]
    code, output, _ = run(tmp_path, text, "--list-columns", "A,B,Z")
    assert code == 2 and "table.csv, row 1, column 'Z': missing list column 'Z'" in output
    code, output, _ = run(tmp_path, text, "--list-columns", "A,B,count")
    assert code == 2 and "column 'count': the count column cannot also be a list" in output


def test_max_n_factor_bounds_every_draw_and_says_so(tmp_path: Path) -> None:
    # Lists that barely overlap: the unbounded posterior runs far beyond 3 x documented.
    sparse = "A,B,C,count\n1,0,0,40\n0,1,0,40\n0,0,1,40\n1,1,0,1\n0,1,1,1\n1,0,1,1\n"
    code, output, out = run(tmp_path, sparse, "--max-n-factor", "3", "--seed", "2")
    assert code == 0, output
    document = json.loads((out / "estimate.json").read_text(encoding="utf-8"))
    estimate = document["methods"]["lcmcr"]["combined"]
    assert document["inputs"]["max_n_factor"] == 3
    assert estimate["diagnostics"]["max_n"] == 3 * 123
    assert 0 < estimate["diagnostics"]["share_above_max_n"] < 1
    assert estimate["upper_95"] <= 3 * 123
    assert any("N bounded at 369 (3 x 123 documented)" in w for w in estimate["warnings"])


def test_max_n_factor_of_one_or_less_is_bad_input(tmp_path: Path) -> None:
    code, output, _ = run(tmp_path, GOOD, "--max-n-factor", "1")
    assert code == 2 and "--max-n-factor 1: must exceed 1" in output


def test_persons_only_on_an_ignored_column_are_named_by_row(tmp_path: Path) -> None:
    code, output, _ = run(tmp_path, GOOD, "--list-columns", "A,B")
    assert code == 2
    assert "table.csv, row 4, column 'count': a pattern with no list cannot have persons" in output
    assert "ignored columns only" in output


def test_duplicate_column_in_a_linked_record_file_is_named(tmp_path: Path) -> None:
    records = tmp_path / "L1.csv"
    records.write_text("record_id,dataset,dataset\nr1,L1,L1\n", encoding="utf-8")
    clusters = tmp_path / "clusters.csv"
    clusters.write_text("record_id,person_id\nr1,p1\n", encoding="utf-8")
    result = runner.invoke(app, ["estimate", "--clusters", str(clusters), str(records)])
    output = " ".join(result.output.split())
    assert result.exit_code == 2
    assert "L1.csv, row 1, column 'dataset': the name appears 2 times (columns 2, 3)" in output


def test_no_plots_writes_the_figures_without_pngs(tmp_path: Path) -> None:
    code, output, out = run(tmp_path, GOOD, "--no-plots")
    assert code == 0, output
    assert sorted(p.name for p in out.iterdir()) == ["estimate.csv", "estimate.json"]


def test_a_value_that_looks_like_markup_is_shown_as_it_is(tmp_path: Path) -> None:
    code, output, _ = run(tmp_path, GOOD.replace("0,0,1,20", "0,0,[red],20"))
    assert code == 2 and "column 'C': expected 0 or 1, found '[red]'" in output
