"""The whole pipeline on a small synthetic world with known truth."""

from __future__ import annotations

import pandas as pd

from tansiq.linkage import STAGES, evaluate_clusters, link_records
from tansiq.linkage.baseline import link_records_plain

from .conftest import FAST, LinkedWorld


def person_of(world: LinkedWorld, record_id: str) -> str:
    clusters = world.result.clusters.set_index("record_id")["person_id"]
    return str(clusters[record_id])


def probability(world: LinkedWorld, left: str, right: str) -> float:
    pairs = world.result.pairs
    hit = pairs[
        ((pairs["record_id_l"] == left) & (pairs["record_id_r"] == right))
        | ((pairs["record_id_l"] == right) & (pairs["record_id_r"] == left))
    ]
    return float(hit["match_probability"].max()) if len(hit) else 0.0


def test_small_world_is_linked_far_better_than_by_plain_splink(small_world: LinkedWorld) -> None:
    ours = evaluate_clusters(small_world.result.clusters, small_world.truth)
    plain_records = small_world.records[~small_world.records["record_id"].str.startswith("X-")]
    plain = evaluate_clusters(link_records_plain(plain_records, FAST).clusters, small_world.truth)
    assert ours.pairwise_f1 >= 0.93
    assert ours.bcubed_f1 >= 0.96
    assert ours.pairwise_f1 >= plain.pairwise_f1 + 0.2


def test_blocking_keeps_nearly_all_true_pairs(small_world: LinkedWorld) -> None:
    assert small_world.result.blocking_recall is not None
    assert small_world.result.blocking_recall >= 0.98


def test_same_common_name_in_other_governorate_and_year_is_two_people(
    small_world: LinkedWorld,
) -> None:
    assert person_of(small_world, "X-common-1") != person_of(small_world, "X-common-2")


def test_chain_of_links_does_not_merge_clearly_different_people(
    small_world: LinkedWorld,
) -> None:
    assert probability(small_world, "X-chain-A", "X-chain-B") >= 0.9
    assert probability(small_world, "X-chain-B", "X-chain-C") >= 0.9
    assert probability(small_world, "X-chain-A", "X-chain-C") < 0.5
    assert person_of(small_world, "X-chain-A") != person_of(small_world, "X-chain-C")


def test_every_record_gets_one_person_and_pairs_have_probabilities(
    small_world: LinkedWorld,
) -> None:
    clusters = small_world.result.clusters
    assert sorted(clusters["record_id"]) == sorted(small_world.records["record_id"])
    assert clusters["record_id"].is_unique
    pairs = small_world.result.pairs
    assert list(pairs.columns) == [
        "record_id_l",
        "record_id_r",
        "match_weight",
        "match_probability",
    ]
    assert pairs["match_probability"].between(0, 1).all()
    assert set(small_world.result.timings) == set(STAGES)


def test_decisions_split_and_merge_and_train(small_world: LinkedWorld) -> None:
    result = small_world.result
    clusters = result.clusters.set_index("record_id")["person_id"]
    pairs = result.pairs
    together = pairs[
        (pairs["record_id_l"].map(clusters) == pairs["record_id_r"].map(clusters))
        & ~pairs["record_id_l"].str.startswith("X-")
    ]
    split = together.iloc[0]
    apart = result.clusters[result.clusters["record_id"].isin(["X-common-1", "X-common-2"])]
    labels = together.iloc[1:16][["record_id_l", "record_id_r"]].assign(decision="same")
    decisions = pd.concat(
        [
            pd.DataFrame(
                {
                    "record_id_l": [split["record_id_l"], apart["record_id"].iloc[0]],
                    "record_id_r": [split["record_id_r"], apart["record_id"].iloc[1]],
                    "decision": ["different", "same"],
                }
            ),
            labels,
        ],
        ignore_index=True,
    )
    decided = link_records(small_world.records, FAST, decisions=decisions)
    persons = decided.clusters.set_index("record_id")["person_id"]
    assert persons[split["record_id_l"]] != persons[split["record_id_r"]]
    assert persons["X-common-1"] == persons["X-common-2"]
    assert any(
        "pairwise labels" in str(level.get("m_probability_description", ""))
        or level.get("m_probability") is not None
        for comparison in decided.model_json["comparisons"]
        for level in comparison["comparison_levels"]
    )
