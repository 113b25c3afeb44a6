"""LCMCR sampler speed: Gibbs sweeps per second with K=10 on 4-, 5- and 6-list tables.

Each table holds a few thousand documented persons drawn from a heterogeneous latent-class world
(the shape HRDAG-style lists have). The sampler is compiled (and cached) before timing; the
timed run is one chain through `estimate_lcmcr`, progress chunks included.

    .venv/bin/python bench/bench_estimation_speed.py
"""

from __future__ import annotations

import os
import platform
import time

import numpy as np

from tansiq.estimation import CaptureTable, estimate_lcmcr

SWEEPS = 300_000


def world_table(n_lists: int, total: int, seed: int) -> CaptureTable:
    """Documented persons of a 3-class world: hard (60%), medium (30%) and easy (10%) to record."""
    rng = np.random.default_rng(seed)
    share = np.array([0.6, 0.3, 0.1])
    rates = np.vstack(
        [rng.uniform(lo, hi, n_lists) for lo, hi in ((0.05, 0.2), (0.2, 0.45), (0.5, 0.8))]
    )
    classes = rng.choice(3, size=total, p=share)
    seen = (rng.random((total, n_lists)) < rates[classes]).astype(np.uint8)
    seen = seen[seen.sum(axis=1) > 0]
    patterns, counts = np.unique(seen, axis=0, return_counts=True)
    return CaptureTable(tuple(f"L{j + 1}" for j in range(n_lists)), patterns, counts)


def sweeps_per_second(table: CaptureTable) -> tuple[float, float]:
    """Sweeps per second of wall time and of this process's CPU time (the machine is shared:
    CPU time is what the sampler costs, wall time what a user waits)."""
    # The first call compiles the sweep or loads it from Numba's cache.
    estimate_lcmcr(table, iterations=100, burn_in=0, thin=1, chains=1, seed=0, max_iterations=100)
    wall, cpu = time.perf_counter(), time.process_time()
    estimate_lcmcr(
        table,
        iterations=SWEEPS,
        burn_in=0,
        thin=100,
        chains=1,
        seed=1,
        warm_up=0,
        max_iterations=SWEEPS,
    )
    return SWEEPS / (time.perf_counter() - wall), SWEEPS / (time.process_time() - cpu)


def main() -> None:
    print(
        f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}"
    )
    print(f"K=10, one chain, {SWEEPS:,} sweeps per table (thin 100)")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print(
        f"{'lists':>5} {'documented':>10} {'patterns':>8} {'sweeps/s wall':>14} {'sweeps/s CPU':>13}"
    )
    for n_lists, total in ((4, 6000), (5, 6000), (6, 6000)):
        table = world_table(n_lists, total, seed=n_lists)
        wall, cpu = sweeps_per_second(table)
        print(
            f"{n_lists:>5} {table.documented:>10,} {len(table.counts):>8} {wall:>14,.0f} {cpu:>13,.0f}"
        )


if __name__ == "__main__":
    main()
