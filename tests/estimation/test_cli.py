"""`tansiq estimate` end to end: both input forms, outputs, and bad input messages."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from tansiq.estimation.cli import estimate

from .conftest import simulate_table

app = typer.Typer(add_completion=False)
app.command()(estimate)
runner = CliRunner()
FAST = ["--iterations", "2000", "--burn-in", "500", "--chains", "2", "--bootstrap", "30"]


def write_patterns(path: Path) -> Path:
    table = simulate_table(1200, [0.6, 0.4], [[0.2, 0.15, 0.25], [0.6, 0.5, 0.6]], seed=8)
    path.write_text(table.to_frame().to_csv(index=False), encoding="utf-8")
    return path


def write_linkage(folder: Path) -> tuple[Path, list[Path]]:
    """Three lists over two governorates; in SY04 30 persons are each on lists A and B only."""
    table = simulate_table(400, [1.0], [[0.4, 0.35, 0.45]], seed=3)
    files = {name: ["record_id,dataset,act,governorate,date"] for name in table.lists}
    clusters = ["record_id,person_id"]
    person = 0
    for pattern, count in zip(table.patterns.tolist(), table.counts.tolist(), strict=True):
        for _ in range(count):
            person += 1
            for j, name in enumerate(table.lists):
                if pattern[j]:
                    rid = f"{name}-{person}"
                    files[name].append(f"{rid},{name},killed,SY02,2013-0{1 + person % 9}-01")
                    clusters.append(f"{rid},P{person}")
    for i in range(30):
        for name in ("A", "B"):
            files[name].append(f"{name}-x{i},{name},killed,SY04,2013-02-01")
            clusters.append(f"{name}-x{i},X{i}")
    paths = []
    for name, lines in files.items():
        paths.append(folder / f"{name}.csv")
        paths[-1].write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "clusters.csv").write_text("\n".join(clusters) + "\n", encoding="utf-8")
    return folder / "clusters.csv", paths


def test_pattern_table_round_trip_writes_json_csv_and_plots(tmp_path: Path) -> None:
    src = write_patterns(tmp_path / "patterns.csv")
    out = tmp_path / "out"
    result = runner.invoke(
        app, [str(src), "--method", "all", "--out", str(out), "--seed", "5", *FAST]
    )
    assert result.exit_code == 0, result.output
    document = json.loads((out / "estimate.json").read_text(encoding="utf-8"))
    for method in ("lcmcr", "loglinear"):
        combined = document["methods"][method]["combined"]
        assert (
            combined["documented"]
            < combined["lower_95"]
            < combined["estimate"]
            < combined["upper_95"]
        )
        assert (out / f"estimate_{method}.png").stat().st_size > 1000
    lines = (out / "estimate.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("method,stratum,status,documented,estimate")
    assert len(lines) == 3


def test_same_seed_writes_the_same_figures(tmp_path: Path) -> None:
    src = write_patterns(tmp_path / "patterns.csv")
    figures = []
    for run in ("a", "b"):
        out = tmp_path / run
        assert (
            runner.invoke(app, [str(src), "--out", str(out), "--seed", "7", *FAST]).exit_code == 0
        )
        figures.append(
            json.loads((out / "estimate.json").read_text())["methods"]["lcmcr"]["combined"]
        )
    assert figures[0] == figures[1]


def test_linkage_round_trip_estimates_by_stratum_and_refuses_small_ones(tmp_path: Path) -> None:
    clusters, lists = write_linkage(tmp_path)
    out = tmp_path / "out"
    args = ["--clusters", str(clusters), "--lists", str(lists[0]), str(lists[1]), str(lists[2])]
    result = runner.invoke(app, [*args, "--strata", "governorate,year", "--out", str(out), *FAST])
    # One stratum refused: the outputs are written, the reason printed, and the exit is 3.
    assert result.exit_code == 3, result.output
    assert "clusters.csv: lcmcr refused stratum 'SY04/2013' (30 documented)" in result.output
    document = json.loads((out / "estimate.json").read_text(encoding="utf-8"))["methods"]["lcmcr"]
    assert set(document["strata"]) == {"SY02/2013"}
    assert document["refused"] == [
        {"stratum": "SY04/2013", "documented": 30, "refused": document["refused"][0]["refused"]}
    ]
    assert "at least 3" in document["refused"][0]["refused"]
    assert document["documented_in_refused_strata"] == 30
    assert (out / "strata_lcmcr.png").exists()


def test_merge_option_makes_one_system_of_dependent_lists(tmp_path: Path) -> None:
    clusters, lists = write_linkage(tmp_path)
    out = tmp_path / "out"
    args = ["--clusters", str(clusters), *[a for p in lists for a in ("--lists", str(p))]]
    result = runner.invoke(
        app,
        [*args, "--merge", "AB=A+B", "--method", "loglinear", "--out", str(out), *FAST,
         "--allow-refusal"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads((out / "estimate.json").read_text(encoding="utf-8"))["methods"][
        "loglinear"
    ]
    # Two systems remain (C and AB): fewer than three, so the table is refused, not estimated.
    assert document["combined"] is None
    assert "at least 3" in document["refused"][0]["refused"]


def test_bad_flag_in_pattern_table_names_file_row_and_column(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text("A,B,C,count\n1,0,0,4\n1,2,0,3\n", encoding="utf-8")
    result = runner.invoke(app, [str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "bad.csv, row 3, column 'B'" in result.output
    assert "Traceback" not in result.output


def test_missing_column_in_record_file_is_named(tmp_path: Path) -> None:
    clusters, lists = write_linkage(tmp_path)
    lists[1].write_text("record_id,act\nB-1,killed\n", encoding="utf-8")
    result = runner.invoke(
        app, ["--clusters", str(clusters), "--lists", str(lists[0]), str(lists[1])]
    )
    assert result.exit_code == 2
    assert "B.csv, row 1, column 'dataset'" in result.output


def test_record_file_not_utf8_names_the_row(tmp_path: Path) -> None:
    clusters, lists = write_linkage(tmp_path)
    lists[0].write_bytes(b"record_id,dataset\nA-1,A\nA-2,\xe4\xe1\n")
    result = runner.invoke(app, ["--clusters", str(clusters), str(lists[0])])
    assert result.exit_code == 2
    assert "A.csv, row 3: not UTF-8 text" in result.output


def test_bad_count_and_missing_stratum_column_are_named(tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_text("A,B,C,count\n1,0,0,many\n", encoding="utf-8")
    result = runner.invoke(app, [str(src)])
    assert result.exit_code == 2 and "row 2, column 'count'" in result.output
    src.write_text("A,B,C,count\n1,0,0,4\n", encoding="utf-8")
    result = runner.invoke(app, [str(src), "--strata", "governorate"])
    assert result.exit_code == 2 and "column 'governorate'" in result.output
