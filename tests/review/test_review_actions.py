"""Match decisions and persons: one decision per ordered pair, canonical fields from records."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from tansiq.audit.models import AuditEvent
from tansiq.documentation.models import Record
from tansiq.review.actions import decide_match, link_records
from tansiq.review.models import MatchDecision, Person, PersonRecord

pytestmark = pytest.mark.django_db


def test_a_pair_has_one_decision_whichever_way_round_it_is_decided(world, victor):
    a, b = world.records["a_new"], world.records["b_new"]
    first = decide_match(b, a, decision="unsure", by=victor)
    second = decide_match(a, b, decision="same", by=victor, reason="same father and date")
    assert first.pk == second.pk and MatchDecision.objects.count() == 1
    stored = MatchDecision.objects.get()
    assert (stored.record_a_id, stored.record_b_id) == (min(a.pk, b.pk), max(a.pk, b.pk))
    assert (stored.decision, stored.decided_by) == ("same", victor)
    event = AuditEvent.objects.order_by("-seq")[0]
    assert event.changes["decision"] == ["unsure", "same"]
    assert event.reason == "same father and date"


def test_the_database_refuses_a_second_row_for_the_same_pair(world, victor):
    a, b = world.records["a_new"], world.records["b_new"]
    decide_match(a, b, decision="different", by=victor)
    low, high = sorted((a.pk, b.pk))
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchDecision.objects.create(record_a_id=low, record_b_id=high, decision="same")


def test_a_record_cannot_be_paired_with_itself_or_decided_vaguely(world, victor):
    a = world.records["a_new"]
    with pytest.raises(ValidationError):
        decide_match(a, a, decision="same", by=victor)
    with pytest.raises(ValidationError):
        decide_match(a, world.records["b_new"], decision="maybe", by=victor)


@pytest.mark.parametrize("user", ["anon", "alice", "bob", "eddie"])
def test_only_verifiers_and_coordinators_decide_pairs(world, user):
    with pytest.raises(PermissionDenied):
        decide_match(
            world.records["a_new"], world.records["b_new"], decision="same", by=world.users[user]
        )
    assert MatchDecision.objects.count() == 0


def test_a_person_takes_the_most_common_values_and_the_narrowest_date(world, victor):
    a, b, c = (world.records[k] for k in ("a_new", "a_verified", "imported"))
    for record, name, precision, date in [
        (a, "محمد الحسن", "month", "2012-08"),
        (b, "محمد الحسن", "day", "2012-08-25"),
        (c, "محمد حسن", "year", "2012"),
    ]:
        record.name_ar, record.age = name, 30 if record is not c else 31
        record.set_date(date, precision)
        record.save()
    person = link_records([a, b, c], by=victor)
    assert person.name_ar == "محمد الحسن"
    assert person.age == 30
    assert (person.date_text, person.date_precision) == ("2012-08-25", "day")
    assert set(Record.objects.filter(person_link__person=person)) == {a, b, c}


def test_moving_a_persons_last_record_elsewhere_removes_the_empty_person(world, victor):
    a, b = world.records["a_new"], world.records["b_new"]
    lonely = link_records([a], by=victor)
    merged = link_records([b, a], by=victor)
    assert not Person.objects.filter(pk=lonely.pk).exists()
    assert PersonRecord.objects.filter(person=merged).count() == 2


@pytest.mark.parametrize("user", ["alice", "eddie"])
def test_only_the_network_reviewers_make_persons(world, user):
    with pytest.raises(PermissionDenied):
        link_records([world.records["b_published"]], by=world.users[user])


def test_decisions_become_the_linkage_engines_constraints(world, victor):
    from tansiq.review.tables import decisions_table

    decide_match(world.records["b_new"], world.records["a_new"], decision="different", by=victor)
    table = decisions_table()
    assert list(table.columns) == ["record_id_l", "record_id_r", "decision"]
    assert table.to_dict("records") == [
        {"record_id_l": "T-a_new", "record_id_r": "T-b_new", "decision": "different"}
    ]
