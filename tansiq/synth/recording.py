"""How lists write down the persons they capture: one record per capture, with recording errors.

All records of all lists are processed together as arrays; each error is a mask drawn with the
rate of the record's list, and each name spelling an index into the precomputed NameTable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tansiq.synth.params import WorldParams
from tansiq.synth.population import Persons
from tansiq.synth.spelling import N_TYPOS
from tansiq.synth.tables import NameTable

PARTS: tuple[str, ...] = ("given", "father", "grandfather", "family", "mother")


@dataclass
class Captures:
    """One row per record: the person it reports and the list (index) that holds it."""

    person: np.ndarray
    list: np.ndarray
    duplicate: np.ndarray  # bool: a second record of the same person in the same list
    struck: dict[str, np.ndarray] = field(default_factory=dict)  # error name -> records hit

    def mark(self, name: str, mask: np.ndarray) -> None:
        """Note that error `name` struck the records in `mask` (accumulates)."""
        previous = self.struck.get(name)
        self.struck[name] = mask.copy() if previous is None else previous | mask


def records_of_captures(
    params: WorldParams, captured: np.ndarray, rng: np.random.Generator
) -> Captures:
    """Records of each list in a random order, with the list's within-list duplicates."""
    persons, lists, dups = [], [], []
    for j, lp in enumerate(params.lists):
        who = np.flatnonzero(captured[:, j])
        again = who[rng.random(len(who)) < lp.errors.duplicate]
        rows = np.concatenate([who, again])
        order = rng.permutation(len(rows))
        persons.append(rows[order])
        lists.append(np.full(len(rows), j))
        dups.append((np.arange(len(rows)) >= len(who))[order])
    return Captures(np.concatenate(persons), np.concatenate(lists), np.concatenate(dups))


def rate(params: WorldParams, caps: Captures, name: str) -> np.ndarray:
    """Per-record value of error rate `name` (a field of ErrorRates) of the record's list."""
    per_list = np.array([getattr(lp.errors, name) for lp in params.lists])
    out: np.ndarray = per_list[caps.list]
    return out


def hits(params: WorldParams, caps: Captures, name: str, rng: np.random.Generator) -> np.ndarray:
    """Per-record mask: does error `name` strike this record (noted in `caps.struck`)."""
    mask = rng.random(len(caps.list)) < rate(params, caps, name)
    caps.mark(name, mask)
    return mask


