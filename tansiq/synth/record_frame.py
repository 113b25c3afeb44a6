"""Assemble the record table (the tansiq record CSV columns) from captures and the true persons.

Text columns are built as Arrow arrays by taking from small vocabularies (names, dates, codes),
which keeps a million records to a few seconds; a null is a value that was not recorded.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tansiq.record_format import RECORD_COLUMNS
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

FULL_NAME_PARTS = ("given", "father", "grandfather", "family")
STR = pd.StringDtype("pyarrow", na_value=np.nan)


def take(
    vocab: Sequence[str] | np.ndarray, codes: np.ndarray, missing: np.ndarray | None = None
) -> pa.Array:
    """Strings `vocab[codes]` as an Arrow array, null where `missing`."""
    return pa.array(list(vocab), pa.string()).take(pa.array(codes, pa.int64(), mask=missing))


def blank(values: pa.Array, missing: np.ndarray) -> pa.Array:
    """`values` with nulls where `missing`."""
    return pc.if_else(pa.array(missing), pa.scalar(None, pa.string()), values)


def build_records(
    params: WorldParams,
    caps: Captures,
    persons: Persons,
    names: NameTable,
    places: Places,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """The records of all lists, in the column order of the tansiq record CSV."""
    p = caps.person
    cols: dict[str, pa.Array | pd.api.extensions.ExtensionArray] = {
        "record_id": _record_ids(params, caps),
        "dataset": take([lp.name for lp in params.lists], caps.list),
    }
    cols.update(_names(params, caps, persons, names, rng))
    cols["sex"] = take(
        ["M", "F"], persons.female[p].astype(np.int64), hits(params, caps, "sex_missing", rng)
    )
    cols.update(_ages(params, caps, persons, rng))
    cols["status"] = _status(params, caps, persons, rng)
    cols["act"] = take(ACTS, persons.act[p])
    cols.update(_dates(params, caps, persons, rng))
    cols.update(_places(params, caps, persons, places, rng))
    cols["cause"] = _causes(params, caps, persons, rng)
    cols["external_id"] = _external_ids(params, caps, rng)
    return pd.DataFrame({c: _series(cols[c]) for c in RECORD_COLUMNS})


def _series(values: pa.Array | pd.api.extensions.ExtensionArray) -> pd.Series:
    if isinstance(values, pa.Array):
        return pd.Series(values, dtype=STR)
    return pd.Series(values)


def _record_ids(params: WorldParams, caps: Captures) -> pa.Array:
    starts = np.flatnonzero(np.r_[True, caps.list[1:] != caps.list[:-1]])
    seq = np.arange(len(caps.list)) - np.repeat(starts, np.diff(np.r_[starts, len(caps.list)]))
    number = pc.utf8_lpad(pc.cast(pa.array(seq + 1), pa.string()), 7, "0")
    prefix = take([f"{lp.name}-" for lp in params.lists], caps.list)
    return pc.binary_join_element_wise(prefix, number, "")


def _names(
    params: WorldParams,
    caps: Captures,
    persons: Persons,
    names: NameTable,
    rng: np.random.Generator,
) -> dict[str, pa.Array]:
    script = np.array([lp.script for lp in params.lists], dtype=object)[caps.list]
    has_ar, has_lat = script != "latin", script != "ar"
    with_parts = _per_record(params, caps, "name_parts")
    ar, lat = _spell_parts(params, caps, persons, names, rng, (has_ar, has_lat, with_parts))
    upper = _per_record(params, caps, "latin_upper")
    if upper.any():
        lat = {k: pc.if_else(pa.array(upper), pc.utf8_upper(v), v) for k, v in lat.items()}
    first = _per_record(params, caps, "family_first")
    out = {
        "name_ar": blank(_full_name(ar, first), ~has_ar),
        "name_latin": blank(_full_name(lat, first), ~has_lat),
    }
    in_arabic = pa.array(has_ar)
    for k in PARTS:
        out[f"{k}_name"] = blank(pc.if_else(in_arabic, ar[k], lat[k]), ~with_parts)
    return out


def _per_record(params: WorldParams, caps: Captures, flag: str) -> np.ndarray:
    """Per-record value of the boolean ListParams field `flag` of the record's list."""
    values: np.ndarray = np.array([getattr(lp, flag) for lp in params.lists])[caps.list]
    return values


def _full_name(parts: dict[str, pa.Array], family_first: np.ndarray) -> pa.Array:
    """Given, father, grandfather, family; or family first where `family_first`."""
    usual = join_names([parts[k] for k in FULL_NAME_PARTS])
    if not family_first.any():
        return usual
    reordered = join_names([parts[k] for k in ("family", "given", "father", "grandfather")])
    return pc.if_else(pa.array(family_first), reordered, usual)


