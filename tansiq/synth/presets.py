"""Named worlds: `easy`, `realistic` and `hard`."""

from __future__ import annotations

from dataclasses import replace

from tansiq.synth.params import ErrorRates, ListParams, Script, WorldParams, scale_errors

PRESETS: tuple[str, ...] = ("easy", "realistic", "hard")
DEFAULT_LISTS = {"easy": 3, "realistic": 5, "hard": 6}
DEFAULT_PERSONS = 10_000
SCRIPTS: tuple[Script, ...] = ("ar", "both", "latin", "ar", "both", "ar")
REGIONS = (("SY02", "SY07"), ("SY04", "SY05"), ("SY01", "SY03"), ("SY09", "SY11"), ("SY12",))


def preset(
    name: str, *, persons: int | None = None, lists: int | None = None, seed: int = 0
) -> WorldParams:
    """World parameters of preset `name` with `persons` true persons and `lists` lists.

    - `easy`: few errors, homogeneous and independent capture (simple estimators work).
    - `realistic`: moderate errors, regional lists, time trends, person-type effects,
      mild positive dependence between some lists and one killed-only list.
    - `hard`: many errors, strong heterogeneity, positive and negative dependence.
    """
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    n_lists = lists if lists is not None else DEFAULT_LISTS[name]
    if n_lists < 1:
        raise ValueError("a world needs at least one list")
    build = {"easy": _easy_list, "realistic": _realistic_list, "hard": _hard_list}[name]
    return WorldParams(
        persons=DEFAULT_PERSONS if persons is None else persons,
        lists=tuple(build(j) for j in range(n_lists)),
        seed=seed,
    )


def _name(j: int) -> str:
    return f"L{j + 1}"


def _easy_list(j: int) -> ListParams:
    return ListParams(
        name=_name(j),
        capture=(0.5, 0.4, 0.3)[j % 3],
        script=("ar", "both", "ar")[j % 3],
        latin_scheme=j,
        errors=scale_errors(ErrorRates(), 0.3),
    )


def _realistic_list(j: int) -> ListParams:
    region = REGIONS[j % len(REGIONS)]
    lp = ListParams(
        name=_name(j),
        capture=(0.45, 0.35, 0.3, 0.25, 0.2, 0.3)[j % 6],
        acts=("killed",) if j == 0 else ("killed", "detained", "disappeared"),
        script=SCRIPTS[j % len(SCRIPTS)],
        latin_scheme=j,
        name_parts=j % 3 != 2,
        grandfather=j % 2 == 1,
        latin_upper=j == 2,
        governorate_focus={g: 0.8 for g in region},
        time_trend=(0.15, -0.1, 0.0, 0.2, -0.2, 0.05)[j % 6],
        combatant=(-0.5, 0.3, -1.0, 0.0, 0.5, -0.3)[j % 6],
        female=(0.2, 0.0, 0.3, 0.0, 0.0, 0.1)[j % 6],
        child=(0.3, 0.0, 0.4, 0.1, 0.0, 0.2)[j % 6],
        mass_event=(0.5, 0.2, 0.0, 0.4, 0.0, 0.3)[j % 6],
        heterogeneity=0.5,
        errors=ErrorRates(),
    )
    if j == 1:
        lp = replace(lp, depends_on={"L1": 0.7})
    return lp


def _hard_list(j: int) -> ListParams:
    lp = _realistic_list(j)
    loading = (1.0, 1.2, -0.6, 0.8, 1.0, -0.4)[j % 6]
    depends = {1: {"L1": 1.2}, 2: {"L1": -0.8}, 4: {"L4": 1.0, "L2": -0.5}}.get(j, {})
    return replace(
        lp,
        family_first=j == 2,
        capture=lp.capture * 0.7,
        heterogeneity=loading,
        depends_on=depends,
        governorate_focus={g: 1.5 for g in REGIONS[j % len(REGIONS)]},
        errors=scale_errors(ErrorRates(), 2.0),
    )
