"""Log-linear models on simulated worlds: bias and coverage of the selected model's profile
interval, beside the model average, for BIC and AIC selection.

The worlds are those of bench/bench_estimation_simulation.py (N = 2,000 persons, four lists:
independent, heterogeneous, dependent, hard-to-reach); each replicate draws a fresh world. The
bootstrap is short (20 replicates): the interval is the profile likelihood, not the bootstrap.

    nice -n 10 .venv/bin/python bench/bench_loglinear_simulation.py [replicates per setting, 40]
"""

from __future__ import annotations

import sys
import time

import numpy as np
from bench_estimation_simulation import SETTINGS, TOTAL, tabulate

from tansiq.estimation import estimate_loglinear


def main(replicates: int) -> None:
    print(f"N = {TOTAL}, 4 lists, {replicates} replicates per setting")
    print(f"  {'setting':<14} {'criterion':<9} {'bias':>7} {'avg bias':>8} {'rel RMSE':>8} "
          f"{'coverage':>8} {'width':>6} {'3-way':>5} {'lack of fit':>11}")  # fmt: skip
    start = time.perf_counter()
    for i, name in enumerate(SETTINGS):
        rng = np.random.default_rng(1000 + i)
        tables = [tabulate(SETTINGS[name](rng)) for _ in range(replicates)]
        for criterion in ("bic", "aic"):
            rows = []
            for table in tables:
                e = estimate_loglinear(table, criterion, bootstrap=20, seed=rng)
                d = e.diagnostics
                rows.append((
                    e.estimate, e.lower, e.upper, d["averaged_estimate"],
                    any(len(p) == 3 for p in d["selected_model_rcapture"].strip("[]").split(",")),
                    any(w.startswith("lack of fit") for w in e.warnings),
                ))  # fmt: skip
            est = np.array([r[0] for r in rows])
            lower, upper = np.array([r[1] for r in rows]), np.array([r[2] for r in rows])
            avg = np.array([r[3] for r in rows])
            print(
                f"  {name:<14} {criterion:<9} {np.mean(est / TOTAL - 1):>+7.3f} "
                f"{np.mean(avg / TOTAL - 1):>+8.3f} {np.sqrt(np.mean((est / TOTAL - 1) ** 2)):>8.3f} "
                f"{np.mean((lower <= TOTAL) & (upper >= TOTAL)):>8.2f} "
                f"{np.median((upper - lower) / TOTAL):>6.3f} {np.mean([r[4] for r in rows]):>5.2f} "
                f"{np.mean([r[5] for r in rows]):>11.2f}"
            )
    print(f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
