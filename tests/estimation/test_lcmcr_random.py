"""The LCMCR sweep's own samplers draw from the distributions they claim (goodness of fit)."""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit
from scipy import stats

from tansiq.estimation import lcmcr_random as R

DRAWS = 40_000
# Fixed seeds make each check deterministic; a p-value this small means a wrong distribution.
ALPHA = 1e-3


@njit(cache=False)
def _betas(s: np.ndarray, a: float, b: float, n: int) -> np.ndarray:
    out = np.empty(n)
    for i in range(n):
        out[i] = R.beta_draw(s, a, b)
    return out


@njit(cache=False)
def _gammas(s: np.ndarray, a: float, b: float, n: int) -> np.ndarray:
    out = np.empty((n, 2))
    for i in range(n):
        out[i, 0], out[i, 1] = R.log_gamma_pair(s, a, b)
    return np.exp(out)


@njit(cache=False)
def _binomials(s: np.ndarray, n: int, p: float, size: int) -> np.ndarray:
    out = np.empty(size, dtype=np.int64)
    for i in range(size):
        out[i] = R.binomial(s, n, p)
    return out


@njit(cache=False)
def _multinomials(
    s: np.ndarray, total: int, probs: np.ndarray, size: int, reverse: bool
) -> np.ndarray:
    kk = probs.shape[0]
    out = np.zeros((size, kk), dtype=np.int64)
    order, tail = np.arange(kk), np.empty(kk)
    if reverse:  # least probable class first: the order must not matter
        order = np.argsort(probs)
    for i in range(size):
        if reverse:
            R.multinomial_in_order(s, total, probs, order, tail, out[i], True)
        else:
            R.multinomial(s, total, probs, order, tail, out[i])
    return out


def state(seed: int) -> np.ndarray:
    return R.new_state(np.random.default_rng(seed))


@pytest.mark.parametrize(("a", "b"), [(1.0, 1.0), (1.0, 6.0), (3.5, 2.0), (250.0, 3_000.0)])
def test_beta_draws_follow_the_beta_distribution(a: float, b: float) -> None:
    draws = _betas(state(1), a, b, DRAWS)
    assert stats.kstest(draws, stats.beta(a, b).cdf).pvalue > ALPHA


@pytest.mark.parametrize(("a", "b"), [(0.05, 3.0), (1.0, 0.4), (8.0, 2_000.0)])
def test_gamma_pairs_follow_the_gamma_distribution_below_and_above_shape_one(
    a: float, b: float
) -> None:
    draws = _gammas(state(2), a, b, DRAWS)
    assert stats.kstest(draws[:, 0], stats.gamma(a).cdf).pvalue > ALPHA
    assert stats.kstest(draws[:, 1], stats.gamma(b).cdf).pvalue > ALPHA
    assert abs(np.corrcoef(np.log(draws[:, 0]), np.log(draws[:, 1]))[0, 1]) < 0.03


@pytest.mark.parametrize(
    ("n", "p"),
    [
        (1, 0.3),
        (12, 0.04),
        (300, 0.97),
        (40, 0.3),
        (300, 0.05),
        (1_000, 0.011),
        (60, 0.5),
        (5_000, 0.4),
        (200_000, 0.7),
    ],
)
def test_binomial_draws_follow_the_binomial_distribution_by_inversion_and_btrs(
    n: int, p: float
) -> None:
    draws = _binomials(state(3), n, p, DRAWS)
    expected = stats.binom(n, p).pmf(np.arange(n + 1)) * DRAWS
    observed = np.bincount(draws, minlength=n + 1).astype(float)
    cells = expected > 5
    # Pool the sparse tails into one cell so that every draw is counted.
    expected = np.append(expected[cells], expected[~cells].sum())
    observed = np.append(observed[cells], observed[~cells].sum())
    keep = expected > 0
    chi2 = float((((observed - expected) ** 2)[keep] / expected[keep]).sum())
    assert stats.chi2(keep.sum() - 1).sf(chi2) > ALPHA


@pytest.mark.parametrize(
    ("total", "probs"),
    [
        (1, [0.5, 0.3, 0.2]),
        (7, [0.1, 0.0, 0.6, 0.3]),
        (200, [0.05, 0.5, 0.001, 0.449]),
        (40, [1e-8, 2e-6, 2e-6, 6e-6]),
    ],
)
@pytest.mark.parametrize("reverse", [False, True], ids=["sorted", "least-probable-first"])
def test_multinomial_draws_have_multinomial_cells_in_any_class_order(
    total: int, probs: list[float], reverse: bool
) -> None:
    p = np.asarray(probs)
    draws = _multinomials(state(4), total, p, DRAWS, reverse)
    assert (draws.sum(axis=1) == total).all()
    p = p / p.sum()
    assert (draws[:, p == 0] == 0).all()
    # Each cell is Binomial(total, p_k): its mean within 4 standard errors.
    se = np.sqrt(total * p * (1 - p) / DRAWS)
    assert (np.abs(draws.mean(axis=0) - total * p) <= 4 * se + 1e-12).all()
    # And two cells have covariance -total p_i p_j.
    cov = np.cov(draws[:, 0], draws[:, -1])[0, 1]
    assert cov == pytest.approx(-total * p[0] * p[-1], abs=0.05 + 0.1 * total * p[0] * p[-1])


def test_same_state_same_draws() -> None:
    first = _binomials(state(9), 50, 0.2, 100)
    again = _binomials(state(9), 50, 0.2, 100)
    assert np.array_equal(first, again)
