"""Clustering scored pairs into persons without letting chains of weak links merge people.

1. Strong edges: pairs at or above the threshold (pairs within one list need the stricter
   same-list threshold), plus human must-links, minus human cannot-links.
2. Connected components of the strong edges. A component whose records are all strongly linked
   to each other (a clique) is accepted as it is.
3. Any other component is re-clustered by constrained average linkage over all its scored
   pairs: two groups merge only while their average match weight (log2 odds, clipped to +-12)
   stays above the threshold's weight, and no cannot-link, no weak same-list pair and no
   clearly different pair (scored under `different_below`) lies between them. An unscored pair
   counts as the most negative weight, so a chain A~B~C where A and C were never found alike
   (or clearly differ) stays apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

_MAX_DENSE = 400
_WEIGHT_CLIP = 12.0


@dataclass(frozen=True)
class ClusterRules:
    """Thresholds for clustering (match probabilities in [0, 1])."""

    threshold: float = 0.9
    same_list_threshold: float = 0.99
    # Two groups never merge across a scored pair below this: the pair clearly differs.
    different_below: float = 0.05


@dataclass
class _Graph:
    n: int
    left: np.ndarray
    right: np.ndarray
    prob: np.ndarray
    same_list: np.ndarray
    must: np.ndarray  # (k, 2) node pairs
    cannot: np.ndarray  # (k, 2) node pairs


def cluster_pairs(
    record_ids: pd.Series,
    datasets: pd.Series,
    pairs: pd.DataFrame,
    rules: ClusterRules,
    decisions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Resolve records into persons.

    `pairs` has `record_id_l, record_id_r, match_probability`; `decisions` (optional) has
    `record_id_l, record_id_r, decision` with `same` (must-link), `different` (cannot-link) or
    `unsure` (ignored). Returns `record_id, person_id`; a person's id is its smallest record id.
    """
    graph = _build_graph(record_ids, datasets, pairs, decisions)
    labels = _cluster_graph(graph, rules)
    ids = record_ids.astype("str").to_numpy()
    frame = pd.DataFrame({"record_id": ids, "label": labels})
    frame["person_id"] = frame.groupby("label")["record_id"].transform("min")
    return frame[["record_id", "person_id"]]


def _build_graph(
    record_ids: pd.Series,
    datasets: pd.Series,
    pairs: pd.DataFrame,
    decisions: pd.DataFrame | None,
) -> _Graph:
    index = pd.Index(record_ids.astype("str"))
    left = index.get_indexer(pairs["record_id_l"].astype("str"))
    right = index.get_indexer(pairs["record_id_r"].astype("str"))
    known = (left >= 0) & (right >= 0) & (left != right)
    left, right = left[known], right[known]
    prob = pairs["match_probability"].to_numpy(dtype="float64")[known]
    dataset_codes = pd.factorize(datasets.astype("str"))[0]
    same_list = dataset_codes[left] == dataset_codes[right]
    must, cannot = _decision_pairs(index, decisions)
    return _Graph(len(index), left, right, prob, same_list, must, cannot)


def _decision_pairs(index: pd.Index, decisions: pd.DataFrame | None) -> tuple[np.ndarray, ...]:
    empty = np.zeros((0, 2), dtype=np.int64)
    if decisions is None or decisions.empty:
        return empty, empty
    left = index.get_indexer(decisions["record_id_l"].astype("str"))
    right = index.get_indexer(decisions["record_id_r"].astype("str"))
    decision = decisions["decision"].astype("str").str.lower().to_numpy()
    known = (left >= 0) & (right >= 0) & (left != right)
    both = np.stack([left, right], axis=1)
    must = both[known & (decision == "same")]
    cannot = both[known & (decision == "different")]
    return must.astype(np.int64), cannot.astype(np.int64)


def _cluster_graph(graph: _Graph, rules: ClusterRules) -> np.ndarray:
    groups = _must_link_groups(graph)
    strong = (graph.prob >= rules.threshold) & (
        ~graph.same_list | (graph.prob >= rules.same_list_threshold)
    )
    strong &= ~_is_cannot(graph, graph.left, graph.right)
    left = np.concatenate([groups[graph.left[strong]], groups])
    right = np.concatenate([groups[graph.right[strong]], np.arange(graph.n)])
    components = _components(graph.n, left, right)
    return _refine_components(graph, rules, groups, components, strong)


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    ones = np.ones(len(left), dtype=np.int8)
    matrix = coo_matrix((ones, (left, right)), shape=(n, n)).tocsr()
    return np.asarray(connected_components(matrix, directed=False)[1], dtype=np.int64)


