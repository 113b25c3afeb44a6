"""What an estimator returns: documented count, estimate, interval, draws, diagnostics, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Estimate", "Refusal"]


@dataclass
class Estimate:
    """An estimate of the total number of persons (recorded or not) in one table or stratum.

    - `documented`: persons recorded by at least one list (a floor, not an estimate);
    - `estimate`: the point estimate of the total N, in persons (posterior median for LCMCR,
      maximum likelihood under the selected model for log-linear models, whose model average
      is in `diagnostics`);
    - `lower`, `upper`: the 95% interval for N, in persons (posterior quantiles 2.5% / 97.5%
      for LCMCR; profile likelihood under the selected model for log-linear models);
    - `draws`: posterior draws of N (LCMCR, chains concatenated) or bootstrap replicates of N
      (log-linear), used to combine strata; None when not kept;
    - `diagnostics`: named numbers (R-hat, effective sample size, model weights, ...);
    - `warnings`: sentences a reader must see next to the figure.
    """

    method: str
    lists: tuple[str, ...]
    documented: int
    estimate: float
    lower: float
    upper: float
    draws: np.ndarray | None = None
    diagnostics: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def unrecorded(self) -> float:
        """Point estimate of persons recorded by no list."""
        return self.estimate - self.documented

    def summary(self) -> dict[str, Any]:
        """JSON-ready summary (no draws)."""
        return {
            "method": self.method,
            "lists": list(self.lists),
            "documented": self.documented,
            "estimate": round(float(self.estimate), 1),
            "lower_95": round(float(self.lower), 1),
            "upper_95": round(float(self.upper), 1),
            "diagnostics": _jsonable(self.diagnostics),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Refusal:
    """A stratum that was not given a number, and why."""

    stratum: str
    documented: int
    reason: str

    def summary(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {"stratum": self.stratum, "documented": self.documented, "refused": self.reason}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        return None if not np.isfinite(value) else round(float(value), 4)
    return value
