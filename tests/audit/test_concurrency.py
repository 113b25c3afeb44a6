"""Concurrent appends never fork the chain: appending locks the chain head.

PostgreSQL: threads append to the test database (SELECT ... FOR UPDATE on the head row).
SQLite: the in-memory test database cannot be shared by threads as a database file is, so the
threads append to a fresh database file in a subprocess with the production SQLite settings
(WAL, BEGIN IMMEDIATE, busy timeout).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

from tansiq.audit.chain import append_event, verify_chain
from tansiq.audit.models import AuditEvent

THREADS, EACH = 4, 10


def _threads_on_the_test_database() -> dict[str, object]:
    before = AuditEvent.objects.count()
    errors: list[str] = []
    barrier = threading.Barrier(THREADS)

    def append_many() -> None:
        try:
            barrier.wait()
            for n in range(EACH):
                append_event("update", object_type="test", object_label=str(n))
        except Exception as exc:  # reported by the test
            errors.append(repr(exc))
        finally:
            connection.close()

    workers = [threading.Thread(target=append_many) for _ in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    count = AuditEvent.objects.count() - before
    return {"errors": errors, "count": count, "ok": verify_chain().ok}


def _threads_on_an_sqlite_file(tmp_path: Path) -> dict[str, object]:
    script = Path(__file__).with_name("concurrent_appends.py")
    url = f"sqlite:///{tmp_path / 'concurrency.sqlite3'}"
    done = subprocess.run(
        [sys.executable, str(script), url, str(THREADS), str(EACH)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"TANSIQ_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_appends_make_one_unbroken_chain(tmp_path):
    if connection.vendor == "sqlite":
        outcome = _threads_on_an_sqlite_file(tmp_path)
    else:
        outcome = _threads_on_the_test_database()
    assert outcome == {"errors": [], "count": THREADS * EACH, "ok": True}
