"""Hierarchical log-linear capture-recapture models, as Rcapture's `closedpMS.t` fits them.

Each model is a Poisson GLM over the 2^t - 1 observable cells: log E[count] = u0 + the main
effect of every list + the interaction terms of the model, and the unobserved cell is exp(u0).
A model is hierarchical (every subset of a term is a term) and holds terms of order 2 to t - 1
(the t-way term would saturate the table together with the unobserved cell).

- **Models.** With at most `EXHAUSTIVE_LISTS` lists every hierarchical model is fitted (8 at 3
  lists, 113 at 4, 6,893 at 5, the counts of Rcapture's `getAllModels`); beyond, a stepwise
  search from the independence model adds or removes one term at a time (adding only terms whose
  subsets are all in the model, removing only terms no larger term contains) while the
  criterion falls, and every model visited is kept.
- **Selection.** The model with the smallest BIC (-2 log L + p log n, n documented persons) is
  the headline, as Rcapture's `closedpMS.t` ranks and plots models by BIC; AIC (-2 log L + 2p)
  on request. Models are also averaged with weights exp(-delta/2) (Buckland et al. 1997); the
  average is reported beside the selected model, not instead of it.
- **Lists that share nobody.** When a term's margin is empty (no person is on all its lists)
  its maximum likelihood estimate is -infinity: the model says nobody is on those lists together.
  The fit is then the limit R's `glm` approaches (the extended MLE, Fienberg & Rinaldo 2012):
  the term's cells are fitted as 0 and the rest of the model is fitted to the other cells; the
  term still counts as a parameter (as in R's `glm`, so deviance, df, AIC and BIC equal
  Rcapture's), and the fit lists it in `boundary` so that a report can say so. Other empty cells
  that the fit drives to 0 (the face) are found by a linear programme (`_face`). A model whose
  remaining cells do not identify the unobserved cell, whose fit does not converge, or whose
  unobserved cell runs beyond `MAX_RATIO` documented persons has no finite estimate; it is
  counted and named in the diagnostics (Chan, Silverman & Vincent 2021 draw the same lines).
- **Interval.** Profile likelihood for N under the selected model, as Rcapture's `closedpCI.t`
  (Cormack 1992): the multinomial likelihood of the completed table, maximised over the model's
  parameters for each value of the unobserved count; the 95% interval holds the values within
  chi2(1, 0.95) / 2 of the maximum. A parametric bootstrap of the whole procedure (populations
  drawn from the selected fit, re-selection among the best-supported models) gives the
  replicates used to combine strata.
- **Lack of fit.** The selected model's residual deviance is compared with chi-square on its
  degrees of freedom; p < `LACK_OF_FIT_P` gives a warning, and so does a selected model with no
  degrees of freedom left (its fit cannot be checked).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tansiq.estimation.result import Estimate
from tansiq.estimation.table import CaptureTable

__all__ = [
    "LoglinearFit",
    "candidate_models",
    "cell_counts",
    "cell_design",
    "estimate_loglinear",
    "fit_loglinear",
    "hierarchical_models",
    "model_weights",
    "profile_interval",
    "why_unfitted",
]

Term = tuple[int, ...]
# Every hierarchical model up to this many lists (6,893 models at 5 lists); beyond, stepwise.
EXHAUSTIVE_LISTS = 5
# Models refitted inside each bootstrap replicate: the best ones, covering this much weight.
BOOTSTRAP_WEIGHT = 0.95
BOOTSTRAP_MODELS = 8
# An unobserved-cell estimate beyond this many documented persons: no finite estimate.
MAX_RATIO = 1_000.0
# Lack-of-fit warning below this chi-square p-value of the selected model's deviance.
LACK_OF_FIT_P = 0.05
# 95% profile-likelihood interval: chi-square(1) quantile.
CHI2_95 = 3.841458820694124
# Interval warnings (the same thresholds as the LCMCR ones): an upper end beyond this many
# documented persons, or an interval wider than this many estimates.
TAIL_RATIO = 10.0
WIDTH_RATIO = 2.0
MAX_ITER = 100


@dataclass(frozen=True, eq=False)
class LoglinearFit:
    """One fitted hierarchical log-linear model.

    `interactions`: every interaction term of the model (hierarchical closure), by list index,
    ordered by order then index; `boundary`: the terms whose margin is empty (fitted at
    -infinity, see the module docstring); `n0`: estimated persons on no list; `N`: total;
    `stderr`: Rcapture's delta-method standard error of N; `params` counts the intercept, main
    effects and every term; `df` = observable cells - params; `fitted`: fitted means of the
    observable cells (order of `cell_design`).
    """

    interactions: tuple[Term, ...]
    n0: float
    N: float
    stderr: float
    loglik: float
    params: int
    aic: float
    bic: float
    deviance: float
    df: int
    fitted: np.ndarray
    boundary: tuple[Term, ...] = ()
    cells_at_zero: int = 0

    @property
    def generators(self) -> tuple[Term, ...]:
        """The terms no larger term contains (the model's name lists only these)."""
        return _generators(self.interactions)

    @property
    def order(self) -> int:
        """Highest order of an interaction term (1 for the independence model)."""
        return max((len(t) for t in self.interactions), default=1)

    @property
    def p_value(self) -> float:
        """Chi-square p-value of the residual deviance on `df` (nan with no df left)."""
        if self.df <= 0:
            return float("nan")
        from scipy.special import gammaincc

        return float(gammaincc(self.df / 2, max(self.deviance, 0.0) / 2))

    def name(self, lists: Sequence[str]) -> str:
        """Readable model name, e.g. `[A][B][C][D] + A:B:C + C:D` (generating terms only)."""
        mains = "".join(f"[{n}]" for n in lists)
        terms = " + ".join(":".join(lists[i] for i in t) for t in self.generators)
        return f"{mains} + {terms}" if terms else mains

    def rcapture_name(self) -> str:
        """Rcapture's name of the model, e.g. `[123,34]` or `[34,1,2]` (lists numbered from 1)."""
        covered = {i for t in self.interactions for i in t}
        n_lists = len(self.fitted).bit_length()
        parts = [*self.generators, *((i,) for i in range(n_lists) if i not in covered)]
        parts.sort(key=lambda t: (-len(t), t))
        return "[" + ",".join("".join(str(i + 1) for i in t) for t in parts) + "]"


@dataclass(frozen=True)
class _Design:
    cells: np.ndarray  # (2^t - 1, t) observable patterns
    y: np.ndarray  # counts over cells
    n: float  # documented persons
    columns: dict[Term, np.ndarray] = field(default_factory=dict)
    # Faces by (model, empty cells): the face depends on nothing else, and bootstrap tables
    # share the design, so they share this too.
    faces: dict[tuple[tuple[Term, ...], bytes], np.ndarray] = field(default_factory=dict)

    def column(self, term: Term) -> np.ndarray:
        col = self.columns.get(term)
        if col is None:
            col = np.prod(self.cells[:, list(term)], axis=1).astype(float)
            self.columns[term] = col
        return col

    def margin(self, term: Term) -> float:
        return float(self.y[self.column(term) > 0].sum())


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


def closure(terms: Sequence[Sequence[int]]) -> tuple[Term, ...]:
    """The hierarchical model generated by `terms`: every subset of order >= 2 of each term."""
    out: set[Term] = set()
    for term in terms:
        t = tuple(sorted(set(int(i) for i in term)))
        if len(t) < 2:
            raise ValueError(f"an interaction term needs two lists or more, not {term!r}")
        for k in range(2, len(t) + 1):
            out.update(itertools.combinations(t, k))
    return tuple(sorted(out, key=lambda t: (len(t), t)))


def _generators(terms: Sequence[Term]) -> tuple[Term, ...]:
    sets = [set(t) for t in terms]
    return tuple(t for t, s in zip(terms, sets, strict=True) if not any(s < o for o in sets))


def hierarchical_models(n_lists: int, max_order: int | None = None) -> Iterator[tuple[Term, ...]]:
    """Every hierarchical model with all main effects and terms of order 2..`max_order`
    (default t - 1), each as its tuple of interaction terms (113 models at 4 lists)."""
    top = n_lists - 1 if max_order is None else min(max_order, n_lists - 1)
    terms = [c for k in range(2, top + 1) for c in itertools.combinations(range(n_lists), k)]
    chosen: list[Term] = []
    present: set[Term] = set()

    def walk(i: int) -> Iterator[tuple[Term, ...]]:
        if i == len(terms):
            yield tuple(chosen)
            return
        yield from walk(i + 1)
        term = terms[i]
        if len(term) == 2 or all(s in present for s in itertools.combinations(term, len(term) - 1)):
            chosen.append(term)
            present.add(term)
            yield from walk(i + 1)
            chosen.pop()
            present.discard(term)

    yield from walk(0)


def fit_loglinear(
    table: CaptureTable, interactions: Sequence[Sequence[int]] = ()
) -> LoglinearFit | None:
    """Fit the hierarchical model generated by `interactions` (lists by index, e.g. `[(0, 1)]`
    or `[(0, 1, 2)]`); None when the model has no finite estimate (see the module docstring)."""
    fit = _fit(_design_of(table), closure(interactions))
    return fit if isinstance(fit, LoglinearFit) else None


def why_unfitted(table: CaptureTable, interactions: Sequence[Sequence[int]] = ()) -> str | None:
    """Why `fit_loglinear` gives no estimate for this model (None when it does)."""
    fit = _fit(_design_of(table), closure(interactions))
    return None if isinstance(fit, LoglinearFit) else fit


def _design_of(table: CaptureTable) -> _Design:
    y = cell_counts(table).astype(float)
    return _Design(cell_design(table.n_lists), y, float(y.sum()))


def _matrix(design: _Design, terms: Sequence[Term]) -> np.ndarray:
    cells = design.cells
    cols = [np.ones(len(cells)), *(cells[:, j].astype(float) for j in range(cells.shape[1]))]
    cols += [design.column(t) for t in terms]
    return np.column_stack(cols)


def _irls(
    X: np.ndarray, y: np.ndarray, beta: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """Poisson log-link maximum likelihood by iteratively reweighted least squares (R's `glm`
    algorithm and stopping rule, |dev - dev_old| / (|dev| + 0.1) < 1e-10).

    Returns (coefficients, fitted means, inverse Fisher information, converged)."""
    if beta is None:
        mu = y + 0.5
        eta = np.log(mu)
    else:
        eta = X @ beta
        mu = np.exp(eta)
    dev_old = math.inf
    converged = False
    info = np.eye(X.shape[1])
    coef = np.zeros(X.shape[1]) if beta is None else beta
    with np.errstate(all="ignore"):
        for _ in range(MAX_ITER):
            z = eta + (y - mu) / mu
            xw = X.T * mu
            info = xw @ X
            try:
                coef = np.linalg.solve(info, xw @ z)
            except np.linalg.LinAlgError:
                return coef, mu, info, False
            if not np.all(np.isfinite(coef)):
                return coef, mu, info, False
            eta = np.clip(X @ coef, -700.0, 700.0)
            mu = np.exp(eta)
            dev = _deviance(y, mu)
            if abs(dev - dev_old) / (abs(dev) + 0.1) < 1e-10:
                converged = True
                break
            dev_old = dev
        xw = X.T * mu
        info = xw @ X
        try:
            cov = np.linalg.inv(info)
        except np.linalg.LinAlgError:
            return coef, mu, info, False
    return coef, mu, cov, converged and bool(np.all(np.isfinite(cov)))


def _finite_fit(coef: np.ndarray, cov: np.ndarray) -> bool:
    """No coefficient running off towards a face (R's glm just reports the point it stopped at)."""
    spread = np.diag(cov)
    return bool(
        np.all(np.abs(coef[1:]) < 20.0) and np.all(np.isfinite(spread)) and spread.max() < 1e4
    )


def _deviance(y: np.ndarray, mu: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / mu), 0.0)
    return float(2.0 * np.sum(term - (y - mu)))


def _face(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Empty cells that the maximum likelihood fit drives to 0 (Fienberg & Rinaldo 2012).

    A cell is in the face when some direction c of the parameters leaves every non-empty cell's
    linear predictor unchanged (X c = 0 there) and lowers it (X c < 0) in that empty cell: moving
    along c raises the likelihood without end. The largest such set comes from one linear
    programme (maximise the number of empty cells lowered, each by at most 1)."""
    zero = y == 0
    out = np.zeros(len(y), dtype=bool)
    if not zero.any():
        return out
    from scipy.optimize import linprog

    p, m = X.shape[1], int(zero.sum())
    pos = X[~zero]
    res = linprog(
        c=np.concatenate([np.zeros(p), -np.ones(m)]),
        A_ub=np.hstack([X[zero], np.eye(m)]),
        b_ub=np.zeros(m),
        A_eq=np.hstack([pos, np.zeros((len(pos), m))]) if len(pos) else None,
        b_eq=np.zeros(len(pos)) if len(pos) else None,
        bounds=[(None, None)] * p + [(0.0, 1.0)] * m,
        method="highs",
    )
    if res.status == 0:
        out[np.flatnonzero(zero)[res.x[p:] > 1e-7]] = True
    return out


def _basis(X: np.ndarray) -> list[int]:
    """Columns of X, intercept first, each kept when it adds to the rank (aliased ones dropped)."""
    keep: list[int] = []
    rank = 0
    for j in range(X.shape[1]):
        r = int(np.linalg.matrix_rank(X[:, [*keep, j]]))
        if r > rank:
            keep.append(j)
            rank = r
    return keep


def _fit(design: _Design, terms: tuple[Term, ...]) -> LoglinearFit | str:
    """Fit one model (terms already closed); a sentence saying why not when it has no estimate.

    Empty cells in the face (`_face`) are fitted as 0 and left out, aliased columns of what
    remains are dropped, and the fit is refused when the intercept (so the unobserved cell) is
    not identified by the remaining cells. The parameter count is the rank of the full design
    (R's `glm` rank), so deviance, df, AIC and BIC are Rcapture's."""
    from scipy.special import gammaln

    y, n = design.y, design.n
    X_full = _matrix(design, terms)
    if X_full.shape[1] > len(y):
        return "more parameters than observable cells"
    params = int(np.linalg.matrix_rank(X_full))
    # First the face every fit has: the cells of a term whose margin is empty. When the rest
    # then has an ordinary maximum likelihood estimate (converged to finite coefficients with
    # finite variances; along a face they run off and their variances explode), that is the
    # extended MLE; only otherwise is the face looked for.
    keep_cells = np.ones(len(y), dtype=bool)
    for t in terms:
        if design.margin(t) == 0:
            keep_cells &= design.column(t) == 0
    Xr = X_full[keep_cells]
    cols = [j for j in range(Xr.shape[1]) if Xr[:, j].any()]
    X, yk = Xr[:, cols], y[keep_cells]
    fast = int(np.linalg.matrix_rank(X)) == len(cols)
    if fast:
        coef, mu, cov, converged = _irls(X, yk)
        fast = converged and _finite_fit(coef, cov)
    if not fast:
        key = (terms, (y == 0).tobytes())
        if key not in design.faces:
            design.faces[key] = _face(X_full, y)
        keep_cells = ~design.faces[key]
        Xr = X_full[keep_cells]
        cols = _basis(Xr)
        with_intercept = np.vstack([Xr, np.eye(1, Xr.shape[1])])
        if cols[:1] != [0] or int(np.linalg.matrix_rank(with_intercept)) > len(cols):
            return "no finite estimate (the cells left do not identify the unobserved cell)"
        X = Xr[:, cols]
        yk = y[keep_cells]
        coef, mu, cov, converged = _irls(X, yk)
    n0 = float(np.exp(coef[0]))
    if not converged or not np.isfinite(n0) or n0 > MAX_RATIO * max(n, 1.0):
        return "no finite estimate (the unobserved cell runs away)"
    fitted = np.zeros(len(y))
    fitted[keep_cells] = mu
    with np.errstate(divide="ignore"):
        loglik = float(np.sum(np.where(yk > 0, yk * np.log(mu), 0.0) - mu - gammaln(yk + 1)))
    stderr = math.sqrt(max(n0 + n0 * n0 * float(cov[0, 0]), 0.0))
    return LoglinearFit(
        interactions=terms,
        n0=n0,
        N=n + n0,
        stderr=stderr,
        loglik=loglik,
        params=params,
        aic=-2 * loglik + 2 * params,
        bic=-2 * loglik + params * math.log(max(n, 2.0)),
        deviance=_deviance(yk, mu),
        df=len(y) - params,
        fitted=fitted,
        boundary=tuple(t for t in terms if design.margin(t) == 0),
        cells_at_zero=int((~keep_cells).sum()),
    )


@dataclass
class ModelSearch:
    """Every model tried: the fits, and the models without a finite estimate with the reason."""

    fits: list[LoglinearFit]
    unfitted: list[tuple[tuple[Term, ...], str]]
    search: str


def candidate_models(
    cells: np.ndarray, y: np.ndarray, criterion: str = "bic", max_order: int | None = None
) -> list[LoglinearFit]:
    """Every fitted hierarchical model (exhaustive up to `EXHAUSTIVE_LISTS` lists, else stepwise)."""
    return _search(_Design(cells, y.astype(float), float(y.sum())), criterion, max_order).fits


def _search(design: _Design, criterion: str, max_order: int | None) -> ModelSearch:
    n_lists = design.cells.shape[1]
    if n_lists <= EXHAUSTIVE_LISTS:
        fits, unfitted = [], []
        for terms in hierarchical_models(n_lists, max_order):
            fit = _fit(design, terms)
            if isinstance(fit, LoglinearFit):
                fits.append(fit)
            else:
                unfitted.append((terms, fit))
        return ModelSearch(fits, unfitted, "all hierarchical models")
    return _stepwise(design, criterion, max_order)


def _stepwise(design: _Design, criterion: str, max_order: int | None) -> ModelSearch:
    n_lists = design.cells.shape[1]
    top = n_lists - 1 if max_order is None else min(max_order, n_lists - 1)
    tried: dict[tuple[Term, ...], LoglinearFit | str] = {}

    def fit(terms: tuple[Term, ...]) -> LoglinearFit | str:
        key = tuple(sorted(terms, key=lambda t: (len(t), t)))
        if key not in tried:
            tried[key] = _fit(design, key)
        return tried[key]

    current = fit(())
    while isinstance(current, LoglinearFit):
        present = set(current.interactions)
        moves: list[tuple[Term, ...]] = []
        for k in range(2, top + 1):
            for term in itertools.combinations(range(n_lists), k):
                if term in present:
                    continue
                if k == 2 or all(s in present for s in itertools.combinations(term, k - 1)):
                    moves.append((*current.interactions, term))
        for g in current.generators:
            moves.append(tuple(t for t in current.interactions if t != g))
        trials = [f for f in (fit(m) for m in moves) if isinstance(f, LoglinearFit)]
        best = min(trials, key=lambda f: _score(f, criterion), default=None)
        if best is None or _score(best, criterion) >= _score(current, criterion) - 1e-9:
            break
        current = best
    fits = [f for f in tried.values() if isinstance(f, LoglinearFit)]
    unfitted = [(k, v) for k, v in tried.items() if isinstance(v, str)]
    return ModelSearch(fits, unfitted, "stepwise (add or remove one term) from independence")


def _score(fit: LoglinearFit, criterion: str) -> float:
    return fit.aic if criterion == "aic" else fit.bic


def model_weights(fits: Sequence[LoglinearFit], criterion: str) -> np.ndarray:
    """Akaike (or Schwarz) weights: exp(-delta/2), normalised."""
    scores = np.array([_score(f, criterion) for f in fits])
    w = np.exp(-0.5 * (scores - scores.min()))
    weights: np.ndarray = w / w.sum()
    return weights


def profile_interval(
    table: CaptureTable, interactions: Sequence[Sequence[int]], level_chi2: float = CHI2_95
) -> tuple[float, float, float]:
    """Profile-likelihood interval for N under one model (Rcapture's `closedpCI.t`).

    An upper end beyond `MAX_RATIO` documented persons is returned as that limit.

    Returns (lower, upper, N at the profile maximum); nan ends when the model has no estimate.
    """
    design = _design_of(table)
    fit = _fit(design, closure(interactions))
    if not isinstance(fit, LoglinearFit):
        return float("nan"), float("nan"), float("nan")
    return _profile(design, fit, level_chi2)


def _profile(design: _Design, fit: LoglinearFit, level_chi2: float) -> tuple[float, float, float]:
    y, n = design.y, design.n
    full = _matrix(design, fit.interactions)
    # The completed table: the unobserved cell (intercept only) joins as a non-empty cell.
    augmented = np.vstack([full, np.eye(1, full.shape[1])])
    keep = ~_face(augmented, np.append(y, 1.0))[:-1]
    base = full[keep][:, _basis(full[keep])]
    X = np.vstack([base, np.eye(1, base.shape[1])])
    yk = y[keep]
    const = -sum(math.lgamma(v + 1) for v in yk)
    state: dict[str, np.ndarray | None] = {"beta": None}

    def loglik(m: float) -> float:
        """Multinomial log-likelihood of the table completed with m unrecorded persons."""
        full = np.append(yk, m)
        coef, mu, _, ok = _irls(X, full, state["beta"])
        if not ok:
            coef, mu, _, ok = _irls(X, full)
        state["beta"] = coef
        total = n + m
        with np.errstate(divide="ignore", invalid="ignore"):
            obs = float(np.sum(np.where(full > 0, full * np.log(mu / total), 0.0)))
        return math.lgamma(total + 1) - math.lgamma(m + 1) + const + obs

    hi = max(fit.n0 + 6 * fit.stderr, 2 * fit.n0 + 10)
    m_hat = _golden_max(loglik, 0.0, hi)
    peak = loglik(m_hat)
    drop = level_chi2 / 2

    def gap(m: float) -> float:
        return peak - loglik(m) - drop

    lower = 0.0 if gap(0.0) <= 0 else _bisect(gap, 0.0, m_hat)
    upper_end = hi
    limit = MAX_RATIO * max(n, 1.0)
    while gap(upper_end) < 0 and upper_end < limit:
        upper_end = min(upper_end * 2, limit)
    # No end before the search limit: the limit is returned (finite, and the caller says so).
    upper = _bisect(gap, m_hat, upper_end) if gap(upper_end) >= 0 else upper_end
    return n + lower, n + upper, n + m_hat


def _golden_max(f: Any, a: float, b: float, tol: float = 1e-8) -> float:
    """Maximiser of a unimodal f on [a, b] by golden-section search."""
    ratio = (math.sqrt(5) - 1) / 2
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = f(c), f(d)
    while b - a > tol * (1 + abs(a) + abs(b)):
        if fc >= fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = f(d)
    return (a + b) / 2


def _bisect(f: Any, a: float, b: float, tol: float = 1e-8) -> float:
    """Root of f between a and b, where f changes sign (f(a) and f(b) of opposite signs)."""
    fa = f(a)
    while b - a > tol * (1 + abs(a) + abs(b)):
        mid = (a + b) / 2
        fm = f(mid)
        if (fm < 0) == (fa < 0):
            a, fa = mid, fm
        else:
            b = mid
    return (a + b) / 2


def estimate_loglinear(
    table: CaptureTable,
    criterion: str = "bic",
    bootstrap: int = 200,
    seed: int | np.random.Generator | None = None,
    max_order: int | None = None,
) -> Estimate:
    """N under the selected hierarchical log-linear model, with its profile-likelihood 95%
    interval; the model-averaged N, the other best models and a lack-of-fit check beside it.

    `criterion` "bic" (default, as Rcapture) or "aic" selects the model and weights the average;
    `bootstrap` replicates of the whole procedure are kept as `draws` (to combine strata);
    `max_order` caps the order of the terms (default t - 1). Raises ValueError when no model has
    a finite estimate.
    """
    if criterion not in ("aic", "bic"):
        raise ValueError("criterion must be 'aic' or 'bic'")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    design = _design_of(table)
    found = _search(design, criterion, max_order)
    fits = found.fits
    if not fits:
        raise ValueError("no log-linear model is identifiable from this table")
    weights = model_weights(fits, criterion)
    best = int(np.argmin([_score(f, criterion) for f in fits]))
    chosen = fits[best]
    averaged = float(np.dot(weights, [f.N for f in fits]))
    lower, upper, profile_peak = _profile(design, chosen, CHI2_95)
    top = _top_models(weights)
    draws = np.maximum(
        _bootstrap(design, fits, chosen, top, criterion, bootstrap, rng), table.documented
    )
    boot = np.quantile(draws, [0.025, 0.975]) if len(draws) else np.array([np.nan, np.nan])
    interval = "profile likelihood (selected model)"
    if not (np.isfinite(lower) and np.isfinite(upper)):
        lower, upper = float(boot[0]), float(boot[1])
        interval = "bootstrap percentile (the profile likelihood could not be computed)"
    name = chosen.name(table.lists)
    diagnostics: dict[str, Any] = {
        "criterion": criterion,
        "search": found.search,
        "models_fitted": len(fits),
        "models_without_estimate": len(found.unfitted),
        "models_without_estimate_examples": [
            {"model": _name(t, table.lists), "reason": r} for t, r in found.unfitted[:5]
        ],
        "selected_model": name,
        "selected_model_rcapture": chosen.rcapture_name(),
        "selected_estimate": chosen.N,
        "selected_stderr": chosen.stderr,
        "selected_deviance": chosen.deviance,
        "selected_df": chosen.df,
        "selected_p_value": chosen.p_value,
        "selected_aic": chosen.aic,
        "selected_bic": chosen.bic,
        "selected_weight": float(weights[best]),
        "selected_boundary_terms": [":".join(table.lists[i] for i in t) for t in chosen.boundary],
        "interval": interval,
        "profile_maximum": profile_peak,
        "averaged_estimate": averaged,
        "averaged_over": len(fits),
        "bootstrap_replicates": len(draws),
        "bootstrap_interval": [float(boot[0]), float(boot[1])],
        # Older names of the same figures, kept for readers of estimate.json.
        "best_model": name,
        "best_estimate": chosen.N,
        "best_deviance": chosen.deviance,
        "best_df": chosen.df,
        "best_weight": float(weights[best]),
        "top_models": [
            {
                "model": fits[i].name(table.lists),
                "weight": float(weights[i]),
                "estimate": fits[i].N,
                "deviance": fits[i].deviance,
                "df": fits[i].df,
                criterion: _score(fits[i], criterion),
            }
            for i in top
        ],
    }
    warnings = _fit_warnings(chosen, table, averaged, lower, upper)
    warnings += _width_warnings(table.documented, chosen.N, float(lower), float(upper))
    return Estimate("loglinear", table.lists, table.documented, chosen.N, float(lower),
                    float(upper), draws, diagnostics, warnings)  # fmt: skip


def _name(terms: tuple[Term, ...], lists: Sequence[str]) -> str:
    mains = "".join(f"[{n}]" for n in lists)
    gens = " + ".join(":".join(lists[i] for i in t) for t in _generators(terms))
    return f"{mains} + {gens}" if gens else mains


def _fit_warnings(
    fit: LoglinearFit, table: CaptureTable, averaged: float, lower: float, upper: float
) -> list[str]:
    out = []
    name = fit.name(table.lists)
    if fit.df <= 0:
        out.append(
            f"the selected log-linear model ({name}) leaves no degrees of freedom: its fit cannot "
            "be checked, and the estimate rests on the untestable absence of the highest-order "
            "interaction"
        )
    elif fit.p_value < LACK_OF_FIT_P:
        out.append(
            f"lack of fit: the selected log-linear model ({name}) has deviance "
            f"{fit.deviance:.1f} on {fit.df} df (chi-square p = {fit.p_value:.3g}); no model "
            "considered describes these lists well (unequal chances of being recorded often do "
            "this): the estimate may be biased and its interval, which assumes the model, is too "
            "narrow; compare with LCMCR"
        )
    for t in fit.boundary:
        lists = " and ".join(table.lists[i] for i in t)
        out.append(
            f"{lists} share nobody: the selected model puts the "
            f"{':'.join(table.lists[i] for i in t)} interaction at its limit, i.e. it assumes "
            "that nobody, recorded or not, is on all of these lists"
        )
    if np.isfinite(lower) and np.isfinite(upper) and not lower <= averaged <= upper:
        out.append(
            f"model uncertainty: the model-averaged estimate ({averaged:,.0f}) lies outside the "
            "selected model's interval"
        )
    return out


def _width_warnings(documented: int, estimate: float, lower: float, upper: float) -> list[str]:
    """An interval whose upper end runs away, or that is too wide to inform (no prior here: the
    likelihood itself is flat)."""
    if upper >= documented + MAX_RATIO * max(documented, 1) - 1e-6:
        return [
            f"the profile likelihood does not fall far enough below its maximum before "
            f"{MAX_RATIO:,.0f} times the documented count, the upper end shown: the lists "
            "overlap too little for the data to bound the unrecorded"
        ]
    if upper > TAIL_RATIO * max(documented, 1):
        return [
            f"the upper bound ({upper:,.0f}) exceeds {TAIL_RATIO:.0f} times the documented count: "
            "the lists overlap too little for the data to bound the unrecorded"
        ]
    if estimate > 0 and (upper - lower) > WIDTH_RATIO * estimate:
        return [
            f"the 95% interval is wider than {WIDTH_RATIO:.0f} times the estimate: "
            "the data say little about the unrecorded"
        ]
    return []


def _top_models(weights: np.ndarray) -> list[int]:
    order = np.argsort(-weights)
    cum = np.cumsum(weights[order])
    count = int(np.searchsorted(cum, BOOTSTRAP_WEIGHT) + 1)
    return [int(i) for i in order[: min(count, BOOTSTRAP_MODELS)]]


def _bootstrap(
    design: _Design,
    fits: Sequence[LoglinearFit],
    chosen: LoglinearFit,
    top: list[int],
    criterion: str,
    replicates: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """N of the model re-selected (among the best-supported ones) in tables drawn from the
    selected fit, at the estimated population size."""
    probs = np.concatenate([[chosen.n0], chosen.fitted]) / chosen.N
    size = max(int(round(chosen.N)), 1)
    models = list({fits[i].interactions for i in top} | {chosen.interactions})
    out = []
    for _ in range(replicates):
        drawn = rng.multinomial(size, probs)[1:].astype(float)
        sample = _Design(design.cells, drawn, float(drawn.sum()), design.columns, design.faces)
        refits = [f for f in (_fit(sample, m) for m in models) if isinstance(f, LoglinearFit)]
        if refits:
            out.append(min(refits, key=lambda f: _score(f, criterion)).N)
    return np.array(out)
