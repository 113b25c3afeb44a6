"""The shipped data a world is drawn from: names with their spellings, governorates, localities.

Names live in one table so that a record's name part is an integer index; every spelling a record
may use is precomputed here once, as a row of a 2-D array, and chosen per record by index.
"""

from __future__ import annotations

import csv
import io
import zlib
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

import numpy as np
import pyarrow as pa

from tansiq.synth.spelling import (
    ARTICLE_STYLES,
    N_TYPOS,
    arabic_variants,
    is_compound,
    join_compound,
    latin_stems,
    latin_variants,
    scheme_spelling,
    typos,
)

N_SCHEMES = len(ARTICLE_STYLES)


@dataclass(frozen=True)
class NameTable:
    """Every name a record can carry, with its spellings.

    Row `n` (the last) is the empty name, used for a part that is not recorded. Arrays:
    `ar[i, v, j]` is Arabic variant `v` of name `i` (0 canonical), joined if `j == 1`;
    `lat[i, k]` is Latin spelling `k`; `lat_default[i, s]` the spelling scheme `s` uses.
    """

    ar: np.ndarray
    n_ar: np.ndarray
    compound: np.ndarray
    lat: np.ndarray
    n_lat: np.ndarray
    lat_default: np.ndarray
    ar_typo: np.ndarray  # [i, t]: typo t of the canonical Arabic name
    lat_typo: np.ndarray  # [i, k, t]: typo t of Latin spelling k
    male: np.ndarray  # table indices of male given names
    male_p: np.ndarray  # their probabilities
    female: np.ndarray
    female_p: np.ndarray
    family: np.ndarray
    family_p: np.ndarray
    nickname: np.ndarray  # table index of a name's nickname, or -1
    abu: int  # kunya أبو <male name k> is at abu + k
    umm: int  # kunya أم <male name k> is at umm + k

    @cached_property
    def ar_arrow(self) -> pa.Array:
        """`ar` flattened (C order) as an Arrow string array, to `take` spellings from."""
        return pa.array(self.ar.ravel().tolist(), pa.string())

    @cached_property
    def lat_arrow(self) -> pa.Array:
        """`lat` flattened (C order) as an Arrow string array."""
        return pa.array(self.lat.ravel().tolist(), pa.string())

    @cached_property
    def ar_typo_arrow(self) -> pa.Array:
        """`ar_typo` flattened (C order) as an Arrow string array."""
        return pa.array(self.ar_typo.ravel().tolist(), pa.string())

    @cached_property
    def lat_typo_arrow(self) -> pa.Array:
        """`lat_typo` flattened (C order) as an Arrow string array."""
        return pa.array(self.lat_typo.ravel().tolist(), pa.string())

    @property
    def empty(self) -> int:
        """Index of the empty name."""
        return int(self.ar.shape[0] - 1)


@dataclass(frozen=True)
class Places:
    """Governorates (admin-1) and their localities."""

    pcode: np.ndarray  # str, admin-1 p-codes
    population: np.ndarray  # float, 2011 population
    locality_gov: np.ndarray  # int, governorate index of each locality
    locality_ar: np.ndarray
    locality_latin: np.ndarray


def _read_csv(path: str) -> list[dict[str, str]]:
    text = resources.files("tansiq").joinpath(path).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def load_places() -> Places:
    """Governorates from the shipped gazetteer and localities from the synth data."""
    gaz = [r for r in _read_csv("data/gazetteer/sy_admin1.csv") if r["admin_level"] == "1"]
    pcode = np.array([r["pcode"] for r in gaz], dtype=object)
    index = {p: i for i, p in enumerate(pcode)}
    locs = _read_csv("synth/data/localities.csv")
    return Places(
        pcode=pcode,
        population=np.array([float(r["population_2011"]) for r in gaz]),
        locality_gov=np.array([index[r["governorate"]] for r in locs], dtype=np.int64),
        locality_ar=np.array([r["name_ar"] for r in locs], dtype=object),
        locality_latin=np.array([r["name_latin"] for r in locs], dtype=object),
    )


@dataclass
class _Entry:
    ar: str
    latin: list[str]


def _kunya(prefix_ar: str, prefixes_latin: tuple[str, str], son: _Entry) -> _Entry:
    latin = [f"{prefixes_latin[0]} {s}" for s in son.latin[:3]]
    latin.append(f"{prefixes_latin[1]} {son.latin[0]}")
    return _Entry(f"{prefix_ar} {son.ar}", latin)


