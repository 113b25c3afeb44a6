"""LCMCR chains: the reference warm-up and re-sort, class exchanges, the trapped-chain warning,
the Monte Carlo error of the figures and the chains extended until it is small."""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from tansiq.estimation import CaptureTable, estimate_lcmcr
from tansiq.estimation import lcmcr as lcmcr_module
from tansiq.estimation import lcmcr_kernel as kernel
from tansiq.estimation.cli import estimate as estimate_command
from tansiq.estimation.diagnostics import ALPHA_TRAPPED
from tansiq.estimation.lcmcr_random import new_state

DATA = files("tansiq.estimation") / "data"


def load(name: str) -> CaptureTable:
    return CaptureTable.from_patterns_csv(str(DATA / name))


def trapped_chain(table: CaptureTable, swaps: int, seed: int = 3) -> tuple[Any, Any]:
    """A chain put in the trapped state: nearly all weight in the last stick, alpha = 30."""
    patterns = np.ascontiguousarray(table.patterns, dtype=np.int64)
    counts = np.ascontiguousarray(table.counts, dtype=np.int64)
    kernel.seed_chain(seed)
    state = lcmcr_module._start_chain(
        patterns, counts, 10, new_state(np.random.default_rng(seed)), seed
    )
    trap(state)
    return state, lcmcr_module._Run(patterns, counts, 0.25, 0.25, swaps, 0, None)


def trap(state: Any) -> None:
    state.log_nu[:] = np.log(1e-9)
    state.log_nu[-1] = np.log1p(-9e-9)
    state.nu[:] = np.exp(state.log_nu)
    state.scalars[kernel.ALPHA] = 30.0


