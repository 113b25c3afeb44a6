"""Estimates per stratum, refusals for strata too small to estimate, and their combination.

As HRDAG does, each stratum (e.g. governorate x year) is estimated on its own and the totals are
combined by summing draws: posterior draws for LCMCR (independent posteriors, so the sum of
draws is a draw of the sum) and bootstrap replicates for log-linear models (independent
bootstraps, so their sums carry the propagated uncertainty). Refused strata get no number; their
documented persons are reported beside the combined estimate, which does not cover them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from tansiq.estimation.bound import bound_estimate
from tansiq.estimation.result import Estimate, Refusal
from tansiq.estimation.table import CaptureTable

__all__ = [
    "MIN_LISTS",
    "MIN_OVERLAP",
    "MIN_RECORDS",
    "StrataEstimate",
    "estimate_strata",
    "refusal_reason",
]

MIN_LISTS = 3
MIN_RECORDS = 20
MIN_OVERLAP = 3
METHODS = ("lcmcr", "loglinear")
# (stratum label, done, total) while a stratum is sampled.
StrataProgress = Callable[[str, int, int], None]


@dataclass
class StrataEstimate:
    """Per-stratum estimates, refusals, and the combination over the estimated strata.

    `combined` is None when every stratum was refused. `documented` counts every stratum's
    persons; `documented_refused` those in refused strata (not covered by `combined`).
    """

    method: str
    strata: tuple[str, ...]
    estimates: dict[str, Estimate] = field(default_factory=dict)
    refusals: list[Refusal] = field(default_factory=list)
    combined: Estimate | None = None

    @property
    def documented(self) -> int:
        """Persons documented in all strata, estimated or refused."""
        return sum(e.documented for e in self.estimates.values()) + self.documented_refused

    @property
    def documented_refused(self) -> int:
        """Persons documented in refused strata."""
        return sum(r.documented for r in self.refusals)

    def summary(self) -> dict[str, Any]:
        """JSON-ready summary (no draws)."""
        return {
            "method": self.method,
            "strata_fields": list(self.strata),
            "documented": self.documented,
            "documented_in_refused_strata": self.documented_refused,
            "combined": self.combined.summary() if self.combined else None,
            "strata": {label: e.summary() for label, e in self.estimates.items()},
            "refused": [r.summary() for r in self.refusals],
        }


def refusal_reason(
    table: CaptureTable, min_records: int = MIN_RECORDS, min_overlap: int = MIN_OVERLAP
) -> str | None:
    """Why an (unstratified) table cannot be estimated, or None when it can."""
    recorded = [name for name, t in table.list_totals().items() if t > 0]
    if len(recorded) < MIN_LISTS:
        return f"only {len(recorded)} list(s) recorded anyone here; at least {MIN_LISTS} are needed"
    if table.documented < min_records:
        return f"only {table.documented} documented persons; at least {min_records} are needed"
    overlap = int(table.counts[table.patterns.sum(axis=1) >= 2].sum())
    if overlap < min_overlap:
        return (
            f"only {overlap} person(s) appear on more than one list; at least {min_overlap} are "
            "needed for the overlaps to say anything about the unrecorded"
        )
    return None


def estimate_strata(
    table: CaptureTable,
    method: str = "lcmcr",
    seed: int | np.random.Generator | None = None,
    min_records: int = MIN_RECORDS,
    progress: StrataProgress | None = None,
    max_n_factor: float | None = None,
    **options: Any,
) -> StrataEstimate:
    """Estimate every stratum of `table` with `method` ("lcmcr" or "loglinear") and combine.

    Strata with fewer than 3 lists with captures, fewer than `min_records` persons, or fewer than
    3 persons on two or more lists are refused with a reason. Lists that recorded nobody in a
    stratum are dropped there. `options` go to the estimator (e.g. K, iterations, criterion).
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    result = StrataEstimate(method, table.strata)
    for label, sub in table.by_stratum().items():
        reason = refusal_reason(sub, min_records)
        if reason is None:
            estimate = _estimate_one(sub.drop_empty_lists(), method, rng, label, progress, options)
            if isinstance(estimate, Estimate):
                estimate = _with_bound(_note_empty_lists(estimate, sub), max_n_factor, label)
            if isinstance(estimate, Refusal):
                result.refusals.append(estimate)
            else:
                result.estimates[label] = estimate
        else:
            result.refusals.append(Refusal(label, sub.documented, reason))
    combined = combine_estimates(result.estimates, method, rng)
    if combined is not None and result.refusals:
        note = (
            f"covers the {len(result.estimates)} estimated strata only: "
            f"{result.documented_refused} documented persons in {len(result.refusals)} refused "
            "strata are not included"
        )
        combined = replace(combined, warnings=[*combined.warnings, note])
    result.combined = combined
    return result


