"""Trace, posterior and per-stratum plots (matplotlib, Agg backend: no display needed).

Figures are made with matplotlib's object API (`Figure`), not `pyplot`: no global state, and
`tansiq estimate` does not pay for importing pyplot's backend machinery.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from tansiq.estimation.result import Estimate
from tansiq.estimation.strata import StrataEstimate

__all__ = ["plot_estimate", "plot_strata"]


def _figure(width: float, height: float, columns: int = 1) -> tuple[Any, Any]:
    """A new Agg-rendered figure and its axes (one row of `columns`)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    axes = fig.subplots(1, columns)
    return fig, axes


def plot_estimate(estimate: Estimate, path: str | Path, chains: int = 1) -> Path:
    """Trace of N by chain (LCMCR) or of the bootstrap replicates, and their histogram, as PNG.

    The documented count, the estimate and the 95% interval are marked (persons).
    """
    fig, (trace, hist) = _figure(10, 3.5, 2)
    draws = estimate.draws if estimate.draws is not None else np.array([])
    if len(draws):
        for c, part in enumerate(np.array_split(draws, max(chains, 1))):
            trace.plot(part, lw=0.5, label=f"chain {c + 1}" if chains > 1 else None)
        hist.hist(draws, bins=60, color="0.7", histtype="stepfilled")  # one patch, not 60
    trace.set_title("trace of N" if estimate.method == "lcmcr" else "bootstrap replicates of N")
    trace.set_xlabel("kept draw")
    trace.set_ylabel("persons")
    if chains > 1:
        # A fixed place: matplotlib's "best" searches every one of the draws for a free corner.
        trace.legend(fontsize=7, loc="upper right")
    for x, style, label in (
        (estimate.documented, ":", "documented"),
        (estimate.estimate, "-", "estimate"),
        (estimate.lower, "--", "95% interval"),
        (estimate.upper, "--", None),
    ):
        if np.isfinite(x):
            hist.axvline(x, color="k", ls=style, label=label)
    hist.set_title(f"{estimate.method}: N (persons)")
    hist.legend(fontsize=7, loc="upper right")
    # Fixed margins: two fixed-size panels need no layout search (tight_layout draws twice).
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.18)
    out = Path(path)
    fig.savefig(out, dpi=100)
    return out


def plot_strata(result: StrataEstimate, path: str | Path) -> Path:
    """Estimate and 95% interval per stratum beside the documented count, as PNG."""
    labels = list(result.estimates)
    fig, ax = _figure(max(5, 0.6 * len(labels) + 2), 4)
    x = np.arange(len(labels))
    est = np.array([result.estimates[k].estimate for k in labels])
    low = np.array([result.estimates[k].lower for k in labels])
    high = np.array([result.estimates[k].upper for k in labels])
    doc = np.array([result.estimates[k].documented for k in labels])
    ax.bar(x, doc, color="0.8", label="documented")
    ax.errorbar(
        x, est, yerr=[est - low, high - est], fmt="o", color="k", label="estimate, 95% interval"
    )
    ax.set_xticks(x, labels, rotation=60, ha="right", fontsize=7)
    ax.set_ylabel("persons")
    ax.set_title(f"{result.method} by stratum ({len(result.refusals)} refused)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, dpi=100)
    return out
