"""The audit log: one chained event per change and per login; tampering is found and named."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from tansiq.audit.chain import append_event, verify_chain
from tansiq.audit.context import acting_as
from tansiq.audit.models import AppendOnlyError, AuditEvent
from tansiq.committees.models import Committee, Place

pytestmark = pytest.mark.django_db


def _events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("seq"))


def test_create_update_delete_each_write_one_event_with_field_changes():
    homs = Place.objects.get(pcode="SY04")
    with acting_as(label="cli:test"):
        committee = Committee.objects.create(name_ar="تنسيقية تلكلخ", slug="talkalakh", place=homs)
        committee.name_en = "Talkalakh committee"
        committee.active = False
        committee.save()
        pk = committee.pk
        committee.delete()
    created, updated, deleted = _events(object_type="committees.committee", object_id=str(pk))
    assert created.action == "create" and created.actor_label == "cli:test"
    assert created.changes["slug"] == [None, "talkalakh"]
    assert created.changes["place"] == [None, homs.pk]
    assert updated.action == "update"
    assert updated.changes == {"name_en": ["", "Talkalakh committee"], "active": [True, False]}
    assert deleted.action == "delete" and deleted.changes["name_ar"] == ["تنسيقية تلكلخ", None]
    assert verify_chain().ok


def test_changes_outside_any_actor_are_attributed_to_the_system():
    Committee.objects.create(name_ar="س", slug="s")
    assert AuditEvent.objects.order_by("-seq")[0].actor_label == "system"


def test_each_event_links_to_the_previous_one():
    for n in range(3):
        Committee.objects.create(name_ar=f"لجنة {n}", slug=f"c{n}")
    events = _events()
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == "0" * 64
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(events))


def _login_url():
    with translation.override("en"):
        return reverse("login")


def test_login_logout_and_a_failed_login_are_logged(client, world, alice):
    client.post(_login_url(), {"username": "alice", "password": "wrong"})
    client.post(_login_url(), {"username": "alice", "password": "alice-password"})
    with translation.override("en"):
        client.post(reverse("logout"))
    actions = [(e.action, e.actor_label, e.object_label) for e in _events(action__startswith="log")]
    assert actions == [
        ("login_failed", "anonymous", "alice"),
        ("login", "alice", "alice"),
        ("logout", "alice", "alice"),
    ]


def test_a_change_made_in_a_request_is_attributed_to_the_logged_in_user(client, world, cora):
    client.force_login(cora)
    with translation.override("en"):
        url = reverse("admin:committees_place_change", args=[Place.objects.get(pcode="SY14").pk])
    response = client.post(
        url,
        {
            "admin_level": 1,
            "pcode": "SY14",
            "name_ar": "القنيطرة",
            "name_en": "Quneitra governorate",
            "parent": Place.objects.get(pcode="SY").pk,
            "latitude": "33.100000",
            "longitude": "35.850000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.order_by("-seq")[0]
    assert (event.action, event.actor_label, event.actor_id) == ("update", "cora", cora.pk)
    assert event.changes == {"name_en": ["Quneitra", "Quneitra governorate"]}


def test_a_users_password_is_never_logged(world, alice):
    alice.set_password("a new secret")
    alice.save()
    event = AuditEvent.objects.order_by("-seq")[0]
    assert event.changes == {"password": ["<protected>", "<protected>"]}


def test_the_orm_refuses_to_change_or_delete_audit_events(history):
    event = AuditEvent.objects.order_by("-seq")[0]
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def _tamper(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def history(world):
    """Twelve audited changes by different actors."""
    from tansiq.documentation import actions

    victor, alice = world.users["victor"], world.users["alice"]
    before = AuditEvent.objects.count()
    for n in range(4):
        actions.update_record(world.records["a_new"], by=alice, age=20 + n)
        actions.update_record(world.records["b_new"], by=victor, locality=f"حي {n}")
        actions.create_record(
            dataset=world.datasets["a"], by=alice, name_ar=f"س {n}", act="detained"
        )
    assert AuditEvent.objects.count() == before + 12


def _middle_seq() -> int:
    return AuditEvent.objects.count() // 2


def test_an_intact_chain_verifies_and_the_command_says_so(history, capsys):
    assert verify_chain().ok
    call_command("audit_verify")
    assert "audit chain intact" in capsys.readouterr().out


def test_an_altered_row_breaks_the_chain_at_that_row_and_the_command_names_it(history):
    seq = _middle_seq()
    _tamper("UPDATE audit_auditevent SET object_label = %s WHERE seq = %s", ["forged", seq])
    result = verify_chain()
    assert not result.ok and result.broken_seq == seq and "altered" in result.reason
    with pytest.raises(CommandError, match=rf"broken at seq {seq}\b") as caught:
        call_command("audit_verify")
    assert caught.value.returncode == 1


def test_an_altered_row_with_a_recomputed_hash_breaks_the_next_link(history):
    from tansiq.audit.chain import event_hash

    seq = _middle_seq()
    event = AuditEvent.objects.get(seq=seq)
    event.changes = {"review_status": ["submitted", "rejected"]}
    _tamper(
        "UPDATE audit_auditevent SET changes = %s, hash = %s WHERE seq = %s",
        ['{"review_status": ["submitted", "rejected"]}', event_hash(event), seq],
    )
    result = verify_chain()
    assert (result.ok, result.broken_seq) == (False, seq + 1)
    assert "prev_hash" in result.reason


def test_a_deleted_row_is_found(history):
    seq = _middle_seq()
    _tamper("DELETE FROM audit_auditevent WHERE seq = %s", [seq])
    result = verify_chain()
    assert (result.ok, result.broken_seq) == (False, seq)
    assert "missing" in result.reason


def test_removing_the_last_rows_is_found_through_the_chain_head(history):
    last = AuditEvent.objects.count()
    _tamper("DELETE FROM audit_auditevent WHERE seq >= %s", [last - 1])
    result = verify_chain()
    assert (result.ok, result.broken_seq) == (False, last - 1)
    assert "removed" in result.reason


def test_appending_after_verification_keeps_the_chain_whole(history):
    append_event("update", object_type="test", object_label="after", changes={"x": [1, 2.5]})
    assert verify_chain().ok
    assert AuditEvent.objects.order_by("-seq")[0].changes == {"x": [1, 2.5]}
