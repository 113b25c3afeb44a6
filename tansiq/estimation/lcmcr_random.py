"""Exact random variates for the LCMCR sweep, compiled with Numba.

The sweep draws about a thousand variates, so their cost is the sweep's cost. Uniforms come from
a xoshiro256+ generator whose four-word state is an array the chain owns (`new_state` seeds it
from a numpy Generator), about six times cheaper than Numba's global Mersenne Twister, and
reproducible chunk after chunk. On it:

- Gamma(a >= 1): Marsaglia and Tsang (2000), one standard normal and one uniform per attempt,
  more than 95% of attempts accepted, usually without a logarithm (the squeeze); normals come in
  pairs from Marsaglia's polar method, so a Beta draw (two gammas) costs one pair. Numba's own
  gamma is Cheng's (1977) method, a logarithm and an exponential per attempt.
- Binomial(n, p) (p folded to at most 1/2): by inversion (BINV, the probability mass function
  walked from 0, (1 - p)^n by repeated squaring) below a mean of 16, which is most draws of a
  multinomial chain, and from there by Hormann's (1993) BTRS, transformed rejection: two
  uniforms for most draws whatever the mean, where inversion walks the whole mean and Numba's
  BTPE costs several times as much.
- Multinomial: conditional binomials, largest class first, and the last few persons placed one
  by one (a categorical draw each); both are exact factorisations, and the switch depends only on
  how many persons are left, not on where they go.

Every method is exact (rejection, inversion or a factorisation; no approximation beyond floating
point and, in BTRS's rare final test, Stirling's series for log k! to within 1e-10).

Numba caches `lcmcr_kernel`'s compiled sweep keyed on that file alone: after editing this file,
delete `__pycache__/*.nbi` and `*.nbc` (or touch `lcmcr_kernel.py`), or the sweep keeps the old
samplers.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, uint64

# A multinomial places this many remaining persons or fewer one by one rather than by binomials.
CATEGORICAL_MAX = 8
# Binomial means (after folding p to <= 1/2) below this use inversion, from it on BTRS.
BTRS_MIN = 16.0
# log(k!) - [(k + 1/2) log(k + 1) - (k + 1) + log(2 pi) / 2] for k = 0..9 (Stirling's remainder).
_STIRLING_TAIL = np.array(
    [
        0.0810614667953272582,
        0.0413406959554092940,
        0.0276779256849983391,
        0.0207906721037650931,
        0.0166446911898211921,
        0.0138761288230707480,
        0.0118967099458917701,
        0.0104112652619720965,
        0.00925546218271273292,
        0.00833056343336287126,
    ]
)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53


def new_state(rng: np.random.Generator) -> np.ndarray:
    """A fresh xoshiro256+ state (four uint64 words, not all zero) drawn from `rng`."""
    while True:
        state = rng.integers(0, 2**64, size=4, dtype=np.uint64, endpoint=False)
        if state.any():
            return state


@njit(cache=True, inline="always")
def uniform(s: np.ndarray) -> float:
    """A uniform draw on [0, 1) with 53 random bits; advances the state `s` in place."""
    s0, s1, s2, s3 = s[0], s[1], s[2], s[3]
    result = s0 + s3
    t = s1 << uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = (s3 << uint64(45)) | (s3 >> uint64(19))
    s[0], s[1], s[2], s[3] = s0, s1, s2, s3
    return float(result >> uint64(11)) * _TO_UNIT


@njit(cache=True, inline="always")
def normal_pair(s: np.ndarray) -> tuple[float, float]:
    """Two independent standard normal draws (Marsaglia's polar method)."""
    while True:
        x = 2.0 * uniform(s) - 1.0
        y = 2.0 * uniform(s) - 1.0
        r2 = x * x + y * y
        if 0.0 < r2 < 1.0:
            f = math.sqrt(-2.0 * math.log(r2) / r2)
            return x * f, y * f


@njit(cache=True, inline="always")
def gamma_from_normal(s: np.ndarray, shape: float, z: float) -> float:
    """A Gamma(shape, 1) draw for shape >= 1 (Marsaglia-Tsang), trying the normal `z` first.

    `z` must be a fresh standard normal, independent of everything else drawn; further attempts
    draw their own normals.
    """
    d = shape - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * d)
    x = z
    while True:
        v = 1.0 + c * x
        if v > 0.0:
            v = v * v * v
            u = uniform(s)
            x2 = x * x
            if u < 1.0 - 0.0331 * x2 * x2:
                return d * v
            if u > 0.0 and math.log(u) < 0.5 * x2 + d * (1.0 - v + math.log(v)):
                return d * v
        x = normal_pair(s)[0]


