"""Real spelling variants of one name must meet; distinct names that look alike must not.

Same-script pairs are compared by `normalize_name`, Arabic-Latin pairs by `to_skeleton`.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tansiq.names import detect_script, normalize_name, to_skeleton

PAIRS_FILE = Path(__file__).with_name("variant_pairs.csv")


def _rows() -> list[dict[str, str]]:
    with PAIRS_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _kind(row: dict[str, str]) -> str:
    scripts = {detect_script(row["left"]), detect_script(row["right"])}
    return "cross" if scripts == {"arabic", "latin"} else scripts.pop()


def _keys(row: dict[str, str]) -> tuple[str, str]:
    key = to_skeleton if _kind(row) == "cross" else normalize_name
    return key(row["left"]), key(row["right"])


def _report(rows: list[tuple[int, dict[str, str], tuple[str, str]]]) -> str:
    lines = [
        f"line {n}: {r['left']!r} vs {r['right']!r} -> {k[0]!r} / {k[1]!r}" for n, r, k in rows
    ]
    return "\n".join(lines)


def test_table_has_enough_pairs_of_each_kind() -> None:
    rows = _rows()
    matches = [r for r in rows if r["expected"] == "match"]
    distinct = [r for r in rows if r["expected"] == "distinct"]
    assert len(matches) >= 200
    assert len(distinct) >= 100
    assert {_kind(r) for r in matches} == {"arabic", "latin", "cross"}
    assert {_kind(r) for r in distinct} == {"arabic", "latin", "cross"}
    assert {r["expected"] for r in rows} == {"match", "distinct"}


@pytest.mark.parametrize("expected", ["match", "distinct"])
def test_variant_pairs_meet_and_near_misses_stay_apart(expected: str) -> None:
    failures = []
    for line, row in enumerate(_rows(), start=2):
        if row["expected"] != expected:
            continue
        keys = _keys(row)
        if (keys[0] == keys[1]) != (expected == "match"):
            failures.append((line, row, keys))
    assert not failures, f"{len(failures)} {expected} rows fail:\n{_report(failures)}"
