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
from pathlib import Path

import pytest
from django.db import connection
from file_database import appends  # the script beside this file, also run in a subprocess

THREADS, EACH = 4, 10


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
        outcome = appends(THREADS, EACH)
    assert outcome == {"errors": [], "count": THREADS * EACH, "ok": True}
