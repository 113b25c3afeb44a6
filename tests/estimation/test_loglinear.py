"""Hierarchical log-linear models: closed forms, the model set, selection, interval, lack of fit,
lists that share nobody, and the numpy fit checked against statsmodels."""

from __future__ import annotations

import itertools
from importlib.resources import files

import numpy as np
import pytest

from tansiq.estimation import CaptureTable, estimate_loglinear, fit_loglinear
from tansiq.estimation.loglinear import (
    candidate_models,
    cell_counts,
    cell_design,
    closure,
    hierarchical_models,
    profile_interval,
    why_unfitted,
)

from .conftest import simulate_table

DATA = files("tansiq.estimation") / "data"


def load(name: str) -> CaptureTable:
    return CaptureTable.from_patterns_csv(str(DATA / name))


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


def test_three_way_term_with_an_independent_fourth_list_has_its_closed_form() -> None:
    # Under [ABC][D], D is independent of (A, B, C): among persons on some of A, B, C the odds of
    # being on D are the same as among persons on none of them, so
    # n0000 = n0001 * (persons on A, B or C but not D) / (persons on A, B or C and on D).
    table = load("diabetes_casale_1988.csv")
    fit = fit_loglinear(table, [(0, 1, 2)])
    assert fit is not None
    cells, y = cell_design(4), cell_counts(table)
    on_abc = cells[:, :3].sum(axis=1) > 0
    on_d = cells[:, 3] == 1
    only_d = int(y[~on_abc & on_d][0])
    expected = only_d * y[on_abc & ~on_d].sum() / y[on_abc & on_d].sum()
    assert np.isclose(fit.n0, expected, rtol=1e-8)
    assert fit.interactions == ((0, 1), (0, 2), (1, 2), (0, 1, 2))
    assert fit.generators == ((0, 1, 2),)
    assert fit.rcapture_name() == "[123,4]"
    assert fit.df == 15 - (1 + 4 + 3 + 1)


def test_every_hierarchical_model_is_enumerated_as_rcapture_counts_them() -> None:
    # Rcapture's closedpMS help: "By default, closedpMS.t fits the 113 following models" (t = 4).
    assert sum(1 for _ in hierarchical_models(3)) == 8
    models = list(hierarchical_models(4))
    assert len(models) == 113
    assert len(set(models)) == 113
    for terms in models:
        present = set(terms)
        assert all(len(t) <= 3 for t in terms)
        for t in terms:  # hierarchical: every sub-term of order >= 2 is in the model
            for k in range(2, len(t)):
                assert all(s in present for s in itertools.combinations(t, k))
    assert sum(1 for _ in hierarchical_models(4, max_order=2)) == 2**6


def test_closure_adds_the_lower_order_terms() -> None:
    assert closure([(2, 0, 1), (2, 3)]) == ((0, 1), (0, 2), (1, 2), (2, 3), (0, 1, 2))
    with pytest.raises(ValueError):
        closure([(1,)])


def test_numpy_fit_matches_statsmodels_poisson_glm() -> None:
    import statsmodels.api as sm

    table = load("diabetes_casale_1988.csv")
    cells, y = cell_design(4), cell_counts(table).astype(float)
    for terms in ([(0, 2), (1, 3), (2, 3)], [(1, 2, 3), (0, 1)], [(0, 1, 2), (0, 1, 3)]):
        fit = fit_loglinear(table, terms)
        assert fit is not None
        columns = [np.ones(len(cells)), *(cells[:, j] for j in range(4))]
        columns += [np.prod(cells[:, list(t)], axis=1) for t in fit.interactions]
        ref = sm.GLM(y, np.column_stack(columns).astype(float), family=sm.families.Poisson()).fit()
        assert np.isclose(fit.n0, np.exp(ref.params[0]), rtol=1e-7)
        assert np.isclose(fit.deviance, ref.deviance, rtol=1e-7, atol=1e-8)
        assert np.isclose(fit.aic, ref.aic, rtol=1e-9)
        se = np.sqrt(fit.n0 + fit.n0**2 * ref.cov_params()[0, 0])
        assert np.isclose(fit.stderr, se, rtol=1e-5)


def test_bic_selects_the_published_model_for_the_diabetes_table_and_reports_it() -> None:
    # Rivest (2011) chose interaction set I, c1:c3 + c2:c4 + c3:c4: N 2,472, deviance 21.97 on
    # 7 df (as reproduced in Rcapture's tests); it is also the smallest BIC of the 113 models.
    table = load("diabetes_casale_1988.csv")
    e = estimate_loglinear(table, bootstrap=30, seed=1)
    d = e.diagnostics
    assert d["criterion"] == "bic" and d["models_fitted"] == 113
    assert d["selected_model_rcapture"] == "[13,24,34]"
    assert round(e.estimate) == 2472 == round(d["selected_estimate"])
    assert round(d["selected_deviance"], 2) == 21.97 and d["selected_df"] == 7
    # The average is beside the headline, not the headline.
    assert d["averaged_estimate"] != e.estimate
    assert e.lower < e.estimate < e.upper


