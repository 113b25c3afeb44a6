"""LCMCR default runs against a long-run posterior median: how often is a run's figure off?

For each table (the shipped tables with three or more lists, and a simulated one with few persons
and many lists) a long reference run (4 chains x `--reference-sweeps` sweeps, cached in
bench/out/estimation_chains_reference.json) gives the posterior median; then `--seeds` default
runs (`estimate_lcmcr(table, seed=s)`, the CLI's defaults) are compared with it: the share whose
median lies more than 2% from the reference, whether each of those carried a warning, the Monte
Carlo standard error each run reports, trapped chains (median alpha > 5) and the time per run.
Tables run one after the other, in one process.

    nice -n 10 .venv/bin/python bench/bench_estimation_chains.py [--seeds 40] [--tables a,b]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from tansiq.estimation import CaptureTable, estimate_lcmcr
from tansiq.estimation.diagnostics import ALPHA_TRAPPED, mcse_warnings

DATA = files("tansiq.estimation") / "data"
OUT = Path(__file__).resolve().parent / "out"
SHIPPED = (
    "cormack_2000_4lists.csv",
    "cormack_2000_3lists.csv",
    "darroch_1993_r3.csv",
    "diabetes_casale_1988.csv",
)
SIMULATED = "simulated_6lists_few"
OFF = 0.02


def simulated_table() -> CaptureTable:
    """Few persons, many lists: 6 lists over 300 persons of a 3-class world (hard 60%, medium
    30%, easy 10% to record), about 200 documented."""
    rng = np.random.default_rng(2)
    rates = np.vstack([rng.uniform(lo, hi, 6) for lo, hi in ((0.05, 0.2), (0.2, 0.45), (0.5, 0.8))])
    classes = rng.choice(3, size=300, p=[0.6, 0.3, 0.1])
    seen = (rng.random((300, 6)) < rates[classes]).astype(np.uint8)
    seen = seen[seen.sum(axis=1) > 0]
    patterns, counts = np.unique(seen, axis=0, return_counts=True)
    return CaptureTable(tuple(f"L{j + 1}" for j in range(6)), patterns, counts)


def load(name: str) -> CaptureTable:
    if name == SIMULATED:
        return simulated_table()
    return CaptureTable.from_patterns_csv(str(DATA / name))


def reference(name: str, table: CaptureTable, sweeps: int, chains: int) -> dict[str, float]:
    """The long-run posterior median (and quantiles, and their Monte Carlo errors), cached."""
    path = OUT / "estimation_chains_reference.json"
    cache = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    key = f"{name}/{chains}x{sweeps}"
    if key not in cache:
        start = time.perf_counter()
        e = estimate_lcmcr(table, iterations=sweeps, burn_in=20_000, thin=100, chains=chains,
                           seed=20_261_203, max_iterations=sweeps)  # fmt: skip
        d = e.diagnostics
        cache[key] = {
            "median": e.estimate, "lower": e.lower, "upper": e.upper,
            "mcse_median": d["mcse_median"], "mcse_lower": d["mcse_lower"],
            "mcse_upper": d["mcse_upper"], "rhat": d["rhat"], "ess": d["ess"],
            "seconds": time.perf_counter() - start, "warnings": e.warnings,
        }  # fmt: skip
        OUT.mkdir(exist_ok=True)
        path.write_text(json.dumps(cache, indent=1) + "\n", encoding="utf-8")
    return dict(cache[key])


def summarise(rows: list[dict[str, Any]], ref: dict[str, Any]) -> None:
    off = [r for r in rows if abs(r["error"]) > OFF]
    warned = [r for r in rows if r["warnings"]]
    errors = np.array([r["error"] for r in rows])
    print(f"  {len(rows)} default runs: {len(off)} ({100 * len(off) / len(rows):.1f}%) "
          f"more than {100 * OFF:.0f}% off, of which {sum(bool(r['warnings']) for r in off)} "
          f"warned; {len(warned)} runs warned in all")  # fmt: skip
    print(f"  error: median {100 * np.median(errors):+.2f}%, sd {100 * errors.std():.2f}%, "
          f"largest {100 * errors[np.argmax(np.abs(errors))]:+.2f}%; reported MCSE of the "
          f"median {np.median([r['mcse_median'] for r in rows]) / ref['median'] * 100:.2f}% "
          f"(median over runs)")  # fmt: skip
    print(f"  sweeps per chain: median {np.median([r['sweeps_per_chain'] for r in rows]):,.0f}"
          f", max {max(r['sweeps_per_chain'] for r in rows):,.0f}; seconds per run: median "
          f"{np.median([r['seconds'] for r in rows]):.1f}, max "
          f"{max(r['seconds'] for r in rows):.1f}; trapped chains "
          f"{sum(r['trapped'] for r in rows)} of {4 * len(rows)}")  # fmt: skip
    for r in off:
        print(f"    seed {r['seed']}: {r['median']:.0f} ({100 * r['error']:+.1f}%), "
              f"warnings: {r['warnings'] or 'none'}")  # fmt: skip


def rescore(args: argparse.Namespace) -> None:
    """The saved runs against a (possibly longer) reference, warnings under today's limits."""
    saved = json.loads((OUT / "estimation_chains_runs.json").read_text(encoding="utf-8"))
    for name in args.tables.split(","):
        if name not in saved:
            continue
        table = load(name)
        ref = reference(name, table, args.reference_sweeps, args.reference_chains)
        print(f"\n{name} (saved runs): reference ({args.reference_chains} x "
              f"{args.reference_sweeps:,} sweeps) median {ref['median']:.1f} "
              f"+-{ref['mcse_median']:.1f}, R-hat {ref['rhat']:.3f}")  # fmt: skip
        rows = saved[name]["runs"]
        for r in rows:
            r["error"] = r["median"] / ref["median"] - 1.0
            found = mcse_warnings(
                {k: r.get(k, float("nan")) for k in ("mcse_median", "mcse_lower", "mcse_upper")},
                r["median"], r["lower"], r["upper"],
            )  # fmt: skip
            kept = [w for w in r["warnings"] if not w.startswith("Monte Carlo error too large")]
            r["warnings"] = kept + found
        summarise(rows, ref)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--tables", default=",".join((*SHIPPED[:2], SIMULATED, *SHIPPED[2:])))
    parser.add_argument("--reference-sweeps", type=int, default=1_000_000)
    parser.add_argument("--reference-chains", type=int, default=4)
    parser.add_argument(
        "--rescore",
        action="store_true",
        help="do not run: compare the runs saved by the last run with the given reference, and "
        "count as warned a run whose saved MCSEs exceed today's limits",
    )
    args = parser.parse_args()
    if args.rescore:
        rescore(args)
        return
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    estimate_lcmcr(load(SHIPPED[0]), iterations=100, burn_in=0, chains=1, seed=0)  # compile
    results = {}
    for name in args.tables.split(","):
        table = load(name)
        ref = reference(name, table, args.reference_sweeps, args.reference_chains)
        print(f"\n{name}: {table.n_lists} lists, {table.documented} documented; reference "
              f"({args.reference_chains} x {args.reference_sweeps:,} sweeps) median "
              f"{ref['median']:.1f} "
              f"+-{ref['mcse_median']:.1f}, 95% {ref['lower']:.1f}-{ref['upper']:.1f}, "
              f"R-hat {ref['rhat']:.3f}, {ref['seconds']:.0f} s")  # fmt: skip
        rows = []
        for seed in range(args.seeds):
            start = time.perf_counter()
            e = estimate_lcmcr(table, seed=seed)
            seconds = time.perf_counter() - start
            d = e.diagnostics
            rows.append({
                "seed": seed, "median": e.estimate, "lower": e.lower, "upper": e.upper,
                "error": e.estimate / ref["median"] - 1.0,
                "mcse_median": d["mcse_median"], "mcse_lower": d["mcse_lower"],
                "mcse_upper": d["mcse_upper"], "rhat": d["rhat"],
                "sweeps_per_chain": d["sweeps_per_chain"], "seconds": seconds,
                "trapped": sum(c["median_alpha"] > ALPHA_TRAPPED for c in d["per_chain"]),
                "warnings": e.warnings,
            })  # fmt: skip
        summarise(rows, ref)
        results[name] = {"reference": ref, "runs": rows}
        OUT.mkdir(exist_ok=True)
        (OUT / "estimation_chains_runs.json").write_text(
            json.dumps(results, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