def recorded_name_parts(
    params: WorldParams,
    caps: Captures,
    persons: Persons,
    names: NameTable,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """Name-table index of each recorded part, after nicknames, swaps and dropped parts."""
    p = caps.person
    parts = {k: getattr(persons, k)[p].copy() for k in PARTS}
    nick = hits(params, caps, "nickname", rng)
    parts["given"][nick] = _nicknames(parts["given"][nick], persons.female[p][nick], names, rng)
    swap = hits(params, caps, "swap_parts", rng)
    parts["given"][swap], parts["father"][swap] = parts["father"][swap], parts["given"][swap]
    no_grandfather = ~np.array([lp.grandfather for lp in params.lists])[caps.list]
    parts["grandfather"][no_grandfather] = names.empty
    drop = hits(params, caps, "drop_part", rng)
    which = rng.choice(3, size=len(p), p=[0.7, 0.2, 0.1])
    for k, part in enumerate(("grandfather", "father", "family")):
        parts[part][drop & (which == k)] = names.empty
    parts["mother"][hits(params, caps, "mother_missing", rng)] = names.empty
    return parts


def _nicknames(
    given: np.ndarray, female: np.ndarray, names: NameTable, rng: np.random.Generator
) -> np.ndarray:
    """A nickname where the name has one, else a kunya after a (drawn) eldest son."""
    son = np.searchsorted(np.cumsum(names.male_p), rng.random(len(given)))
    son = np.minimum(son, len(names.male) - 1)
    kunya = np.where(female, names.umm, names.abu) + son
    return np.where(names.nickname[given] >= 0, names.nickname[given], kunya)


def arabic_spellings(
    idx: np.ndarray,
    rates: tuple[np.ndarray, np.ndarray, np.ndarray],
    names: NameTable,
    rng: np.random.Generator,
) -> tuple[pa.Array, dict[str, np.ndarray]]:
    """Arabic strings of name indices `idx`, and which records each error struck; `rates` are
    per-record probabilities of (spelling, spacing, typo): a non-canonical orthographic
    variant where the name has one, a compound written joined, a typo."""
    spelling, spacing, typo = rates
    n_var = names.n_ar[idx]
    alt = (rng.random(len(idx)) < spelling) & (n_var > 1)
    # geometric: the first (most common) variants far more often than diacritics and tatweel
    pick = np.minimum(rng.geometric(0.75, len(idx)) - 1, np.maximum(n_var - 2, 0))
    variant = np.where(alt, 1 + pick, 0)
    joined = ((rng.random(len(idx)) < spacing) & names.compound[idx]).astype(np.int64)
    code = np.ravel_multi_index((idx, variant, joined), names.ar.shape)
    empty = idx == names.empty
    text = names.ar_arrow.take(pa.array(code, mask=empty))
    text, slip = _with_typos(text, idx, names.ar_typo_arrow, N_TYPOS, typo, empty, rng)
    return text, {"arabic_spelling": alt, "compound_spacing": joined.astype(bool), "typo": slip}


def latin_spellings(
    idx: np.ndarray,
    scheme: np.ndarray,
    rates: tuple[np.ndarray, np.ndarray],
    names: NameTable,
    rng: np.random.Generator,
) -> tuple[pa.Array, dict[str, np.ndarray]]:
    """Latin strings of name indices `idx` in each record's list scheme, and which records
    each error struck; `rates` are per-record probabilities of (translit, typo): another
    spelling where the name has one, a typo of the spelling."""
    translit, typo = rates
    default = names.lat_default[idx, scheme]
    n_var = names.n_lat[idx]
    alt = (rng.random(len(idx)) < translit) & (n_var > 1)
    other = np.floor(rng.random(len(idx)) * np.maximum(n_var - 1, 1)).astype(np.int64)
    other = other + (other >= default)
    spelling = np.where(alt, other, default)
    code = np.ravel_multi_index((idx, spelling), names.lat.shape)
    empty = idx == names.empty
    text = names.lat_arrow.take(pa.array(code, mask=empty))
    text, slip = _with_typos(text, code, names.lat_typo_arrow, N_TYPOS, typo, empty, rng)
    return text, {"translit": alt, "typo": slip}


def _with_typos(
    text: pa.Array,
    row: np.ndarray,
    typo_vocab: pa.Array,
    n_typos: int,
    rate: np.ndarray,
    empty: np.ndarray,
    rng: np.random.Generator,
) -> tuple[pa.Array, np.ndarray]:
    """`text` with a typo (row `row` of the typo table, one of its `n_typos`) at `rate`."""
    slip = (rng.random(len(row)) < rate) & ~empty
    which = np.floor(rng.random(len(row)) * n_typos).astype(np.int64)
    typo = typo_vocab.take(pa.array(row * n_typos + which, mask=~slip))
    return pc.if_else(pa.array(slip), typo, text), slip


def join_names(parts: list[pa.Array]) -> pa.Array:
    """Full names: the recorded (non-null) parts joined by single spaces; null if none is.

    (Not `null_handling="skip"`: pyarrow 26 drops rows whose inputs are all null.)
    """
    joined = pc.binary_join_element_wise(*[pc.fill_null(p, "") for p in parts], " ")
    joined = pc.utf8_trim(pc.replace_substring_regex(joined, " {2,}", " "), " ")
    return pc.if_else(pc.equal(joined, ""), pa.scalar(None, pa.string()), joined)
