"""LCMCR: the Bayesian non-parametric latent class capture-recapture model.

Manrique-Vallier, D. (2016). Bayesian population size estimation using Dirichlet process
mixtures. Biometrics 72(4), 1246-1254. Persons fall into up to K latent classes with a truncated
stick-breaking prior (concentration alpha ~ Gamma(a, b), default a = b = 0.25); within a class
lists capture independently with probabilities lambda[j, k] ~ Beta(1, 1); the prior on N is
p(N) ~ 1/N. Heterogeneity and list dependence both come out of the mixture.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from tansiq.estimation import lcmcr_kernel as kernel
from tansiq.estimation.diagnostics import (
    MCSE_LIMIT,
    chain_diagnostics,
    chain_warnings,
    per_chain_summaries,
    posterior_warnings,
)
from tansiq.estimation.lcmcr_random import new_state
from tansiq.estimation.result import Estimate
from tansiq.estimation.table import CaptureTable

__all__ = ["estimate_lcmcr"]

# Progress callback: (sweeps done, sweeps in total) over all chains.
Progress = Callable[[int, int], None]
_CHUNK = 5_000
# Sweeps with alpha held at 0.3 / K before the classes are sorted by weight, as the reference
# implementation (R package LCMCR) starts every chain.
WARM_UP = 500
# Class exchanges (a Metropolis move on the labels, weights included) tried after each sweep.
SWAPS = 1
# Chains are extended, `iterations` sweeps at a time, until the Monte Carlo standard error of
# the median is at most this share of it (twice that for the interval ends) and R-hat <= 1.01,
# or until this many times `iterations` sweeps per chain.
TARGET_MCSE = MCSE_LIMIT
MAX_GROWTH = 20


@dataclass
class _Chain:
    lam: np.ndarray
    log_nu: np.ndarray
    nu: np.ndarray
    count_mk: np.ndarray
    count0_k: np.ndarray
    scalars: np.ndarray
    rng: np.ndarray
    numba_seed: int


def estimate_lcmcr(
    table: CaptureTable,
    K: int = 10,
    iterations: int = 20_000,
    burn_in: int = 10_000,
    thin: int = 10,
    chains: int = 4,
    seed: int | np.random.Generator | None = None,
    a_alpha: float = 0.25,
    b_alpha: float = 0.25,
    progress: Progress | None = None,
    warm_up: int = WARM_UP,
    swaps: int = SWAPS,
    max_iterations: int | None = None,
    target_mcse: float = TARGET_MCSE,
) -> Estimate:
    """Posterior of the total N under LCMCR, by Gibbs sampling on the pattern counts.

    Each of `chains` chains starts as the reference implementation does (`warm_up` sweeps with
    alpha held at 0.3 / K, then the classes sorted by decreasing weight), runs `burn_in` sweeps,
    then `iterations` sweeps keeping every `thin`-th value of N (persons). After every sweep
    `swaps` random pairs of classes are offered an exchange (a Metropolis move that lets a chain
    leave a heavy class in a late stick; 0 turns it off).

    While the Monte Carlo standard error of the median exceeds `target_mcse` times the median
    (or that of an interval end twice that share of the end), or R-hat exceeds 1.01, the chains
    are extended (by the length that should bring the error to target, in multiples of
    `iterations`; see `_more_sweeps`), up to `max_iterations` sweeps per chain in all (default
    20 times `iterations`; set it to `iterations` for a fixed length). The estimate is the posterior median, the interval the 2.5%
    and 97.5% posterior quantiles. `seed` (int or numpy Generator) makes the run reproducible.
    `progress(done, total)` is called between chunks of sweeps (`total` grows when chains are
    extended).
    """
    _check_args(table, K, iterations, burn_in, thin, chains)
    if max_iterations is None:
        max_iterations = MAX_GROWTH * iterations
    if warm_up < 0 or swaps < 0:
        raise ValueError("warm_up and swaps must be non-negative")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    patterns = np.ascontiguousarray(table.patterns, dtype=np.int64)
    counts = np.ascontiguousarray(table.counts, dtype=np.int64)
    run = _Run(patterns, counts, a_alpha, b_alpha, swaps, chains * (warm_up + burn_in), progress)
    states = []
    for _ in range(chains):
        # Numba's generator (n0, alpha) is global: each chain reseeds it for each round.
        numba_seed = int(rng.integers(0, 2**31 - 1 - max_iterations // iterations))
        states.append(_start_chain(patterns, counts, K, new_state(rng), numba_seed))
    draws: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    done, step, r = 0, iterations, 0
    while step > 0:
        run.total += chains * step
        keep = step // thin
        n0 = np.zeros((chains, keep), dtype=np.int64)
        alpha = np.zeros((chains, keep))
        kstar = np.zeros((chains, keep), dtype=np.int64)
        for c, state in enumerate(states):
            kernel.seed_chain(state.numba_seed + r)
            if r == 0:
                if warm_up:
                    _warm_up(run, state, warm_up)
                run.sweep(state, burn_in, 0, None)
            run.sweep(state, step, thin, (n0[c], alpha[c], kstar[c]))
        draws.append((n0, alpha, kstar))
        done, r = done + step, r + 1
        N = np.concatenate([d[0] for d in draws], axis=1) + table.documented
        step = _more_sweeps(N, target_mcse, done, iterations, max_iterations)
    alphas = np.concatenate([d[1] for d in draws], axis=1)
    kstars = np.concatenate([d[2] for d in draws], axis=1)
    return _summarise(table, N, alphas, kstars, K, done)


def _warm_up(run: _Run, state: _Chain, sweeps: int) -> None:
    """The reference implementation's warm-up: `sweeps` sweeps with alpha held at 0.3 / K,
    then the classes relabelled by decreasing weight."""
    state.scalars[kernel.ALPHA] = 0.3 / state.nu.shape[0]
    run.sweep(state, sweeps, 0, None, update_alpha=False)
    kernel.sort_classes(state.lam, state.log_nu, state.nu, state.count_mk, state.count0_k)


def _more_sweeps(N: np.ndarray, target: float, done: int, iterations: int, most: int) -> int:
    """How many more sweeps per chain the draws so far need (0: enough, or the cap reached).

    The Monte Carlo standard errors of the median and the interval ends shrink as one over the
    square root of the chain length: the length that brings the worst of them to `target`
    times its quantile (twice that for the ends) is aimed at with a 20% margin, in multiples of
    `iterations`. While R-hat exceeds 1.01 the chains are at least doubled.
    """
    left = most - done
    if left < iterations:
        return 0
    found = chain_diagnostics(N)
    lower, median, upper = np.quantile(N, [0.025, 0.5, 0.975])
    ratio = max(
        found["mcse_median"] / (target * median),
        found["mcse_lower"] / (2 * target * lower),
        found["mcse_upper"] / (2 * target * upper),
    )
    needed = done * ratio**2 * 1.2 - done if ratio > 1 else 0.0
    if found["rhat"] > 1.01:
        needed = max(needed, done)
    if needed <= 0:
        return 0
    return int(min(left, iterations * np.ceil(needed / iterations)) // iterations * iterations)


def _check_args(
    table: CaptureTable, K: int, iterations: int, burn_in: int, thin: int, chains: int
) -> None:
    if table.documented == 0:
        raise ValueError("the table records nobody")
    if K < 1 or chains < 1 or thin < 1 or burn_in < 0:
        raise ValueError("K, chains and thin must be positive and burn_in non-negative")
    if iterations // thin < 2:
        raise ValueError("iterations // thin must keep at least two draws per chain")


def _start_chain(
    patterns: np.ndarray, counts: np.ndarray, K: int, rng: np.ndarray, numba_seed: int
) -> _Chain:
    J = patterns.shape[1]
    state = _Chain(
        lam=np.empty((J, K)),
        log_nu=np.empty(K),
        nu=np.empty(K),
        count_mk=np.zeros((patterns.shape[0], K), dtype=np.int64),
        count0_k=np.zeros(K, dtype=np.int64),
        scalars=np.zeros(2),
        rng=rng,
        numba_seed=numba_seed,
    )
    kernel.initialise_chain(
        patterns,
        counts,
        state.lam,
        state.log_nu,
        state.nu,
        state.count_mk,
        state.count0_k,
        state.scalars,
    )
    return state


@dataclass
class _Run:
    patterns: np.ndarray
    counts: np.ndarray
    a_alpha: float
    b_alpha: float
    swaps: int
    total: int
    progress: Progress | None
    done: int = 0

    def sweep(
        self,
        s: _Chain,
        sweeps: int,
        thin: int,
        outs: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
        update_alpha: bool = True,
    ) -> None:
        """Run `sweeps` sweeps in chunks (multiples of `thin`), filling `outs` in order."""
        empty_i, empty_f = np.zeros(0, dtype=np.int64), np.zeros(0)
        chunk = _CHUNK if not thin else max(thin, (_CHUNK // thin) * thin)
        kept, left = 0, sweeps
        while left > 0:
            step = min(chunk, left)
            if outs is None:
                o_n0, o_alpha, o_k = empty_i, empty_f, empty_i
            else:
                o_n0, o_alpha, o_k = (o[kept:] for o in outs)
            kept += kernel.run_chain(
                s.rng, self.patterns, self.counts, s.lam, s.log_nu, s.nu, s.count_mk, s.count0_k,
                s.scalars, self.a_alpha, self.b_alpha, step, thin, o_n0, o_alpha, o_k,
                update_alpha, self.swaps,
            )  # fmt: skip
            left -= step
            self.done += step
            if self.progress is not None:
                self.progress(self.done, self.total)


def _summarise(
    table: CaptureTable, N: np.ndarray, alpha: np.ndarray, kstar: np.ndarray, K: int, sweeps: int
) -> Estimate:
    flat = N.reshape(-1).astype(float)
    lower, median, upper = np.quantile(flat, [0.025, 0.5, 0.975])
    diagnostics: dict[str, Any] = dict(chain_diagnostics(N))
    chains = per_chain_summaries(N, alpha)
    diagnostics.update(
        {
            "chains": float(N.shape[0]),
            "draws_per_chain": float(N.shape[1]),
            "sweeps_per_chain": float(sweeps),
            "K": float(K),
            "mean_alpha": float(alpha.mean()),
            "mean_occupied_classes": float(kstar.mean()),
            "max_occupied_classes": float(kstar.max()),
            "per_chain": chains,
        }
    )
    warnings = posterior_warnings(diagnostics, table.documented, median, lower, upper)
    warnings.extend(chain_warnings(N, chains))
    if np.mean(kstar >= K) > 0.5:
        warnings.append(f"all {K} latent classes are usually occupied: rerun with a larger K")
    return Estimate(
        method="lcmcr",
        lists=table.lists,
        documented=table.documented,
        estimate=float(median),
        lower=float(lower),
        upper=float(upper),
        draws=flat,
        diagnostics=diagnostics,
        warnings=warnings,
    )
