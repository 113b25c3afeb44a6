"""The LCMCR Gibbs sweep, compiled with Numba.

State of one chain lives in arrays that the caller owns, so the sampler can run in chunks (for a
progress display) and continue exactly where it stopped. Random numbers come from Numba's own
generator (`seed_chain`) and, for most draws, from a xoshiro256+ state the chain owns (`rng`,
made by `lcmcr_random.new_state`), both seeded once per chain from the caller's numpy
Generator; the exact samplers are in `lcmcr_random`.

One sweep, in the order of Manrique-Vallier (2016):
1. allocate each observed pattern's count to the K latent classes (multinomial);
2. capture probabilities lambda[j, k] ~ Beta(1 + captured, 1 + not captured), unobserved included;
3. stick-breaking weights nu (truncated at K) given class sizes and alpha;
4. the unobserved count n0 ~ NegBin(n, 1 - p0), p0 = P(pattern all zeros), prior p(N) ~ 1/N;
5. allocate n0 to classes with probabilities nu[k] * prod_j (1 - lambda[j, k]);
6. alpha ~ Gamma(a + K - 1, b - sum_k log(1 - V_k)).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from tansiq.estimation.lcmcr_random import (
    beta_draw,
    log_gamma_pair,
    multinomial,
    multinomial_in_order,
    uniform,
)

# Indices into the float state vector.
ALPHA, N0 = 0, 1
# Class probabilities of all 2^J patterns are tabulated when 2^J is at most this many times the
# number of observed patterns (and J at most _MAX_TABLE_LISTS); otherwise pattern by pattern.
_TABLE_FACTOR = 4
_MAX_TABLE_LISTS = 20
# Beyond this mean the unobserved count is reported as is: the data no longer bound N.
_MAX_MEAN_N0 = 1e15


@njit(cache=True)
def seed_chain(seed: int) -> None:
    """Seed Numba's generator (one stream per thread) for the next chain."""
    np.random.seed(seed)


@njit(cache=True)
def initialise_chain(
    patterns: np.ndarray,
    counts: np.ndarray,
    lam: np.ndarray,
    log_nu: np.ndarray,
    nu: np.ndarray,
    count_mk: np.ndarray,
    count0_k: np.ndarray,
    scalars: np.ndarray,
) -> None:
    """The start of the reference implementation (R package LCMCR), before its warm-up.

    Every class captures with the lists' marginal rates; 90% of the weight is spread over the
    first min(4, K) classes and 10% over the rest; alpha = 0.3 / K (held there during the
    warm-up, see `run_chain`'s `update_alpha`); nobody unobserved.
    """
    jj, kk = lam.shape
    n = counts.sum()
    for j in range(jj):
        seen = 0
        for m in range(patterns.shape[0]):
            seen += patterns[m, j] * counts[m]
        base = min(0.98, max(0.02, seen / n))
        for k in range(kk):
            lam[j, k] = base
    first = min(4, kk)
    for k in range(kk):
        if kk == first:
            nu[k] = 1.0 / kk
        else:
            nu[k] = 0.9 / first if k < first else 0.1 / (kk - first)
        log_nu[k] = np.log(nu[k])
        count0_k[k] = 0
    count_mk[:, :] = 0
    scalars[ALPHA] = 0.3 / kk
    scalars[N0] = 0.0


@njit(cache=True)
def sort_classes(
    lam: np.ndarray, log_nu: np.ndarray, nu: np.ndarray, count_mk: np.ndarray,
    count0_k: np.ndarray,
) -> None:  # fmt: skip
    """Relabel the classes by decreasing weight (capture rates and allocations move along).

    Done once, after the warm-up, as the reference implementation does: the truncated
    stick-breaking prior is not exchangeable, and a heavy class left in the last stick holds
    alpha high.
    """
    order = np.argsort(-nu, kind="mergesort")
    lam[:, :] = lam[:, order].copy()
    log_nu[:] = log_nu[order].copy()
    nu[:] = nu[order].copy()
    count_mk[:, :] = count_mk[:, order].copy()
    count0_k[:] = count0_k[order].copy()


