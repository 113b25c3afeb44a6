"""Two writers at once on the same record; run as a script on a fresh SQLite file, or imported.

    python tests/documentation/concurrent_writes.py edits DATABASE_URL THREADS
    python tests/documentation/concurrent_writes.py submissions DATABASE_URL THREADS

`edits`: THREADS verifiers each read the same record (version 1), wait for each other, then
update it; reports how many saves went through and how many were told of a conflict.
`submissions`: THREADS copies of one form submission (one user, one idempotency key) arrive at
once; reports how many records exist and how many distinct records the calls returned.
The pytest database of SQLite is in memory, which threads cannot share as they share a file.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import uuid
from collections.abc import Callable
from typing import Any


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tansiq.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _cast(tag: str) -> tuple[Any, Any, Any]:
    """A committee's dataset, a verifier and a documenter of that committee."""
    from django.contrib.auth import get_user_model

    from tansiq.committees.models import Committee, Membership
    from tansiq.documentation.models import Dataset

    committee = Committee.objects.create(name_ar="لجنة", name_en=f"c {tag}", slug=f"c-{tag}")
    dataset = Dataset.objects.create(name=f"d {tag}", slug=f"d-{tag}", committee=committee)
    users = get_user_model().objects
    verifier = users.create(username=f"verifier-{tag}")
    documenter = users.create(username=f"documenter-{tag}")
    Membership.objects.create(user=verifier, committee=committee, role="verifier")
    Membership.objects.create(user=documenter, committee=committee, role="documenter")
    return dataset, verifier, documenter


def _in_threads(threads: int, work: Callable[[int], Any]) -> tuple[list[Any], list[str]]:
    """Run `work(i)` in `threads` threads started together; their results and errors."""
    from django.db import connection

    results: list[Any] = []
    errors: list[str] = []
    barrier = threading.Barrier(threads)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as exc:  # reported in the JSON
            errors.append(repr(exc))
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results, errors


def edits(threads: int) -> dict[str, Any]:
    from tansiq.documentation import actions
    from tansiq.documentation.models import Record

    dataset, verifier, _ = _cast(uuid.uuid4().hex[:8])
    record = Record.objects.create(dataset=dataset, name_latin="Ahmad", act="killed")
    readers = [Record.objects.get(pk=record.pk) for _ in range(threads)]  # all at version 1

    def edit(i: int) -> str:
        try:
            actions.update_record(readers[i], by=verifier, name_latin=f"Ahmad (edit {i})")
        except actions.EditConflict:
            return "conflict"
        return "saved"

    outcomes, errors = _in_threads(threads, edit)
    stored = Record.objects.get(pk=record.pk)
    return {
        "errors": errors,
        "saved": outcomes.count("saved"),
        "conflicts": outcomes.count("conflict"),
        "version": stored.version,
        "last_edit_kept": stored.name_latin != "Ahmad",
    }


def submissions(threads: int) -> dict[str, Any]:
    from tansiq.documentation import actions
    from tansiq.documentation.models import Record

    dataset, _, documenter = _cast(uuid.uuid4().hex[:8])
    key = uuid.uuid4()

    def submit(i: int) -> int:
        record = actions.create_record(
            dataset=dataset, by=documenter, idempotency_key=key, name_latin="Omar", act="detained"
        )
        return int(record.pk)

    returned, errors = _in_threads(threads, submit)
    return {
        "errors": errors,
        "records": Record.objects.filter(dataset=dataset).count(),
        "distinct_returned": len(set(returned)),
    }


def main(argv: list[str]) -> None:
    mode, url, threads = argv[1], argv[2], int(argv[3])
    _setup(url)
    outcome = edits(threads) if mode == "edits" else submissions(threads)
    print(json.dumps(outcome))


if __name__ == "__main__":
    main(sys.argv)
