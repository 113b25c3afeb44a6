"""Run as a script against a fresh SQLite database file; print the outcome as JSON.

    python tests/audit/file_database.py appends DATABASE_URL THREADS EACH
    python tests/audit/file_database.py protected DATABASE_URL SECRET

`appends`: several threads append audit events at once; reports errors, how many events they
added and whether the chain verifies (the tests also call it on their own database). `protected`: stores SECRET in every protected field of a record, closes the
database and reports whether SECRET occurs anywhere in the file's bytes. The test database of
pytest is in memory; these check what a real database file holds.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path
from typing import Any


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tansiq.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def appends(threads: int, each: int) -> dict[str, Any]:
    from django.db import connection

    from tansiq.audit.chain import append_event, verify_chain
    from tansiq.audit.models import AuditEvent

    before = AuditEvent.objects.count()
    errors: list[str] = []
    barrier = threading.Barrier(threads)

    def append_many() -> None:
        try:
            barrier.wait()
            for n in range(each):
                append_event("update", object_type="test", object_label=str(n))
        except Exception as exc:  # reported in the JSON
            errors.append(repr(exc))
        finally:
            connection.close()

    workers = [threading.Thread(target=append_many) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    count = AuditEvent.objects.count() - before
    return {"errors": errors, "count": count, "ok": verify_chain().ok}


def protected(path: Path, secret: str) -> dict[str, Any]:
    from django.db import connection

    from tansiq.documentation.models import PROTECTED_RECORD_FIELDS, Dataset, Record

    dataset = Dataset.objects.create(name="file test", slug="file-test")
    fields = {name: f"{secret} {name}" for name in PROTECTED_RECORD_FIELDS}
    control = f"{secret[::-1]} unprotected"  # a plain field: shows the search finds text
    record = Record.objects.create(dataset=dataset, name_latin=control, act="killed", **fields)
    readable = Record.objects.get(pk=record.pk).witness_name == fields["witness_name"]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    files = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
    contents = b"".join(p.read_bytes() for p in files)
    return {
        "readable_through_django": readable,
        "secret_in_file": secret.encode() in contents,
        "control_in_file": control.encode() in contents,
    }


def main(argv: list[str]) -> None:
    mode, url = argv[1], argv[2]
    _setup(url)
    if mode == "appends":
        outcome = appends(int(argv[3]), int(argv[4]))
    else:
        outcome = protected(Path(url.removeprefix("sqlite:///")), argv[3])
    print(json.dumps(outcome))


if __name__ == "__main__":
    main(sys.argv)
