"""What real database files hold: an unforked audit chain under concurrent appends, and no
protected value in clear.

Concurrent appends never fork the chain: appending locks the chain head.

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


def run_on_an_sqlite_file(tmp_path: Path, *args: str) -> dict[str, object]:
    """Run tests/audit/file_database.py on a fresh SQLite file in `tmp_path`; its JSON outcome."""
    script = Path(__file__).with_name("file_database.py")
    url = f"sqlite:///{tmp_path / 'tansiq.sqlite3'}"
    done = subprocess.run(
        [sys.executable, str(script), args[0], url, *args[1:]],
        capture_output=True,
        text=True,
        timeout=120,
        env={"TANSIQ_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_protected_fields_are_not_readable_in_an_sqlite_database_file(tmp_path):
    outcome = run_on_an_sqlite_file(tmp_path, "protected", "ZEBRA-WITNESS-0944")
    assert outcome == {
        "readable_through_django": True,
        "secret_in_file": False,
        "control_in_file": True,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_appends_make_one_unbroken_chain(tmp_path):
    if connection.vendor == "sqlite":
        outcome = run_on_an_sqlite_file(tmp_path, "appends", str(THREADS), str(EACH))
    else:
        outcome = _threads_on_the_test_database()
    assert outcome == {"errors": [], "count": THREADS * EACH, "ok": True}
