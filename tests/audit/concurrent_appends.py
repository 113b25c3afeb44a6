"""Run as a script: append from several threads to a fresh database, print the outcome as JSON.

`python tests/audit/concurrent_appends.py DATABASE_URL THREADS EACH` — used by
test_concurrency.py for SQLite, whose in-memory test database cannot be shared by threads
the way a real database file is.
"""

from __future__ import annotations

import json
import os
import sys
import threading


def main(url: str, threads: int, each: int) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tansiq.web.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tansiq.audit.chain import append_event, verify_chain
    from tansiq.audit.models import AuditEvent

    call_command("migrate", verbosity=0)
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
    result = verify_chain()
    print(json.dumps({"errors": errors, "count": AuditEvent.objects.count(), "ok": result.ok}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
