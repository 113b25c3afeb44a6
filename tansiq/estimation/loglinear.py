"""Log-linear capture-recapture models: main effects plus two-way interactions.

Each model is a Poisson GLM (statsmodels) over the 2^J - 1 observable cells:
log E[count] = b0 + sum_j b_j x_j + sum_{(j,k) in model} g_jk x_j x_k, and the unobserved cell is
exp(b0). Models are compared by AIC (-2 log L + 2p) or BIC (-2 log L + p log n, n documented
persons) and averaged with Akaike/Schwarz weights w ~ exp(-delta / 2) (Buckland et al. 1997).
The 95% interval is a parametric bootstrap (Buckland & Garthwaite 1991): populations of the
estimated size are drawn from the averaged fit, re-estimated with the same averaging over the
best-supported models, and the 2.5% / 97.5% percentiles of the replicates are reported.
"""

from __future__ import annotations

import itertools
import warnings as _warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tansiq.estimation.diagnostics import width_warnings
from tansiq.estimation.result import Estimate
from tansiq.estimation.table import CaptureTable

__all__ = ["LoglinearFit", "estimate_loglinear", "fit_loglinear"]

Pair = tuple[int, int]
# All subsets of pairs up to this many lists (2^10 = 1024 models at 5 lists); beyond, a stepwise
# forward search from independence.
EXHAUSTIVE_LISTS = 5
# Models averaged inside each bootstrap replicate: the best ones, covering this much weight.
BOOTSTRAP_WEIGHT = 0.95
BOOTSTRAP_MODELS = 8
# An unobserved-cell estimate beyond this many documented persons means the model is not
# identified by the data (a near-empty margin drives an interaction to infinity).
MAX_RATIO = 1_000.0


@dataclass(frozen=True, eq=False)
class LoglinearFit:
    """One fitted log-linear model: its interactions (by list index), the estimated number of
    unrecorded persons `n0`, the total `N` (persons), log-likelihood, parameter count, AIC, BIC,
    residual deviance with its degrees of freedom, and fitted means of the observable cells."""

    interactions: tuple[Pair, ...]
    n0: float
    N: float
    loglik: float
    params: int
    aic: float
    bic: float
    deviance: float
    df: int
    fitted: np.ndarray

    def name(self, lists: Sequence[str]) -> str:
        """Readable model name, e.g. `[A][B][C] + A:B`."""
        mains = "".join(f"[{n}]" for n in lists)
        pairs = " + ".join(f"{lists[a]}:{lists[b]}" for a, b in self.interactions)
        return f"{mains} + {pairs}" if pairs else mains


def cell_design(n_lists: int) -> np.ndarray:
    """All 2^J - 1 observable patterns, as rows of 0/1 (the all-zero cell excluded)."""
    grid = np.array(list(itertools.product((0, 1), repeat=n_lists)), dtype=np.uint8)
    cells: np.ndarray = grid[grid.sum(axis=1) > 0]
    return cells


def cell_counts(table: CaptureTable) -> np.ndarray:
    """Counts of the table over `cell_design(J)`, zeros included."""
    cells = cell_design(table.n_lists)
    index = {tuple(row): i for i, row in enumerate(cells)}
    out = np.zeros(len(cells), dtype=np.int64)
    for row, c in zip(table.patterns, table.counts, strict=True):
        out[index[tuple(int(v) for v in row)]] += c
    return out


def fit_loglinear(table: CaptureTable, interactions: Sequence[Pair] = ()) -> LoglinearFit | None:
    """Fit one model by Poisson maximum likelihood; None when the data cannot identify it.

    A model is unidentified when an interaction's pair of lists shares nobody, when the fit fails
    to converge, or when the unobserved cell runs beyond `MAX_RATIO` documented persons.
    """
    cells = cell_design(table.n_lists)
    return _fit(cells, cell_counts(table), tuple(interactions))


def _fit(cells: np.ndarray, y: np.ndarray, interactions: tuple[Pair, ...]) -> LoglinearFit | None:
    import statsmodels.api as sm

    n = float(y.sum())
    for a, b in interactions:
        if y[(cells[:, a] == 1) & (cells[:, b] == 1)].sum() == 0:
            return None
    X = _design(cells, interactions)
    if X.shape[1] > len(y):
        return None
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        try:
            res = sm.GLM(y.astype(float), X, family=sm.families.Poisson()).fit(maxiter=100)
        except (ValueError, np.linalg.LinAlgError, FloatingPointError):
            return None
    n0 = float(np.exp(res.params[0]))
    if not np.isfinite(n0) or n0 > MAX_RATIO * max(n, 1.0) or not res.converged:
        return None
    p = X.shape[1]
    loglik = float(res.llf)
    return LoglinearFit(
        interactions=interactions,
        n0=n0,
        N=n + n0,
        loglik=loglik,
        params=p,
        aic=-2 * loglik + 2 * p,
        bic=-2 * loglik + p * np.log(max(n, 2.0)),
        deviance=float(res.deviance),
        df=len(y) - p,
        fitted=np.asarray(res.fittedvalues, dtype=float),
    )


def _design(cells: np.ndarray, interactions: tuple[Pair, ...]) -> np.ndarray:
    columns = [np.ones(len(cells)), *(cells[:, j].astype(float) for j in range(cells.shape[1]))]
    columns += [(cells[:, a] * cells[:, b]).astype(float) for a, b in interactions]
    return np.column_stack(columns)


