"""`tansiq synth` writes a world and refuses bad options with one line and exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tansiq.cli import app

runner = CliRunner()


def test_synth_writes_the_world_with_the_requested_size(tmp_path: Path) -> None:
    args = ["synth", "--out", str(tmp_path), "--persons", "400", "--lists", "4", "--seed", "2"]
    result = runner.invoke(app, [*args, "--preset", "hard"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("L*.csv")) == [
        "L1.csv",
        "L2.csv",
        "L3.csv",
        "L4.csv",
    ]
    totals = json.loads((tmp_path / "world.json").read_text(encoding="utf-8"))["totals"]
    assert totals["persons"] == 400


def test_rate_option_sets_the_rate_of_every_list(tmp_path: Path) -> None:
    args = ["synth", "--out", str(tmp_path), "--persons", "200", "--rate", "translit=0.7"]
    assert runner.invoke(app, [*args, "--rate", "duplicate=0"]).exit_code == 0
    params = json.loads((tmp_path / "world.json").read_text(encoding="utf-8"))["params"]
    assert {lp["errors"]["translit"] for lp in params["lists"]} == {0.7}
    assert {lp["errors"]["duplicate"] for lp in params["lists"]} == {0.0}


def test_rate_option_can_target_one_list(tmp_path: Path) -> None:
    args = ["synth", "--out", str(tmp_path), "--persons", "200", "--lists", "3"]
    assert runner.invoke(app, [*args, "--rate", "L2:duplicate=0.5"]).exit_code == 0
    params = json.loads((tmp_path / "world.json").read_text(encoding="utf-8"))["params"]
    assert [lp["errors"]["duplicate"] for lp in params["lists"]] == [0.02, 0.5, 0.02]


def test_out_that_is_a_file_stops_with_exit_code_2(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["synth", "--out", str(target), "--persons", "50"])
    assert result.exit_code == 2 and "not a folder" in result.output
    assert "Traceback" not in result.output


def test_bad_rate_stops_with_one_line_and_exit_code_2(tmp_path: Path) -> None:
    for bad in ("translit=1.5", "spelling=0.1", "translit=high", "L9:typo=0.1"):
        result = runner.invoke(app, ["synth", "--out", str(tmp_path), "--rate", bad])
        assert result.exit_code == 2
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())
