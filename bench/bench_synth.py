"""Benchmark: time and peak memory of `tansiq.synth` for 100k, 300k and 1M records.

Each size runs in its own process (so peak RSS is its own): generate the `realistic` preset
(5 lists) with enough persons for the target number of records, then write it to disk.

    .venv/bin/python bench/bench_synth.py [--sizes 100000,300000,1000000] [--preset realistic]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _one(records: int, preset_name: str) -> dict[str, float]:
    from tansiq.synth import generate_world, preset, write_world

    probe = generate_world(preset(preset_name, persons=20_000, seed=1))
    persons = round(records * 20_000 / len(probe.records))
    start = time.perf_counter()
    world = generate_world(preset(preset_name, persons=persons, seed=1))
    generated = time.perf_counter()
    out = Path(tempfile.mkdtemp(prefix="bench_synth_"))
    try:
        paths = write_world(world, out)
        written = time.perf_counter()
        size = sum(p.stat().st_size for p in paths)
    finally:
        shutil.rmtree(out)
    return {
        "persons": persons,
        "records": len(world.records),
        "generate_s": generated - start,
        "write_s": written - generated,
        "total_s": written - start,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "files_mb": size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--preset", default="realistic")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one(args.one, args.preset)))
        return
    print(f"python {platform.python_version()}, {platform.machine()}, preset {args.preset}")
    print(
        f"{'target':>9} {'records':>9} {'persons':>9} {'generate s':>10} {'write s':>8} "
        f"{'total s':>8} {'peak MB':>8} {'files MB':>9}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--one", str(size), "--preset", args.preset]
        r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        print(
            f"{size:>9} {r['records']:>9} {r['persons']:>9} {r['generate_s']:>10.1f} "
            f"{r['write_s']:>8.1f} {r['total_s']:>8.1f} {r['peak_rss_mb']:>8.0f} "
            f"{r['files_mb']:>9.0f}"
        )


if __name__ == "__main__":
    main()
