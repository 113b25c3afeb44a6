"""Time `create_backup` and `restore_backup` on a fresh database holding the demo data and media.

    .venv/bin/python bench/bench_backup.py [--persons N] [--files N] [--file-mb MB] [--url URL]

Runs in a temporary TANSIQ_HOME: migrates a fresh database (SQLite unless --url names another,
which must be an empty database), loads the demo data, writes `--files` incompressible files of
`--file-mb` MB under MEDIA_ROOT, then backs up, empties the tables and the media folder, and
restores. Prints one Markdown table row for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=400, help="demo persons (synthetic)")
    parser.add_argument("--files", type=int, default=20, help="media files")
    parser.add_argument("--file-mb", type=float, default=2.0, help="size of each media file")
    parser.add_argument("--url", default="", help="DATABASE_URL (default: a fresh SQLite file)")
    parser.add_argument("--profile", action="store_true", help="profile the restore (stderr)")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="tansiq-bench-backup-"))
    os.environ.update(TANSIQ_HOME=str(home), MEDIA_ROOT=str(home / "media"))
    os.environ["DATABASE_URL"] = args.url or f"sqlite:///{home / 'tansiq.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tansiq.web.settings")
    try:
        print(run(home, args))
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run(home: Path, args: argparse.Namespace) -> str:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tansiq.audit.actions import create_backup, restore_backup
    from tansiq.audit.backup.crypto import new_key, parse_key
    from tansiq.web.demo import load_demo

    call_command("migrate", verbosity=0)
    load_demo(persons=args.persons)
    media = home / "media" / "evidence" / "bench"
    media.mkdir(parents=True)
    size = int(args.file_mb * 1024 * 1024)
    for number in range(args.files):
        (media / f"file-{number:03d}.bin").write_bytes(os.urandom(size))
    key, path = parse_key(new_key()), home / "tansiq.backup"

    started = time.perf_counter()
    made = create_backup(path, key=key)
    backup_s = time.perf_counter() - started
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(home / "media")
    started = time.perf_counter()
    if args.profile:
        from pyinstrument import Profiler

        with Profiler() as profiler:
            restore_backup(path, key=key)
        print(profiler.output_text(color=False), file=sys.stderr)
    else:
        restore_backup(path, key=key)
    restore_s = time.perf_counter() - started

    media_mb = args.files * size / 1e6
    return (
        f"| {connection.vendor} | {made.rows:,} | {made.files} | {media_mb:,.0f} | "
        f"{path.stat().st_size / 1e6:,.1f} | {backup_s:.1f} | {restore_s:.1f} |"
    )


if __name__ == "__main__":
    sys.exit(main())
