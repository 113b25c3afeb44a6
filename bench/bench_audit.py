"""Cost of audited writes and of verifying the audit chain, on a fresh SQLite database file.

    .venv/bin/python bench/bench_audit.py [--one-by-one 2000] [--bulk 20000]

Creates records one by one through `create_record` (one audit event each, appended under the
chain-head lock), then in bulk through `create_records_bulk` (one insert, one event per record
appended under one lock), then verifies the whole chain. Set DATABASE_URL to measure another
database (it must be empty: the script migrates it).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def _setup() -> None:
    home = Path(tempfile.mkdtemp(prefix="tansiq-bench-"))
    os.environ.setdefault("TANSIQ_HOME", str(home))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{home / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tansiq.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _rate(label: str, count: int, seconds: float) -> None:
    print(f"  {label:<44} {count:>7,} in {seconds:6.2f} s  {count / seconds:>9,.0f} /s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one-by-one", type=int, default=2000)
    parser.add_argument("--bulk", type=int, default=20000)
    args = parser.parse_args()
    _setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from tansiq.audit.chain import verify_chain
    from tansiq.documentation.actions import create_record, create_records_bulk
    from tansiq.documentation.models import Dataset, Record

    root = get_user_model().objects.create_superuser("bench", password=None)
    dataset = Dataset.objects.create(name="bench", slug="bench", kind="imported")
    print(f"database: {connection.vendor}")
    started = time.perf_counter()
    for n in range(args.one_by_one):
        create_record(
            dataset=dataset,
            by=root,
            uid=f"A-{n}",
            name_latin=f"P {n}",
            act="killed",
            witness_name="w",
            date="2012-08",
            date_precision="month",
        )
    _rate("create_record (audited, encrypted)", args.one_by_one, time.perf_counter() - started)
    rows = [
        Record(uid=f"B-{n}", name_latin=f"P {n}", act="killed", witness_name="w")
        for n in range(args.bulk)
    ]
    started = time.perf_counter()
    create_records_bulk(dataset=dataset, records=rows, by=root)
    _rate("create_records_bulk (audited, encrypted)", args.bulk, time.perf_counter() - started)
    started = time.perf_counter()
    result = verify_chain()
    _rate(f"verify_chain (ok={result.ok})", result.checked, time.perf_counter() - started)


if __name__ == "__main__":
    main()
