"""A synthetic world with known truth, and its generation from WorldParams."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tansiq.synth.capture import draw_captures
from tansiq.synth.params import ACTS, ErrorRates, WorldParams
from tansiq.synth.population import AGE_GROUPS, CAUSES, EVENT_TYPES, Events, Persons
from tansiq.synth.population import generate_population as _population
from tansiq.synth.record_frame import STR, build_records, take
from tansiq.synth.recording import Captures, records_of_captures
from tansiq.synth.tables import NameTable, Places, load_names, load_places

Progress = Callable[[str], None]


@dataclass
class World:
    """A generated world: the truth (`persons`, `events`), what the lists recorded
    (`records`, in the tansiq record CSV columns), which person each record reports (`truth`),
    the true totals (`totals`, the content of world.json) and which recording errors struck
    each record (`errors`: record_id and one bool column per ErrorRates field; `duplicate`
    marks the second record of a person in a list)."""

    params: WorldParams
    persons: pd.DataFrame
    events: pd.DataFrame
    records: pd.DataFrame
    truth: pd.DataFrame
    totals: dict[str, Any]
    errors: pd.DataFrame


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
    truth = pd.DataFrame(
        {
            "record_id": records["record_id"],
            "person_id": pd.Series(person_ids.take(caps.person), dtype=STR),
        }
    )
    step("truth and totals")
    persons_frame = _persons_frame(persons, events, names, places, person_ids)
    totals = true_totals(params, persons, places, caps)
    errors = _errors_frame(records, caps)
    return World(
        params, persons_frame, _events_frame(events, places), records, truth, totals, errors
    )


def _errors_frame(records: pd.DataFrame, caps: Captures) -> pd.DataFrame:
    """record_id and, per error of ErrorRates, whether it struck the record."""
    frame = pd.DataFrame({"record_id": records["record_id"]})
    none = np.zeros(len(caps.list), dtype=bool)
    for name in ErrorRates.__dataclass_fields__:
        frame[name] = caps.duplicate if name == "duplicate" else caps.struck.get(name, none)
    return frame


def _ids(prefix: str, n: int) -> pa.Array:
    """`prefix` + 1..n, zero-padded to at least 7 digits."""
    digits = max(7, len(str(n)))
    number = pc.utf8_lpad(pc.cast(pa.array(np.arange(1, n + 1)), pa.string()), digits, "0")
    return pc.binary_join_element_wise(pa.scalar(prefix), number, "")


def _events_frame(events: Events, places: Places) -> pd.DataFrame:
    cols = {
        "event_id": _ids("E", len(events.size)),
        "date": pa.array(np.datetime_as_string(events.date, unit="D"), pa.string()),
        "governorate": take(places.pcode, events.gov),
        "locality": take(places.locality_ar, events.locality),
        "type": take(EVENT_TYPES, events.type),
        "act": take(ACTS, events.act),
    }
    frame = pd.DataFrame({k: pd.Series(v, dtype=STR) for k, v in cols.items()})
    frame["victims"] = events.size.astype(np.int64)
    return frame


def _persons_frame(
    persons: Persons, events: Events, names: NameTable, places: Places, person_ids: pa.Array
) -> pd.DataFrame:
    """The true persons, names in canonical Arabic and in the first Latin scheme."""
    cols: dict[str, pa.Array] = {
        "person_id": person_ids,
        "event_id": _ids("E", len(events.size)).take(persons.event),
    }
    for part in ("given", "father", "grandfather", "family", "mother"):
        idx = getattr(persons, part)
        zero = np.zeros_like(idx)
        cols[f"{part}_name"] = names.ar_arrow.take(
            np.ravel_multi_index((idx, zero, zero), names.ar.shape)
        )
        latin = np.ravel_multi_index((idx, names.lat_default[idx, 0]), names.lat.shape)
        cols[f"{part}_name_latin"] = names.lat_arrow.take(latin)
    cols["sex"] = take(["M", "F"], persons.female.astype(np.int64))
    frame = pd.DataFrame({k: pd.Series(v, dtype=STR) for k, v in cols.items()})
    frame["age"] = persons.age.astype(np.int64)
    more = {
        "age_group": take(AGE_GROUPS, persons.age_group),
        "status": take(["civilian", "combatant"], persons.combatant.astype(np.int64)),
        "act": take(ACTS, persons.act),
        "date": _day_strings(persons.date),
        "governorate": take(places.pcode, persons.gov),
        "locality": take(places.locality_ar, persons.locality),
        "cause": take(CAUSES, np.maximum(persons.cause, 0), persons.cause < 0),
    }
    for k, v in more.items():
        frame[k] = pd.Series(v, dtype=STR)
    frame["mass_event"] = persons.mass
    return frame


def _day_strings(date: np.ndarray) -> pa.Array:
    if len(date) == 0:
        return pa.array([], pa.string())
    days = np.arange(date.min(), date.max() + 1)
    return take(np.datetime_as_string(days, unit="D"), (date - date.min()).astype(np.int64))


def true_totals(
    params: WorldParams, persons: Persons, places: Places, caps: Captures
) -> dict[str, Any]:
    """True counts of persons (overall and by act, governorate, month, sex, age group, status
    and governorate x month) and, per list, its records and the distinct persons they report."""
    month = persons.date.astype("datetime64[M]")
    first = month.min() if len(month) else np.datetime64("2000-01", "M")
    month_code = (month - first).astype(np.int64)
    n_month = int(month_code.max()) + 1 if len(month) else 0
    months = np.datetime_as_string(first + np.arange(n_month), unit="M")
    pcode = [str(p) for p in places.pcode]
    records = np.bincount(caps.list, minlength=len(params.lists))
    dups = np.bincount(caps.list, weights=caps.duplicate, minlength=len(params.lists))
    cells = np.bincount(persons.gov * n_month + month_code, minlength=len(pcode) * n_month)
    return {
        "persons": len(persons.act),
        "records": len(caps.list),
        "by_act": _counts(ACTS, persons.act),
        "by_governorate": _counts(pcode, persons.gov),
        "by_month": _counts(months, month_code),
        "by_sex": _counts(("M", "F"), persons.female.astype(np.int64)),
        "by_age_group": _counts(AGE_GROUPS, persons.age_group),
        "by_status": _counts(("civilian", "combatant"), persons.combatant.astype(np.int64)),
        "by_governorate_month": {
            g: _nonzero(months, cells[k * n_month : (k + 1) * n_month])
            for k, g in enumerate(pcode)
            if cells[k * n_month : (k + 1) * n_month].sum()
        },
        "captured_by_any_list": int(np.unique(caps.person).size),
        "by_list": {
            lp.name: {"records": int(records[j]), "persons": int(records[j] - dups[j])}
            for j, lp in enumerate(params.lists)
        },
    }


def _counts(labels: Any, codes: np.ndarray) -> dict[str, int]:
    """Counts of `codes` under their `labels`, labels in sorted order, zeros left out."""
    return _nonzero(labels, np.bincount(codes, minlength=len(labels)))


def _nonzero(labels: Any, counts: np.ndarray) -> dict[str, int]:
    pairs = sorted((str(label), int(c)) for label, c in zip(labels, counts, strict=True) if c)
    return dict(pairs)
