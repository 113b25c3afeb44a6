"""Whatever the parameters, every record a world holds is a valid tansiq record."""

from __future__ import annotations

from dataclasses import fields

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tansiq.synth import ErrorRates, ListParams, WorldParams, generate_world, validate_record_frame

rates = st.builds(ErrorRates, **{f.name: st.floats(0.0, 1.0) for f in fields(ErrorRates)})
lists = st.builds(
    ListParams,
    name=st.just("X"),
    capture=st.floats(0.0, 1.0),
    script=st.sampled_from(["ar", "latin", "both"]),
    latin_scheme=st.integers(0, 20),
    name_parts=st.booleans(),
    grandfather=st.booleans(),
    family_first=st.booleans(),
    latin_upper=st.booleans(),
    external_ids=st.booleans(),
    heterogeneity=st.floats(-2.0, 2.0),
    errors=rates,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lp=lists, persons=st.integers(0, 150), seed=st.integers(0, 2**32 - 1))
def test_any_parameters_give_valid_records(lp: ListParams, persons: int, seed: int) -> None:
    world = generate_world(WorldParams(persons=persons, lists=(lp,), seed=seed))
    assert validate_record_frame(world.records) == []
    assert len(world.persons) == persons
    assert len(world.truth) == len(world.records) == len(world.errors)
