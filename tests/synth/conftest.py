"""Small worlds for the synth tests and helpers that compare records with the truth."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from tansiq.synth import ListParams, World, WorldParams, generate_world
from tansiq.synth.params import NO_ERRORS, Script
from tansiq.synth.tables import load_names

RATE = 0.2
PERSONS = 3000


def world_with_error(
    name: str, rate: float = RATE, *, script: Script = "both", persons: int = PERSONS
) -> World:
    """A world of one list that captures everyone and makes only error `name`, at `rate`."""
    errors = replace(NO_ERRORS, **{name: rate})
    lp = ListParams("A", capture=1.0, script=script, errors=errors)
    return generate_world(WorldParams(persons=persons, lists=(lp,), seed=11))


def with_truth(world: World) -> pd.DataFrame:
    """Each record beside the true person it reports (true columns suffixed `_true`)."""
    rec = world.records.merge(world.truth, on="record_id")
    return rec.merge(world.persons, on="person_id", suffixes=("", "_true"))


def arabic_variant_counts() -> dict[str, int]:
    """Canonical Arabic name -> how many orthographic forms it has (1: none but itself)."""
    names = load_names()
    return {str(names.ar[i, 0, 0]): int(names.n_ar[i]) for i in range(names.empty)}


def compound_names() -> set[str]:
    """Canonical Arabic names that are compounds (عبد الله, أبو زيد)."""
    names = load_names()
    return {str(names.ar[i, 0, 0]) for i in range(names.empty) if names.compound[i]}
