"""Convergence and prior-dominance checks for posterior draws of N."""

from __future__ import annotations

import warnings as _warnings
from typing import Any

import numpy as np

__all__ = ["RHAT_LIMIT", "chain_diagnostics", "posterior_warnings"]

# Chains disagree beyond this (Vehtari et al. 2021 suggest 1.01 for final results; 1.05 flags
# a run that must not be published as is).
RHAT_LIMIT = 1.05
MIN_ESS = 100.0
# The posterior's 97.5% point beyond this many documented persons: the lists barely overlap
# and the prior, not the data, decides how far the tail runs.
TAIL_RATIO = 10.0
# An interval wider than this many point estimates says little beyond "unknown".
WIDTH_RATIO = 2.0


def chain_diagnostics(draws_by_chain: np.ndarray) -> dict[str, float]:
    """Rank-normalised split R-hat and bulk effective sample size (ArviZ) of N.

    `draws_by_chain` has shape (chains, draws_per_chain). A constant sample (e.g. nobody
    unrecorded in every draw) has R-hat 1 and ESS equal to the number of draws.
    """
    draws = np.asarray(draws_by_chain, dtype=float)
    if draws.size == 0:
        return {"rhat": float("nan"), "ess": 0.0}
    if np.ptp(draws) == 0:
        return {"rhat": 1.0, "ess": float(draws.size)}
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        import arviz as az

        rhat = float(az.rhat(draws)) if draws.shape[0] > 1 else float("nan")  # type: ignore[no-untyped-call]
        ess = float(az.ess(draws))  # type: ignore[no-untyped-call]
    return {"rhat": rhat, "ess": ess}


def posterior_warnings(
    diagnostics: dict[str, Any], documented: int, median: float, lower: float, upper: float
) -> list[str]:
    """Sentences to print beside an estimate whose chains disagree or whose prior dominates."""
    out: list[str] = []
    rhat = diagnostics.get("rhat", float("nan"))
    if np.isfinite(rhat) and rhat > RHAT_LIMIT:
        out.append(
            f"chains disagree (R-hat {rhat:.3f} > {RHAT_LIMIT}): run longer before using this figure"
        )
    ess = diagnostics.get("ess", float("inf"))
    if ess < MIN_ESS:
        out.append(f"few effective draws ({ess:.0f} < {MIN_ESS:.0f}): the interval is imprecise")
    out.extend(width_warnings(documented, median, lower, upper))
    return out


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
