"""`tansiq link` on files: outputs, metrics and one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from tansiq.linkage.cli import link

from .conftest import list_files, make_world

app = typer.Typer()
app.command()(link)
# A second command keeps Typer from collapsing the app into its only command.
app.command("noop")(lambda: None)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["link", *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def tiny_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_world(tmp_path_factory.mktemp("cli-world"), persons=300, seed=3)


def test_link_writes_every_output_and_scores_against_truth(
    tiny_world: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    files = [str(p) for p in list_files(tiny_world)]
    code, output = run(*files, "--out", str(out), "--truth", str(tiny_world / "truth.csv"))
    assert code == 0, output
    for name in ("clusters.csv", "pairs.parquet", "model.json", "report.html", "metrics.json"):
        assert (out / name).stat().st_size > 0, name
    clusters = pd.read_csv(out / "clusters.csv", dtype=str)
    assert list(clusters.columns) == ["record_id", "person_id"]
    assert len(clusters) == sum(len(pd.read_csv(f)) for f in files)
    pairs = pd.read_parquet(out / "pairs.parquet")
    assert {"record_id_l", "record_id_r", "match_probability"} <= set(pairs.columns)
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["pairwise_f1"] > 0.85
    assert "comparisons" in json.loads((out / "model.json").read_text())
    report = (out / "report.html").read_text()
    assert report.count("<iframe") == 3
    assert "Pairwise" in output or "pairwise" in output


def test_missing_column_stops_with_file_row_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,dataset,name_ar\nA1,a,علي\n", encoding="utf-8")
    code, output = run(str(bad), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "bad.csv, row 1, column 'act'" in output
    assert "Traceback" not in output
    assert not (tmp_path / "out").exists()


def test_unparseable_date_stops_with_its_row(tmp_path: Path) -> None:
    bad = tmp_path / "dates.csv"
    bad.write_text(
        "record_id,dataset,name_ar,act,date\nA1,a,علي,killed,2012-01-02\nA2,a,عمر,killed,2012-99\n",
        encoding="utf-8",
    )
    code, output = run(str(bad), "--out", str(tmp_path / "out"))
    assert code == 2
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert "dates.csv, row 3, column 'date'" in errors[0]
    assert "Traceback" not in output


def test_wrong_encoding_stops_with_code_2(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("record_id,dataset,name_latin,act\nA1,a,Jos\xe9,killed\n".encode("latin-1"))
    code, output = run(str(bad), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "row 2, column 'name_latin'" in output