def _must_link_groups(graph: _Graph) -> np.ndarray:
    """Union-find over must-links, skipping a must-link that would join a cannot-link pair."""
    parent = np.arange(graph.n)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return int(x)

    members: dict[int, set[int]] = {}
    forbidden = {(int(a), int(b)) for a, b in graph.cannot} | {
        (int(b), int(a)) for a, b in graph.cannot
    }
    for a, b in graph.must:
        ra, rb = find(int(a)), find(int(b))
        if ra == rb:
            continue
        set_a, set_b = members.get(ra, {ra}), members.get(rb, {rb})
        if any((x, y) in forbidden for x in set_a for y in set_b):
            continue
        parent[rb] = ra
        members[ra] = set_a | set_b
    return np.array([find(i) for i in range(graph.n)]) if len(graph.must) else parent


def _is_cannot(graph: _Graph, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    if not len(graph.cannot):
        return np.zeros(len(left), dtype=bool)
    keys = set(map(tuple, np.sort(graph.cannot, axis=1).tolist()))
    low, high = np.minimum(left, right), np.maximum(left, right)
    return np.array([(a, b) in keys for a, b in zip(low.tolist(), high.tolist(), strict=True)])


def _refine_components(
    graph: _Graph,
    rules: ClusterRules,
    groups: np.ndarray,
    components: np.ndarray,
    strong: np.ndarray,
) -> np.ndarray:
    sizes = np.bincount(components)
    strong_edges = np.bincount(components[graph.left[strong]], minlength=len(sizes))
    clique = strong_edges >= sizes * (sizes - 1) // 2
    has_groups = np.bincount(components[groups != np.arange(graph.n)], minlength=len(sizes)) > 0
    suspect = (sizes > 2) & (~clique | has_groups)
    suspect |= _components_with_cannot_links(graph, components, len(sizes))
    labels = components.copy()
    if not suspect.any():
        return labels
    inside = components[graph.left] == components[graph.right]
    chosen = inside & suspect[components[graph.left]]
    order = np.argsort(components[graph.left[chosen]], kind="stable")
    edges = np.flatnonzero(chosen)[order]
    edge_comp = components[graph.left[edges]]
    bounds = np.searchsorted(edge_comp, np.flatnonzero(suspect), side="left")
    ends = np.searchsorted(edge_comp, np.flatnonzero(suspect), side="right")
    node_order = np.argsort(components, kind="stable")
    node_bounds = np.concatenate([[0], np.cumsum(sizes)])
    next_label = int(components.max()) + 1
    for comp, start, end in zip(np.flatnonzero(suspect), bounds, ends, strict=True):
        nodes = node_order[node_bounds[comp] : node_bounds[comp + 1]]
        sub = _average_linkage(graph, rules, nodes, edges[start:end], groups)
        labels[nodes] = sub + next_label
        next_label += int(sub.max()) + 1
    return labels


def _components_with_cannot_links(graph: _Graph, components: np.ndarray, k: int) -> np.ndarray:
    flags = np.zeros(k, dtype=bool)
    if len(graph.cannot):
        a, b = graph.cannot[:, 0], graph.cannot[:, 1]
        flags[components[a][components[a] == components[b]]] = True
    return flags


def _average_linkage(
    graph: _Graph,
    rules: ClusterRules,
    nodes: np.ndarray,
    edges: np.ndarray,
    groups: np.ndarray,
) -> np.ndarray:
    """Constrained average-linkage clustering of one component; returns labels 0..k-1."""
    if len(nodes) > _MAX_DENSE:
        return _split_large(graph, rules, nodes, edges, groups)
    position = pd.Series(np.arange(len(nodes)), index=nodes)
    a = position[graph.left[edges]].to_numpy()
    b = position[graph.right[edges]].to_numpy()
    similarity, forbidden = _pair_matrices(graph, rules, len(nodes), a, b, edges, nodes)
    start = pd.factorize(groups[nodes])[0]
    threshold = float(_weight(np.array([rules.threshold]))[0])
    return _agglomerate(similarity, forbidden, start, threshold)


def _pair_matrices(
    graph: _Graph,
    rules: ClusterRules,
    n: int,
    a: np.ndarray,
    b: np.ndarray,
    edges: np.ndarray,
    nodes: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    similarity = np.full((n, n), -_WEIGHT_CLIP)
    similarity[a, b] = _weight(graph.prob[edges])
    similarity[b, a] = similarity[a, b]
    forbidden = np.zeros((n, n), dtype=bool)
    weak_same = graph.same_list[edges] & (graph.prob[edges] < rules.same_list_threshold)
    weak_same |= graph.prob[edges] < rules.different_below
    forbidden[a[weak_same], b[weak_same]] = True
    forbidden[b[weak_same], a[weak_same]] = True
    if len(graph.cannot):
        local = pd.Series(np.arange(n), index=nodes)
        inside = np.isin(graph.cannot[:, 0], nodes) & np.isin(graph.cannot[:, 1], nodes)
        ca = local[graph.cannot[inside, 0]].to_numpy()
        cb = local[graph.cannot[inside, 1]].to_numpy()
        forbidden[ca, cb] = True
        forbidden[cb, ca] = True
        similarity[ca, cb] = -_WEIGHT_CLIP
        similarity[cb, ca] = -_WEIGHT_CLIP
    return similarity, forbidden


def _weight(probability: np.ndarray) -> np.ndarray:
    """Match weight (log2 odds) of probabilities, clipped to +-12 so no single pair dominates."""
    p = np.clip(probability, 1e-12, 1 - 1e-12)
    return np.asarray(np.clip(np.log2(p / (1 - p)), -_WEIGHT_CLIP, _WEIGHT_CLIP), dtype=float)


def _agglomerate(
    similarity: np.ndarray, forbidden: np.ndarray, start: np.ndarray, threshold: float
) -> np.ndarray:
    """Greedy average linkage from the starting groups `start` (labels 0..g-1); merging stops
    when no allowed pair of groups has an average similarity above `threshold`."""
    g = int(start.max()) + 1
    member = np.zeros((g, len(start)))
    member[start, np.arange(len(start))] = 1.0
    sizes = member.sum(axis=1)
    link = member @ similarity @ member.T / np.outer(sizes, sizes)
    blocked = (member @ forbidden.astype(float) @ member.T) > 0
    alive = np.ones(g, dtype=bool)
    np.fill_diagonal(link, -np.inf)
    while True:
        score = np.where(blocked | ~alive[None, :] | ~alive[:, None], -np.inf, link)
        best = int(np.argmax(score))
        x, y = divmod(best, g)
        if score[x, y] <= threshold:
            break
        link[x] = (sizes[x] * link[x] + sizes[y] * link[y]) / (sizes[x] + sizes[y])
        link[:, x] = link[x]
        link[x, x] = -np.inf
        blocked[x] |= blocked[y]
        blocked[:, x] = blocked[x]
        sizes[x] += sizes[y]
        alive[y] = False
        start = np.where(start == y, x, start)
    return np.asarray(pd.factorize(start)[0], dtype=np.int64)


def _split_large(
    graph: _Graph,
    rules: ClusterRules,
    nodes: np.ndarray,
    edges: np.ndarray,
    groups: np.ndarray,
) -> np.ndarray:
    """A huge component is first cut on a stricter threshold, then each part is clustered."""
    stricter = replace(rules, threshold=1 - (1 - rules.threshold) / 10)
    position = pd.Series(np.arange(len(nodes)), index=nodes)
    keep = edges[graph.prob[edges] >= stricter.threshold]
    parts = _components(
        len(nodes), position[graph.left[keep]].to_numpy(), position[graph.right[keep]].to_numpy()
    )
    if parts.max() == 0 and stricter.threshold > 1 - 1e-9:
        return parts
    labels = np.zeros(len(nodes), dtype=np.int64)
    offset = 0
    for part in range(int(parts.max()) + 1):
        local = np.flatnonzero(parts == part)
        inner = edges[np.isin(graph.left[edges], nodes[local])]
        inner = inner[np.isin(graph.right[inner], nodes[local])]
        rules_here = stricter if len(local) > _MAX_DENSE else rules
        sub = _average_linkage(graph, rules_here, nodes[local], inner, groups)
        labels[local] = sub + offset
        offset += int(sub.max()) + 1
    return labels
