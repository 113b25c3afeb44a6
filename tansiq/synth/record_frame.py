"""Assemble the record table (the tansiq record CSV columns) from captures and the true persons."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tansiq.synth.params import ACTS, WorldParams
from tansiq.synth.population import AGE_GROUPS, CAUSES, Persons
from tansiq.synth.recording import (
    PARTS,
    Captures,
    arabic_spellings,
    hits,
    join_names,
    latin_spellings,
    rate,
    recorded_name_parts,
)
from tansiq.synth.tables import NameTable, Places
from tansiq.synth.validate import RECORD_COLUMNS

FULL_NAME_PARTS = ("given", "father", "grandfather", "family")


def build_records(
    params: WorldParams,
    caps: Captures,
    persons: Persons,
    names: NameTable,
    places: Places,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """The records of all lists, in the column order of the tansiq record CSV."""
    cols: dict[str, Any] = {"record_id": _record_ids(params, caps)}
    cols["dataset"] = np.array([lp.name for lp in params.lists], dtype=object)[caps.list]
    cols.update(_names(params, caps, persons, names, rng))
    p = caps.person
    cols["sex"] = _blank(
        np.where(persons.female[p], "F", "M"), hits(params, caps, "sex_missing", rng)
    )
    cols.update(_ages(params, caps, persons, rng))
    cols["status"] = _status(params, caps, persons, rng)
    cols["act"] = np.array(ACTS, dtype=object)[persons.act[p]]
    cols.update(_dates(params, caps, persons, rng))
    cols.update(_places(params, caps, persons, places, rng))
    cols["cause"] = _causes(params, caps, persons, rng)
    cols["external_id"] = _external_ids(params, caps, rng)
    frame = pd.DataFrame({c: _column(c, cols[c]) for c in RECORD_COLUMNS})
    return frame


def _column(name: str, values: Any) -> pd.Series:
    if name == "age":
        return pd.Series(values, dtype="Int64")
    arr = np.asarray(values, dtype=object)
    arr[arr == ""] = None
    return pd.Series(arr, dtype="str")


def _blank(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return np.where(mask, "", values.astype(object))


def _record_ids(params: WorldParams, caps: Captures) -> np.ndarray:
    starts = np.flatnonzero(np.r_[True, caps.list[1:] != caps.list[:-1]])
    seq = np.arange(len(caps.list)) - np.repeat(starts, np.diff(np.r_[starts, len(caps.list)]))
    prefix = np.array([f"{lp.name}-" for lp in params.lists], dtype=object)[caps.list]
    ids: np.ndarray = prefix + pd.Series(seq + 1).astype(str).str.zfill(7).to_numpy(dtype=object)
    return ids


def _names(
    params: WorldParams,
    caps: Captures,
    persons: Persons,
    names: NameTable,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    idx = recorded_name_parts(params, caps, persons, names, rng)
    spell, space = rate(params, caps, "arabic_spelling"), rate(params, caps, "compound_spacing")
    translit = rate(params, caps, "translit")
    scheme = np.array([lp.latin_scheme % names.lat_default.shape[1] for lp in params.lists])
    ar = {k: arabic_spellings(idx[k], spell, space, names, rng) for k in PARTS}
    lat = {k: latin_spellings(idx[k], scheme[caps.list], translit, names, rng) for k in PARTS}
    script = np.array([lp.script for lp in params.lists], dtype=object)[caps.list]
    has_ar, has_lat = script != "latin", script != "ar"
    out = {
        "name_ar": _blank(join_names([ar[k] for k in FULL_NAME_PARTS]), ~has_ar),
        "name_latin": _blank(join_names([lat[k] for k in FULL_NAME_PARTS]), ~has_lat),
    }
    with_parts = np.array([lp.name_parts for lp in params.lists])[caps.list]
    for k in PARTS:
        out[f"{k}_name"] = _blank(np.where(has_ar, ar[k], lat[k]), ~with_parts)
    return out


def _ages(
    params: WorldParams, caps: Captures, persons: Persons, rng: np.random.Generator
) -> dict[str, Any]:
    n = len(caps.person)
    noise = hits(params, caps, "age_noise", rng)
    step = rng.integers(1, 6, n) * np.where(rng.random(n) < 0.5, -1, 1)
    age = np.clip(persons.age[caps.person] + np.where(noise, step, 0), 0, 120)
    group_only = hits(params, caps, "age_group_only", rng)
    missing = hits(params, caps, "age_missing", rng)
    group = np.select([age < 18, age < 60], [0, 1], 2)
    group = np.where(group_only, persons.age_group[caps.person], group)
    labels = np.array(AGE_GROUPS, dtype=object)[group]
    recorded_age = pd.array(age, dtype="Int64")
    recorded_age[missing | group_only] = pd.NA
    return {"age": recorded_age, "age_group": _blank(labels, missing)}


def _status(
    params: WorldParams, caps: Captures, persons: Persons, rng: np.random.Generator
) -> np.ndarray:
    status = np.where(persons.combatant[caps.person], "combatant", "civilian").astype(object)
    return np.where(hits(params, caps, "status_unknown", rng), "unknown", status)


def _dates(
    params: WorldParams, caps: Captures, persons: Persons, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    n = len(caps.person)
    date = persons.date[caps.person]
    shift = hits(params, caps, "date_shift", rng)
    step = rng.integers(1, 8, n) * np.where(rng.random(n) < 0.5, -1, 1)
    date = date + np.where(shift, step, 0).astype("timedelta64[D]")
    month = hits(params, caps, "date_month_only", rng)
    missing = hits(params, caps, "date_missing", rng)
    day_text = np.datetime_as_string(date, unit="D").astype(object)
    text = np.where(month, day_text.astype(str).astype("<U7").astype(object), day_text)
    precision = np.where(month, "month", "day").astype(object)
    return {"date": _blank(text, missing), "date_precision": _blank(precision, missing)}


def _places(
    params: WorldParams,
    caps: Captures,
    persons: Persons,
    places: Places,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    n = len(caps.person)
    gov = persons.gov[caps.person]
    wrong = hits(params, caps, "governorate_wrong", rng)
    other = np.floor(rng.random(n) * (len(places.pcode) - 1)).astype(np.int64)
    gov = np.where(wrong, other + (other >= gov), gov)
    missing = hits(params, caps, "governorate_missing", rng)
    script = np.array([lp.script for lp in params.lists], dtype=object)[caps.list]
    loc = persons.locality[caps.person]
    locality = np.where(script == "latin", places.locality_latin[loc], places.locality_ar[loc])
    return {
        "governorate": _blank(places.pcode[gov], missing),
        "locality": _blank(locality, hits(params, caps, "locality_missing", rng)),
    }


def _causes(
    params: WorldParams, caps: Captures, persons: Persons, rng: np.random.Generator
) -> np.ndarray:
    cause = persons.cause[caps.person]
    unknown = hits(params, caps, "cause_unknown", rng)
    cause = np.where(unknown & (cause >= 0), CAUSES.index("unknown"), cause)
    labels = np.array((*CAUSES, ""), dtype=object)
    return labels[cause]


def _external_ids(params: WorldParams, caps: Captures, rng: np.random.Generator) -> np.ndarray:
    keep = np.array([lp.external_ids for lp in params.lists])[caps.list]
    number = rng.permutation(len(caps.list)) + 1000
    ids = pd.Series(number).astype(str).to_numpy(dtype=object)
    return _blank(ids, ~keep)