@njit(cache=True)
def beta_draw(s: np.ndarray, a: float, b: float) -> float:
    """A Beta(a, b) draw for a, b >= 1: G_a / (G_a + G_b) with independent gammas."""
    z1, z2 = normal_pair(s)
    g1 = gamma_from_normal(s, a, z1)
    g2 = gamma_from_normal(s, b, z2)
    return g1 / (g1 + g2)


@njit(cache=True)
def log_gamma_pair(s: np.ndarray, a: float, b: float) -> tuple[float, float]:
    """Logs of independent Gamma(a, 1) and Gamma(b, 1) draws, for any a, b > 0.

    A shape below 1 uses Gamma(c) = Gamma(c + 1) * U^(1/c), kept in logs: stable for the tiny
    shapes the stick-breaking concentration can reach.
    """
    z1, z2 = normal_pair(s)
    g1 = math.log(gamma_from_normal(s, a if a >= 1.0 else a + 1.0, z1))
    g2 = math.log(gamma_from_normal(s, b if b >= 1.0 else b + 1.0, z2))
    if a < 1.0:
        g1 += math.log(1.0 - uniform(s)) / a
    if b < 1.0:
        g2 += math.log(1.0 - uniform(s)) / b
    return g1, g2


@njit(cache=True, inline="always")
def _binomial_inversion(s: np.ndarray, n: int, p: float) -> int:
    # BINV: walk the probability mass function from 0 until the uniform is used up.
    ratio = p / (1.0 - p)
    px = (1.0 - p) ** n
    u = uniform(s)
    x = 0
    while u > px and x < n:
        u -= px
        x += 1
        px *= ratio * (n - x + 1) / x
    return x


@njit(cache=True)
def _stirling_tail(k: float) -> float:
    # Remainder of Stirling's series for log(k!); from k = 10 its series to 1/k^5 (error < 1e-10).
    if k <= 9.0:
        return float(_STIRLING_TAIL[int(k)])
    r = 1.0 / (k + 1.0)
    r2 = r * r
    return (1.0 / 12.0 - (1.0 / 360.0 - r2 / 1260.0) * r2) * r


@njit(cache=True)
def _binomial_btrs(s: np.ndarray, n: int, p: float) -> int:
    # Hormann (1993) BTRS, transformed rejection with squeeze, for n p >= 10 (used from 16) and p <= 1/2: most
    # draws cost two uniforms; the rest are accepted or rejected on the exact log-pmf ratio.
    q = 1.0 - p
    spq = math.sqrt(n * p * q)
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = n * p + 0.5
    v_r = 0.92 - 4.2 / b
    alpha = (2.83 + 5.1 / b) * spq
    m = math.floor((n + 1) * p)
    r = p / q
    while True:
        u = uniform(s) - 0.5
        v = uniform(s)
        us = 0.5 - abs(u)
        k = math.floor((2.0 * a / us + b) * u + c)
        if us >= 0.07 and v <= v_r:
            return int(k)
        if k < 0.0 or k > n or v <= 0.0:
            continue
        v = math.log(v * alpha / (a / (us * us) + b))
        bound = (
            (m + 0.5) * math.log((m + 1.0) / (r * (n - m + 1.0)))
            + (n + 1.0) * math.log((n - m + 1.0) / (n - k + 1.0))
            + (k + 0.5) * math.log(r * (n - k + 1.0) / (k + 1.0))
            + _stirling_tail(m)
            + _stirling_tail(n - m)
            - _stirling_tail(k)
            - _stirling_tail(n - k)
        )
        if v <= bound:
            return int(k)


