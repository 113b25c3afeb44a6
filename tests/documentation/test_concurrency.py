"""Two people at once: an edit based on an older version is refused (optimistic locking), and a
submission sent twice makes one record (idempotency key), also when the two race.

PostgreSQL: threads write to the test database. SQLite: the in-memory test database cannot be
shared by threads, so they write to a fresh database file in a subprocess with the production
settings (WAL, BEGIN IMMEDIATE, busy timeout), as tests/audit does.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from concurrent_writes import edits, submissions  # the script beside this file
from django.db import connection
from django.urls import reverse
from django.utils import translation

from tansiq.audit.models import AuditEvent
from tansiq.documentation import actions
from tansiq.documentation.models import Event, Record

THREADS = 2


def _on_an_sqlite_file(tmp_path: Path, mode: str) -> dict[str, object]:
    script = Path(__file__).with_name("concurrent_writes.py")
    url = f"sqlite:///{tmp_path / 'tansiq.sqlite3'}"
    done = subprocess.run(
        [sys.executable, str(script), mode, url, str(THREADS)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"TANSIQ_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _run(tmp_path: Path, mode: str) -> dict[str, object]:
    if connection.vendor == "sqlite":
        return _on_an_sqlite_file(tmp_path, mode)
    return edits(THREADS) if mode == "edits" else submissions(THREADS)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_verifiers_saving_the_same_version_at_once_one_is_told(tmp_path):
    outcome = _run(tmp_path, "edits")
    assert outcome == {
        "errors": [],
        "saved": 1,
        "conflicts": 1,
        "version": 2,
        "last_edit_kept": True,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_submission_sent_twice_at_once_makes_one_record(tmp_path):
    outcome = _run(tmp_path, "submissions")
    assert outcome == {"errors": [], "records": 1, "distinct_returned": 1}


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_an_edit_based_on_an_older_version_is_refused_and_writes_nothing(world, alice, victor):
    mine = Record.objects.get(pk=world.records["a_new"].pk)
    theirs = Record.objects.get(pk=mine.pk)
    actions.update_record(theirs, by=victor, locality="Bab Amr")
    events = AuditEvent.objects.count()
    with pytest.raises(actions.EditConflict) as conflict:
        actions.update_record(mine, by=alice, locality="Khaldiyeh")
    with translation.override("en"):
        assert "changed by someone else since you opened it" in conflict.value.messages[0]
    with translation.override("ar"):
        assert "غيّر شخص آخر" in conflict.value.messages[0]
    assert (conflict.value.expected, conflict.value.current) == (1, 2)
    stored = Record.objects.get(pk=mine.pk)
    assert (stored.locality, stored.version) == ("Bab Amr", 2)
    assert AuditEvent.objects.count() == events


@pytestmark_db
def test_every_save_moves_the_version_on_and_an_explicit_version_is_checked(world, victor):
    record = Record.objects.get(pk=world.records["a_new"].pk)
    actions.corroborate_record(record, by=victor)
    actions.update_record(record, by=victor, locality="Homs", expected_version=2)
    assert Record.objects.get(pk=record.pk).version == 3
    with pytest.raises(actions.EditConflict):
        actions.update_record(record, by=victor, locality="Hama", expected_version=2)


@pytestmark_db
def test_an_event_edit_based_on_an_older_version_is_refused(world, bob):
    mine = Event.objects.get(pk=world.events["b_submitted"].pk)
    theirs = Event.objects.get(pk=mine.pk)
    actions.update_event(theirs, by=bob, place_text="Salaheddine")
    with pytest.raises(actions.EditConflict):
        actions.update_event(mine, by=bob, place_text="Bustan al-Qasr")
    assert Event.objects.get(pk=mine.pk).place_text == "Salaheddine"


@pytestmark_db
def test_a_submission_sent_twice_returns_the_first_record(world, alice, bob):
    key = uuid.uuid4()
    fields = {"name_ar": "يوسف", "act": "detained"}
    first = actions.create_record(
        dataset=world.datasets["a"], by=alice, idempotency_key=key, **fields
    )
    events = AuditEvent.objects.count()
    again = actions.create_record(
        dataset=world.datasets["a"], by=alice, idempotency_key=str(key), **fields
    )
    assert again.pk == first.pk
    assert Record.objects.filter(name_ar="يوسف").count() == 1
    assert AuditEvent.objects.count() == events
    # The key is the user's own: another documenter's form never collides with hers.
    other = actions.create_record(
        dataset=world.datasets["b"], by=bob, idempotency_key=key, **fields
    )
    assert other.pk != first.pk


@pytestmark_db
def test_an_event_submission_sent_twice_is_one_event(world, alice):
    key = uuid.uuid4()
    made = [
        actions.create_event(
            committee=world.committees["a"], by=alice, idempotency_key=key, event_type="raid"
        )
        for _ in range(2)
    ]
    assert made[0].pk == made[1].pk
    assert Event.objects.filter(event_type="raid").count() == 1


# --- the admin ------------------------------------------------------------------------------


def _admin(name: str, *args: object) -> str:
    with translation.override("en"):
        return reverse(f"admin:documentation_record_{name}", args=args)


def _form_data(response) -> dict[str, object]:
    """What the rendered admin form would send back unchanged (its initial values)."""
    form = response.context["adminform"].form
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if hasattr(field.widget, "widgets"):  # split date/time widgets
            continue
        data[name] = value
    return data


@pytestmark_db
def test_the_admin_change_form_tells_of_a_change_made_since_it_was_opened(client, world, victor):
    record = world.records["a_new"]
    client.force_login(victor)
    opened = client.get(_admin("change", record.pk))
    data = _form_data(opened)
    assert data["expected_version"] == 1
    actions.update_record(Record.objects.get(pk=record.pk), by=victor, locality="Bab Amr")
    with translation.override("en"):
        response = client.post(_admin("change", record.pk), {**data, "locality": "Khaldiyeh"})
    assert response.status_code == 200
    assert "changed by someone else since you opened it" in response.content.decode()
    assert Record.objects.get(pk=record.pk).locality == "Bab Amr"


@pytestmark_db
def test_the_admin_change_form_saves_when_nobody_else_did(client, world, victor):
    record = world.records["a_new"]
    client.force_login(victor)
    data = _form_data(client.get(_admin("change", record.pk)))
    response = client.post(_admin("change", record.pk), {**data, "locality": "Khaldiyeh"})
    assert response.status_code == 302
    stored = Record.objects.get(pk=record.pk)
    assert (stored.locality, stored.version) == ("Khaldiyeh", 2)


@pytestmark_db
def test_the_admin_add_form_sent_twice_adds_one_record(client, world, alice):
    client.force_login(alice)
    data = _form_data(client.get(_admin("add")))
    key = data["submission_key"]
    assert uuid.UUID(str(key))
    data.update(dataset=world.datasets["a"].pk, name_ar="سليم", act="killed")
    first = client.post(_admin("add"), data)
    second = client.post(_admin("add"), data)
    assert first.status_code == second.status_code == 302
    assert Record.objects.filter(name_ar="سليم").count() == 1
    assert first["Location"] == second["Location"]


@pytestmark_db
def test_the_admin_event_form_sent_twice_adds_one_event(client, world, alice):
    with translation.override("en"):
        url = reverse("admin:documentation_event_add")
    client.force_login(alice)
    data = _form_data(client.get(url))
    data.update(committee=world.committees["a"].pk, event_type="strike", place_text="حمص")
    assert client.post(url, data).status_code == client.post(url, data).status_code == 302
    made = Event.objects.get(event_type="strike")
    assert (made.created_by, made.status, made.version) == (alice, "draft", 1)
