"""Convergence, Monte Carlo error and prior-dominance checks for posterior draws of N.

R-hat, effective sample size and the Monte Carlo standard error of a quantile follow Vehtari,
Gelman, Simpson, Carpenter and Bürkner (2021), "Rank-normalization, folding, and localization: an
improved R-hat for assessing convergence of MCMC", Bayesian Analysis 16(2): 667-718, computed
here with NumPy (the same numbers as ArviZ, whose import alone costs seconds;
`tests/estimation/test_diagnostics.py` compares the two on the same draws).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "ALPHA_TRAPPED",
    "MCSE_LIMIT",
    "RHAT_LIMIT",
    "chain_diagnostics",
    "chain_warnings",
    "ess_bulk",
    "per_chain_summaries",
    "posterior_warnings",
    "quantile_mcse",
    "rhat",
]

# Chains disagree beyond this (Vehtari et al. 2021 suggest 1.01 for final results; 1.05 flags
# a run that must not be published as is).
RHAT_LIMIT = 1.05
MIN_ESS = 100.0
# The posterior's 97.5% point beyond this many documented persons: the lists barely overlap
# and the prior, not the data, decides how far the tail runs.
TAIL_RATIO = 10.0
# An interval wider than this many point estimates says little beyond "unknown".
WIDTH_RATIO = 2.0
# Monte Carlo standard error of the median beyond this share of the median (twice that share
# for the interval ends, whose quantiles need more draws for the same precision): another seed
# may well move the figure by 1% or more, and a run more than 2% off is no longer a rare event.
# LCMCR extends its chains to reach this (`lcmcr.TARGET_MCSE`); a run that ends above it warns.
MCSE_LIMIT = 0.005
# A chain whose median concentration alpha exceeds this spends its time with persons in a late
# stick (the heaviest class last): the state LCMCR chains can be trapped in. In the posterior of
# the tables tested alpha stays between 0.01 and 2 (a trapped chain: 9 to 40).
ALPHA_TRAPPED = 5.0
# A chain's median this far (relative) from the other chains' pooled median, and more than
# DISAGREE_Z of their combined Monte Carlo errors, is reported even when R-hat passes.
DISAGREE_SHARE = 0.02
DISAGREE_Z = 3.0
# The two tail probabilities of +-1 standard normal deviation (ArviZ's quantile MCSE).
_ONE_SIGMA = (0.1586553, 0.8413447)


def _split_chains(draws: np.ndarray) -> np.ndarray:
    # Each chain's first and last halves as two chains (the middle draw of an odd length dropped).
    half = draws.shape[1] // 2
    return np.vstack((draws[:, :half], draws[:, draws.shape[1] - half :]))


def _average_ranks(values: np.ndarray) -> np.ndarray:
    # Ranks 1..n, ties given their average rank.
    flat = values.ravel()
    _, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True)
    before = np.cumsum(counts) - counts
    return (before + (counts + 1) / 2.0)[inverse.ravel()].reshape(values.shape)


def _z_scale(values: np.ndarray) -> np.ndarray:
    from scipy.special import ndtri

    ranks = _average_ranks(values)
    return np.asarray(ndtri((ranks - 0.375) / (values.size + 0.25)))


def _rhat_plain(values: np.ndarray) -> float:
    n = values.shape[1]
    between = n * np.var(values.mean(axis=1), ddof=1)
    within = np.mean(np.var(values, axis=1, ddof=1))
    return float(np.sqrt((between / within + n - 1) / n))


def rhat(draws_by_chain: np.ndarray) -> float:
    """Rank-normalised split R-hat (the larger of the bulk and the folded-tail values)."""
    draws = np.asarray(draws_by_chain, dtype=float)
    if draws.shape[0] < 2 or draws.shape[1] < 4:
        return float("nan")
    split = _split_chains(draws)
    bulk = _rhat_plain(_z_scale(split))
    tail = _rhat_plain(_z_scale(np.abs(split - np.median(split))))
    return max(bulk, tail)


def _autocovariance(values: np.ndarray) -> np.ndarray:
    # Biased autocovariance of each row, lags 0..n-1, by FFT (zero-padded: no wrap-around).
    n = values.shape[1]
    centred = values - values.mean(axis=1, keepdims=True)
    size = 1 << int(2 * n - 1).bit_length()
    spectrum = np.fft.rfft(centred, n=size, axis=1)
    cov = np.fft.irfft(spectrum * np.conjugate(spectrum), n=size, axis=1)[:, :n] / n
    return np.asarray(cov, dtype=float)


def _ess(values: np.ndarray) -> float:
    """Effective sample size of (chains, draws) values: Geyer's initial monotone sequence."""
    values = np.asarray(values, dtype=float)
    if np.ptp(values) < np.finfo(float).resolution:
        return float(values.size)
    chains, n = values.shape
    acov = _autocovariance(values).mean(axis=0)
    mean_var = acov[0] * n / (n - 1.0)
    var_plus = mean_var * (n - 1.0) / n
    if chains > 1:
        var_plus += np.var(values.mean(axis=1), ddof=1)
    rho_all = 1.0 - (mean_var - acov) / var_plus
    rho = np.zeros(n)
    rho[0] = 1.0
    even, odd = 1.0, float(rho_all[1])
    rho[1] = odd
    t = 1
    while t < n - 3 and even + odd > 0.0:
        even, odd = float(rho_all[t + 1]), float(rho_all[t + 2])
        if even + odd >= 0:
            rho[t + 1], rho[t + 2] = even, odd
        t += 2
    max_t = t - 2
    if even > 0:
        rho[max_t + 1] = even
    t = 1
    while t <= max_t - 2:
        if rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]:
            rho[t + 1] = rho[t + 2] = (rho[t - 1] + rho[t]) / 2.0
        t += 2
    total = chains * n
    tau = -1.0 + 2.0 * np.sum(rho[: max_t + 1]) + np.sum(rho[max_t + 1 : max_t + 2])
    return float(total / max(tau, 1.0 / np.log10(total)))


