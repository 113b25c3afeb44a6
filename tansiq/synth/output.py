"""Write a world to disk: one record CSV per list, truth.csv, world.json, events and persons."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from tansiq.synth.csv_writer import write_csv
from tansiq.synth.record_frame import STR, take
from tansiq.synth.world import World

WORLD_JSON_VERSION = 1


def write_world(world: World, out_dir: Path) -> list[Path]:
    """Write `world` into `out_dir` (created if missing) and return the paths written.

    Files: `<list>.csv` per list (tansiq record CSV), `truth.csv` (record_id, person_id),
    `events.csv`, `persons.csv` (the true persons), `errors.csv` (record_id, errors) and
    `world.json` (parameters and totals).
    The same world always gives byte-identical files.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for lp in world.params.lists:
        rows = world.records[world.records["dataset"] == lp.name]
        paths.append(_write_csv(rows, out_dir / f"{lp.name}.csv"))
    paths.append(_write_csv(world.truth, out_dir / "truth.csv"))
    paths.append(_write_csv(world.events, out_dir / "events.csv"))
    paths.append(_write_csv(world.persons, out_dir / "persons.csv"))
    paths.append(_write_csv(error_lists(world.errors), out_dir / "errors.csv"))
    paths.append(_write_json(world_json(world), out_dir / "world.json"))
    return paths


def error_lists(errors: pd.DataFrame) -> pd.DataFrame:
    """`record_id, errors`: the names of the errors that struck each record, `;`-separated
    (empty when none did)."""
    names = [c for c in errors.columns if c != "record_id"]
    bits = np.zeros(len(errors), dtype=np.int64)
    for k, name in enumerate(names):
        bits |= errors[name].to_numpy(dtype=bool).astype(np.int64) << k
    sets, which = np.unique(bits, return_inverse=True)
    labels = [";".join(n for k, n in enumerate(names) if s >> k & 1) for s in sets]
    text = pd.Series(take(labels, which.astype(np.int64)), dtype=STR)
    return pd.DataFrame({"record_id": errors["record_id"], "errors": text.replace("", None)})


def world_json(world: World) -> dict[str, object]:
    """The content of world.json: format version, generator parameters and true totals."""
    return {
        "format": "tansiq-synth-world",
        "version": WORLD_JSON_VERSION,
        "params": world.params.to_json(),
        "totals": world.totals,
    }


def _write_csv(frame: pd.DataFrame, path: Path) -> Path:
    return write_csv(frame, path)


def _write_json(data: dict[str, object], path: Path) -> Path:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path
