"""Each recording error, switched on alone, strikes at the rate its parameter sets."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tansiq.synth import preset, write_world
from tansiq.synth.params import NO_ERRORS, ErrorRates, ListParams, WorldParams
from tansiq.synth.tables import load_names
from tansiq.synth.world import generate_world

from .conftest import (
    RATE,
    arabic_variant_counts,
    compound_names,
    with_truth,
    world_with_error,
)

NAME_PARTS = ("given", "father", "grandfather", "family")
Measure = Callable[[pd.DataFrame], tuple[pd.Series, pd.Series]]


def _parts(
    df: pd.DataFrame,
    hit: Callable[[pd.Series, pd.Series], pd.Series],
    ok: Callable[[pd.Series], pd.Series],
) -> tuple[pd.Series, pd.Series]:
    hits, eligible = [], []
    for part in NAME_PARTS:
        recorded, true = df[f"{part}_name"].fillna(""), df[f"{part}_name_true"]
        hits.append(hit(recorded, true))
        eligible.append(ok(true))
    return pd.concat(hits, ignore_index=True), pd.concat(eligible, ignore_index=True)


def _arabic_spelling(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    counts = arabic_variant_counts()
    return _parts(df, lambda r, t: r != t, lambda t: t.map(counts) > 1)


def _compound_spacing(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    compounds = compound_names()
    return _parts(df, lambda r, t: r == t.str.replace(" ", ""), lambda t: t.isin(compounds))


def _translit(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    names = load_names()
    spellings = {str(names.ar[i, 0, 0]): int(names.n_lat[i]) for i in range(names.empty)}
    hits, eligible = [], []
    for part in NAME_PARTS:
        hits.append(df[f"{part}_name"] != df[f"{part}_name_latin"])
        eligible.append(df[f"{part}_name_true"].map(spellings) > 1)
    return pd.concat(hits, ignore_index=True), pd.concat(eligible, ignore_index=True)


def _all(df: pd.DataFrame) -> pd.Series:
    return pd.Series(True, index=df.index)


def _row(
    hit: Callable[[pd.DataFrame], pd.Series], ok: Callable[[pd.DataFrame], pd.Series] = _all
) -> Measure:
    return lambda df: (hit(df), ok(df))


MEASURES: dict[str, Measure] = {
    "arabic_spelling": _arabic_spelling,
    "compound_spacing": _compound_spacing,
    "translit": _translit,
    "drop_part": _row(
        lambda d: d[["grandfather_name", "father_name", "family_name"]].isna().any(axis=1)
    ),
    "swap_parts": _row(
        lambda d: (
            (d["given_name"] == d["father_name_true"]) & (d["father_name"] == d["given_name_true"])
        ),
        lambda d: d["given_name_true"] != d["father_name_true"],
    ),
    "nickname": _row(lambda d: d["given_name"] != d["given_name_true"]),
    "typo": lambda d: _parts(d, lambda r, t: r != t, lambda t: t.notna()),
    "mother_missing": _row(lambda d: d["mother_name"].isna()),
    "date_shift": _row(lambda d: d["date"] != d["date_true"]),
    "date_month_only": _row(lambda d: d["date_precision"] == "month"),
    "date_missing": _row(lambda d: d["date"].isna()),
    "date_range": _row(lambda d: d["date_precision"] == "range"),
    "age_noise": _row(lambda d: d["age"] != d["age_true"], lambda d: d["age_true"] >= 5),
    "age_group_only": _row(lambda d: d["age"].isna() & d["age_group"].notna()),
    "age_missing": _row(lambda d: d["age_group"].isna()),
    "sex_missing": _row(lambda d: d["sex"].isna()),
    "status_unknown": _row(lambda d: d["status"] == "unknown"),
    "governorate_missing": _row(lambda d: d["governorate"].isna()),
    "governorate_wrong": _row(lambda d: d["governorate"] != d["governorate_true"]),
    "locality_missing": _row(lambda d: d["locality"].isna()),
    "cause_unknown": _row(lambda d: d["cause"] == "unknown", lambda d: d["act"] == "killed"),
}


def _assert_rate(hits: pd.Series, eligible: pd.Series, rate: float) -> None:
    n = int(eligible.sum())
    assert n >= 300, f"only {n} eligible cases"
    observed = float(hits[eligible].mean())
    tolerance = 4 * math.sqrt(rate * (1 - rate) / n) + 0.005
    assert abs(observed - rate) <= tolerance, f"observed {observed:.4f}, rate {rate}, n={n}"


@pytest.mark.parametrize("name", sorted(MEASURES))
def test_error_strikes_at_its_rate(name: str) -> None:
    script = "latin" if name == "translit" else "ar"
    df = with_truth(world_with_error(name, script=script))
    hits, eligible = MEASURES[name](df)
    _assert_rate(hits.fillna(False).astype(bool), eligible.fillna(False).astype(bool), RATE)


def test_latin_typos_strike_at_their_rate() -> None:
    df = with_truth(world_with_error("typo", script="latin"))
    hits = pd.concat([df[f"{p}_name"] != df[f"{p}_name_latin"] for p in NAME_PARTS])
    _assert_rate(hits.reset_index(drop=True), pd.Series(True, index=range(len(hits))), RATE)


def test_every_error_rate_has_a_measurement() -> None:
    assert set(MEASURES) | {"duplicate"} == set(ErrorRates.__dataclass_fields__)


def test_duplicates_inside_a_list_occur_at_their_rate() -> None:
    world = world_with_error("duplicate", persons=4000)
    persons = world.truth["person_id"].nunique()
    _assert_rate(
        pd.Series(
            [True] * (len(world.truth) - persons) + [False] * (2 * persons - len(world.truth))
        ),
        pd.Series([True] * persons),
        RATE,
    )


def test_without_errors_records_repeat_the_truth() -> None:
    df = with_truth(world_with_error("duplicate", 0.0))
    for part in (*NAME_PARTS, "mother"):
        assert (df[f"{part}_name"] == df[f"{part}_name_true"]).all()
    for column in ("sex", "age", "age_group", "status", "date", "governorate", "act"):
        assert (df[column] == df[f"{column}_true"]).all(), column
    assert (df["cause"].fillna("") == df["cause_true"].fillna("")).all()


def test_shifted_dates_move_one_to_seven_days() -> None:
    df = with_truth(world_with_error("date_shift"))
    days = (pd.to_datetime(df["date"]) - pd.to_datetime(df["date_true"])).dt.days.abs()
    moved = days[days > 0]
    assert len(moved) > 300 and moved.max() <= 7


def test_date_ranges_hold_the_true_date() -> None:
    df = with_truth(world_with_error("date_range"))
    ranged = df[df["date_precision"] == "range"]
    start, end = ranged["date"].str.split("/", expand=True).T.to_numpy()
    assert len(ranged) > 300
    assert ((start <= ranged["date_true"]) & (ranged["date_true"] < end)).all()


def test_a_list_without_grandfathers_never_records_one() -> None:
    lp = ListParams("A", capture=1.0, grandfather=False, errors=NO_ERRORS)
    rec = generate_world(WorldParams(persons=500, lists=(lp,), seed=2)).records
    assert rec["grandfather_name"].isna().all()
    assert (rec["name_ar"].str.count(" ") >= 2).all()


def test_common_spelling_variants_outnumber_tatweel_and_diacritics() -> None:
    df = with_truth(world_with_error("arabic_spelling", 1.0, persons=3000))
    hamza = df[df["given_name_true"].str.contains("[أإآ]")]
    decorated = hamza["given_name"].str.contains("[\u0640\u064e]")
    assert len(hamza) > 200
    assert 0.05 < float(decorated.mean()) < 0.35


def test_wrong_governorate_is_another_valid_one() -> None:
    df = with_truth(world_with_error("governorate_wrong"))
    wrong = df[df["governorate"] != df["governorate_true"]]
    assert len(wrong) > 300
    assert wrong["governorate"].str.fullmatch(r"SY\d\d").all()


def test_latin_only_arabic_only_and_both_lists_write_their_scripts() -> None:
    lists = tuple(
        ListParams(s, capture=1.0, script=s, errors=NO_ERRORS) for s in ("ar", "latin", "both")
    )
    rec = generate_world(WorldParams(persons=500, lists=lists, seed=2)).records
    by = {s: rec[rec["dataset"] == s] for s in ("ar", "latin", "both")}
    assert by["ar"]["name_latin"].isna().all() and by["ar"]["name_ar"].notna().all()
    assert by["latin"]["name_ar"].isna().all() and by["latin"]["name_latin"].notna().all()
    assert by["both"][["name_ar", "name_latin"]].notna().all().all()
    assert not by["latin"]["given_name"].str.contains("[\u0600-\u06ff]").any()


def test_lists_with_different_schemes_spell_latin_names_differently() -> None:
    lists = tuple(
        ListParams(f"S{k}", capture=1.0, script="latin", latin_scheme=k, errors=NO_ERRORS)
        for k in range(2)
    )
    world = generate_world(WorldParams(persons=500, lists=lists, seed=2))
    merged = world.records.merge(world.truth)
    a = merged[merged["dataset"] == "S0"].set_index("person_id")
    b = merged[merged["dataset"] == "S1"].set_index("person_id").reindex(a.index)
    assert float((a["name_latin"] != b["name_latin"]).mean()) > 0.5
    single = a["given_name"] == "Ali"
    assert single.sum() > 5 and (b.loc[single, "given_name"] == "Ali").all()


def test_nicknames_include_kunyas_after_a_son() -> None:
    df = with_truth(world_with_error("nickname", 1.0, persons=1000))
    kunya = df["given_name"].str.startswith(("أبو ", "أم "))
    assert 0.3 < float(kunya.mean()) < 1.0
    assert (df.loc[df["given_name"].str.startswith("أم "), "sex_true"] == "F").all()


def test_every_arabic_variant_differs_only_in_spelling() -> None:
    names = load_names()
    rng = np.random.default_rng(0)
    for i in rng.choice(names.empty, 200, replace=False):
        forms = {str(v) for v in names.ar[i, : names.n_ar[i], 0]}
        assert len(forms) == names.n_ar[i]


def test_error_log_names_what_changed_each_record() -> None:
    world = generate_world(preset("realistic", persons=3000, seed=6))
    df = with_truth(world).merge(world.errors, on="record_id", suffixes=("", "_err"))
    name_errors = ["arabic_spelling", "compound_spacing", "typo", "drop_part", "swap_parts"]
    clean = ~df[[*name_errors, "nickname"]].any(axis=1) & df["given_name"].notna()
    arabic = df["name_ar"].notna()
    for part in ("given", "father", "family"):
        assert (
            df.loc[clean & arabic, f"{part}_name"] == df.loc[clean & arabic, f"{part}_name_true"]
        ).all()
    dates = ["date_shift", "date_month_only", "date_range", "date_missing"]
    undated = ~df[dates].any(axis=1)
    assert (df.loc[undated, "date"] == df.loc[undated, "date_true"]).all()
    shifted = df["date_shift"] & ~df[dates[1:]].any(axis=1)
    assert shifted.sum() > 10
    assert (df.loc[shifted, "date"] != df.loc[shifted, "date_true"]).all()
    moved = df["governorate_wrong"] & ~df["governorate_missing"]
    assert moved.sum() > 10
    assert (df.loc[moved, "governorate"] != df.loc[moved, "governorate_true"]).all()


def test_errors_file_lists_the_errors_of_each_record(tmp_path: Path) -> None:
    world = world_with_error("date_missing", 0.5, persons=300)
    write_world(world, tmp_path)
    errors = pd.read_csv(tmp_path / "errors.csv", dtype=str, keep_default_na=False)
    assert list(errors.columns) == ["record_id", "errors"]
    assert set(errors["errors"]) == {"", "date_missing"}
    missing = set(world.records.loc[world.records["date"].isna(), "record_id"])
    assert set(errors.loc[errors["errors"] == "date_missing", "record_id"]) == missing


def test_family_first_lists_put_the_family_name_first_in_capitals() -> None:
    lp = ListParams(
        "A", capture=1.0, script="latin", family_first=True, latin_upper=True, errors=NO_ERRORS
    )
    df = with_truth(generate_world(WorldParams(persons=400, lists=(lp,), seed=2)))
    expected = (
        df["family_name_latin"] + " " + df["given_name_latin"] + " " + df["father_name_latin"]
    ).str.upper()
    assert all(n.startswith(e) for n, e in zip(df["name_latin"], expected, strict=True))
    assert (df["given_name"] == df["given_name_latin"].str.upper()).all()