def ess_bulk(draws_by_chain: np.ndarray) -> float:
    """Bulk effective sample size (rank-normalised split chains)."""
    draws = np.asarray(draws_by_chain, dtype=float)
    if draws.shape[1] < 4:
        return float("nan")
    return _ess(_z_scale(_split_chains(draws)))


def quantile_mcse(draws_by_chain: np.ndarray, prob: float) -> float:
    """Monte Carlo standard error of the `prob` quantile (Vehtari et al. 2021, section 4.3).

    The effective sample size of the indicator draw <= quantile gives a Beta distribution for
    the quantile's rank; half the distance between the draws at its +-1 sigma points is the error.
    """
    from scipy.special import betaincinv

    draws = np.asarray(draws_by_chain, dtype=float)
    if draws.shape[1] < 4:
        return float("nan")
    below = draws <= np.quantile(draws, prob)
    ess = _ess(_split_chains(below.astype(float)))
    ranks = betaincinv(ess * prob + 1.0, ess * (1.0 - prob) + 1.0, np.array(_ONE_SIGMA))
    ordered = np.sort(draws, axis=None)
    at = ranks * ordered.size - 1.0
    low = ordered[int(np.floor(max(at[0], 0.0)))]
    high = ordered[int(np.ceil(min(at[1], ordered.size - 1.0)))]
    return float((high - low) / 2.0)


def chain_diagnostics(draws_by_chain: np.ndarray) -> dict[str, float]:
    """R-hat, bulk ESS and the Monte Carlo standard errors of the median and the 95% interval.

    `draws_by_chain` has shape (chains, draws_per_chain). A constant sample (e.g. nobody
    unrecorded in every draw) has R-hat 1, ESS equal to the number of draws and no error.
    """
    draws = np.asarray(draws_by_chain, dtype=float)
    if draws.size == 0:
        return {"rhat": float("nan"), "ess": 0.0}
    if np.ptp(draws) == 0:
        zero = {"mcse_median": 0.0, "mcse_lower": 0.0, "mcse_upper": 0.0}
        return {"rhat": 1.0, "ess": float(draws.size), **zero}
    return {
        "rhat": rhat(draws),
        "ess": ess_bulk(draws),
        "mcse_median": quantile_mcse(draws, 0.5),
        "mcse_lower": quantile_mcse(draws, 0.025),
        "mcse_upper": quantile_mcse(draws, 0.975),
    }


