"""The true world: events over time and place, and the persons they struck, with their families.

Everything is drawn as NumPy arrays (one row per event or per person) from one random generator,
so a seed fixes the world.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tansiq.synth.params import ACTS, WorldParams
from tansiq.synth.tables import NameTable, Places

EVENT_TYPES: tuple[str, ...] = (
    "shooting",
    "shelling",
    "airstrike",
    "torture",
    "siege",
    "explosion",
    "massacre",
    "arrest",
    "raid",
    "disappearance",
)
CAUSES: tuple[str, ...] = (
    "shooting",
    "shelling",
    "airstrike",
    "torture",
    "siege",
    "explosion",
    "execution",
    "other",
    "unknown",
)
# cause of death by event type (index into CAUSES), -1 when nobody is killed
EVENT_CAUSE = np.array([0, 1, 2, 3, 4, 5, 6, -1, -1, -1])
AGE_GROUPS: tuple[str, ...] = ("child", "adult", "elderly")
MASS = 10  # victims from which an event counts as mass-casualty
AIR_WAR = np.datetime64("2012-07-01")

# person categories: killed in small events, killed in mass events, detained, disappeared
CAT_AGE = np.array([[0.10, 0.83, 0.07], [0.25, 0.60, 0.15], [0.03, 0.92, 0.05], [0.04, 0.91, 0.05]])
CAT_MALE = np.array([[0.5, 0.92, 0.7], [0.5, 0.6, 0.5], [0.5, 0.9, 0.8], [0.5, 0.88, 0.8]])


@dataclass
class Events:
    """One row per event; `size` is its number of victims."""

    act: np.ndarray  # index into ACTS
    type: np.ndarray  # index into EVENT_TYPES
    date: np.ndarray  # datetime64[D]
    gov: np.ndarray  # index into Places.pcode
    locality: np.ndarray  # index into Places.locality_*
    size: np.ndarray


@dataclass
class Persons:
    """One row per true person; name parts are indices into the NameTable."""

    event: np.ndarray
    act: np.ndarray
    cause: np.ndarray  # index into CAUSES, -1 if not killed
    date: np.ndarray
    gov: np.ndarray
    locality: np.ndarray
    mass: np.ndarray  # bool: victim of a mass-casualty event
    female: np.ndarray  # bool
    age: np.ndarray
    age_group: np.ndarray  # index into AGE_GROUPS
    combatant: np.ndarray  # bool
    given: np.ndarray
    father: np.ndarray
    grandfather: np.ndarray
    family: np.ndarray
    mother: np.ndarray


def generate_population(
    params: WorldParams, names: NameTable, places: Places, rng: np.random.Generator
) -> tuple[Events, Persons]:
    """Draw the events and the persons of a world (counts in persons, dates in days)."""
    events = _draw_events(params, places, rng)
    persons = _draw_persons(params, events, names, rng)
    return events, persons


def _sizes(total: int, rng: np.random.Generator, p_small: float, mass_share: float) -> np.ndarray:
    """Event sizes summing to `total`: geometric small events plus heavy-tailed mass events."""
    n_mass = round(total * mass_share)
    mass = 10 + np.minimum(390, np.floor(rng.pareto(1.3, size=max(1, n_mass)) * 12))
    small = rng.geometric(p_small, size=max(1, total - n_mass)).clip(max=MASS - 1)
    return np.concatenate([_truncate(mass, n_mass), _truncate(small, total - n_mass)])


def _truncate(sizes: np.ndarray, total: int) -> np.ndarray:
    if total <= 0:
        return np.zeros(0, dtype=np.int64)
    cum = np.cumsum(sizes)
    k = int(np.searchsorted(cum, total)) + 1
    out = sizes[:k].astype(np.int64)
    if k:
        out[-1] -= int(cum[k - 1] - total)
    return out[out > 0]


def _draw_events(params: WorldParams, places: Places, rng: np.random.Generator) -> Events:
    shares = np.array([params.act_shares.get(a, 0.0) for a in ACTS])
    counts = rng.multinomial(params.persons, shares / shares.sum())
    plan = [(0.65, params.mass_event_share), (0.7, 0.15), (0.8, 0.0)]
    sizes = [_sizes(int(c), rng, *plan[a]) for a, c in enumerate(counts)]
    act = np.concatenate([np.full(len(s), a) for a, s in enumerate(sizes)])
    size = np.concatenate(sizes)
    date, gov = _draw_time_place(params, places, len(size), rng)
    etype = _event_types(act, size, date, rng)
    order = np.lexsort((rng.random(len(size)), gov, date))
    loc = _draw_locality(places, gov, rng)
    return Events(act[order], etype[order], date[order], gov[order], loc[order], size[order])


def _draw_time_place(
    params: WorldParams, places: Places, n: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Dates and governorates from an intensity that peaks at a different month in each place."""
    start = np.datetime64(params.start, "D")
    end = np.datetime64(params.end, "D")
    months = np.arange(start.astype("datetime64[M]"), end.astype("datetime64[M]") + 1)
    n_gov, n_month = len(places.pcode), len(months)
    weight = places.population**0.8 * rng.lognormal(0.0, 0.5, n_gov)
    peak = rng.uniform(0.15, 0.7, n_gov)[:, None] * n_month
    width = rng.uniform(0.08, 0.3, n_gov)[:, None] * n_month
    shape = 0.1 + np.exp(-0.5 * ((np.arange(n_month)[None, :] - peak) / width) ** 2)
    intensity = (weight[:, None] * shape).ravel()
    cell = rng.choice(intensity.size, size=n, p=intensity / intensity.sum())
    gov, month = np.divmod(cell, n_month)
    first = months[month].astype("datetime64[D]")
    days = ((months[month] + 1).astype("datetime64[D]") - first).astype(np.int64)
    date = first + np.floor(rng.random(n) * days).astype("timedelta64[D]")
    return np.clip(date, start, end), gov


