"""A synthetic world with known truth, and its generation from WorldParams."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tansiq.synth.capture import draw_captures
from tansiq.synth.params import ACTS, WorldParams
from tansiq.synth.population import AGE_GROUPS, CAUSES, EVENT_TYPES, Events, Persons
from tansiq.synth.population import generate_population as _population
from tansiq.synth.record_frame import build_records
from tansiq.synth.recording import records_of_captures
from tansiq.synth.tables import NameTable, Places, load_names, load_places

Progress = Callable[[str], None]


@dataclass
class World:
    """A generated world: the truth (`persons`, `events`), what the lists recorded
    (`records`, in the tansiq record CSV columns), which person each record reports (`truth`)
    and the true totals (`totals`, the content of world.json)."""

    params: WorldParams
    persons: pd.DataFrame
    events: pd.DataFrame
    records: pd.DataFrame
    truth: pd.DataFrame
    totals: dict[str, Any]


def generate_world(params: WorldParams, progress: Progress | None = None) -> World:
    """Generate the world `params` describes; the same params (and seed) give the same world.

    `progress`, if given, is called with the name of each stage as it starts.
    """
    params.validate()
    step = progress or (lambda _: None)
    rng = np.random.default_rng(params.seed)
    names, places = load_names(), load_places()
    step("persons and events")
    events, persons = _population(params, names, places, rng)
    step("capture by lists")
    captured = draw_captures(params, persons, places, rng)
    caps = records_of_captures(params, captured, rng)
    step("records and errors")
    records = build_records(params, caps, persons, names, places, rng)
    person_ids = _ids("P", len(persons.act))
    truth = pd.DataFrame({"record_id": records["record_id"], "person_id": person_ids[caps.person]})
    step("totals")
    persons_frame = _persons_frame(persons, events, names, places, person_ids)
    totals = true_totals(params, persons_frame, records, truth)
    return World(params, persons_frame, _events_frame(events, places), records, truth, totals)


def _ids(prefix: str, n: int) -> np.ndarray:
    digits = max(7, len(str(n)))
    numbers = pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(digits)
    ids: np.ndarray = (prefix + numbers).to_numpy(dtype=object)
    return ids


def _events_frame(events: Events, places: Places) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": pd.Series(_ids("E", len(events.size)), dtype="str"),
            "date": pd.Series(np.datetime_as_string(events.date, unit="D"), dtype="str"),
            "governorate": pd.Series(places.pcode[events.gov], dtype="str"),
            "locality": pd.Series(places.locality_ar[events.locality], dtype="str"),
            "type": pd.Series(np.array(EVENT_TYPES, dtype=object)[events.type], dtype="str"),
            "act": pd.Series(np.array(ACTS, dtype=object)[events.act], dtype="str"),
            "victims": events.size.astype(np.int64),
        }
    )


def _persons_frame(
    persons: Persons, events: Events, names: NameTable, places: Places, person_ids: np.ndarray
) -> pd.DataFrame:
    """The true persons, names in canonical Arabic and in the first Latin scheme."""
    cols: dict[str, Any] = {
        "person_id": person_ids,
        "event_id": _ids("E", len(events.size))[persons.event],
    }
    for part in ("given", "father", "grandfather", "family", "mother"):
        idx = getattr(persons, part)
        cols[f"{part}_name"] = names.ar[idx, 0, 0]
        cols[f"{part}_name_latin"] = names.lat[idx, names.lat_default[idx, 0]]
    cols["sex"] = np.where(persons.female, "F", "M")
    cols["age"] = persons.age
    cols["age_group"] = np.array(AGE_GROUPS, dtype=object)[persons.age_group]
    cols["status"] = np.where(persons.combatant, "combatant", "civilian")
    cols["act"] = np.array(ACTS, dtype=object)[persons.act]
    cols["date"] = np.datetime_as_string(persons.date, unit="D")
    cols["governorate"] = places.pcode[persons.gov]
    cols["locality"] = places.locality_ar[persons.locality]
    cols["cause"] = np.array((*CAUSES, ""), dtype=object)[persons.cause]
    frame = pd.DataFrame({k: _typed(v) for k, v in cols.items()})
    frame["cause"] = frame["cause"].replace("", None)
    frame["mass_event"] = persons.mass
    return frame


def _typed(values: Any) -> pd.Series:
    arr = np.asarray(values)
    if arr.dtype.kind in "iub":
        return pd.Series(arr)
    return pd.Series(arr.astype(object), dtype="str")


def true_totals(
    params: WorldParams, persons: pd.DataFrame, records: pd.DataFrame, truth: pd.DataFrame
) -> dict[str, Any]:
    """True counts of persons (overall and by act, governorate, month, sex, age group, and
    governorate x month) and, per list, its records and the distinct persons they report."""
    month = persons["date"].str.slice(0, 7)
    by_list = {}
    person_of = truth["person_id"].to_numpy()
    for name in (lp.name for lp in params.lists):
        mask = (records["dataset"] == name).to_numpy()
        by_list[name] = {"records": int(mask.sum()), "persons": int(len(set(person_of[mask])))}
    return {
        "persons": len(persons),
        "records": len(records),
        "by_act": _counts(persons["act"]),
        "by_governorate": _counts(persons["governorate"]),
        "by_month": _counts(month),
        "by_sex": _counts(persons["sex"]),
        "by_age_group": _counts(persons["age_group"]),
        "by_status": _counts(persons["status"]),
        "by_governorate_month": {
            g: _counts(month[persons["governorate"] == g])
            for g in sorted(persons["governorate"].unique())
        },
        "captured_by_any_list": int(truth["person_id"].nunique()),
        "by_list": by_list,
    }


def _counts(values: pd.Series) -> dict[str, int]:
    counts = values.value_counts()
    return {str(k): int(counts[k]) for k in sorted(counts.index)}
