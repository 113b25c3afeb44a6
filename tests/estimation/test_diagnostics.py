"""R-hat, ESS and quantile MCSE in NumPy: the same numbers as ArviZ on the same draws; the
chain warnings."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from tansiq.estimation.diagnostics import (
    ALPHA_TRAPPED,
    chain_warnings,
    ess_bulk,
    mcse_warnings,
    per_chain_summaries,
    quantile_mcse,
    rhat,
)


def ar1(chains: int, draws: int, phi: float, seed: int, shift: float = 0.0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.zeros((chains, draws))
    out[:, 0] = rng.normal(size=chains)
    for t in range(1, draws):
        out[:, t] = phi * out[:, t - 1] + rng.normal(size=chains)
    out[-1] += shift
    return out


CASES = {
    "independent": np.random.default_rng(0).normal(1000, 30, size=(4, 500)),
    "autocorrelated": 600 + 50 * ar1(4, 2_000, 0.95, seed=1),
    "one chain off": 600 + 50 * ar1(4, 1_001, 0.8, seed=2, shift=3.0),
    # Whole persons, many ties, as draws of N are.
    "integer with ties": np.round(215 + np.abs(3 * ar1(3, 800, 0.6, seed=3))),
    "skewed": np.exp(ar1(2, 3_000, 0.9, seed=4)) * 100 + 400,
}


@pytest.mark.parametrize("name", list(CASES))
def test_rhat_ess_and_quantile_mcse_equal_arviz(name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import arviz as az
    draws = CASES[name]
    assert rhat(draws) == pytest.approx(float(az.rhat(draws)), rel=1e-9)
    assert ess_bulk(draws) == pytest.approx(float(az.ess(draws)), rel=1e-9)
    for prob in (0.025, 0.5, 0.975):
        expected = float(az.mcse(draws, method="quantile", prob=prob))
        assert quantile_mcse(draws, prob) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_diagnostics_do_not_import_arviz() -> None:
    import subprocess
    import sys

    code = (
        "import sys, numpy as np; from tansiq.estimation.diagnostics import chain_diagnostics; "
        "chain_diagnostics(np.random.default_rng(0).normal(size=(4, 100))); "
        "print('arviz' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_quantile_mcse_shrinks_with_more_independent_draws() -> None:
    rng = np.random.default_rng(5)
    few, many = rng.normal(size=(4, 250)), rng.normal(size=(4, 25_000))
    # The median of n normal draws has standard error sqrt(pi / 2n).
    assert quantile_mcse(few, 0.5) == pytest.approx(np.sqrt(np.pi / 2 / 1_000), rel=0.3)
    assert quantile_mcse(many, 0.5) == pytest.approx(np.sqrt(np.pi / 2 / 100_000), rel=0.3)


def test_a_trapped_chain_and_a_chain_off_the_others_are_named() -> None:
    rng = np.random.default_rng(6)
    N = np.round(rng.normal(2400, 60, size=(4, 2_000)))
    alpha = rng.gamma(9.0, 0.1, size=(4, 2_000))
    assert chain_warnings(N, per_chain_summaries(N, alpha)) == []
    alpha[2] = rng.gamma(9.25, 1 / 0.3, size=2_000)  # alpha about 30: the trapped state
    N[3] += 120  # 5% above the others, far beyond its Monte Carlo error
    found = chain_warnings(N, per_chain_summaries(N, alpha))
    assert len(found) == 2
    assert found[0].startswith("chain(s) 3 (alpha") and f"> {ALPHA_TRAPPED:g}" in found[0]
    assert found[1].startswith("chain 4's median")


def test_a_large_monte_carlo_error_is_a_warning() -> None:
    assert (
        mcse_warnings({"mcse_median": 5.0, "mcse_lower": 1, "mcse_upper": 9}, 1000, 900, 1300) == []
    )
    found = mcse_warnings({"mcse_median": 15.0, "mcse_lower": 1, "mcse_upper": 40}, 1000, 900, 1300)
    assert len(found) == 1
    assert "estimate +-15 (1.5% > 0.5%)" in found[0] and "upper bound +-40" in found[0]
    assert "lower bound" not in found[0]