@njit(cache=True)
def _log_weights_density(
    log_nu: np.ndarray, a_alpha: float, b_alpha: float, a: int, b: int
) -> float:
    """log p(nu) with alpha ~ Gamma(a_alpha, b_alpha) integrated out, up to a constant, with
    classes a and b exchanged.

    Given alpha the truncated stick-breaking weights have density
    alpha^(K-1) nu_K^(alpha-1) / prod_{k=2}^{K-1} (nu_k + ... + nu_K); integrating alpha gives
    nu_K^-1 (b_alpha - log nu_K)^-(a_alpha + K - 1) / prod_{k=2}^{K-1} (nu_k + ... + nu_K).
    """
    kk = log_nu.shape[0]
    last = kk - 1
    last = b if last == a else (a if last == b else last)
    out = -log_nu[last] - (a_alpha + kk - 1.0) * np.log(b_alpha - log_nu[last])
    tail = log_nu[last]
    for k in range(kk - 2, 0, -1):
        i = b if k == a else (a if k == b else k)
        x = log_nu[i]
        top = max(tail, x)
        tail = top + np.log(np.exp(tail - top) + np.exp(x - top))
        out -= tail
    return float(out)


@njit(cache=True)
def _swap_classes(
    rng: np.ndarray, lam: np.ndarray, log_nu: np.ndarray, nu: np.ndarray, count_mk: np.ndarray,
    count0_k: np.ndarray, scalars: np.ndarray, a_alpha: float, b_alpha: float,
) -> bool:  # fmt: skip
    """Metropolis move: exchange two classes chosen at random, weights included, and redraw alpha.

    A relabelling leaves the likelihood and the priors of the capture rates unchanged, and a
    transposition is its own inverse (a symmetric proposal); so, with alpha integrated out, the
    exchange is accepted with the ratio of the marginal densities of the weights, and alpha is
    then drawn from its conditional given the new weights. A trapped chain (the heaviest class in
    the last stick, alpha inflated) holds there because each of nu and alpha keeps the other in
    place; this move changes both at once. Returns whether the exchange was made.
    """
    kk = nu.shape[0]
    if kk < 2:
        return False
    a = int(uniform(rng) * kk)
    b = int(uniform(rng) * (kk - 1))
    if b >= a:
        b += 1
    log_ratio = _log_weights_density(log_nu, a_alpha, b_alpha, a, b) - _log_weights_density(
        log_nu, a_alpha, b_alpha, -1, -1
    )
    if log_ratio < 0.0 and np.log(1.0 - uniform(rng)) >= log_ratio:
        return False
    for j in range(lam.shape[0]):
        lam[j, a], lam[j, b] = lam[j, b], lam[j, a]
    log_nu[a], log_nu[b] = log_nu[b], log_nu[a]
    nu[a], nu[b] = nu[b], nu[a]
    for m in range(count_mk.shape[0]):
        count_mk[m, a], count_mk[m, b] = count_mk[m, b], count_mk[m, a]
    count0_k[a], count0_k[b] = count0_k[b], count0_k[a]
    scalars[ALPHA] = np.random.gamma(a_alpha + kk - 1.0, 1.0 / (b_alpha - log_nu[kk - 1]))
    return True


@njit(cache=True)
def _pattern_masks(patterns: np.ndarray) -> np.ndarray:
    """Each capture pattern as a bit mask (list j is bit j)."""
    masks = np.zeros(patterns.shape[0], dtype=np.int64)
    for m in range(patterns.shape[0]):
        for j in range(patterns.shape[1]):
            if patterns[m, j]:
                masks[m] |= 1 << j
    return masks


@njit(cache=True)
def _fill_pattern_table(lam: np.ndarray, nu: np.ndarray, table: np.ndarray) -> None:
    """table[mask, k] = nu[k] * prod_j (lam[j, k] if bit j of mask else 1 - lam[j, k]).

    Built list by list, each step doubling the masks filled: 2^(J+1) products per class instead
    of J per pattern, the same products (shared prefixes), no division.
    """
    jj, kk = lam.shape
    for k in range(kk):
        table[0, k] = nu[k]
    size = 1
    for j in range(jj):
        for mask in range(size):
            for k in range(kk):
                v = table[mask, k]
                table[mask | size, k] = v * lam[j, k]
                table[mask, k] = v * (1.0 - lam[j, k])
        size <<= 1