@njit(cache=True, inline="always")
def binomial(s: np.ndarray, n: int, p: float) -> int:
    """A Binomial(n, p) draw (exact; the method depends only on n and p)."""
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    folded = p > 0.5
    q = 1.0 - p if folded else p
    x = _binomial_inversion(s, n, q) if n * q < BTRS_MIN else _binomial_btrs(s, n, q)
    return n - x if folded else x


@njit(cache=True, inline="always")
def _sort_descending(probs: np.ndarray, order: np.ndarray, tail: np.ndarray) -> None:
    # Reorder the permutation `order` by decreasing probability (insertion sort: K is small and
    # the previous sweep's order is nearly right, so it costs about K comparisons), and tail[i]
    # the sum of the probabilities of order[i:], summed from the smallest to stay accurate.
    kk = probs.shape[0]
    for i in range(1, kk):
        idx = order[i]
        p = probs[idx]
        j = i - 1
        while j >= 0 and probs[order[j]] < p:
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = idx
    acc = 0.0
    for i in range(kk - 1, -1, -1):
        acc += probs[order[i]]
        tail[i] = acc


@njit(cache=True)
def _place_one_by_one(
    s: np.ndarray, left: int, order: np.ndarray, start: int, tail: np.ndarray, out: np.ndarray
) -> None:
    # `left` persons, each to one of the classes order[start:] in proportion to its probability.
    # With w uniform on (0, tail[start]], class order[j] owns w in (tail[j + 1], tail[j]]: the
    # scan compares with the tail sums already computed, and an empty class owns nothing.
    kk = order.shape[0]
    rest = tail[start]
    for _ in range(left):
        w = (1.0 - uniform(s)) * rest
        j = start
        while j < kk - 1 and tail[j + 1] >= w:
            j += 1
        out[order[j]] += 1


@njit(cache=True)
def multinomial(
    s: np.ndarray, total: int, probs: np.ndarray, order: np.ndarray, tail: np.ndarray,
    out: np.ndarray,
) -> None:  # fmt: skip
    """Draw Multinomial(total, probs / sum(probs)) into `out` (probs need not be normalised).

    `order` (int64) holds a permutation of the classes, reordered here by decreasing probability
    (keep it between calls with similar probabilities: sorting is then cheap); `tail` (float64) is
    scratch. Both have the length of `probs`. Any order gives the same distribution.
    """
    if total <= 0:
        for k in range(probs.shape[0]):
            out[k] = 0
        return
    _sort_descending(probs, order, tail)
    multinomial_in_order(s, total, probs, order, tail, out, False)


@njit(cache=True)
def multinomial_in_order(
    s: np.ndarray, total: int, probs: np.ndarray, order: np.ndarray, tail: np.ndarray,
    out: np.ndarray, fill_tail: bool,
) -> None:  # fmt: skip
    """`multinomial`, visiting the classes in the given `order` (best: most probable first).

    `tail[i]` must hold the sum of probs[order[i:]], or pass `fill_tail` to compute it here.
    """
    kk = probs.shape[0]
    for k in range(kk):
        out[k] = 0
    if total <= 0:
        return
    if fill_tail:
        acc = 0.0
        for i in range(kk - 1, -1, -1):
            acc += probs[order[i]]
            tail[i] = acc
    left = total
    for i in range(kk - 1):
        if left <= CATEGORICAL_MAX:
            _place_one_by_one(s, left, order, i, tail, out)
            return
        k = order[i]
        p = probs[k] / tail[i] if tail[i] > 0.0 else 1.0
        draw = binomial(s, left, p)
        out[k] = draw
        left -= draw
        if left == 0:
            return
    out[order[kk - 1]] = left
