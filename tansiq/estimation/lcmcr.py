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

import numpy as np

from tansiq.estimation import lcmcr_kernel as kernel
from tansiq.estimation.diagnostics import chain_diagnostics, posterior_warnings
from tansiq.estimation.lcmcr_random import new_state
from tansiq.estimation.result import Estimate
from tansiq.estimation.table import CaptureTable

__all__ = ["estimate_lcmcr"]

# Progress callback: (sweeps done, sweeps in total) over all chains.
Progress = Callable[[int, int], None]
_CHUNK = 5_000


@dataclass
class _Chain:
    lam: np.ndarray
    log_nu: np.ndarray
    nu: np.ndarray
    count_mk: np.ndarray
    count0_k: np.ndarray
    scalars: np.ndarray
    rng: np.ndarray


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
) -> Estimate:
    """Posterior of the total N under LCMCR, by Gibbs sampling on the pattern counts.

    Each of `chains` chains runs `burn_in` sweeps, then `iterations` sweeps keeping every
    `thin`-th value of N (persons). The estimate is the posterior median, the interval the 2.5%
    and 97.5% posterior quantiles. `seed` (int or numpy Generator) makes the run reproducible.
    `progress(done, total)` is called between chunks of sweeps.
    """
    _check_args(table, K, iterations, burn_in, thin, chains)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    patterns = np.ascontiguousarray(table.patterns, dtype=np.int64)
    counts = np.ascontiguousarray(table.counts, dtype=np.int64)
    keep = iterations // thin
    n0 = np.zeros((chains, keep), dtype=np.int64)
    alpha = np.zeros((chains, keep))
    kstar = np.zeros((chains, keep), dtype=np.int64)
    total, done = chains * (burn_in + iterations), 0
    for c in range(chains):
        kernel.seed_chain(int(rng.integers(0, 2**31 - 1)))
        state = _start_chain(patterns, counts, K, new_state(rng))
        done = _sweep(
            patterns, counts, state, a_alpha, b_alpha, burn_in, 0, None, done, total, progress
        )
        outs = (n0[c], alpha[c], kstar[c])
        done = _sweep(
            patterns, counts, state, a_alpha, b_alpha, iterations, thin, outs, done, total, progress
        )
    return _summarise(table, n0 + table.documented, alpha, kstar, K)


def _check_args(
    table: CaptureTable, K: int, iterations: int, burn_in: int, thin: int, chains: int
) -> None:
    if table.documented == 0:
        raise ValueError("the table records nobody")
    if K < 1 or chains < 1 or thin < 1 or burn_in < 0:
        raise ValueError("K, chains and thin must be positive and burn_in non-negative")
    if iterations // thin < 2:
        raise ValueError("iterations // thin must keep at least two draws per chain")


def _start_chain(patterns: np.ndarray, counts: np.ndarray, K: int, rng: np.ndarray) -> _Chain:
    J = patterns.shape[1]
    state = _Chain(
        lam=np.empty((J, K)),
        log_nu=np.empty(K),
        nu=np.empty(K),
        count_mk=np.zeros((patterns.shape[0], K), dtype=np.int64),
        count0_k=np.zeros(K, dtype=np.int64),
        scalars=np.zeros(2),
        rng=rng,
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


def _sweep(
    patterns: np.ndarray,
    counts: np.ndarray,
    s: _Chain,
    a_alpha: float,
    b_alpha: float,
    sweeps: int,
    thin: int,
    outs: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
    done: int,
    total: int,
    progress: Progress | None,
) -> int:
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
            s.rng, patterns, counts, s.lam, s.log_nu, s.nu, s.count_mk, s.count0_k, s.scalars,
            a_alpha, b_alpha, step, thin, o_n0, o_alpha, o_k,
        )  # fmt: skip
        left -= step
        done += step
        if progress is not None:
            progress(done, total)
    return done


def _summarise(
    table: CaptureTable, N: np.ndarray, alpha: np.ndarray, kstar: np.ndarray, K: int
) -> Estimate:
    flat = N.reshape(-1).astype(float)
    lower, median, upper = np.quantile(flat, [0.025, 0.5, 0.975])
    diagnostics: dict[str, float] = chain_diagnostics(N)
    diagnostics.update(
        {
            "chains": float(N.shape[0]),
            "draws_per_chain": float(N.shape[1]),
            "K": float(K),
            "mean_alpha": float(alpha.mean()),
            "mean_occupied_classes": float(kstar.mean()),
            "max_occupied_classes": float(kstar.max()),
        }
    )
    warnings = posterior_warnings(diagnostics, table.documented, median, lower, upper)
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
