"""Lists capture persons with the probabilities their parameters set, dependent on demand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from tansiq.synth import ListParams, World, WorldParams, generate_world, preset
from tansiq.synth.params import NO_ERRORS

PERSONS = 6000


def _world(*lists: ListParams, persons: int = PERSONS, seed: int = 5) -> World:
    return generate_world(WorldParams(persons=persons, lists=lists, seed=seed))


def _captured(world: World) -> pd.DataFrame:
    """persons x lists, True where the list holds at least one record of the person."""
    rec = world.records[["record_id", "dataset"]].merge(world.truth, on="record_id")
    seen = pd.crosstab(rec["person_id"], rec["dataset"]) > 0
    names = [lp.name for lp in world.params.lists]
    index = pd.Index(world.persons["person_id"])
    return seen.reindex(index=index, columns=names, fill_value=False).astype(bool)


def _expit(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _close(observed: pd.Series, p: float) -> None:
    n = len(observed)
    tolerance = 4 * math.sqrt(p * (1 - p) / n) + 0.005
    assert abs(float(observed.mean()) - p) <= tolerance, (float(observed.mean()), p, n)


def _odds_ratio(a: pd.Series, b: pd.Series) -> float:
    table = pd.crosstab(a, b).to_numpy() + 0.5
    return float(table[1, 1] * table[0, 0] / (table[0, 1] * table[1, 0]))


def test_capture_rate_of_a_plain_list_matches_its_parameter() -> None:
    world = _world(ListParams("A", capture=0.3, errors=NO_ERRORS))
    _close(_captured(world)["A"], 0.3)


def test_person_type_effects_shift_capture_on_the_log_odds_scale() -> None:
    lp = ListParams("A", capture=0.3, combatant=1.0, female=-1.0, child=0.8, errors=NO_ERRORS)
    world = _world(lp, persons=15000)
    seen, p = _captured(world)["A"].to_numpy(), world.persons
    combatant = (p["status"] == "combatant").to_numpy()
    female_adult = ((p["sex"] == "F") & (p["age_group"] == "adult")).to_numpy()
    plain = (
        (p["sex"] == "M") & (p["status"] == "civilian") & (p["age_group"] != "child")
    ).to_numpy()
    base = _logit(0.3)
    _close(pd.Series(seen[combatant]), _expit(base + 1.0))
    _close(pd.Series(seen[female_adult]), _expit(base - 1.0))
    _close(pd.Series(seen[plain & (p["age_group"] == "adult").to_numpy()]), 0.3)


def test_governorate_focus_raises_capture_there_only() -> None:
    world = _world(ListParams("A", capture=0.2, governorate_focus={"SY02": 1.5}, errors=NO_ERRORS))
    seen, aleppo = _captured(world)["A"], (world.persons["governorate"] == "SY02").to_numpy()
    _close(seen[aleppo], _expit(_logit(0.2) + 1.5))
    _close(seen[~aleppo], 0.2)


def test_time_trend_makes_later_persons_more_likely_captured() -> None:
    world = _world(ListParams("A", capture=0.3, time_trend=0.5, errors=NO_ERRORS))
    seen = _captured(world)["A"]
    params = world.params
    middle = pd.Timestamp(params.start) + pd.Timedelta(days=(params.end - params.start).days // 2)
    years = (pd.to_datetime(world.persons["date"]) - middle).dt.days / 365.25
    expected = 1 / (1 + np.exp(-(_logit(0.3) + 0.5 * years.to_numpy())))
    early = years.to_numpy() < 0
    _close(seen[early], float(expected[early].mean()))
    _close(seen[~early], float(expected[~early].mean()))


def test_a_list_of_killings_never_captures_the_detained() -> None:
    world = _world(ListParams("A", capture=0.9, acts=("killed",), errors=NO_ERRORS))
    assert set(world.records["act"]) == {"killed"}


def test_depends_on_makes_lists_positively_or_negatively_dependent() -> None:
    first = ListParams("A", capture=0.4, errors=NO_ERRORS)
    ratios = {}
    for shift in (-1.5, 0.0, 1.5):
        second = ListParams("B", capture=0.4, depends_on={"A": shift}, errors=NO_ERRORS)
        seen = _captured(_world(first, second))
        ratios[shift] = _odds_ratio(seen["A"], seen["B"])
    assert ratios[1.5] > 3.0
    assert 0.8 < ratios[0.0] < 1.25
    assert ratios[-1.5] < 0.35


def test_shared_visibility_makes_capture_heterogeneous() -> None:
    lists = (
        ListParams("A", capture=0.4, heterogeneity=1.5, errors=NO_ERRORS),
        ListParams("B", capture=0.4, heterogeneity=1.5, errors=NO_ERRORS),
        ListParams("C", capture=0.4, heterogeneity=-1.5, errors=NO_ERRORS),
    )
    seen = _captured(_world(*lists))
    assert _odds_ratio(seen["A"], seen["B"]) > 2.0
    assert _odds_ratio(seen["A"], seen["C"]) < 0.5


def test_presets_make_the_dependence_they_promise() -> None:
    def ratios(name: str) -> dict[tuple[str, str], float]:
        world = generate_world(preset(name, persons=12000, seed=3))
        seen = _captured(world)[(world.persons["act"] == "killed").to_numpy()]
        return {(a, b): _odds_ratio(seen[a], seen[b]) for a, b in (("L1", "L2"), ("L1", "L3"))}

    easy, hard = ratios("easy"), ratios("hard")
    assert all(0.8 < r < 1.25 for r in easy.values()), easy
    assert hard[("L1", "L2")] > 2.0 and hard[("L1", "L3")] < 0.7, hard