def _note_empty_lists(estimate: Estimate, table: CaptureTable) -> Estimate:
    empty = [name for name, total in table.list_totals().items() if total == 0]
    if not empty:
        return estimate
    note = f"left out list(s) that recorded nobody here: {', '.join(empty)}"
    return replace(estimate, warnings=[*estimate.warnings, note])


def _with_bound(estimate: Estimate, factor: float | None, label: str) -> Estimate | Refusal:
    return estimate if factor is None else bound_estimate(estimate, factor, label)


def _estimate_one(
    table: CaptureTable,
    method: str,
    rng: np.random.Generator,
    label: str,
    progress: StrataProgress | None,
    options: dict[str, Any],
) -> Estimate | Refusal:
    if method == "loglinear":
        from tansiq.estimation.loglinear import estimate_loglinear

        try:
            return estimate_loglinear(table, seed=rng, **options)
        except ValueError as exc:
            return Refusal(label, table.documented, str(exc))
    from tansiq.estimation.lcmcr import estimate_lcmcr

    report = (lambda done, total: progress(label, done, total)) if progress else None
    return estimate_lcmcr(table, seed=rng, progress=report, **options)


def combine_estimates(
    estimates: dict[str, Estimate], method: str, rng: np.random.Generator
) -> Estimate | None:
    """Sum of per-stratum estimates: draws summed index-wise after an independent shuffle."""
    if not estimates:
        return None
    parts = list(estimates.values())
    if len(parts) == 1:
        return parts[0]
    documented = sum(e.documented for e in parts)
    lists = tuple(sorted({name for e in parts for name in e.lists}))
    warnings = [f"{label}: {w}" for label, e in estimates.items() for w in e.warnings]
    summed = _summed_draws(parts, rng)
    if summed is None:
        total = float(sum(e.estimate for e in parts))
        warnings.append("no draws to combine: no interval")
        return Estimate(method, lists, documented, total, np.nan, np.nan, None, {}, warnings)
    lower, median, upper = np.quantile(summed, [0.025, 0.5, 0.975])
    point = float(median) if method == "lcmcr" else float(sum(e.estimate for e in parts))
    rhats = [e.diagnostics.get("rhat", np.nan) for e in parts]
    diagnostics = {
        "strata_estimated": len(parts),
        "max_rhat": float(np.nanmax(rhats)) if method == "lcmcr" else np.nan,
    }
    return Estimate(
        method, lists, documented, point, float(lower), float(upper), summed, diagnostics, warnings
    )


def _summed_draws(parts: list[Estimate], rng: np.random.Generator) -> np.ndarray | None:
    """Index-wise sum of the strata's draws, each shuffled, cut to the shortest; None if any
    stratum has no draws."""
    draws = [e.draws for e in parts]
    if any(d is None or len(d) == 0 for d in draws):
        return None
    kept = [d for d in draws if d is not None]
    length = min(len(d) for d in kept)
    summed = np.zeros(length)
    for d in kept:
        summed += rng.permutation(d)[:length]
    return summed
