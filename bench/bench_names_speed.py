"""Speed of the name engine on a million names: `python bench/bench_names_speed.py [ROWS] [DISTINCT]`.

Builds ROWS full names (default 1,000,000) drawn with a Zipf-like law from DISTINCT generated
names (default 5,000; half Arabic script, half Latin), then times normalize_series with each
method and split_series, cold (empty caches) and warm. Prints one line per step.
"""

from __future__ import annotations

import random
import sys
import time

import numpy as np
import pandas as pd

import tansiq.names.arabic as arabic_module
import tansiq.names.latin as latin_module
import tansiq.names.parts as parts_module
import tansiq.names.script as script_module
import tansiq.names.skeleton as skeleton_module
from tansiq.names import normalize_series, split_series

GIVEN_AR = [
    "محمد",
    "أحمد",
    "علي",
    "حسن",
    "حسين",
    "عمر",
    "خالد",
    "سعيد",
    "يوسف",
    "إبراهيم",
    "مصطفى",
    "محمود",
    "فاطمة",
    "عائشة",
    "زينب",
    "مريم",
    "وليد",
    "طارق",
    "ياسر",
    "سامي",
    "رامي",
    "هاني",
    "ماهر",
    "سمير",
    "كريم",
    "جمال",
    "قاسم",
    "ماجد",
    "رشيد",
    "نبيل",
    "هشام",
    "بلال",
]
FAMILY_AR = ["الحلبي", "الشامي", "عبد الله", "أبو بكر", "الخطيب", "النجار", "نور الدين", "الزعبي"]
GIVEN_LA = [
    "Mohamed",
    "Muhammad",
    "Ahmad",
    "Ahmed",
    "Ali",
    "Hassan",
    "Hussein",
    "Omar",
    "Khaled",
    "Saeed",
    "Youssef",
    "Fatima",
    "Walid",
    "Tarek",
    "Yasser",
    "Sami",
    "Rami",
    "Hani",
    "Maher",
    "Samir",
    "Karim",
    "Jamal",
    "Qasim",
    "Majid",
    "Rashid",
    "Nabil",
    "Hisham",
    "Bilal",
]
FAMILY_LA = ["al-Halabi", "Al Shami", "Abdullah", "Abu Bakr", "El Khatib", "Najjar", "Noureddine"]


def _distinct_names(count: int, rng: random.Random) -> list[str]:
    names: set[str] = set()
    for _ in range(count * 20):
        if len(names) == count:
            break
        arabic = rng.random() < 0.5
        given, family = (GIVEN_AR, FAMILY_AR) if arabic else (GIVEN_LA, FAMILY_LA)
        words = [rng.choice(given), rng.choice(given), rng.choice(family)]
        names.add(" ".join(words) + ("" if rng.random() < 0.5 else f" {rng.choice(given)}"))
    if len(names) < count:
        raise SystemExit(f"could only make {len(names):,} distinct names")
    return sorted(names)


def _clear_caches() -> None:
    for module in (arabic_module, latin_module, parts_module, script_module, skeleton_module):
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    distinct = int(sys.argv[2]) if len(sys.argv) > 2 else 5_000
    rng = random.Random(4)
    names = _distinct_names(distinct, rng)
    weights = 1.0 / np.arange(1, distinct + 1)
    picks = np.random.default_rng(4).choice(distinct, size=rows, p=weights / weights.sum())
    values = pd.Series(np.array(names, dtype=object)[picks])
    print(f"{rows:,} rows, {values.nunique():,} distinct full names")
    for label in ("cold", "warm"):
        if label == "cold":
            _clear_caches()
        start = time.perf_counter()
        for how in ("normalize", "skeleton"):
            step = time.perf_counter()
            normalize_series(values, how)
            print(f"  {label} normalize_series(how={how!r}): {time.perf_counter() - step:.2f} s")
        step = time.perf_counter()
        split_series(values)
        print(f"  {label} split_series: {time.perf_counter() - step:.2f} s")
        print(f"  {label} total: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
