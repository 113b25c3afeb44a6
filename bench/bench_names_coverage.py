"""How often the name engine joins the spellings the synthetic world writes for one name.

`python bench/bench_names_coverage.py`: for every given and family name of the synthetic
world's name tables (tansiq/synth/data), the share of its Latin renderings (every listed and
rule-derived spelling, with every article style) whose skeleton equals the Arabic one, the share
of its Arabic orthographic variants with the same `normalize_name` key, and the share of names
whose listed Latin spellings all share one `fold_latin` key. Prints one line per figure.
"""

from __future__ import annotations

import csv
from pathlib import Path

import tansiq.synth
from tansiq.names import fold_latin, normalize_name, to_skeleton
from tansiq.synth.spelling import arabic_variants, join_compound, latin_variants

DATA = Path(tansiq.synth.__file__).parent / "data"


def _rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for table in ("given_names.csv", "family_names.csv"):
        with (DATA / table).open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def main() -> None:
    rows = _rows()
    latin_total = latin_same = arabic_total = arabic_same = folded_together = 0
    for row in rows:
        arabic, listed = row["name_ar"], row["latin"].split("|")
        skeleton = to_skeleton(arabic)
        renderings = latin_variants(arabic, listed)
        latin_total += len(renderings)
        latin_same += sum(to_skeleton(r) == skeleton for r in renderings)
        variants = [join_compound(arabic), *arabic_variants(arabic)]
        key = normalize_name(arabic)
        arabic_total += len(variants)
        arabic_same += sum(normalize_name(v) == key for v in variants)
        folded_together += len({fold_latin(s) for s in listed}) == 1
    print(f"{len(rows):,} names")
    print(
        f"Latin renderings with the Arabic skeleton: {latin_same:,} / {latin_total:,}"
        f" = {latin_same / latin_total:.1%}"
    )
    print(
        f"Arabic variants with the same normalised key: {arabic_same:,} / {arabic_total:,}"
        f" = {arabic_same / arabic_total:.1%}"
    )
    print(
        f"names whose listed Latin spellings share one fold_latin key: {folded_together:,} /"
        f" {len(rows):,} = {folded_together / len(rows):.1%}"
    )


if __name__ == "__main__":
    main()
