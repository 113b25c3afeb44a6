"""Which lists capture which persons: heterogeneous, and dependent between lists on demand."""

from __future__ import annotations

import numpy as np

from tansiq.synth.params import ACTS, ListParams, WorldParams
from tansiq.synth.population import Persons
from tansiq.synth.tables import Places

DAYS_PER_YEAR = 365.25


def logit(p: float) -> float:
    """Log-odds of probability `p`, finite at 0 and 1."""
    p = min(max(p, 1e-12), 1 - 1e-12)
    return float(np.log(p / (1 - p)))


def capture_logits(
    lp: ListParams, params: WorldParams, persons: Persons, places: Places, latent: np.ndarray
) -> np.ndarray:
    """Log-odds that list `lp` captures each person, before dependence on other lists.

    Sums the list's base log-odds, its governorate focus, its time trend (per year from the
    middle of the date range) and its person-type effects, plus `heterogeneity * latent`.
    """
    focus = np.array([lp.governorate_focus.get(p, 0.0) for p in places.pcode])
    middle = np.datetime64(params.start, "D") + (params.end - params.start).days // 2
    years = (persons.date - middle).astype(np.float64) / DAYS_PER_YEAR
    z = logit(lp.capture) + focus[persons.gov] + lp.time_trend * years
    z = z + lp.combatant * persons.combatant + lp.female * persons.female
    z = z + lp.child * (persons.age_group == 0) + lp.elderly * (persons.age_group == 2)
    z = z + lp.mass_event * persons.mass + lp.heterogeneity * latent
    recorded = np.isin(persons.act, [ACTS.index(a) for a in lp.acts])
    return np.where(recorded, z, -np.inf)


def draw_captures(
    params: WorldParams, persons: Persons, places: Places, rng: np.random.Generator
) -> np.ndarray:
    """Capture matrix (persons x lists, bool).

    Lists are drawn in order; `depends_on` adds its log-odds shift for each earlier list that
    captured the person, which makes the two lists positively (> 0) or negatively (< 0)
    dependent. A shared latent visibility (N(0, 1)) with list loadings `heterogeneity` makes
    capture heterogeneous across persons.
    """
    n = len(persons.act)
    latent = rng.standard_normal(n)
    captured = np.zeros((n, len(params.lists)), dtype=bool)
    position = {lp.name: j for j, lp in enumerate(params.lists)}
    for j, lp in enumerate(params.lists):
        z = capture_logits(lp, params, persons, places, latent)
        for other, shift in lp.depends_on.items():
            z = z + shift * captured[:, position[other]]
        captured[:, j] = rng.random(n) < 1.0 / (1.0 + np.exp(-z))
    return captured