def _spell_parts(
    params: WorldParams,
    caps: Captures,
    persons: Persons,
    names: NameTable,
    rng: np.random.Generator,
    scripts: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[dict[str, pa.Array], dict[str, pa.Array]]:
    """Each name part in Arabic and in Latin, with its errors noted in `caps.struck` where
    the record shows them (`scripts`: has Arabic, has Latin, has name-part columns)."""
    has_ar, has_lat, with_parts = scripts
    idx = recorded_name_parts(params, caps, persons, names, rng)
    typo = rate(params, caps, "typo")
    ar_rates = (rate(params, caps, "arabic_spelling"), rate(params, caps, "compound_spacing"), typo)
    lat_rates = (rate(params, caps, "translit"), typo)
    scheme = np.array([lp.latin_scheme % names.lat_default.shape[1] for lp in params.lists])
    ar, lat = {}, {}
    for k in PARTS:
        # where the part can be seen: the full names hold all parts but the mother's
        seen_ar = has_ar & with_parts if k == "mother" else has_ar
        seen_lat = ~has_ar & with_parts if k == "mother" else has_lat
        ar[k], ar_marks = arabic_spellings(idx[k], ar_rates, names, rng)
        lat[k], lat_marks = latin_spellings(idx[k], scheme[caps.list], lat_rates, names, rng)
        for name, mask in ar_marks.items():
            caps.mark(name, mask & seen_ar)
        for name, mask in lat_marks.items():
            caps.mark(name, mask & seen_lat)
    caps.struck["mother_missing"] &= with_parts
    return ar, lat


def _ages(
    params: WorldParams, caps: Captures, persons: Persons, rng: np.random.Generator
) -> dict[str, pa.Array | pd.api.extensions.ExtensionArray]:
    n = len(caps.person)
    noise = hits(params, caps, "age_noise", rng)
    step = rng.integers(1, 6, n) * np.where(rng.random(n) < 0.5, -1, 1)
    age = np.clip(persons.age[caps.person] + np.where(noise, step, 0), 0, 120)
    group_only = hits(params, caps, "age_group_only", rng)
    missing = hits(params, caps, "age_missing", rng)
    group = np.select([age < 18, age < 60], [0, 1], 2)
    group = np.where(group_only, persons.age_group[caps.person], group)
    recorded_age = pd.array(age, dtype="Int64")
    recorded_age[missing | group_only] = pd.NA
    return {"age": recorded_age, "age_group": take(AGE_GROUPS, group, missing)}


def _status(
    params: WorldParams, caps: Captures, persons: Persons, rng: np.random.Generator
) -> pa.Array:
    code = persons.combatant[caps.person].astype(np.int64)
    code[hits(params, caps, "status_unknown", rng)] = 2
    return take(["civilian", "combatant", "unknown"], code)


def _dates(
    params: WorldParams, caps: Captures, persons: Persons, rng: np.random.Generator
) -> dict[str, pa.Array]:
    """Recorded dates: shifted by 1-7 days, or known to the month, or as a range of days
    around the true date (start 0-4 days before, end 1-5 days after), or missing."""
    n = len(caps.person)
    date = persons.date[caps.person]
    shift = hits(params, caps, "date_shift", rng)
    step = rng.integers(1, 8, n) * np.where(rng.random(n) < 0.5, -1, 1)
    date = date + np.where(shift, step, 0).astype("timedelta64[D]")
    month = hits(params, caps, "date_month_only", rng)
    ranged = hits(params, caps, "date_range", rng) & ~month
    caps.struck["date_range"] = ranged
    missing = hits(params, caps, "date_missing", rng)
    before, after = rng.integers(0, 5, n), rng.integers(1, 6, n)
    if n == 0:
        return {"date": take([], before), "date_precision": take([], before)}
    first = date.min() - 4
    days = np.arange(first, date.max() + 6)
    months = np.arange(first.astype("datetime64[M]"), days[-1].astype("datetime64[M]") + 1)
    day_text = np.datetime_as_string(days, unit="D")
    vocab = [*day_text, *np.datetime_as_string(months, unit="M")]
    day_code = (date - first).astype(np.int64)
    month_code = len(days) + (date.astype("datetime64[M]") - months[0]).astype(np.int64)
    single = take(vocab, np.where(month, month_code, day_code))
    span = pc.binary_join_element_wise(
        take(day_text, day_code - before), take(day_text, day_code + after), "/"
    )
    precision = np.where(ranged, 2, month.astype(np.int64))
    return {
        "date": blank(pc.if_else(pa.array(ranged), span, single), missing),
        "date_precision": take(["day", "month", "range"], precision, missing),
    }


def _places(
    params: WorldParams,
    caps: Captures,
    persons: Persons,
    places: Places,
    rng: np.random.Generator,
) -> dict[str, pa.Array]:
    n = len(caps.person)
    gov = persons.gov[caps.person]
    wrong = hits(params, caps, "governorate_wrong", rng)
    other = np.floor(rng.random(n) * (len(places.pcode) - 1)).astype(np.int64)
    gov = np.where(wrong, other + (other >= gov), gov)
    missing = hits(params, caps, "governorate_missing", rng)
    latin = np.array([lp.script == "latin" for lp in params.lists])[caps.list]
    n_loc = len(places.locality_ar)
    loc = persons.locality[caps.person] + np.where(latin, n_loc, 0)
    vocab = [*places.locality_ar, *places.locality_latin]
    return {
        "governorate": take(places.pcode, gov, missing),
        "locality": take(vocab, loc, hits(params, caps, "locality_missing", rng)),
    }


def _causes(
    params: WorldParams, caps: Captures, persons: Persons, rng: np.random.Generator
) -> pa.Array:
    cause = persons.cause[caps.person]
    unknown = hits(params, caps, "cause_unknown", rng)
    caps.struck["cause_unknown"] = unknown & (cause >= 0)
    cause = np.where(unknown & (cause >= 0), CAUSES.index("unknown"), cause)
    return take(CAUSES, np.maximum(cause, 0), cause < 0)


def _external_ids(params: WorldParams, caps: Captures, rng: np.random.Generator) -> pa.Array:
    none = ~np.array([lp.external_ids for lp in params.lists])[caps.list]
    number = pa.array(rng.permutation(len(caps.list)) + 1000, mask=none)
    return pc.cast(number, pa.string())
