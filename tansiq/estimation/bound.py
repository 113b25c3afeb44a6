"""An upper bound on N, as R's LCMCR applies one (its sampler never lets N pass 20 x documented).

With a bound B the prior on N becomes p(N) ~ 1/N for N <= B and 0 above, so the posterior is the
unbounded posterior given N <= B. LCMCR draws above B are therefore left out and the median and
interval recomputed from the rest: exactly the bounded model's posterior, as long as enough draws
remain. A log-linear estimate is a maximum-likelihood figure, not a posterior: the bound does not
change it; the estimate says when its figure or interval passes the bound.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from tansiq.estimation.diagnostics import width_warnings
from tansiq.estimation.result import Estimate, Refusal

__all__ = ["R_MAX_N_FACTOR", "bound_estimate"]

# R LCMCR's bound, in documented persons.
R_MAX_N_FACTOR = 20.0
# Beyond this share of draws above the bound, the bound rather than the data shapes the figure.
_SHAPED_SHARE = 0.05


def bound_estimate(estimate: Estimate, factor: float, stratum: str) -> Estimate | Refusal:
    """`estimate` with N bounded at `factor` x its documented persons (see the module docstring).

    Adds `max_n` (persons) and, for LCMCR, `share_above_max_n` to the diagnostics; returns a
    `Refusal` when every posterior draw lies above the bound.
    """
    if factor <= 1:
        raise ValueError("the bound factor must exceed 1 (N is never below the documented count)")
    bound = factor * estimate.documented
    diagnostics = {**estimate.diagnostics, "max_n": bound}
    said = f"N bounded at {bound:,.0f} ({factor:g} x {estimate.documented:,} documented)"
    if estimate.method != "lcmcr" or estimate.draws is None or len(estimate.draws) == 0:
        notes = [
            f"{said}: the {what} ({value:,.0f}) lies above it; the data do not bound N"
            for what, value in (("estimate", estimate.estimate), ("upper end", estimate.upper))
            if np.isfinite(value) and value > bound
        ]
        return replace(estimate, diagnostics=diagnostics, warnings=[*estimate.warnings, *notes])
    above = estimate.draws > bound
    share = float(above.mean())
    diagnostics["share_above_max_n"] = share
    if share == 0:
        return replace(estimate, diagnostics=diagnostics)
    if share == 1:
        return Refusal(
            stratum,
            estimate.documented,
            f"every posterior draw of N lies above the bound {bound:,.0f} ({factor:g} x "
            "documented): the lists overlap too little to bound N",
        )
    return _truncated(estimate, ~above, diagnostics, said, share)


def _truncated(
    e: Estimate, keep: np.ndarray, diagnostics: dict[str, float], said: str, share: float
) -> Estimate:
    assert e.draws is not None
    draws = e.draws[keep]
    lower, median, upper = (float(q) for q in np.quantile(draws, [0.025, 0.5, 0.975]))
    stale = set(width_warnings(e.documented, e.estimate, e.lower, e.upper))
    warnings = [w for w in e.warnings if w not in stale]
    warnings += width_warnings(e.documented, median, lower, upper)
    note = (
        f"{said}: {share:.1%} of the posterior draws lay above it and were left out; the figure "
        "is the posterior given N below the bound"
    )
    if share > _SHAPED_SHARE:
        note += ", and the bound, not the data, shapes its upper end"
    return replace(
        e,
        estimate=median,
        lower=lower,
        upper=upper,
        draws=draws,
        diagnostics=diagnostics,
        warnings=[*warnings, note],
    )