def alpha_and_n(run: Any, state: Any, sweeps: int = 2_000) -> tuple[float, float]:
    keep = sweeps // 10
    outs = (np.zeros(keep, dtype=np.int64), np.zeros(keep), np.zeros(keep, dtype=np.int64))
    run.sweep(state, sweeps, 10, outs)
    return float(np.median(outs[1][keep // 2 :])), float(np.median(outs[0]))


def test_warm_up_and_re_sort_release_a_trapped_chain() -> None:
    # Diabetes (4 lists, 2,069 persons): a chain with everyone in the last stick and alpha 30
    # stays there for thousands of sweeps; the reference warm-up (alpha held at 0.3 / K, then
    # classes sorted by weight) brings it back to the posterior, where alpha is below 1.
    table = load("diabetes_casale_1988.csv")
    state, run = trapped_chain(table, swaps=0)
    assert alpha_and_n(run, state)[0] > ALPHA_TRAPPED
    state, run = trapped_chain(table, swaps=0)
    lcmcr_module._warm_up(run, state, 500)
    assert np.argmax(state.nu) == 0 and np.all(np.diff(state.nu) <= 0)
    assert alpha_and_n(run, state)[0] < 1.5


def test_class_exchanges_release_a_trapped_chain_without_a_warm_up() -> None:
    table = load("diabetes_casale_1988.csv")
    state, run = trapped_chain(table, swaps=1)
    assert alpha_and_n(run, state)[0] < 1.5


def test_class_exchange_keeps_the_prior_of_weights_and_alpha() -> None:
    # With no data, exchanges must leave the prior unchanged: alpha ~ Gamma(2, 1), the
    # truncated stick-breaking weights given alpha. Start from prior draws, apply exchanges, and
    # the means of alpha (2), of the first weight (E[1 / (1 + alpha)] = 1 - e E1(1)) and of the
    # last weight (E[(alpha / (1 + alpha))^4]) must stay.
    from scipy.special import exp1

    gen = np.random.default_rng(2)
    rng = new_state(np.random.default_rng(1))
    lam = np.zeros((1, 5))
    count_mk = np.zeros((1, 5), dtype=np.int64)
    count0_k = np.zeros(5, dtype=np.int64)
    scalars = np.zeros(2)
    kernel.seed_chain(4)
    alphas, firsts, lasts, moved = [], [], [], 0
    for _ in range(40_000):
        alpha = gen.gamma(2.0, 1.0)
        # V ~ Beta(1, alpha) in logs: 1 - V = U^(1 / alpha).
        log_rest = np.log(gen.random(4)) / alpha
        log_v = np.append(np.log(-np.expm1(log_rest)), 0.0)
        log_nu = log_v + np.concatenate(([0.0], np.cumsum(log_rest)))
        nu = np.exp(log_nu)
        scalars[kernel.ALPHA] = alpha
        for _ in range(3):
            moved += kernel._swap_classes(rng, lam, log_nu, nu, count_mk, count0_k, scalars,
                                          2.0, 1.0)  # fmt: skip
        alphas.append(scalars[kernel.ALPHA])
        firsts.append(nu[0])
        lasts.append(nu[-1])
    a = gen.gamma(2.0, 1.0, size=400_000)
    assert 0.2 < moved / 120_000 < 0.9
    assert abs(np.mean(alphas) - 2.0) < 0.04
    assert abs(np.mean(firsts) - (1.0 - np.e * exp1(1.0))) < 0.006
    assert abs(np.mean(lasts) - np.mean((a / (1.0 + a)) ** 4)) < 0.006


def test_a_trapped_chain_is_named_in_the_warnings_and_the_cli_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The first chain is started trapped and given neither warm-up nor exchanges: the result
    # must say which chain, with its alpha, and the command line must print it.
    start = lcmcr_module._start_chain
    made: list[int] = []

    def start_trapped(*args: Any) -> Any:
        state = start(*args)
        if not made:
            trap(state)
        made.append(1)
        return state

    monkeypatch.setattr(lcmcr_module, "_start_chain", start_trapped)
    table = load("diabetes_casale_1988.csv")
    e = estimate_lcmcr(table, iterations=4_000, burn_in=0, warm_up=0, swaps=0, seed=1,
                       max_iterations=4_000)  # fmt: skip
    chains = e.diagnostics["per_chain"]
    assert chains[0]["median_alpha"] > ALPHA_TRAPPED
    assert all(c["median_alpha"] < ALPHA_TRAPPED for c in chains[1:])
    assert any("chain(s) 1 (alpha" in w and "trapped" in w for w in e.warnings)
    # The same trapped start with the default warm-up and re-sort (exchanges still off): freed.
    made.clear()
    e = estimate_lcmcr(table, iterations=4_000, burn_in=0, swaps=0, seed=1, max_iterations=4_000)
    assert e.diagnostics["per_chain"][0]["median_alpha"] < ALPHA_TRAPPED
    assert not any("trapped" in w for w in e.warnings)

    made.clear()
    untrapped = functools.partial(estimate_lcmcr, warm_up=0, swaps=0, max_iterations=4_000)
    monkeypatch.setattr(lcmcr_module, "estimate_lcmcr", untrapped)  # strata imports it when used
    app = typer.Typer(add_completion=False)
    app.command()(estimate_command)
    src = tmp_path / "diabetes.csv"
    src.write_text((DATA / "diabetes_casale_1988.csv").read_text(encoding="utf-8"))
    result = CliRunner().invoke(
        app, [str(src), "--out", str(tmp_path / "out"), "--iterations", "4000",
              "--burn-in", "0", "--chains", "2"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "chain(s) 1 (alpha" in " ".join(result.output.split())
    assert "chain(s) 1 (alpha" in (tmp_path / "out" / "estimate.csv").read_text(encoding="utf-8")


def test_every_run_reports_the_monte_carlo_error_of_its_figures() -> None:
    e = estimate_lcmcr(load("cormack_2000_3lists.csv"), iterations=2_000, burn_in=500, seed=1,
                       max_iterations=2_000)  # fmt: skip
    for key in ("mcse_median", "mcse_lower", "mcse_upper"):
        assert 0 <= e.diagnostics[key] < e.upper - e.lower
    assert e.summary()["diagnostics"]["mcse_median"] == pytest.approx(e.diagnostics["mcse_median"])


def test_a_short_run_on_a_slowly_mixing_table_says_its_error_is_too_large() -> None:
    # Darroch et al. R3 (3 lists, 414 persons): N between about 450 and 1,200; 2 x 2,000 sweeps
    # cannot pin the median to 1%.
    e = estimate_lcmcr(load("darroch_1993_r3.csv"), iterations=2_000, burn_in=500, chains=2,
                       seed=1, max_iterations=2_000)  # fmt: skip
    assert e.diagnostics["mcse_median"] > 0.01 * e.estimate
    assert any(w.startswith("Monte Carlo error too large") for w in e.warnings)


def test_chains_are_extended_until_the_error_is_small_or_the_cap() -> None:
    table = load("darroch_1993_r3.csv")
    fixed = estimate_lcmcr(table, iterations=2_000, burn_in=500, chains=2, seed=1,
                           max_iterations=2_000)  # fmt: skip
    grown = estimate_lcmcr(table, iterations=2_000, burn_in=500, chains=2, seed=1,
                           max_iterations=20_000)  # fmt: skip
    assert fixed.diagnostics["sweeps_per_chain"] == 2_000
    assert grown.diagnostics["sweeps_per_chain"] > 2_000
    assert (
        grown.draws is not None
        and len(grown.draws) == 2 * grown.diagnostics["sweeps_per_chain"] / 10
    )
    assert grown.diagnostics["mcse_median"] < fixed.diagnostics["mcse_median"]
    # An easy table stops after the first round.
    easy = estimate_lcmcr(load("cormack_2000_4lists.csv"), iterations=20_000, seed=1)
    assert easy.diagnostics["sweeps_per_chain"] == 20_000
    assert not any("Monte Carlo" in w for w in easy.warnings)
