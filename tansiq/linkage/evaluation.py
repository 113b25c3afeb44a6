"""Accuracy of a clustering against ground truth: pairwise and B-cubed precision, recall, F1."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Metrics:
    """Accuracy of resolved persons against the truth (all shares are fractions in [0, 1]).

    Pairwise figures count record pairs put in one person; B-cubed figures average, over records,
    the overlap of a record's resolved person with its true person.
    """

    records: int
    true_persons: int
    resolved_persons: int
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float

    def as_dict(self) -> dict[str, float | int]:
        """The metrics as a plain dict (for JSON)."""
        return asdict(self)


def evaluate_clusters(clusters: pd.DataFrame, truth: pd.DataFrame) -> Metrics:
    """Compare resolved persons with true ones; both tables have `record_id, person_id`.

    Records of the truth that the clustering lacks count as resolved alone; records the truth
    lacks are ignored.
    """
    merged = truth[["record_id", "person_id"]].merge(
        clusters[["record_id", "person_id"]],
        on="record_id",
        how="left",
        suffixes=("_true", "_pred"),
    )
    predicted = merged["person_id_pred"].astype("object")
    missing = predicted.isna().to_numpy()
    predicted[missing] = ["\x00missing-" + str(r) for r in merged["record_id"][missing]]
    true_codes = pd.factorize(merged["person_id_true"].astype("str"))[0]
    pred_codes = pd.factorize(predicted.astype("str"))[0]
    return _metrics_from_codes(true_codes, pred_codes)


def _metrics_from_codes(true_codes: np.ndarray, pred_codes: np.ndarray) -> Metrics:
    n = len(true_codes)
    joint = pd.DataFrame({"t": true_codes, "p": pred_codes}).value_counts().reset_index()
    n_tp = joint["count"].to_numpy(dtype="float64")
    size_t = np.bincount(true_codes).astype("float64")
    size_p = np.bincount(pred_codes).astype("float64")
    together = float((n_tp * (n_tp - 1) / 2).sum())
    predicted_pairs = float((size_p * (size_p - 1) / 2).sum())
    true_pairs = float((size_t * (size_t - 1) / 2).sum())
    precision = together / predicted_pairs if predicted_pairs else 1.0
    recall = together / true_pairs if true_pairs else 1.0
    b_precision = float((n_tp**2 / size_p[joint["p"].to_numpy()]).sum() / n) if n else 1.0
    b_recall = float((n_tp**2 / size_t[joint["t"].to_numpy()]).sum() / n) if n else 1.0
    return Metrics(
        records=n,
        true_persons=int((size_t > 0).sum()),
        resolved_persons=int((size_p > 0).sum()),
        pairwise_precision=precision,
        pairwise_recall=recall,
        pairwise_f1=_f1(precision, recall),
        bcubed_precision=b_precision,
        bcubed_recall=b_recall,
        bcubed_f1=_f1(b_precision, b_recall),
    )


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0