@cache
def load_names() -> NameTable:
    """The name table: male and female given names, family names, nicknames and kunyas."""
    given = _read_csv("synth/data/given_names.csv")
    fam = _read_csv("synth/data/family_names.csv")
    entries = [_Entry(r["name_ar"], r["latin"].split("|")) for r in [*given, *fam]]
    male = [i for i, r in enumerate(given) if r["sex"] == "M"]
    female = [i for i, r in enumerate(given) if r["sex"] == "F"]
    family = list(range(len(given), len(given) + len(fam)))
    nickname = _add_nicknames(entries, {r["name_ar"]: i for i, r in enumerate(given)})
    abu = len(entries)
    entries += [_kunya("أبو", ("Abu", "Abou"), entries[i]) for i in male]
    umm = len(entries)
    entries += [_kunya("أم", ("Umm", "Om"), entries[i]) for i in male]
    nickname = np.r_[nickname, np.full(len(entries) + 1 - len(nickname), -1)]
    weights = np.array([float(r["weight"]) for r in given] + [float(r["weight"]) for r in fam])
    ar, n_ar, compound = _arabic_arrays(entries)
    lat, n_lat, lat_default = _latin_arrays(entries)
    return NameTable(
        ar=ar,
        n_ar=n_ar,
        compound=compound,
        lat=lat,
        n_lat=n_lat,
        lat_default=lat_default,
        ar_typo=_typo_array(ar[:, 0, 0], latin=False),
        lat_typo=_typo_array(lat, latin=True),
        male=np.array(male),
        male_p=_normalised(weights[male]),
        female=np.array(female),
        female_p=_normalised(weights[female]),
        family=np.array(family),
        family_p=_normalised(weights[family]),
        nickname=nickname,
        abu=abu,
        umm=umm,
    )


def _typo_array(forms: np.ndarray, *, latin: bool) -> np.ndarray:
    """N_TYPOS typos of every non-empty string of `forms` (one more axis); '' stays ''."""
    unique, inverse = np.unique(forms.astype(str), return_inverse=True)
    table = np.array(
        [
            typos(t, seed=zlib.crc32(t.encode()), latin=latin) if t else [""] * N_TYPOS
            for t in unique
        ],
        dtype=object,
    )
    out: np.ndarray = table[inverse.reshape(forms.shape)]
    return out


def _add_nicknames(entries: list[_Entry], position: dict[str, int]) -> np.ndarray:
    """Append the shipped nicknames to `entries`; return, per entry so far, its nickname's
    index or -1."""
    nick = _read_csv("synth/data/nicknames.csv")
    nickname = np.full(len(entries) + len(nick), -1, dtype=np.int64)
    for r in nick:
        nickname[position[r["name_ar"]]] = len(entries)
        entries.append(_Entry(r["nickname_ar"], r["nickname_latin"].split("|")))
    return nickname


def _normalised(w: np.ndarray) -> np.ndarray:
    return np.asarray(w / w.sum(), dtype=np.float64)


def _arabic_arrays(entries: list[_Entry]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    forms = [[e.ar, *arabic_variants(e.ar)] for e in entries]
    width = max(len(f) for f in forms)
    ar = np.full((len(entries) + 1, width, 2), "", dtype=object)
    n_ar = np.ones(len(entries) + 1, dtype=np.int64)
    compound = np.zeros(len(entries) + 1, dtype=bool)
    for i, f in enumerate(forms):
        padded = f + [f[0]] * (width - len(f))
        ar[i, :, 0] = padded
        ar[i, :, 1] = [join_compound(x) for x in padded]
        n_ar[i] = len(f)
        compound[i] = is_compound(f[0])
    return ar, n_ar, compound


def _latin_arrays(entries: list[_Entry]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    spellings = [latin_variants(e.ar, e.latin) for e in entries]
    width = max(len(s) for s in spellings)
    lat = np.full((len(entries) + 1, width), "", dtype=object)
    n_lat = np.ones(len(entries) + 1, dtype=np.int64)
    default = np.zeros((len(entries) + 1, N_SCHEMES), dtype=np.int64)
    for i, (e, s) in enumerate(zip(entries, spellings, strict=True)):
        lat[i, :] = s + [s[0]] * (width - len(s))
        n_lat[i] = len(s)
        stems = latin_stems(e.latin)
        default[i] = [s.index(scheme_spelling(e.ar, stems, k)) for k in range(N_SCHEMES)]
    return lat, n_lat, default
