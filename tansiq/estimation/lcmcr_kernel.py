"""The LCMCR Gibbs sweep, compiled with Numba.

State of one chain lives in arrays that the caller owns, so the sampler can run in chunks (for a
progress display) and continue exactly where it stopped. Random numbers come from Numba's own
generator, seeded once per chain from the caller's numpy Generator (`seed_chain`).

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

# Indices into the float state vector.
ALPHA, N0 = 0, 1
# Up to this many persons, one categorical draw each is cheaper than a chain of binomials
# (measured: the chain wins from 3 persons on).
_SMALL_COUNT = 2
# Beyond this mean the unobserved count is reported as is: the data no longer bound N.
_MAX_MEAN_N0 = 1e15


@njit(cache=True)
def seed_chain(seed: int) -> None:
    """Seed Numba's generator (one stream per thread) for the next chain."""
    np.random.seed(seed)


@njit(cache=True)
def _log_gamma_draw(shape: float) -> float:
    # log of a Gamma(shape, 1) draw, stable for tiny shapes (alpha can get very small).
    if shape < 1.0:
        return float(np.log(np.random.gamma(shape + 1.0, 1.0)) + np.log(np.random.random()) / shape)
    return float(np.log(np.random.gamma(shape, 1.0)))


@njit(cache=True)
def _multinomial(
    total: int, probs: np.ndarray, mass: float, order: np.ndarray, out: np.ndarray
) -> None:
    # Draw a multinomial(total, probs / mass) into `out` (probs need not be normalised), visiting
    # classes in `order` (largest first) so that the binomial chain usually stops early.
    kk = probs.shape[0]
    for k in range(kk):
        out[k] = 0
    if total <= 0:
        return
    if total <= _SMALL_COUNT:
        for _ in range(total):
            u = np.random.random() * mass
            acc = 0.0
            pick = kk - 1
            for k in range(kk):
                acc += probs[k]
                if u < acc:
                    pick = k
                    break
            out[pick] += 1
        return
    left = total
    rest = mass
    for i in range(kk - 1):
        k = order[i]
        p = probs[k] / rest if rest > 0.0 else 0.0
        if p >= 1.0:
            out[k] = left
            return
        draw = np.random.binomial(left, p) if p > 0.0 else 0
        out[k] = draw
        left -= draw
        if left == 0:
            return
        rest -= probs[k]
    out[order[kk - 1]] = left


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
    """Overdispersed start: jittered marginal capture rates, random weights, n0 = 0."""
    jj, kk = lam.shape
    n = counts.sum()
    for j in range(jj):
        seen = 0
        for m in range(patterns.shape[0]):
            seen += patterns[m, j] * counts[m]
        base = seen / n
        for k in range(kk):
            lam[j, k] = min(0.98, max(0.02, base * np.random.uniform(0.5, 1.5)))
    acc = 0.0
    for k in range(kk - 1):
        v = np.random.beta(1.0, 1.0)
        log_nu[k] = np.log(v) + acc
        acc += np.log1p(-v)
    log_nu[kk - 1] = acc
    for k in range(kk):
        nu[k] = np.exp(log_nu[k])
        count0_k[k] = 0
    count_mk[:, :] = 0
    scalars[ALPHA] = 1.0
    scalars[N0] = 0.0


@njit(cache=True)
def _allocate_observed(
    patterns: np.ndarray,
    counts: np.ndarray,
    lam: np.ndarray,
    nu: np.ndarray,
    order: np.ndarray,
    count_mk: np.ndarray,
    factor: np.ndarray,
    probs: np.ndarray,
    draw: np.ndarray,
) -> None:
    """Step 1: each observed pattern's count, allocated to the classes (multinomial)."""
    jj, kk = lam.shape
    # Indexed by the 0/1 cell rather than branched on: the branch is unpredictable.
    for j in range(jj):
        for k in range(kk):
            factor[j, 0, k] = 1.0 - lam[j, k]
            factor[j, 1, k] = lam[j, k]
    for m in range(patterns.shape[0]):
        mass = 0.0
        for k in range(kk):
            p = nu[k]
            for j in range(jj):
                p *= factor[j, patterns[m, j], k]
            probs[k] = p
            mass += p
        _multinomial(counts[m], probs, mass, order, draw)
        for k in range(kk):
            count_mk[m, k] = draw[k]


@njit(cache=True)
def _update_capture(
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
                lam[j, k] = np.random.random()
            continue
        for j in range(jj):
            lam[j, k] = np.random.beta(1.0 + ones[j, k], 1.0 + size_k[k] - ones[j, k])


@njit(cache=True)
def _update_weights(
    size_k: np.ndarray, total: int, alpha: float, log_nu: np.ndarray, nu: np.ndarray
) -> None:
    """Step 3: truncated stick-breaking weights, V_k ~ Beta(1 + n_k, alpha + n_{>k}), in logs."""
    kk = nu.shape[0]
    acc = 0.0
    before = 0
    for k in range(kk - 1):
        before += size_k[k]
        g1 = _log_gamma_draw(1.0 + size_k[k])
        g2 = _log_gamma_draw(alpha + (total - before))
        top = max(g1, g2)
        lsum = top + np.log(np.exp(g1 - top) + np.exp(g2 - top))
        log_nu[k] = g1 - lsum + acc
        acc += g2 - lsum
        nu[k] = np.exp(log_nu[k])
    log_nu[kk - 1] = acc
    nu[kk - 1] = np.exp(acc)


@njit(cache=True)
def _draw_unobserved(
    n: int, lam: np.ndarray, nu: np.ndarray, order: np.ndarray, zero_probs: np.ndarray,
    count0_k: np.ndarray,
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
    _multinomial(n0, zero_probs, p0, order, count0_k)
    return int(n0)


@njit(cache=True)
def run_chain(
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
) -> int:
    """Run `sweeps` Gibbs sweeps; keep every `thin`-th state in the outputs; return kept count.

    Outputs may have length 0 (burn-in). The state arrays are updated in place.
    """
    jj, kk = lam.shape
    n = counts.sum()
    probs = np.empty(kk)
    zero_probs = np.empty(kk)
    draw = np.empty(kk, dtype=np.int64)
    ones = np.zeros((jj, kk))
    factor = np.empty((jj, 2, kk))
    size_k = np.zeros(kk, dtype=np.int64)
    kept = 0
    order = np.argsort(-nu)
    for sweep in range(sweeps):
        _allocate_observed(patterns, counts, lam, nu, order, count_mk, factor, probs, draw)
        _update_capture(patterns, lam, count_mk, count0_k, ones, size_k)
        _update_weights(size_k, n + int(scalars[N0]), scalars[ALPHA], log_nu, nu)
        order = np.argsort(-nu)
        n0 = _draw_unobserved(n, lam, nu, order, zero_probs, count0_k)
        scalars[N0] = n0
        # 6. concentration
        scalars[ALPHA] = np.random.gamma(a_alpha + kk - 1.0, 1.0 / (b_alpha - log_nu[kk - 1]))
        if thin > 0 and (sweep + 1) % thin == 0 and kept < out_n0.shape[0]:
            out_n0[kept] = n0
            out_alpha[kept] = scalars[ALPHA]
            out_kstar[kept] = np.count_nonzero(size_k)
            kept += 1
    return kept
