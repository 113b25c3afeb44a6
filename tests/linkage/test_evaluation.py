"""Pairwise and B-cubed accuracy against ground truth."""

from __future__ import annotations

import pandas as pd
import pytest

from tansiq.linkage import evaluate_clusters


def table(mapping: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"record_id": list(mapping), "person_id": list(mapping.values())})


def test_perfect_clustering_scores_one() -> None:
    truth = table({"a": "1", "b": "1", "c": "2"})
    metrics = evaluate_clusters(table({"a": "x", "b": "x", "c": "y"}), truth)
    assert metrics.pairwise_f1 == 1.0
    assert metrics.bcubed_f1 == 1.0
    assert (metrics.true_persons, metrics.resolved_persons) == (2, 2)


def test_over_merging_lowers_precision_not_recall() -> None:
    truth = table({"a": "1", "b": "1", "c": "2", "d": "2"})
    metrics = evaluate_clusters(table({"a": "x", "b": "x", "c": "x", "d": "x"}), truth)
    assert metrics.pairwise_recall == 1.0
    assert metrics.pairwise_precision == pytest.approx(2 / 6)
    assert metrics.bcubed_precision == pytest.approx(0.5)
    assert metrics.bcubed_recall == 1.0


def test_splitting_lowers_recall_not_precision() -> None:
    truth = table({"a": "1", "b": "1", "c": "1"})
    metrics = evaluate_clusters(table({"a": "x", "b": "x", "c": "y"}), truth)
    assert metrics.pairwise_precision == 1.0
    assert metrics.pairwise_recall == pytest.approx(1 / 3)
    assert metrics.bcubed_recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)


def test_records_missing_from_clusters_count_as_alone() -> None:
    truth = table({"a": "1", "b": "1"})
    metrics = evaluate_clusters(table({"a": "x"}), truth)
    assert metrics.pairwise_recall == 0.0
    assert metrics.resolved_persons == 2
