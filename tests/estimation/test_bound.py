"""The bound on N: LCMCR draws above it are left out and said so; log-linear figures are flagged."""

from __future__ import annotations

import numpy as np
import pytest

from tansiq.estimation.bound import bound_estimate
from tansiq.estimation.diagnostics import width_warnings
from tansiq.estimation.result import Estimate, Refusal


def lcmcr_estimate(draws: np.ndarray, documented: int = 100) -> Estimate:
    lower, median, upper = np.quantile(draws, [0.025, 0.5, 0.975])
    return Estimate(
        "lcmcr", ("A", "B", "C"), documented, median, lower, upper, draws, {"rhat": 1.0}, []
    )


def test_draws_above_the_bound_are_left_out_and_the_quantiles_recomputed() -> None:
    draws = np.concatenate([np.full(900, 150.0), np.linspace(2001, 5000, 100)])
    bounded = bound_estimate(lcmcr_estimate(draws), 20, "all")
    assert isinstance(bounded, Estimate)
    assert bounded.draws is not None and len(bounded.draws) == 900
    assert bounded.upper == 150 and bounded.estimate == 150
    assert bounded.diagnostics["max_n"] == 2000
    assert bounded.diagnostics["share_above_max_n"] == pytest.approx(0.1)
    assert bounded.diagnostics["rhat"] == 1.0
    (note,) = [w for w in bounded.warnings if "N bounded" in w]
    assert "10.0% of the posterior draws lay above it" in note
    assert "the bound, not the data, shapes its upper end" in note


def test_stale_width_warning_is_replaced_by_one_for_the_bounded_interval() -> None:
    draws = np.concatenate([np.linspace(100, 1500, 990), np.linspace(3000, 9000, 10)])
    estimate = lcmcr_estimate(draws)
    estimate.warnings = width_warnings(100, estimate.estimate, estimate.lower, estimate.upper)
    assert estimate.warnings  # the unbounded interval is flagged as too wide
    bounded = bound_estimate(estimate, 20, "all")
    assert isinstance(bounded, Estimate)
    assert all(w not in bounded.warnings for w in estimate.warnings)
    assert any("N bounded at 2,000" in w for w in bounded.warnings)


def test_nothing_above_the_bound_changes_nothing_but_the_diagnostics() -> None:
    draws = np.linspace(120, 180, 400)
    estimate = lcmcr_estimate(draws)
    bounded = bound_estimate(estimate, 20, "all")
    assert isinstance(bounded, Estimate)
    assert (bounded.estimate, bounded.lower, bounded.upper) == (
        estimate.estimate,
        estimate.lower,
        estimate.upper,
    )
    assert bounded.diagnostics["share_above_max_n"] == 0 and bounded.warnings == []


def test_every_draw_above_the_bound_is_a_refusal() -> None:
    refused = bound_estimate(lcmcr_estimate(np.linspace(3000, 4000, 50)), 20, "SY01/2013")
    assert isinstance(refused, Refusal)
    assert refused.stratum == "SY01/2013" and "every posterior draw" in refused.reason


def test_loglinear_figures_are_flagged_not_changed() -> None:
    estimate = Estimate("loglinear", ("A", "B", "C"), 100, 1500.0, 400.0, 2600.0)
    bounded = bound_estimate(estimate, 20, "all")
    assert isinstance(bounded, Estimate)
    assert (bounded.estimate, bounded.upper) == (1500.0, 2600.0)
    assert bounded.diagnostics["max_n"] == 2000
    assert bounded.warnings == [
        "N bounded at 2,000 (20 x 100 documented): the upper end (2,600) lies above it; "
        "the data do not bound N"
    ]


def test_bound_factor_must_exceed_one() -> None:
    with pytest.raises(ValueError, match="must exceed 1"):
        bound_estimate(lcmcr_estimate(np.linspace(100, 200, 10)), 1.0, "all")