def per_chain_summaries(N: np.ndarray, alpha: np.ndarray) -> list[dict[str, float]]:
    """Each chain's median N, its quantile MCSE, its 2.5%/97.5% points and median alpha."""
    out = []
    for c in range(N.shape[0]):
        chain = N[c : c + 1].astype(float)
        out.append(
            {
                "median": float(np.median(chain)),
                "mcse_median": quantile_mcse(chain, 0.5),
                "lower": float(np.quantile(chain, 0.025)),
                "upper": float(np.quantile(chain, 0.975)),
                "median_alpha": float(np.median(alpha[c])),
                "share_alpha_trapped": float(np.mean(alpha[c] > ALPHA_TRAPPED)),
            }
        )
    return out


def chain_warnings(N: np.ndarray, summaries: list[dict[str, float]]) -> list[str]:
    """Warnings for chains trapped with inflated alpha or whose medians disagree beyond error."""
    out: list[str] = []
    trapped = [c for c, s in enumerate(summaries) if s["median_alpha"] > ALPHA_TRAPPED]
    if trapped:
        which = ", ".join(
            f"{c + 1} (alpha {summaries[c]['median_alpha']:.1f}, median N "
            f"{summaries[c]['median']:.0f})"
            for c in trapped
        )
        out.append(
            f"chain(s) {which} trapped with an inflated concentration alpha "
            f"(> {ALPHA_TRAPPED:g}; persons held in a late stick): rerun with another seed "
            "or longer chains before using this figure"
        )
    if N.shape[0] < 2:
        return out
    for c, s in enumerate(summaries):
        others = np.delete(N, c, axis=0).astype(float)
        rest = float(np.median(others))
        if rest <= 0 or abs(s["median"] - rest) <= DISAGREE_SHARE * rest:
            continue
        error = float(np.hypot(s["mcse_median"], quantile_mcse(others, 0.5)))
        if abs(s["median"] - rest) > DISAGREE_Z * max(error, 0.5):
            out.append(
                f"chain {c + 1}'s median ({s['median']:.0f}) is "
                f"{100 * (s['median'] / rest - 1):+.1f}% from the other chains' ({rest:.0f}), "
                "more than Monte Carlo error explains: run longer chains"
            )
    return out


def posterior_warnings(
    diagnostics: dict[str, Any], documented: int, median: float, lower: float, upper: float
) -> list[str]:
    """Sentences to print beside an estimate whose chains disagree or whose prior dominates."""
    out: list[str] = []
    r = diagnostics.get("rhat", float("nan"))
    if np.isfinite(r) and r > RHAT_LIMIT:
        out.append(
            f"chains disagree (R-hat {r:.3f} > {RHAT_LIMIT}): run longer before using this figure"
        )
    ess = diagnostics.get("ess", float("inf"))
    if ess < MIN_ESS:
        out.append(f"few effective draws ({ess:.0f} < {MIN_ESS:.0f}): the interval is imprecise")
    out.extend(mcse_warnings(diagnostics, median, lower, upper))
    out.extend(width_warnings(documented, median, lower, upper))
    return out


def mcse_warnings(
    diagnostics: dict[str, Any], median: float, lower: float, upper: float
) -> list[str]:
    """A warning when the Monte Carlo error of the median or an interval end is too large."""
    parts = []
    for key, value, limit, name in (
        ("mcse_median", median, MCSE_LIMIT, "estimate"),
        ("mcse_lower", lower, 2 * MCSE_LIMIT, "lower bound"),
        ("mcse_upper", upper, 2 * MCSE_LIMIT, "upper bound"),
    ):
        error = diagnostics.get(key, float("nan"))
        if np.isfinite(error) and value > 0 and error > limit * value:
            parts.append(f"{name} +-{error:.0f} ({100 * error / value:.1f}% > {100 * limit:g}%)")
    if not parts:
        return []
    return [
        "Monte Carlo error too large: " + ", ".join(parts) + "; another seed may move the figures "
        "by twice that: run longer chains (--iterations) or more chains (--chains)"
    ]


def width_warnings(documented: int, median: float, lower: float, upper: float) -> list[str]:
    """Warnings for an interval whose upper tail runs away or that is too wide to inform."""
    out: list[str] = []
    if upper > TAIL_RATIO * max(documented, 1):
        out.append(
            f"the upper bound ({upper:.0f}) exceeds {TAIL_RATIO:.0f} times the documented count: "
            "the lists overlap too little and the prior, not the data, sets the tail"
        )
    elif median > 0 and (upper - lower) > WIDTH_RATIO * median:
        out.append(
            f"the 95% interval is wider than {WIDTH_RATIO:.0f} times the estimate: "
            "the data say little about the unrecorded"
        )
    return out
