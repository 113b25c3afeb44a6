"""A world is deterministic for a seed, its files follow the formats, its totals add up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tansiq.synth import (
    PRESETS,
    RECORD_COLUMNS,
    generate_world,
    preset,
    validate_record_frame,
    write_world,
)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    for run in ("a", "b"):
        write_world(generate_world(preset("hard", persons=2000, seed=7)), tmp_path / run)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_another_seed_writes_another_world(tmp_path: Path) -> None:
    for seed in (1, 2):
        write_world(generate_world(preset("easy", persons=500, seed=seed)), tmp_path / str(seed))
    assert _files(tmp_path / "1")["L1.csv"] != _files(tmp_path / "2")["L1.csv"]


def test_written_files_are_one_record_csv_per_list_plus_truth(tmp_path: Path) -> None:
    world = generate_world(preset("realistic", persons=1500, seed=3))
    names = {p.name for p in write_world(world, tmp_path)}
    lists = {f"L{j}.csv" for j in range(1, 6)}
    assert names == lists | {"truth.csv", "events.csv", "persons.csv", "errors.csv", "world.json"}
    for name in sorted(lists):
        frame = pd.read_csv(tmp_path / name, dtype=str, keep_default_na=False)
        assert tuple(frame.columns) == RECORD_COLUMNS
        assert validate_record_frame(frame) == []
    truth = pd.read_csv(tmp_path / "truth.csv", dtype=str)
    assert list(truth.columns) == ["record_id", "person_id"]
    assert len(truth) == len(world.records)


@pytest.mark.parametrize("name", PRESETS)
def test_every_record_of_every_preset_validates(name: str) -> None:
    world = generate_world(preset(name, persons=3000, seed=4))
    assert len(world.records) > 1000
    assert validate_record_frame(world.records) == []


def test_world_json_holds_parameters_and_true_totals(tmp_path: Path) -> None:
    world = generate_world(preset("realistic", persons=2000, seed=3))
    write_world(world, tmp_path)
    data = json.loads((tmp_path / "world.json").read_text(encoding="utf-8"))
    totals = data["totals"]
    assert data["params"]["persons"] == 2000 and len(data["params"]["lists"]) == 5
    for key in ("by_governorate", "by_month", "by_sex", "by_age_group", "by_act"):
        assert sum(totals[key].values()) == totals["persons"] == 2000, key
    cells = sum(sum(m.values()) for m in totals["by_governorate_month"].values())
    assert cells == 2000
    assert totals["captured_by_any_list"] == world.truth["person_id"].nunique()


def test_events_account_for_every_person() -> None:
    world = generate_world(preset("realistic", persons=5000, seed=3))
    assert int(world.events["victims"].sum()) == len(world.persons)
    sizes = world.persons["event_id"].value_counts()
    victims = world.events.set_index("event_id")["victims"]
    assert (sizes == victims.reindex(sizes.index)).all()
    assert (world.events["victims"] >= 10).any()


def test_mass_casualty_days_stand_out() -> None:
    world = generate_world(preset("realistic", persons=20000, seed=3))
    killed = world.persons[world.persons["act"] == "killed"]
    daily = killed.groupby("date").size()
    assert daily.max() > 8 * daily.median()


def test_intensity_varies_over_time_and_place() -> None:
    world = generate_world(preset("realistic", persons=20000, seed=3))
    month = world.persons["date"].str.slice(0, 7)
    table = pd.crosstab(world.persons["governorate"], month)
    peaks = table.idxmax(axis=1)
    assert peaks.nunique() >= 5
    assert table.sum().max() > 3 * table.sum().median()


def test_population_has_children_elderly_women_and_combatants() -> None:
    p = generate_world(preset("realistic", persons=5000, seed=3)).persons
    shares = p["age_group"].value_counts(normalize=True)
    assert 0.05 < shares["child"] < 0.3 and 0.02 < shares["elderly"] < 0.2
    assert 0.1 < (p["sex"] == "F").mean() < 0.35
    combatants = p[p["status"] == "combatant"]
    assert len(combatants) > 0 and (combatants["act"] == "killed").all()
    assert (combatants["sex"] == "M").all() and (combatants["age"] >= 18).all()
    assert (p.loc[p["act"] != "killed", "cause"].isna()).all()


def test_demo_world_loads_small() -> None:
    world = generate_world(preset("easy", persons=300, lists=3, seed=1))
    assert set(world.records["dataset"]) == {"L1", "L2", "L3"}
    assert len(world.persons) == 300 and len(world.events) > 0
    assert validate_record_frame(world.records) == []


def test_unknown_preset_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown preset"):
        preset("medium")


def test_same_seed_gives_same_files_across_processes(tmp_path: Path) -> None:
    """Nothing depends on Python's per-process hash seed or on state left by earlier runs."""
    code = (
        "import sys; from pathlib import Path; from tansiq.synth import *; "
        "write_world(generate_world(preset('realistic', persons=800, seed=5)), Path(sys.argv[1]))"
    )
    for run, hash_seed in (("a", "1"), ("b", "2")):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-c", code, str(tmp_path / run)], check=True, env=env)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
