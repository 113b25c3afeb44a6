"""The documentation actions: access checked, validated, atomic, audited."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from tansiq.audit.models import AuditEvent
from tansiq.documentation import actions
from tansiq.documentation.models import Evidence, Record

pytestmark = pytest.mark.django_db


def _last_event():
    return AuditEvent.objects.order_by("-seq").first()


def test_a_documenter_records_a_killing_in_her_committees_dataset(world, alice):
    record = actions.create_record(
        dataset=world.datasets["a"],
        by=alice,
        name_ar="يوسف عمر",
        name_latin="Yusuf Omar",
        act="killed",
        sex="M",
        age=17,
        date="2012-08",
        date_precision="month",
        witness_name="a neighbour",
    )
    assert (record.created_by, record.review_status, record.date_text) == (
        alice,
        "submitted",
        "2012-08",
    )
    event = _last_event()
    assert (event.action, event.actor_label, event.object_id) == ("create", "alice", str(record.pk))
    assert event.changes["name_latin"] == [None, "Yusuf Omar"]
    assert event.changes["witness_name"] == [None, "<protected>"]


def test_a_documenter_cannot_record_into_another_committees_dataset(world, alice):
    before = (Record.objects.count(), AuditEvent.objects.count())
    with pytest.raises(PermissionDenied):
        actions.create_record(dataset=world.datasets["b"], by=alice, name_ar="س", act="killed")
    assert (Record.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("fields", "bad_field"),
    [
        ({"name_ar": "س", "act": "kidnapped"}, "act"),
        ({"name_ar": "س", "act": "killed", "age": 130}, "age"),
        ({"name_ar": "س", "act": "killed", "sex": "X"}, "sex"),
        ({"name_ar": "س", "act": "killed", "date": "2012-13", "date_precision": "month"}, "date"),
        ({"name_ar": "س", "act": "killed", "nickname": "x"}, "nickname"),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_nothing_is_written(
    world, alice, fields, bad_field
):
    before = (Record.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        actions.create_record(dataset=world.datasets["a"], by=alice, **fields)
    assert bad_field in caught.value.message_dict
    assert (Record.objects.count(), AuditEvent.objects.count()) == before


def test_a_record_needs_a_name_in_one_script_or_the_other(world, alice):
    with pytest.raises(ValidationError):
        actions.create_record(dataset=world.datasets["a"], by=alice, act="killed")


def test_an_update_logs_each_changed_field_before_and_after(world, alice):
    record = world.records["a_new"]
    actions.update_record(record, by=alice, age=34, locality="Baba Amr", reason="family call")
    event = _last_event()
    assert event.action == "update" and event.reason == "family call"
    assert event.changes == {"age": [None, 34], "locality": ["", "Baba Amr"]}


def test_saving_without_a_change_writes_no_event(world, alice):
    before = AuditEvent.objects.count()
    actions.update_record(world.records["a_new"], by=alice, age=None)
    assert AuditEvent.objects.count() == before


def test_review_then_publication(world, victor, eddie, alice):
    record = world.records["a_new"]
    with pytest.raises(PermissionDenied):
        actions.publish_record(record, by=eddie)  # not verified yet
    with pytest.raises(PermissionDenied):
        actions.verify_record(record, by=alice)  # documenters do not verify
    actions.verify_record(record, by=victor, reason="two witnesses agree")
    assert _last_event().reason == "two witnesses agree"
    with pytest.raises(PermissionDenied):
        actions.update_record(record, by=alice, age=40)  # locked once verified
    actions.publish_record(record, by=eddie)
    record.refresh_from_db()
    assert record.published and record.published_at is not None
    assert _last_event().changes["published"] == [False, True]


def test_rejecting_needs_a_reason_and_withdraws_a_published_record(world, victor):
    record = world.records["b_published"]
    with pytest.raises(ValidationError):
        actions.reject_record(record, by=victor, reason=" ")
    actions.reject_record(record, by=victor, reason="the person is alive")
    record.refresh_from_db()
    assert (record.review_status, record.published) == ("rejected", False)


def test_only_coordinators_delete_and_the_log_keeps_what_was_deleted(world, victor, cora):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):  # its evidence must be dealt with first
        actions.delete_record(world.records["a_new"], by=cora, reason="duplicate")
    record = world.records["a_verified"]
    with pytest.raises(PermissionDenied):
        actions.delete_record(record, by=victor, reason="duplicate")
    actions.delete_record(record, by=cora, reason="entered twice")
    event = _last_event()
    assert (event.action, event.reason, event.object_label) == (
        "delete",
        "entered twice",
        str(record),
    )
    assert event.changes["name_ar"] == [record.name_ar, None]


def test_evidence_files_are_hashed_and_measured_from_their_bytes(world, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = "شهادة من موقع القصف".encode() * 1000  # text, whatever its name says
    evidence = actions.add_evidence(
        by=alice, record=world.records["a_new"], file=ContentFile(content, name="photo.jpg")
    )
    stored = Evidence.objects.get(pk=evidence.pk)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content)
    assert stored.mime_type == "text/plain"
    assert stored.file.name.endswith("-photo.txt")
    assert stored.original_name == "photo.jpg"
    assert stored.file.read() == content
    assert _last_event().changes["sha256"] == [None, stored.sha256]


def test_evidence_needs_a_file_or_a_link_and_a_record_one_may_edit(world, alice):
    with pytest.raises(ValidationError):
        actions.add_evidence(by=alice, record=world.records["a_new"])
    with pytest.raises(PermissionDenied):
        actions.add_evidence(by=alice, record=world.records["b_new"], url="https://example.org/x")


def test_an_event_goes_from_draft_to_published(world, alice, victor, eddie, bob):
    event = actions.create_event(
        committee=world.committees["a"],
        by=alice,
        event_type="protest",
        date="2011-04-22",
        date_precision="day",
        description_ar="مظاهرة الجمعة العظيمة",
    )
    with pytest.raises(PermissionDenied):
        actions.create_event(committee=world.committees["a"], by=bob, event_type="protest")
    actions.set_event_status(event, "submitted", by=alice)
    with pytest.raises(PermissionDenied):
        actions.set_event_status(event, "published", by=eddie)  # not verified yet
    actions.set_event_status(event, "verified", by=victor)
    actions.set_event_status(event, "published", by=eddie)
    assert event.status == "published"
    statuses = [
        e.changes["status"][1]
        for e in AuditEvent.objects.filter(
            object_type="documentation.event", object_id=str(event.pk)
        )
        .exclude(action="create")
        .order_by("seq")
    ]
    assert statuses == ["submitted", "verified", "published"]


def test_a_date_and_its_precision_go_together(world):
    record = world.records["a_new"]
    record.date_precision = ""
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    assert "date_precision" in caught.value.message_dict


def test_clearing_the_date_clears_its_precision(world, alice):
    record = actions.update_record(world.records["a_new"], by=alice, date="")
    assert (record.date_start, record.date_end, record.date_precision) == (None, None, "")


def test_records_created_in_bulk_each_get_their_audit_event_in_one_unbroken_chain(world, alice):
    from tansiq.audit.chain import verify_chain

    before = AuditEvent.objects.count()
    rows = [
        Record(uid=f"L1-{n:04d}", name_latin=f"Person {n}", act="killed", witness_name="w")
        for n in range(120)
    ]
    created = actions.create_records_bulk(dataset=world.datasets["a"], records=rows, by=alice)
    assert len(created) == 120 and all(r.pk for r in created)
    events = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    assert [e.object_id for e in events] == [str(r.pk) for r in created]
    assert events[7].changes["uid"] == [None, "L1-0007"]
    assert events[7].changes["witness_name"] == [None, "<protected>"]
    assert {e.actor_label for e in events} == {"alice"}
    actions.update_record(created[0], by=alice, age=3)  # the chain goes on after a bulk append
    assert verify_chain().ok


def test_one_bad_record_in_a_bulk_creation_writes_nothing_and_names_the_record(world, alice):
    before = (Record.objects.count(), AuditEvent.objects.count())
    rows = [
        Record(uid="L1-good", name_latin="Good", act="killed"),
        Record(uid="L1-bad", name_latin="Bad", act="vanished"),
    ]
    with pytest.raises(ValidationError) as caught:
        actions.create_records_bulk(dataset=world.datasets["a"], records=rows, by=alice)
    assert "act" in caught.value.message_dict["L1-bad"][0]
    assert (Record.objects.count(), AuditEvent.objects.count()) == before


def test_bulk_creation_checks_access(world, bob):
    with pytest.raises(PermissionDenied):
        actions.create_records_bulk(
            dataset=world.datasets["a"], records=[Record(name_ar="س", act="killed")], by=bob
        )


def test_a_record_cannot_name_another_committees_unpublished_event(world, alice):
    """Issue 8's defect: posting another committee's event id linked to it and showed it."""
    from django.core.exceptions import PermissionDenied

    from tansiq.documentation.actions import create_record, update_record

    dataset = world.datasets["a"]
    for key in ("b_submitted", "b_verified"):
        with pytest.raises(PermissionDenied):
            create_record(
                dataset=dataset, by=alice, name_ar="سمير", act="killed", event=world.events[key]
            )
        with pytest.raises(PermissionDenied):
            update_record(world.records["a_new"], by=alice, event=world.events[key])
    linked = create_record(
        dataset=dataset, by=alice, name_ar="سمير", act="killed", event=world.events["b_published"]
    )
    assert linked.event == world.events["b_published"]  # a published event is everyone's