def test_selected_model_with_lack_of_fit_carries_a_warning() -> None:
    table = load("diabetes_casale_1988.csv")  # 21.97 on 7 df: chi-square p = 0.0026
    e = estimate_loglinear(table, bootstrap=20, seed=1)
    assert e.diagnostics["selected_p_value"] < 0.01
    assert any(w.startswith("lack of fit") for w in e.warnings)
    assert any("deviance 22.0 on 7 df" in w for w in e.warnings)
    # Darroch R3 under BIC: [E1,E2] + [E2,E3], deviance 3.8 on 1 df (p = 0.051): no warning.
    fine = estimate_loglinear(load("darroch_1993_r3.csv"), bootstrap=20, seed=1)
    assert fine.diagnostics["selected_model_rcapture"] == "[12,23]"
    assert round(fine.estimate) == 850
    assert not any(w.startswith("lack of fit") for w in fine.warnings)


def test_selected_model_with_no_degrees_of_freedom_left_carries_a_warning() -> None:
    # Darroch R3 under AIC: the saturated model (all three pairs), N 1,240 as Rivest (2011).
    e = estimate_loglinear(load("darroch_1993_r3.csv"), "aic", bootstrap=20, seed=1)
    assert e.diagnostics["selected_model_rcapture"] == "[12,13,23]"
    assert round(e.estimate) == 1240 and e.diagnostics["selected_df"] == 0
    assert any("leaves no degrees of freedom" in w for w in e.warnings)


def test_profile_interval_reproduces_the_published_bounds() -> None:
    # Cormack, Chang and Smith (2000) Table 3b as reproduced in Rcapture's tests: Mt 203-217,
    # + L2:L3 lower bound 210, + L1:L3 + L2:L3 lower bound 204.
    table = load("cormack_2000_3lists.csv")
    lower, upper, _ = profile_interval(table, [])
    assert (round(lower), round(upper)) == (203, 217)
    assert round(profile_interval(table, [(1, 2)])[0]) == 210
    assert round(profile_interval(table, [(0, 2), (1, 2)])[0]) == 204


def test_lists_that_share_nobody_are_fitted_at_the_limit_not_dropped() -> None:
    # A and B share nobody. Their interaction's estimate is -infinity: the 110 and 111 cells are
    # fitted as 0 and the rest of the model is fitted to the other cells (R's glm reaches the
    # same limit). Here C is independent of A and of B: n0 = n001 * n100 / n101 = 30 * 50 / 10.
    patterns = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [0, 1, 1]])
    table = CaptureTable(("A", "B", "C"), patterns, np.array([50, 40, 30, 10, 8]))
    fit = fit_loglinear(table, [(0, 1)])
    assert fit is not None
    assert fit.boundary == ((0, 1),)
    assert np.isclose(fit.n0, 150.0, rtol=1e-8)
    assert fit.df == 7 - 5  # the interaction still counts as a parameter, as in R's glm
    both = (cell_design(3)[:, 0] == 1) & (cell_design(3)[:, 1] == 1)
    assert np.all(fit.fitted[both] == 0)
    lower, upper, _ = profile_interval(table, [(0, 1)])
    assert lower < fit.N < upper


def test_models_without_an_estimate_follow_chan_silverman_vincent() -> None:
    # Their artificial table (Table 2, 2021; printed in MultipleSystemsEstimation's vignette):
    # [12,3] has no extended MLE, [12,13,23] is not identifiable, [13,23] is fine.
    patterns = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]])
    table = CaptureTable(("A", "B", "C"), patterns, np.array([40, 30, 20, 6]))
    assert fit_loglinear(table, [(0, 1)]) is None
    assert "no finite estimate" in str(why_unfitted(table, [(0, 1)]))
    assert fit_loglinear(table, [(0, 1), (0, 2), (1, 2)]) is None
    fit = fit_loglinear(table, [(0, 2), (1, 2)])
    assert fit is not None and why_unfitted(table, [(0, 2), (1, 2)]) is None
    assert np.isclose(fit.n0, 40 * 30 / 6, rtol=1e-8)  # the A, B table with C = 0
    e = estimate_loglinear(table, bootstrap=10, seed=1)
    assert e.diagnostics["models_without_estimate"] > 0
    assert e.diagnostics["models_fitted"] + e.diagnostics["models_without_estimate"] == 8


