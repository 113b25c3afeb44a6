"""tansiq.estimation: multiple systems estimation of the unrecorded (pure Python, no Django).

- `CaptureTable`: persons by capture pattern (and stratum), from a pattern CSV or linkage output;
- `estimate_lcmcr`: the Bayesian latent class model of Manrique-Vallier (2016);
- `estimate_loglinear`: hierarchical Poisson log-linear models (as Rcapture's closedpMS): the
  BIC-selected model with its profile-likelihood interval, model averaging beside it;
- `estimate_strata`: per-stratum estimates, refusals with reasons, and their combination.
"""

from tansiq.estimation.lcmcr import estimate_lcmcr
from tansiq.estimation.loglinear import LoglinearFit, estimate_loglinear, fit_loglinear
from tansiq.estimation.result import Estimate, Refusal
from tansiq.estimation.strata import StrataEstimate, estimate_strata, refusal_reason
from tansiq.estimation.table import CaptureTable, InputError, merge_lists

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
