"""tansiq.estimation: multiple systems estimation of the unrecorded (pure Python, no Django).

- `CaptureTable`: persons by capture pattern (and stratum), from a pattern CSV or linkage output;
- `estimate_lcmcr`: the Bayesian latent class model of Manrique-Vallier (2016);
- `estimate_loglinear`: hierarchical Poisson log-linear models (as Rcapture's closedpMS): the
  BIC-selected model with its profile-likelihood interval, model averaging beside it;
- `estimate_strata`: per-stratum estimates, refusals with reasons, and their combination.

The names load on first use (PEP 562), so `import tansiq.estimation` (and the `tansiq` command)
does not pay for Numba or pandas until an estimator or a table is asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tansiq.estimation.lcmcr import estimate_lcmcr
    from tansiq.estimation.loglinear import LoglinearFit, estimate_loglinear, fit_loglinear
    from tansiq.estimation.result import Estimate, Refusal
    from tansiq.estimation.strata import StrataEstimate, estimate_strata, refusal_reason
    from tansiq.estimation.table import CaptureTable, InputError, merge_lists

_WHERE = {
    "CaptureTable": "table",
    "Estimate": "result",
    "InputError": "table",
    "LoglinearFit": "loglinear",
    "Refusal": "result",
    "StrataEstimate": "strata",
    "estimate_lcmcr": "lcmcr",
    "estimate_loglinear": "loglinear",
    "estimate_strata": "strata",
    "fit_loglinear": "loglinear",
    "merge_lists": "table",
    "refusal_reason": "strata",
}

__all__ = [
    "CaptureTable",
    "Estimate",
    "InputError",
    "LoglinearFit",
    "Refusal",
    "StrataEstimate",
    "estimate_lcmcr",
    "estimate_loglinear",
    "estimate_strata",
    "fit_loglinear",
    "merge_lists",
    "refusal_reason",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
