"""LCMCR: coverage under heterogeneity, reproducibility, diagnostics and warnings."""

from __future__ import annotations

import numpy as np

from tansiq.estimation import CaptureTable, estimate_lcmcr
from tansiq.estimation.diagnostics import chain_diagnostics


def test_lcmcr_interval_covers_the_truth_under_heterogeneous_capture(
    heterogeneous_table: CaptureTable,
) -> None:
    estimate = estimate_lcmcr(
        heterogeneous_table,
        iterations=20_000,
        burn_in=5_000,
        chains=2,
        seed=4,
        max_iterations=20_000,
    )
    assert estimate.lower < 2000 < estimate.upper
    assert estimate.documented < estimate.lower
    assert estimate.diagnostics["rhat"] < 1.05
    assert estimate.draws is not None and len(estimate.draws) == 2 * 2_000


def test_lcmcr_same_seed_same_draws_other_seed_other_draws(independent_table: CaptureTable) -> None:
    def run(seed: int) -> np.ndarray:
        draws = estimate_lcmcr(
            independent_table, iterations=1_000, burn_in=200, chains=2, seed=seed
        ).draws
        assert draws is not None
        return draws

    first, again, other = run(21), run(21), run(22)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_lcmcr_accepts_a_numpy_generator_as_seed(independent_table: CaptureTable) -> None:
    a = estimate_lcmcr(
        independent_table, iterations=500, burn_in=100, chains=1, seed=np.random.default_rng(3)
    )
    b = estimate_lcmcr(
        independent_table, iterations=500, burn_in=100, chains=1, seed=np.random.default_rng(3)
    )
    assert a.estimate == b.estimate


def test_lcmcr_warns_when_lists_barely_overlap() -> None:
    # Three lists that share almost nobody: the data cannot bound N and the prior sets the tail.
    patterns = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1]])
    table = CaptureTable(("A", "B", "C"), patterns, np.array([400, 300, 350, 1, 1]))
    estimate = estimate_lcmcr(table, iterations=4_000, burn_in=2_000, chains=2, seed=2)
    assert any("prior" in w or "wider" in w for w in estimate.warnings)


def test_progress_reports_every_sweep_of_every_chain(independent_table: CaptureTable) -> None:
    calls: list[tuple[int, int]] = []
    estimate_lcmcr(independent_table, iterations=1_000, burn_in=500, chains=2, seed=1, max_iterations=1_000,
                   progress=lambda done, total: calls.append((done, total)))  # fmt: skip
    assert calls[-1] == (4_000, 4_000)  # 500 warm-up sweeps per chain
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_chain_diagnostics_flag_chains_that_disagree() -> None:
    rng = np.random.default_rng(0)
    agree = rng.normal(1000, 30, size=(4, 500))
    disagree = agree + np.array([[0], [0], [0], [200]])
    assert chain_diagnostics(agree)["rhat"] < 1.01
    assert chain_diagnostics(disagree)["rhat"] > 1.05
    assert chain_diagnostics(agree)["ess"] > 1000


def exact_mt_posterior(table: CaptureTable, upper: int) -> tuple[np.ndarray, np.ndarray]:
    """Posterior of N under model Mt (one class) with Beta(1, 1) capture probabilities and the
    prior p(N) ~ 1/N, computed exactly on the grid n..upper."""
    from scipy.special import gammaln

    n = table.documented
    totals = np.array(list(table.list_totals().values()))
    grid = np.arange(n, upper + 1)
    log_post = -np.log(grid) + gammaln(grid + 1) - gammaln(grid - n + 1)
    for n_j in totals:
        log_post += gammaln(grid - n_j + 1) - gammaln(grid + 2)
    weights = np.exp(log_post - log_post.max())
    return grid, weights / weights.sum()


def test_one_class_lcmcr_matches_the_exact_mt_posterior() -> None:
    # With K = 1 the model is Mt; its posterior of N is known in closed form up to a sum.
    patterns = np.array(
        [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]]
    )
    table = CaptureTable(("A", "B", "C"), patterns, np.array([120, 90, 70, 30, 25, 20, 8]))
    grid, post = exact_mt_posterior(table, 2000)
    cdf = np.cumsum(post)
    exact = [grid[np.searchsorted(cdf, q)] for q in (0.025, 0.5, 0.975)]
    sd = float(np.sqrt(np.sum(post * grid**2) - np.sum(post * grid) ** 2))
    estimate = estimate_lcmcr(
        table, K=1, iterations=40_000, burn_in=2_000, thin=4, chains=2, seed=8
    )
    sampled = [estimate.lower, estimate.estimate, estimate.upper]
    assert np.allclose(sampled, exact, atol=0.15 * sd), (sampled, exact, sd)