def test_selected_model_at_a_zero_overlap_limit_is_said_in_a_warning() -> None:
    # A and B share nobody and C overlaps both: the selected model keeps A:B at its limit.
    patterns = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [0, 1, 1]])
    table = CaptureTable(("A", "B", "C"), patterns, np.array([300, 200, 150, 60, 40]))
    e = estimate_loglinear(table, bootstrap=10, seed=1)
    assert e.diagnostics["selected_model"] == "[A][B][C] + A:B"
    assert e.diagnostics["selected_boundary_terms"] == ["A:B"]
    assert np.isclose(e.estimate, 750 + 150 * 300 / 60, rtol=1e-8)  # C independent of A and B
    assert any(w.startswith("A and B share nobody") for w in e.warnings)


def test_stepwise_search_beyond_five_lists_stays_hierarchical() -> None:
    table = simulate_table(
        3000,
        [0.6, 0.4],
        [[0.1, 0.15, 0.1, 0.12, 0.1, 0.08], [0.5, 0.4, 0.6, 0.45, 0.5, 0.4]],
        seed=3,
    )
    e = estimate_loglinear(table, bootstrap=10, seed=1)
    d = e.diagnostics
    assert d["search"].startswith("stepwise")
    assert d["models_fitted"] > 6 * 5 // 2
    fits = candidate_models(cell_design(6), cell_counts(table), "bic")
    assert len(fits) == d["models_fitted"]
    assert all(closure(f.generators) == f.interactions for f in fits if f.interactions)
    assert min(f.bic for f in fits) == d["selected_bic"]
    independence = fit_loglinear(table)
    assert independence is not None and d["selected_bic"] < independence.bic
    assert e.lower < e.estimate < e.upper


def test_bic_penalises_interactions_more_than_aic(heterogeneous_table: CaptureTable) -> None:
    aic = estimate_loglinear(heterogeneous_table, "aic", bootstrap=20, seed=1)
    bic = estimate_loglinear(heterogeneous_table, "bic", bootstrap=20, seed=1)
    assert aic.diagnostics["selected_aic"] <= bic.diagnostics["selected_aic"]
    assert bic.diagnostics["selected_bic"] <= aic.diagnostics["selected_bic"]
    assert aic.diagnostics["models_fitted"] == bic.diagnostics["models_fitted"] == 113


def test_interval_covers_the_truth_for_independent_lists(
    independent_table: CaptureTable,
) -> None:
    estimate = estimate_loglinear(independent_table, bootstrap=50, seed=3)
    assert estimate.lower < 3000 < estimate.upper
    assert estimate.lower < estimate.estimate < estimate.upper
    assert estimate.diagnostics["models_fitted"] == 8
    assert estimate.diagnostics["interval"].startswith("profile likelihood")


def test_loglinear_same_seed_gives_same_draws(independent_table: CaptureTable) -> None:
    first = estimate_loglinear(independent_table, bootstrap=40, seed=9)
    second = estimate_loglinear(independent_table, bootstrap=40, seed=9)
    assert (first.lower, first.upper) == (second.lower, second.upper)
    assert first.draws is not None and second.draws is not None
    assert np.array_equal(first.draws, second.draws)


def test_seber_two_sample_example_reproduces_the_published_estimate() -> None:
    fit = fit_loglinear(load("seber_1982_p107.csv"))
    assert fit is not None
    assert round(fit.N, 1) == 2389.9  # Seber (1982) p.107, model Mt in Rcapture


def test_bootstrap_replicates_never_fall_below_the_documented_count() -> None:
    # A small table whose lists overlap a lot: resampled tables are often smaller than this one.
    patterns = np.array(
        [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]]
    )
    table = CaptureTable(("A", "B", "C"), patterns, np.array([3, 2, 2, 5, 4, 5, 9]))
    estimate = estimate_loglinear(table, bootstrap=200, seed=2)
    assert estimate.draws is not None
    assert estimate.draws.min() >= table.documented
    assert estimate.lower >= table.documented


def test_lists_that_barely_overlap_give_a_tail_warning_without_a_prior() -> None:
    patterns = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1], [1, 0, 1]])
    table = CaptureTable(("A", "B", "C"), patterns, np.array([120, 90, 100, 1, 1, 1]))
    e = estimate_loglinear(table, bootstrap=10, seed=1)
    assert e.upper > 10 * table.documented
    tail = [w for w in e.warnings if "overlap too little" in w]
    assert len(tail) == 1 and "prior" not in tail[0]
