"""Clustering scored pairs: weak chains, same-list pairs and human decisions."""

from __future__ import annotations

import pandas as pd

from tansiq.linkage import ClusterRules, cluster_pairs


def persons(
    datasets: dict[str, str],
    scores: list[tuple[str, str, float]],
    decisions: list[tuple[str, str, str]] | None = None,
    rules: ClusterRules | None = None,
) -> dict[str, str]:
    pairs = pd.DataFrame(scores, columns=["record_id_l", "record_id_r", "match_probability"])
    table = None
    if decisions is not None:
        table = pd.DataFrame(decisions, columns=["record_id_l", "record_id_r", "decision"])
    clusters = cluster_pairs(
        pd.Series(list(datasets)),
        pd.Series(list(datasets.values())),
        pairs,
        rules or ClusterRules(),
        table,
    )
    return dict(zip(clusters["record_id"], clusters["person_id"], strict=True))


def groups(result: dict[str, str]) -> set[frozenset[str]]:
    by_person: dict[str, set[str]] = {}
    for record, person in result.items():
        by_person.setdefault(person, set()).add(record)
    return {frozenset(members) for members in by_person.values()}


def test_chain_of_links_does_not_merge_clearly_different_ends() -> None:
    datasets = {"a": "L1", "b": "L2", "c": "L3"}
    scores = [("a", "b", 0.95), ("b", "c", 0.95), ("a", "c", 0.001)]
    assert groups(persons(datasets, scores)) == {frozenset({"a", "b"}), frozenset({"c"})}


def test_strongly_linked_triangle_is_one_person() -> None:
    datasets = {"a": "L1", "b": "L2", "c": "L3"}
    scores = [("a", "b", 0.99), ("b", "c", 0.97), ("a", "c", 0.8)]
    assert groups(persons(datasets, scores)) == {frozenset({"a", "b", "c"})}


def test_two_records_of_one_list_need_strong_evidence() -> None:
    datasets = {"a": "L1", "b": "L1", "c": "L1", "d": "L1"}
    scores = [("a", "b", 0.95), ("c", "d", 0.999)]
    assert groups(persons(datasets, scores)) == {
        frozenset({"a"}),
        frozenset({"b"}),
        frozenset({"c", "d"}),
    }


def test_same_list_records_are_not_joined_through_a_third_record() -> None:
    datasets = {"a": "L1", "b": "L1", "x": "L2"}
    scores = [("a", "x", 0.99), ("b", "x", 0.98), ("a", "b", 0.5)]
    result = groups(persons(datasets, scores))
    assert frozenset({"a", "b", "x"}) not in result
    assert frozenset({"a", "x"}) in result


def test_cannot_link_decision_splits_a_strong_pair() -> None:
    datasets = {"a": "L1", "b": "L2"}
    result = persons(datasets, [("a", "b", 0.999)], [("a", "b", "different")])
    assert result["a"] != result["b"]


def test_cannot_link_splits_a_cluster_held_together_by_others() -> None:
    datasets = {"a": "L1", "b": "L2", "c": "L3", "d": "L4"}
    scores = [(x, y, 0.99) for x, y in [("a", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("b", "d")]]
    result = persons(datasets, scores, [("a", "d", "different")])
    assert result["a"] != result["d"]


def test_must_link_decision_merges_an_unscored_pair() -> None:
    datasets = {"a": "L1", "b": "L2", "c": "L3"}
    result = persons(datasets, [("a", "c", 0.2)], [("a", "b", "same"), ("b", "c", "unsure")])
    assert result["a"] == result["b"]
    assert result["c"] != result["a"]


def test_person_id_is_smallest_record_id_of_the_person() -> None:
    datasets = {"L2-1": "L2", "L1-7": "L1"}
    result = persons(datasets, [("L2-1", "L1-7", 0.99)])
    assert set(result.values()) == {"L1-7"}
