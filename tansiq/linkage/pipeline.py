"""`link_records`: records in, persons out (normalise, block, train, predict, cluster)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tansiq.linkage.backends import BackendName, open_backend
from tansiq.linkage.blocking import blocked_pairs_sql, blocking_recall, key_table_sql
from tansiq.linkage.clustering import ClusterRules, cluster_pairs
from tansiq.linkage.features import build_features
from tansiq.linkage.model import build_settings
from tansiq.linkage.training import smoothed_model, train_model

Progress = Callable[[str, float], None]
STAGES: tuple[str, ...] = ("normalise", "train", "predict", "cluster")


@dataclass(frozen=True)
class LinkageParams:
    """How to link.

    `threshold`: match probability at or above which two records are linked (groups merge while
    their average match weight reaches this probability's weight); `same_list_threshold`: the
    stricter probability two records of one list need; `different_below`: groups never merge
    across a pair scored under it; `pair_floor`: pairs scored below it are not kept;
    `max_u_pairs` / `max_training_pairs`: bounds on random pairs for u and on blocked pairs per
    EM session; `em_iterations`: most iterations per EM session; `min_agreement`: candidate pairs whose cheap
    agreement count (`blocking.agreement_sql`, 0 to 9 fields) is below it are not scored; `memory_gb`: working memory of the backend, in gigabytes.
    """

    threshold: float = 0.5
    same_list_threshold: float = 0.999
    different_below: float = 0.02
    backend: BackendName = "duckdb"
    seed: int = 42
    max_u_pairs: float = 1.5e6
    max_training_pairs: float = 1e6
    pair_floor: float = 1e-4
    min_agreement: float = 5.5
    em_iterations: int = 20
    threads: int | None = None
    memory_gb: float = 6.0


@dataclass
class LinkageResult:
    """What a linkage run produced.

    `clusters`: `record_id, person_id`; `pairs`: `record_id_l, record_id_r, match_weight,
    match_probability` for pairs at or above the floor; `model_json`: the trained Splink model;
    `blocking_recall`: share of true pairs the blocking rules propose (when truth was given);
    `timings`: seconds per stage; `features`: the comparison columns (for reports).
    """

    clusters: pd.DataFrame
    pairs: pd.DataFrame
    model_json: dict[str, Any]
    blocking_recall: float | None = None
    timings: dict[str, float] = field(default_factory=dict)
    features: pd.DataFrame | None = None


def link_records(
    records: pd.DataFrame,
    params: LinkageParams,
    decisions: pd.DataFrame | None = None,
    progress: Progress | None = None,
    truth: pd.DataFrame | None = None,
) -> LinkageResult:
    """Resolve records (as read by `read_record_csvs`) into persons.

    `decisions` (`record_id_l, record_id_r, decision` in same|different|unsure) train m and act
    as must-link / cannot-link constraints; `progress(stage, fraction)` is called as each stage
    of `STAGES` starts (0.0) and ends (1.0); with `truth` (`record_id, person_id`) the result
    also says what share of true pairs the blocking rules propose.
    """
    report = progress or (lambda stage, fraction: None)
    timings: dict[str, float] = {}
    with _stage("normalise", report, timings):
        features = build_features(records)
    pairs, model_json = _score_pairs(features, params, decisions, report, timings)
    with _stage("cluster", report, timings):
        clusters = cluster_pairs(
            features["record_id"],
            features["dataset"],
            pairs,
            ClusterRules(
                params.threshold,
                params.same_list_threshold,
                params.different_below,
            ),
            decisions,
        )
    recall = blocking_recall(features, truth) if truth is not None else None
    return LinkageResult(clusters, pairs, model_json, recall, timings, features)


def _score_pairs(
    features: pd.DataFrame,
    params: LinkageParams,
    decisions: pd.DataFrame | None,
    report: Progress,
    timings: dict[str, float],
) -> tuple[pd.DataFrame, dict[str, Any]]:
    from splink import Linker

    logging.getLogger("splink").setLevel(logging.ERROR)
    backend = open_backend(params.backend, params.threads, params.memory_gb)
    try:
        with _stage("train", report, timings):
            table = backend.db_api.register(features, table_name="tansiq_records")
            settings = build_settings(em_iterations=params.em_iterations)
            linker = Linker(table, settings, log_level=None)
            train_model(
                linker,
                seed=params.seed,
                max_u_pairs=params.max_u_pairs,
                max_training_pairs=params.max_training_pairs,
                decisions=decisions,
            )
        with _stage("predict", report, timings):
            linker = Linker(table, smoothed_model(linker.misc.save_model_to_json()), log_level=None)
            backend.create_table("tansiq_keys", key_table_sql("tansiq_records"))
            blocked = backend.create_table(
                "tansiq_blocked", blocked_pairs_sql("tansiq_keys", params.min_agreement)
            )
            linker.table_management.register_blocked_pairs_for_predict(blocked)
            predictions = linker.inference.predict(
                threshold_match_probability=params.pair_floor, warning_mode="never"
            )
            pairs = linker.misc.query_sql(  # type: ignore[no-untyped-call]
                "SELECT record_id_l, record_id_r, match_weight, match_probability "
                f"FROM {predictions.physical_name}",
                output_type="pandas",
            )
        return pairs, linker.misc.save_model_to_json()
    finally:
        backend.close()


@contextmanager
def _stage(name: str, report: Progress, timings: dict[str, float]) -> Iterator[None]:
    report(name, 0.0)
    start = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - start
    report(name, 1.0)
