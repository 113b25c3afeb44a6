"""Log-linear models: closed forms, identifiability, model averaging and its interval."""

from __future__ import annotations

import numpy as np

from tansiq.estimation import CaptureTable, estimate_loglinear, fit_loglinear


def test_two_list_independence_model_is_lincoln_petersen() -> None:
    table = CaptureTable(("A", "B"), np.array([[1, 0], [0, 1], [1, 1]]), np.array([60, 40, 20]))
    fit = fit_loglinear(table)
    assert fit is not None
    n_a, n_b, both = 80, 60, 20
    assert np.isclose(fit.N, n_a * n_b / both, rtol=1e-6)


def test_three_lists_conditionally_independent_given_c_is_petersen_in_the_c0_slice() -> None:
    # Under [AC][BC], A and B are independent among persons not on C, so the unobserved cell
    # is the Lincoln-Petersen estimate of the (A, B) table with C = 0: n100 * n010 / n110.
    patterns = np.array(
        [[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 1], [0, 1, 1], [1, 1, 1]]
    )
    counts = np.array([120, 90, 30, 70, 40, 25, 15])
    table = CaptureTable(("A", "B", "C"), patterns, counts)
    fit = fit_loglinear(table, [(0, 2), (1, 2)])
    assert fit is not None
    assert np.isclose(fit.n0, 120 * 90 / 30, rtol=1e-6)
    assert fit.df == 7 - 6


def test_interaction_between_lists_that_share_nobody_is_not_identifiable() -> None:
    patterns = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [0, 1, 1]])
    table = CaptureTable(("A", "B", "C"), patterns, np.array([50, 40, 30, 10, 8]))
    assert fit_loglinear(table, [(0, 1)]) is None
    assert fit_loglinear(table, [(0, 2)]) is not None


def test_model_averaged_interval_covers_the_truth_for_independent_lists(
    independent_table: CaptureTable,
) -> None:
    estimate = estimate_loglinear(independent_table, bootstrap=100, seed=3)
    assert estimate.lower < 3000 < estimate.upper
    assert estimate.lower < estimate.estimate < estimate.upper
    assert estimate.diagnostics["models_fitted"] == 8
    weights = [m["weight"] for m in estimate.diagnostics["top_models"]]
    assert abs(sum(weights) - 1) < 0.06 or len(weights) == 8


def test_bic_penalises_interactions_more_than_aic(heterogeneous_table: CaptureTable) -> None:
    aic = estimate_loglinear(heterogeneous_table, "aic", bootstrap=20, seed=1)
    bic = estimate_loglinear(heterogeneous_table, "bic", bootstrap=20, seed=1)
    assert aic.diagnostics["best_model"].count(":") >= bic.diagnostics["best_model"].count(":")


def test_loglinear_same_seed_gives_same_interval(independent_table: CaptureTable) -> None:
    first = estimate_loglinear(independent_table, bootstrap=40, seed=9)
    second = estimate_loglinear(independent_table, bootstrap=40, seed=9)
    assert (first.lower, first.upper) == (second.lower, second.upper)
    assert first.draws is not None and second.draws is not None
    assert np.array_equal(first.draws, second.draws)


def test_seber_two_sample_example_reproduces_the_published_estimate() -> None:
    from importlib.resources import files

    path = files("tansiq.estimation") / "data" / "seber_1982_p107.csv"
    fit = fit_loglinear(CaptureTable.from_patterns_csv(str(path)))
    assert fit is not None
    assert round(fit.N, 1) == 2389.9  # Seber (1982) p.107, model Mt in Rcapture


def test_bic_selects_the_published_interaction_set_for_the_diabetes_table() -> None:
    from importlib.resources import files

    from tansiq.estimation.loglinear import (
        candidate_models,
        cell_counts,
        cell_design,
        model_weights,
    )

    path = files("tansiq.estimation") / "data" / "diabetes_casale_1988.csv"
    table = CaptureTable.from_patterns_csv(str(path))
    fits = candidate_models(cell_design(4), cell_counts(table), "bic")
    best = fits[int(np.argmax(model_weights(fits, "bic")))]
    # Rivest (2011) chose interaction set I: c1:c3 + c2:c4 + c3:c4.
    assert best.interactions == ((0, 2), (1, 3), (2, 3))


def test_bootstrap_interval_never_falls_below_the_documented_count() -> None:
    # A small table whose lists overlap a lot: resampled tables are often smaller than this one.
    patterns = np.array(
        [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]]
    )
    table = CaptureTable(("A", "B", "C"), patterns, np.array([3, 2, 2, 5, 4, 5, 9]))
    estimate = estimate_loglinear(table, bootstrap=200, seed=2)
    assert estimate.draws is not None
    assert estimate.draws.min() >= table.documented
    assert estimate.lower >= table.documented