def _event_types(
    act: np.ndarray, size: np.ndarray, date: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    small = rng.choice(6, size=len(act), p=[0.35, 0.30, 0.15, 0.10, 0.05, 0.05])
    mass = np.array([1, 2, 6, 5])[rng.choice(4, size=len(act), p=[0.3, 0.35, 0.2, 0.15])]
    killed = np.where(size >= MASS, mass, small)
    killed = np.where((killed == 2) & (date < AIR_WAR), 1, killed)
    detained = np.where(size >= MASS, 8, 7)
    return np.select([act == 0, act == 1], [killed, detained], 9)


def _draw_locality(places: Places, gov: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    counts = np.bincount(places.locality_gov, minlength=len(places.pcode))
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    loc: np.ndarray = first[gov] + np.floor(rng.random(len(gov)) * counts[gov]).astype(np.int64)
    return loc


def _draw_persons(
    params: WorldParams, events: Events, names: NameTable, rng: np.random.Generator
) -> Persons:
    ev = np.repeat(np.arange(len(events.size)), events.size)
    act = events.act[ev]
    mass = events.size[ev] >= MASS
    cat = np.where(act == 0, mass.astype(np.int64), act + 1)
    age_group, age = _draw_ages(cat, rng)
    female = rng.random(len(ev)) >= CAT_MALE[cat, age_group]
    combatant = (
        (cat == 0) & (age_group == 1) & ~female & (rng.random(len(ev)) < params.combatant_share)
    )
    given, father, grandfather, family, mother = _draw_names(params, ev, events, female, names, rng)
    return Persons(
        event=ev,
        act=act,
        cause=EVENT_CAUSE[events.type[ev]],
        date=events.date[ev],
        gov=events.gov[ev],
        locality=events.locality[ev],
        mass=mass,
        female=female,
        age=age,
        age_group=age_group,
        combatant=combatant,
        given=given,
        father=father,
        grandfather=grandfather,
        family=family,
        mother=mother,
    )


def _draw_ages(cat: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n = len(cat)
    cum = np.cumsum(CAT_AGE, axis=1)[cat]
    u = rng.random(n)
    group = (u > cum[:, 0]).astype(np.int64) + (u > cum[:, 1])
    child = np.floor(rng.random(n) * 18)
    adult = 18 + np.minimum(41, np.floor(rng.gamma(2.0, 7.0, n)))
    elderly = 60 + np.minimum(40, np.floor(rng.exponential(8.0, n)))
    age = np.choose(group, [child, adult, elderly]).astype(np.int64)
    return group, age


def _draw_names(
    params: WorldParams,
    ev: np.ndarray,
    events: Events,
    female: np.ndarray,
    names: NameTable,
    rng: np.random.Generator,
) -> tuple[np.ndarray, ...]:
    """Siblings share father, mother, grandfather and family; cousins grandfather and family."""
    n = len(ev)
    gov = events.gov[ev]
    first = np.r_[True, ev[1:] != ev[:-1]] if n else np.zeros(0, dtype=bool)
    new_house = first | (rng.random(n) >= params.sibling_rate)
    new_clan = first | (new_house & (rng.random(n) >= params.cousin_rate))
    house = np.cumsum(new_house) - 1
    picks, clan_gov = _pick_clans(params, gov, rng)
    clan = _forward_fill(new_clan, picks)
    n_house = int(house[-1]) + 1 if n else 0
    fathers = names.male[_draw(names.male_p, n_house, rng)]
    mothers = names.female[_draw(names.female_p, n_house, rng)]
    grandfathers = names.male[_draw(names.male_p, len(clan_gov), rng)]
    families = _draw_family_names(names, clan_gov, rng)
    given = _given_names(female, house, names, rng)
    return given, fathers[house], grandfathers[clan], families[clan], mothers[house]


def _given_names(
    female: np.ndarray, house: np.ndarray, names: NameTable, rng: np.random.Generator
) -> np.ndarray:
    """Given names by sex; siblings (same household, listed together) never share one."""

    def draw(n: int, fem: np.ndarray) -> np.ndarray:
        return np.asarray(
            np.where(
                fem,
                names.female[_draw(names.female_p, n, rng)],
                names.male[_draw(names.male_p, n, rng)],
            )
        )

    given = draw(len(house), female)
    for _ in range(8):
        clash = np.zeros(len(house), dtype=bool)
        for k in (1, 2, 3):
            same = np.zeros(len(house), dtype=bool)
            same[k:] = (house[k:] == house[:-k]) & (given[k:] == given[:-k])
            clash |= same
        if not clash.any():
            break
        given[clash] = draw(int(clash.sum()), female[clash])
    return given


def _pick_clans(
    params: WorldParams, gov: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A clan for every person from a pool of clans of the person's governorate, and the
    governorate of every clan."""
    per_gov = np.bincount(gov, minlength=int(gov.max()) + 1 if len(gov) else 0)
    pool = np.ceil(per_gov / params.clan_size).astype(np.int64)
    offset = np.concatenate([[0], np.cumsum(pool)[:-1]])
    picks = offset[gov] + np.floor(rng.random(len(gov)) * pool[gov]).astype(np.int64)
    return picks, np.repeat(np.arange(len(pool)), pool)


def _forward_fill(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    idx = np.maximum.accumulate(np.where(mask, np.arange(len(mask)), 0))
    return values[idx]


def _draw(p: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    return np.minimum(np.searchsorted(np.cumsum(p), rng.random(n)), len(p) - 1)


def _draw_family_names(
    names: NameTable, clan_gov: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Family names of clans; each name is more common in some governorates than others."""
    out = np.empty(len(clan_gov), dtype=np.int64)
    for g in range(int(clan_gov.max()) + 1 if len(clan_gov) else 0):
        mask = clan_gov == g
        regional = names.family_p * rng.lognormal(0.0, 1.0, names.family_p.size)
        out[mask] = names.family[_draw(regional / regional.sum(), int(mask.sum()), rng)]
    return out
