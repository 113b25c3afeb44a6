"""The cheap agreement count that screens candidate pairs before Splink scores them."""

from __future__ import annotations

import duckdb
import pandas as pd

from tansiq.linkage.blocking import agreement_sql

_COLUMNS = ("given_s", "father_s", "grandfather_s", "family_s", "mother_s", "governorate")


def _score(left: dict[str, object], right: dict[str, object]) -> float:
    base: dict[str, object] = {c: None for c in (*_COLUMNS, "locality_s")}
    base |= {"date_lo": None, "date_hi": None, "age_lo": None, "age_hi": None}
    frame = pd.DataFrame([base | left, base | right]).astype(
        {c: "string" for c in (*_COLUMNS, "locality_s")}
        | {c: "Int64" for c in ("date_lo", "date_hi", "age_lo", "age_hi")}
    )
    frame["i"] = [0, 1]
    connection = duckdb.connect()
    connection.register("t", frame)
    sql = f"SELECT {agreement_sql('a', 'b')} FROM t a, t b WHERE a.i = 0 AND b.i = 1"
    return float(connection.execute(sql).fetchone()[0])


def test_all_fields_missing_scores_half_each() -> None:
    assert _score({}, {}) == 4.5


def test_agreeing_names_place_date_and_age_score_full() -> None:
    record = {c: "x" for c in (*_COLUMNS, "locality_s")}
    record |= {"date_lo": 100, "date_hi": 100, "age_lo": 30, "age_hi": 30}
    other = record | {"date_lo": 120, "date_hi": 120, "age_lo": 32, "age_hi": 32}
    assert _score(record, other) == 9.0


def test_swapped_given_and_father_names_count_as_agreeing() -> None:
    left = {"given_s": "ahmd", "father_s": "mhmd"}
    assert _score(left, {"given_s": "mhmd", "father_s": "ahmd"}) == 4.5 - 1.0 + 2.0


def test_disagreements_score_zero() -> None:
    left = {"given_s": "ahmd", "date_lo": 0, "date_hi": 0, "age_lo": 10, "age_hi": 10}
    right = {"given_s": "hsn", "date_lo": 40, "date_hi": 40, "age_lo": 20, "age_hi": 20}
    assert _score(left, right) == 4.5 - 1.5