def candidate_models(cells: np.ndarray, y: np.ndarray, criterion: str) -> list[LoglinearFit]:
    """All identifiable hierarchical two-way models (J <= 5) or a forward stepwise path (J > 5)."""
    n_lists = cells.shape[1]
    pairs = list(itertools.combinations(range(n_lists), 2))
    if n_lists <= EXHAUSTIVE_LISTS:
        subsets = itertools.chain.from_iterable(
            itertools.combinations(pairs, r) for r in range(len(pairs) + 1)
        )
        fits = [_fit(cells, y, s) for s in subsets]
        return [f for f in fits if f is not None]
    return _forward_search(cells, y, pairs, criterion)


def _forward_search(
    cells: np.ndarray, y: np.ndarray, pairs: list[Pair], criterion: str
) -> list[LoglinearFit]:
    current = _fit(cells, y, ())
    seen = [current] if current is not None else []
    while current is not None:
        trials = [
            _fit(cells, y, (*current.interactions, p))
            for p in pairs
            if p not in current.interactions
        ]
        fitted = [t for t in trials if t is not None]
        seen.extend(fitted)
        best = min(fitted, key=lambda f: _score(f, criterion), default=None)
        if best is None or _score(best, criterion) >= _score(current, criterion):
            break
        current = best
    return seen


def _score(fit: LoglinearFit, criterion: str) -> float:
    return fit.aic if criterion == "aic" else fit.bic


def model_weights(fits: Sequence[LoglinearFit], criterion: str) -> np.ndarray:
    """Akaike (or Schwarz) weights: exp(-delta/2), normalised."""
    scores = np.array([_score(f, criterion) for f in fits])
    w = np.exp(-0.5 * (scores - scores.min()))
    weights: np.ndarray = w / w.sum()
    return weights


def estimate_loglinear(
    table: CaptureTable,
    criterion: str = "aic",
    bootstrap: int = 200,
    seed: int | np.random.Generator | None = None,
) -> Estimate:
    """Model-averaged log-linear estimate of N with a parametric-bootstrap 95% interval.

    `criterion` is "aic" or "bic"; `bootstrap` is the number of replicates (persons are counted
    in every figure). Raises ValueError when no model is identifiable.
    """
    if criterion not in ("aic", "bic"):
        raise ValueError("criterion must be 'aic' or 'bic'")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    cells, y = cell_design(table.n_lists), cell_counts(table)
    fits = candidate_models(cells, y, criterion)
    if not fits:
        raise ValueError("no log-linear model is identifiable from this table")
    weights = model_weights(fits, criterion)
    point = float(np.dot(weights, [f.N for f in fits]))
    top = _top_models(fits, weights)
    # N is at least the documented count: replicates below it (a resampled table can be smaller
    # than the real one) are raised to it, so neither the interval nor a sum of strata dips below.
    draws = np.maximum(
        _bootstrap(cells, fits, weights, top, point, criterion, bootstrap, rng), table.documented
    )
    lower, upper = np.quantile(draws, [0.025, 0.975]) if len(draws) else (np.nan, np.nan)
    best = int(np.argmax(weights))
    diagnostics = {
        "criterion": criterion,
        "models_fitted": len(fits),
        "best_model": fits[best].name(table.lists),
        "best_weight": float(weights[best]),
        "best_estimate": fits[best].N,
        "best_deviance": fits[best].deviance,
        "best_df": fits[best].df,
        "bootstrap_replicates": len(draws),
        "interval": "parametric bootstrap percentile",
        "top_models": [
            {"model": fits[i].name(table.lists), "weight": float(weights[i]), "estimate": fits[i].N}
            for i in top
        ],
    }
    warnings = width_warnings(table.documented, point, float(lower), float(upper))
    return Estimate("loglinear", table.lists, table.documented, point, float(lower), float(upper),
                    draws, diagnostics, warnings)  # fmt: skip


def _top_models(fits: Sequence[LoglinearFit], weights: np.ndarray) -> list[int]:
    order = np.argsort(-weights)
    cum = np.cumsum(weights[order])
    count = int(np.searchsorted(cum, BOOTSTRAP_WEIGHT) + 1)
    return [int(i) for i in order[: min(count, BOOTSTRAP_MODELS)]]


def _bootstrap(
    cells: np.ndarray,
    fits: Sequence[LoglinearFit],
    weights: np.ndarray,
    top: list[int],
    point: float,
    criterion: str,
    replicates: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Replicates of the averaged N from populations drawn from the averaged fitted cells."""
    probs = _averaged_cell_probs(cells, fits, weights)
    size = max(int(round(point)), 1)
    out = []
    for _ in range(replicates):
        drawn = rng.multinomial(size, probs)[1:]
        refits = [_fit(cells, drawn, fits[i].interactions) for i in top]
        ok = [f for f in refits if f is not None]
        if ok:
            w = model_weights(ok, criterion)
            out.append(float(np.dot(w, [f.N for f in ok])))
    return np.array(out)


def _averaged_cell_probs(
    cells: np.ndarray, fits: Sequence[LoglinearFit], weights: np.ndarray
) -> np.ndarray:
    """Cell probabilities (unobserved cell first) of the weight-averaged fitted model."""
    total = np.zeros(len(cells) + 1)
    for f, w in zip(fits, weights, strict=True):
        if w < 1e-6:
            continue
        total += w * np.concatenate([[f.n0], f.fitted]) / (f.n0 + f.fitted.sum())
    probs: np.ndarray = total / total.sum()
    return probs
