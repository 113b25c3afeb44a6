"""How many true pairs the blocking rules propose (measured against ground truth)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from tansiq.linkage.model import PREDICTION_KEYS


def true_pairs(record_ids: pd.Series, truth: pd.DataFrame) -> pd.DataFrame:
    """All pairs of records of one true person, as positions `l < r` into `record_ids`."""
    position = pd.DataFrame(
        {"record_id": record_ids.astype("str").to_numpy(), "pos": np.arange(len(record_ids))}
    )
    labelled = position.merge(
        truth[["record_id", "person_id"]].astype("str"), on="record_id", how="inner"
    )
    pairs = labelled.merge(labelled, on="person_id", suffixes=("_l", "_r"))
    pairs = pairs[pairs["pos_l"] < pairs["pos_r"]]
    return pd.DataFrame({"l": pairs["pos_l"].to_numpy(), "r": pairs["pos_r"].to_numpy()})


def blocking_recall(
    features: pd.DataFrame,
    truth: pd.DataFrame,
    rules: Sequence[Sequence[str]] = PREDICTION_KEYS,
) -> float:
    """Share of true pairs (two records of one person) that at least one blocking rule
    proposes: a rule proposes a pair when every one of its columns is present and equal."""
    pairs = true_pairs(features["record_id"], truth)
    if pairs.empty:
        return 1.0
    found = np.zeros(len(pairs), dtype=bool)
    left, right = pairs["l"].to_numpy(), pairs["r"].to_numpy()
    for keys in rules:
        agree = np.ones(len(pairs), dtype=bool)
        for key in keys:
            column = features[key]
            a, b = column.iloc[left].to_numpy(), column.iloc[right].to_numpy()
            present = ~(pd.isna(a) | pd.isna(b))
            same = np.zeros(len(pairs), dtype=bool)
            same[present] = a[present] == b[present]
            agree &= same
        found |= agree
    return float(found.mean())
