"""A plain Splink model, to measure what tansiq's name engine and clustering add.

Same records, same training budget and blocking rules of the same shape, but raw names
(lower-cased, full names split on spaces), Splink's usual name comparisons with term-frequency
adjustment, and connected components at the threshold. Used by tests and `bench/`.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator

from tansiq.linkage.backends import open_backend
from tansiq.linkage.pipeline import LinkageParams, LinkageResult

_PARTS = ("given", "father", "grandfather", "family", "mother")


def plain_features(records: pd.DataFrame) -> pd.DataFrame:
    """Raw comparison columns: name parts as recorded (lower-cased; a full name split on
    spaces when no parts are given), the date as written, age, sex and place."""
    raw = pd.DataFrame({"record_id": records["record_id"].astype("str")})
    full = records["name_ar"].where(records["name_ar"].notna(), records["name_latin"])
    words = full.fillna("").str.lower().str.split()
    split = {
        "given": words.str[0],
        "father": words.str[1],
        "grandfather": words.str[2].where(words.str.len() >= 4),
        "family": words.str[-1].where(words.str.len() >= 3),
        "mother": pd.Series(pd.NA, index=records.index),
    }
    no_parts = records[[f"{p}_name" for p in _PARTS]].isna().all(axis=1)
    for part in _PARTS:
        recorded = records[f"{part}_name"].str.lower().str.strip()
        raw[part] = recorded.where(~no_parts, split[part]).astype("str")
    raw["full"] = full.str.lower().astype("str")
    raw["date"] = records["date"]
    raw["month"] = records["date"].str.slice(0, 7)
    raw["age"] = records["age_years"].astype("Float64")
    for column in ("sex", "governorate"):
        raw[column] = records[column]
    raw["locality"] = records["locality"].str.lower()
    return raw


def plain_settings() -> SettingsCreator:
    """Splink's usual comparisons on raw columns; blocking rules shaped like tansiq's."""
    names = ("given", "father", "grandfather", "family")
    rules: list[BlockingRuleCreator | dict[str, Any]] = [block_on("full")]
    rules += [block_on(*[n for n in names if n != out], "governorate") for out in names]
    rules += [block_on(a, b, "month") for a, b in (("given", "father"), ("given", "family"))]
    rules += [block_on("father", "family", "month"), block_on("given", "date", "governorate")]
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            *(
                cl.JaroWinklerAtThresholds(p, [0.92, 0.8]).configure(
                    term_frequency_adjustments=True
                )
                for p in _PARTS
            ),
            cl.ExactMatch("sex"),
            cl.CustomComparison(
                output_column_name="age",
                comparison_levels=[
                    cll.NullLevel("age"),
                    cll.ExactMatchLevel("age"),
                    cll.AbsoluteDifferenceLevel("age", 2),
                    cll.ElseLevel(),
                ],
            ),
            cl.ExactMatch("date"),
            cl.ExactMatch("governorate"),
            cl.ExactMatch("locality").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_matching_columns=False,
    )


def link_records_plain(records: pd.DataFrame, params: LinkageParams) -> LinkageResult:
    """Link with the plain model and connected components at `params.threshold`."""
    logging.getLogger("splink").setLevel(logging.ERROR)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    features = plain_features(records)
    backend = open_backend(params.backend, params.threads, params.memory_gb)
    try:
        linker = Linker(backend.db_api.register(features), plain_settings(), log_level=None)
        linker.training.estimate_probability_two_random_records_match(
            [block_on("full", "date")], recall=0.5
        )
        linker.training.estimate_u_using_random_sampling(
            max_pairs=params.max_u_pairs, seed=params.seed, min_count_per_level=None, num_chunks=1
        )
        for rule in (block_on("given", "family"), block_on("date", "governorate")):
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=params.max_training_pairs, estimate_without_term_frequencies=True
            )
        predictions = linker.inference.predict(params.pair_floor, warning_mode="never")
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, params.threshold
        ).as_pandas_dataframe()  # type: ignore[no-untyped-call]
        pairs = predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]
        model = linker.misc.save_model_to_json()
    finally:
        backend.close()
    timings["total"] = time.perf_counter() - start
    clusters = clusters.rename(columns={"cluster_id": "person_id"})[["record_id", "person_id"]]
    pairs = pairs[["record_id_l", "record_id_r", "match_weight", "match_probability"]]
    return LinkageResult(clusters, pairs, model, None, timings, features)