@njit(cache=True)
def _pattern_probs(lam: np.ndarray, nu: np.ndarray, pattern: np.ndarray, probs: np.ndarray) -> None:
    # The same products for one pattern, when the table of all 2^J patterns would be too large.
    jj, kk = lam.shape
    for k in range(kk):
        p = nu[k]
        for j in range(jj):
            p *= lam[j, k] if pattern[j] else 1.0 - lam[j, k]
        probs[k] = p


@njit(cache=True)
def _allocate_observed(
    rng: np.ndarray,
    patterns: np.ndarray,
    masks: np.ndarray,
    counts: np.ndarray,
    lam: np.ndarray,
    nu: np.ndarray,
    count_mk: np.ndarray,
    table: np.ndarray,
    orders: np.ndarray,
    tail: np.ndarray,
) -> None:
    """Step 1: each observed pattern's count, allocated to the classes (multinomial).

    `table` holds every pattern's class probabilities (2^J rows) or is a single scratch row
    (1 row) when 2^J is too large next to the number of observed patterns. `orders[m]` keeps
    pattern m's classes by decreasing probability from one sweep to the next.
    """
    whole = table.shape[0] > 1
    if whole:
        _fill_pattern_table(lam, nu, table)
    order = orders[0]
    _order_by_observed_size(count_mk, order, tail)
    for m in range(patterns.shape[0]):
        if whole:
            row = table[masks[m]]
        else:
            _pattern_probs(lam, nu, patterns[m], table[0])
            row = table[0]
        multinomial_in_order(rng, counts[m], row, order, tail, count_mk[m], True)


@njit(cache=True)
def _order_by_observed_size(count_mk: np.ndarray, order: np.ndarray, size: np.ndarray) -> None:
    # Classes by decreasing number of observed persons in the previous sweep: one order for all
    # patterns, so that their multinomial chains usually stop early without a sort per pattern.
    # `size` is scratch.
    kk = count_mk.shape[1]
    size[:] = 0.0
    for m in range(count_mk.shape[0]):
        for k in range(kk):
            size[k] += count_mk[m, k]
    for i in range(1, kk):
        idx = order[i]
        j = i - 1
        while j >= 0 and size[order[j]] < size[idx]:
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = idx


@njit(cache=True)
def _update_capture(
    rng: np.ndarray,
    patterns: np.ndarray,
    lam: np.ndarray,
    count_mk: np.ndarray,
    count0_k: np.ndarray,
    ones: np.ndarray,
    size_k: np.ndarray,
) -> None:
    """Step 2: class sizes (unobserved included) and lambda[j, k] from its Beta posterior."""
    jj, kk = lam.shape
    for k in range(kk):
        size_k[k] = count0_k[k]
        for j in range(jj):
            ones[j, k] = 0.0
    for m in range(patterns.shape[0]):
        for k in range(kk):
            c = count_mk[m, k]
            if c == 0:
                continue
            size_k[k] += c
            for j in range(jj):
                ones[j, k] += patterns[m, j] * c
    for k in range(kk):
        if size_k[k] == 0:
            # Beta(1, 1) is uniform: an empty class costs one uniform per list.
            for j in range(jj):
                lam[j, k] = uniform(rng)
            continue
        for j in range(jj):
            lam[j, k] = beta_draw(rng, 1.0 + ones[j, k], 1.0 + size_k[k] - ones[j, k])


@njit(cache=True)
def _update_weights(
    rng: np.ndarray, size_k: np.ndarray, total: int, alpha: float, log_nu: np.ndarray,
    nu: np.ndarray,
) -> None:  # fmt: skip
    """Step 3: truncated stick-breaking weights, V_k ~ Beta(1 + n_k, alpha + n_{>k}), in logs."""
    kk = nu.shape[0]
    acc = 0.0
    before = 0
    for k in range(kk - 1):
        before += size_k[k]
        g1, g2 = log_gamma_pair(rng, 1.0 + size_k[k], alpha + (total - before))
        top = max(g1, g2)
        lsum = top + np.log(np.exp(g1 - top) + np.exp(g2 - top))
        log_nu[k] = g1 - lsum + acc
        acc += g2 - lsum
        nu[k] = np.exp(log_nu[k])
    log_nu[kk - 1] = acc
    nu[kk - 1] = np.exp(acc)


