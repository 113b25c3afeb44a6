"""Training the Splink model with bounded cost: u by random sampling, m by EM on sampled
blocks, and m from human decisions labelled `same`."""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd
from splink import Linker

from tansiq.linkage.model import deterministic_rules, training_blocking_rules

# Share of true pairs the deterministic rules are assumed to find (used for the prior only).
_DETERMINISTIC_RECALL = 0.5
_MIN_LABELLED_PAIRS = 10
# Smallest m probability a level keeps after training: EM on a few hundred thousand pairs sees
# almost no matches with, say, a nickname for a given name and would make such a match
# impossible (m = 0, a match weight of minus infinity).
M_FLOOR = 0.002


def train_model(
    linker: Linker,
    *,
    seed: int,
    max_u_pairs: float,
    max_training_pairs: float,
    decisions: pd.DataFrame | None,
) -> None:
    """Estimate the prior, u (from at most `max_u_pairs` random pairs), m by EM (each session on
    at most `max_training_pairs` blocked pairs, so a very common name cannot blow up time or
    memory) and, with enough `same` decisions, m from those labels."""
    linker.training.estimate_probability_two_random_records_match(
        deterministic_rules(), recall=_DETERMINISTIC_RECALL
    )
    linker.training.estimate_u_using_random_sampling(
        max_pairs=max_u_pairs, seed=seed, min_count_per_level=None, num_chunks=1
    )
    for rule in training_blocking_rules():
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule,
            max_pairs=max_training_pairs,
            estimate_without_term_frequencies=True,
        )
    labelled = same_pairs(decisions)
    if len(labelled) >= _MIN_LABELLED_PAIRS:
        table = linker.table_management.register_table(labelled, "__tansiq_labels", overwrite=True)
        linker.training.estimate_m_from_pairwise_labels(table)  # type: ignore[no-untyped-call]


def same_pairs(decisions: pd.DataFrame | None) -> pd.DataFrame:
    """Pairs a human decided are the same person, as `record_id_l, record_id_r` (strings)."""
    if decisions is None or decisions.empty:
        return pd.DataFrame({"record_id_l": [], "record_id_r": []}, dtype="str")
    same = decisions[decisions["decision"].astype("str").str.lower() == "same"]
    return pd.DataFrame(
        {
            "record_id_l": same["record_id_l"].astype("str").to_numpy(),
            "record_id_r": same["record_id_r"].astype("str").to_numpy(),
        }
    )


def smoothed_model(model_json: dict[str, Any], floor: float = M_FLOOR) -> dict[str, Any]:
    """The trained model with every non-null level's m probability at least `floor` (the
    levels of each comparison renormalised to sum to 1)."""
    model = copy.deepcopy(model_json)
    for comparison in model["comparisons"]:
        levels = [
            level for level in comparison["comparison_levels"] if not level.get("is_null_level")
        ]
        raised = [max(float(level.get("m_probability") or 0.0), floor) for level in levels]
        total = sum(raised)
        for level, m in zip(levels, raised, strict=True):
            level["m_probability"] = m / total
    return model
