"""Committee and membership actions: coordinators manage them; every change is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tansiq.audit.models import AuditEvent
from tansiq.committees import access
from tansiq.committees.actions import add_member, create_committee, remove_member
from tansiq.committees.models import Membership

pytestmark = pytest.mark.django_db


def test_a_coordinator_adds_a_member_who_then_sees_the_committees_records(world, cora, eddie):
    add_member(world.committees["a"], eddie, "documenter", by=cora)
    assert access.can_edit_record(eddie, world.records["a_new"])
    event = AuditEvent.objects.filter(object_type="committees.membership").order_by("-seq")[0]
    assert event.action == "create"
    assert event.actor_label == "cora"
    assert event.changes["role"] == [None, "documenter"]


def test_adding_the_same_membership_twice_keeps_one(world, cora, alice):
    add_member(world.committees["a"], alice, "documenter", by=cora)
    assert Membership.objects.filter(user=alice, committee=world.committees["a"]).count() == 1


@pytest.mark.parametrize("user", ["alice", "victor", "eddie", "anon"])
def test_only_coordinators_manage_committees(world, user):
    someone = world.users[user]
    with pytest.raises(PermissionDenied):
        create_committee(by=someone, name_ar="تنسيقية درعا", slug="daraa")
    with pytest.raises(PermissionDenied):
        add_member(world.committees["a"], someone, "verifier", by=someone)


def test_removing_a_member_takes_their_rights_and_is_audited_with_the_reason(world, cora, alice):
    membership = Membership.objects.get(user=alice)
    remove_member(membership, by=cora, reason="left the committee")
    assert not access.can_see_record(alice, world.records["a_new"])
    event = AuditEvent.objects.order_by("-seq")[0]
    assert (event.action, event.reason, event.actor_label) == (
        "delete",
        "left the committee",
        "cora",
    )
