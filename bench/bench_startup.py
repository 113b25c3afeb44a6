"""Start-up of `tansiq estimate`, timed end to end with hyperfine.

Four figures, each a whole `tansiq` process as a user runs it:
1. `tansiq estimate --help`;
2. a default run on a 4-list table (Cormack et al. 2000, 215 documented persons) with Numba's
   cache warm (as `make install` leaves it);
3. the same run without the PNG plots (`--no-plots`: no matplotlib);
4. the default run with an empty Numba cache (`NUMBA_CACHE_DIR` pointed at a fresh folder before
   each run), i.e. what the first run would cost without the warm-up at install.

The machine is shared, so hyperfine's user + system CPU time is printed beside the wall time:
CPU time is what the command costs, wall time what a user waited on this machine at this load.

    nice -n 10 .venv/bin/python bench/bench_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "tansiq" / "estimation" / "data" / "cormack_2000_4lists.csv"
TANSIQ = Path(sys.executable).with_name("tansiq")


def hyperfine(name: str, command: str, runs: int, extra: list[str], work: Path) -> dict[str, float]:
    """Mean and spread of wall, user and system seconds of `command` over `runs` runs."""
    report = work / f"{name}.json"
    subprocess.run(
        ["hyperfine", "--style", "none", "--runs", str(runs), *extra,
         "--export-json", str(report), command],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    result = json.loads(report.read_text(encoding="utf-8"))["results"][0]
    return {
        "mean": result["mean"],
        "stddev": result["stddev"] or 0.0,
        "min": result["min"],
        "user": result["user"],
        "system": result["system"],
    }


def phases() -> None:
    """Child process: CPU seconds of each step of a default run, in a fresh interpreter.

    The steps are those `tansiq estimate` takes, called one by one so each can be timed.
    """
    marks: list[tuple[str, float]] = [("start", time.process_time())]

    def mark(label: str) -> None:
        marks.append((label, time.process_time()))

    import typer  # noqa: F401
    from rich.progress import Progress  # noqa: F401

    mark("typer and rich")
    import numpy as np

    mark("numpy")
    import numba  # noqa: F401

    mark("numba")
    import matplotlib.figure  # noqa: F401

    mark("matplotlib (for the plot)")
    from tansiq.estimation import estimate_strata
    from tansiq.estimation.report import write_outputs
    from tansiq.estimation.table import read_patterns_csv

    table, _ = read_patterns_csv(TABLE, ())
    mark("tansiq.estimation modules, read the table")
    from tansiq.estimation import lcmcr, lcmcr_kernel

    lcmcr_kernel.seed_chain(1)
    mark("Numba: first call (load its registries and the cache)")
    draws = np.arange(200.0, 260.0).reshape(2, 30)
    lcmcr.chain_diagnostics(draws)
    mark("R-hat and ESS (first call: imports)")
    result = estimate_strata(table, "lcmcr", seed=np.random.default_rng(1))
    mark("sampling, default chains, and the summary")
    with tempfile.TemporaryDirectory() as tmp:
        write_outputs({"lcmcr": result}, Path(tmp), {}, 4)
    mark("estimate.json, estimate.csv and the plot")
    total = marks[-1][1] - marks[0][1]
    for (_, before), (label, after) in zip(marks, marks[1:], strict=False):
        print(f"  {label:<55} {after - before:>6.2f}")
    print(f"  {'total (CPU seconds, interpreter start not included)':<55} {total:>6.2f}")


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per warm figure")
    parser.add_argument("--cold-runs", type=int, default=3, help="runs of the cold first run")
    parser.add_argument("--phases-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases_child:
        phases()
        return
    if shutil.which("hyperfine") is None:
        sys.exit("hyperfine is not installed (apt-get install hyperfine)")
    subprocess.run([str(TANSIQ), "warmup"], check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        out = shlex.quote(str(work / "out"))
        run = f"{shlex.quote(str(TANSIQ))} estimate {shlex.quote(str(TABLE))} --out {out}"
        cold = work / "numba-cache"
        load = os.getloadavg()[0]
        figures = {
            "tansiq estimate --help": hyperfine(
                "help",
                f"{shlex.quote(str(TANSIQ))} estimate --help",
                args.runs,
                ["--warmup", "2"],
                work,
            ),
            "default 4-list run, warm cache": hyperfine(
                "warm", run, args.runs, ["--warmup", "1"], work
            ),
            "the same run with --no-plots": hyperfine(
                "noplots", f"{run} --no-plots", args.runs, ["--warmup", "1"], work
            ),
            "default 4-list run, empty Numba cache": hyperfine(
                "cold",
                f"env NUMBA_CACHE_DIR={shlex.quote(str(cold))} {run}",
                args.cold_runs,
                ["--prepare", f"rm -rf {shlex.quote(str(cold))}"],
                work,
            ),
        }
        load_after = os.getloadavg()[0]
    print(f"date: {dt.date.today().isoformat()}; machine: {cpu_model()}, {os.cpu_count()} cores")
    print(
        f"python {platform.python_version()}; load average {load:.1f} before, {load_after:.1f} after"
    )
    print(f"table: {TABLE.relative_to(ROOT)}; default options (LCMCR, 4 chains x 30,000 sweeps)")
    print(f"{'command':<40} {'wall mean ± sd':>16} {'wall min':>9} {'CPU user+sys':>13}")
    for label, f in figures.items():
        print(
            f"{label:<40} {f['mean']:>8.2f} ± {f['stddev']:<5.2f} {f['min']:>9.2f} "
            f"{f['user'] + f['system']:>13.2f}"
        )
    print("where a warm default run spends its CPU time (one run, in-process timers):")
    sys.stdout.flush()
    subprocess.run([sys.executable, __file__, "--phases-child"], check=True)


if __name__ == "__main__":
    main()
