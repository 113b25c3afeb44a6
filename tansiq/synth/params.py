"""Parameters of a synthetic world: the world itself, its lists and their recording errors.

All rates are probabilities in [0, 1]; all capture effects are shifts on the log-odds scale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

Script = Literal["ar", "latin", "both"]
ACTS: tuple[str, ...] = ("killed", "detained", "disappeared")


@dataclass(frozen=True)
class ErrorRates:
    """Recording error rates of one list (each a probability in [0, 1]).

    Name-part rates apply to each name part independently; the others apply per record.
    """

    arabic_spelling: float = 0.10  # a part with an orthographic variant is written with one
    compound_spacing: float = 0.20  # a compound part (عبد الله, أبو زيد, نور الدين) is joined
    translit: float = 0.15  # a Latin part is spelt other than by the list's own scheme
    typo: float = 0.02  # a part has a slip: a letter left out, swapped or replaced
    drop_part: float = 0.05  # one of grandfather / father / family name left out
    swap_parts: float = 0.01  # given and father's names swapped
    nickname: float = 0.01  # given name replaced by a nickname or kunya (أبو محمد)
    mother_missing: float = 0.50  # mother's name not recorded
    date_shift: float = 0.05  # date off by 1 to 7 days
    date_month_only: float = 0.10  # date known to the month only
    date_range: float = 0.03  # date known as a range of days around the true one
    date_missing: float = 0.02
    age_noise: float = 0.10  # age off by 1 to 5 years
    age_group_only: float = 0.10  # age group recorded instead of age
    age_missing: float = 0.10
    sex_missing: float = 0.02
    status_unknown: float = 0.10  # civilian/combatant recorded as unknown
    governorate_missing: float = 0.03
    governorate_wrong: float = 0.02  # another governorate recorded
    locality_missing: float = 0.20
    cause_unknown: float = 0.10
    duplicate: float = 0.02  # a captured person gets a second record in the same list

    def validate(self) -> None:
        """Raise ValueError if a rate lies outside [0, 1]."""
        for f in fields(self):
            value = getattr(self, f.name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"error rate {f.name}={value} is not in [0, 1]")


NO_ERRORS = ErrorRates(**{f.name: 0.0 for f in fields(ErrorRates)})


@dataclass(frozen=True)
class ListParams:
    """One documentation system (list) and how it captures and records persons.

    `capture` is the capture probability of a reference person: an adult male civilian at the
    middle of the date range in a governorate without a focus shift, with latent visibility 0.
    The other effects shift its log-odds.
    """

    name: str
    capture: float = 0.4
    acts: tuple[str, ...] = ACTS
    script: Script = "ar"
    latin_scheme: int = 0  # which conventional Latin spelling this list uses (0..5)
    name_parts: bool = True  # records the name parts in their own columns
    grandfather: bool = True  # records the grandfather's name (else given, father, family)
    family_first: bool = False  # full names start with the family name (AL-HALABI Mohammad ...)
    latin_upper: bool = False  # Latin names in capitals
    external_ids: bool = True
    governorate_focus: Mapping[str, float] = field(default_factory=dict)  # p-code -> log-odds
    time_trend: float = 0.0  # log-odds per year, relative to the middle of the date range
    combatant: float = 0.0
    female: float = 0.0
    child: float = 0.0
    elderly: float = 0.0
    mass_event: float = 0.0  # victims of events with 10 or more victims
    heterogeneity: float = 0.0  # loading on the person's latent visibility (N(0, 1))
    depends_on: Mapping[str, float] = field(default_factory=dict)  # earlier list -> log-odds
    errors: ErrorRates = ErrorRates()


@dataclass(frozen=True)
class WorldParams:
    """A whole synthetic world: persons, events and lists."""

    persons: int = 10_000
    lists: tuple[ListParams, ...] = ()
    seed: int = 0
    start: dt.date = dt.date(2011, 3, 15)
    end: dt.date = dt.date(2018, 12, 31)
    act_shares: Mapping[str, float] = field(
        default_factory=lambda: {"killed": 0.65, "detained": 0.25, "disappeared": 0.10}
    )
    mass_event_share: float = 0.30  # share of the killed who die in events with >= 10 victims
    combatant_share: float = 0.30  # share of combatants among killed adult men outside massacres
    sibling_rate: float = 0.35  # chance the next victim of an event is a sibling of the last
    cousin_rate: float = 0.30  # chance a new household of an event belongs to the last one's clan
    clan_size: float = 6.0  # persons per family clan (grandfather line) in a governorate

    def validate(self) -> None:
        """Raise ValueError on parameters that cannot generate a world."""
        if self.persons < 0:
            raise ValueError("persons must be >= 0")
        if not self.lists:
            raise ValueError("a world needs at least one list")
        names = [lp.name for lp in self.lists]
        if len(set(names)) != len(names):
            raise ValueError(f"list names must be unique: {names}")
        if self.end < self.start:
            raise ValueError("end date is before start date")
        for i, lp in enumerate(self.lists):
            _validate_list(lp, names[:i])

    def to_json(self) -> dict[str, Any]:
        """The parameters as JSON-ready plain data."""
        plain: dict[str, Any] = _plain(self)
        return plain


def _validate_list(lp: ListParams, earlier: list[str]) -> None:
    if not 0.0 <= lp.capture <= 1.0:
        raise ValueError(f"list {lp.name}: capture={lp.capture} is not in [0, 1]")
    unknown = set(lp.acts) - set(ACTS)
    if unknown:
        raise ValueError(f"list {lp.name}: unknown acts {sorted(unknown)}")
    missing = set(lp.depends_on) - set(earlier)
    if missing:
        raise ValueError(f"list {lp.name}: depends_on must name earlier lists, not {missing}")
    lp.errors.validate()


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def scale_errors(rates: ErrorRates, factor: float) -> ErrorRates:
    """Multiply every error rate by `factor`, capped at 1."""
    return replace(
        rates, **{f.name: min(1.0, getattr(rates, f.name) * factor) for f in fields(rates)}
    )