@njit(cache=True)
def _draw_unobserved(
    rng: np.ndarray, n: int, lam: np.ndarray, nu: np.ndarray, zero_probs: np.ndarray,
    count0_k: np.ndarray, order: np.ndarray, tail: np.ndarray,
) -> int:  # fmt: skip
    """Steps 4-5: n0 ~ NegBin(n, 1 - p0) (prior p(N) ~ 1/N), then its classes; returns n0."""
    jj, kk = lam.shape
    p0 = 0.0
    for k in range(kk):
        p = nu[k]
        for j in range(jj):
            p *= 1.0 - lam[j, k]
        zero_probs[k] = p
        p0 += p
    p0 = min(p0, 1.0 - 1e-12)
    mean = min(np.random.gamma(n, p0 / (1.0 - p0)), _MAX_MEAN_N0)
    n0 = np.random.poisson(mean)
    multinomial(rng, n0, zero_probs, order, tail, count0_k)
    return int(n0)


@njit(cache=True)
def run_chain(
    rng: np.ndarray,
    patterns: np.ndarray,
    counts: np.ndarray,
    lam: np.ndarray,
    log_nu: np.ndarray,
    nu: np.ndarray,
    count_mk: np.ndarray,
    count0_k: np.ndarray,
    scalars: np.ndarray,
    a_alpha: float,
    b_alpha: float,
    sweeps: int,
    thin: int,
    out_n0: np.ndarray,
    out_alpha: np.ndarray,
    out_kstar: np.ndarray,
    update_alpha: bool,
    swaps: int,
) -> int:
    """Run `sweeps` Gibbs sweeps; keep every `thin`-th state in the outputs; return kept count.

    Outputs may have length 0 (burn-in). The state arrays, `rng` included, are updated in place.
    `update_alpha` False holds alpha where it is (the warm-up); otherwise `swaps` class
    exchanges (`_swap_classes`) are tried after each sweep.
    """
    jj, kk = lam.shape
    n = counts.sum()
    zero_probs = np.empty(kk)
    tail = np.empty(kk)
    # Class orders by decreasing probability, per observed pattern and for the unobserved.
    orders = np.empty((patterns.shape[0] + 1, kk), dtype=np.int64)
    for m in range(orders.shape[0]):
        orders[m] = np.arange(kk)
    masks = _pattern_masks(patterns)
    whole = jj <= _MAX_TABLE_LISTS and (1 << jj) <= _TABLE_FACTOR * patterns.shape[0]
    table = np.empty(((1 << jj) if whole else 1, kk))
    ones = np.zeros((jj, kk))
    size_k = np.zeros(kk, dtype=np.int64)
    kept = 0
    for sweep in range(sweeps):
        _allocate_observed(rng, patterns, masks, counts, lam, nu, count_mk, table, orders, tail)
        _update_capture(rng, patterns, lam, count_mk, count0_k, ones, size_k)
        _update_weights(rng, size_k, n + int(scalars[N0]), scalars[ALPHA], log_nu, nu)
        n0 = _draw_unobserved(rng, n, lam, nu, zero_probs, count0_k, orders[-1], tail)
        scalars[N0] = n0
        # 6. concentration
        if update_alpha:
            scalars[ALPHA] = np.random.gamma(a_alpha + kk - 1.0, 1.0 / (b_alpha - log_nu[kk - 1]))
            for _ in range(swaps):
                _swap_classes(rng, lam, log_nu, nu, count_mk, count0_k, scalars, a_alpha, b_alpha)
        if thin > 0 and (sweep + 1) % thin == 0 and kept < out_n0.shape[0]:
            out_n0[kept] = n0
            out_alpha[kept] = scalars[ALPHA]
            out_kstar[kept] = np.count_nonzero(size_k)
            kept += 1
    return kept
