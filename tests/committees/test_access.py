"""Permission tables: what each named user may see and change, model by model (access.py)."""

from __future__ import annotations

import pytest

from tansiq.committees import access

pytestmark = pytest.mark.django_db

ALL_RECORDS = {"a_new", "a_verified", "b_new", "b_published", "imported"}


def _keys(queryset, objects):
    ids = set(queryset.values_list("pk", flat=True))
    return {key for key, obj in objects.items() if obj.pk in ids}


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("anon", {"b_published"}),
        ("alice", {"a_new", "a_verified", "b_published"}),
        ("bob", {"b_new", "b_published"}),
        ("eddie", {"a_verified", "b_published"}),
        ("victor", ALL_RECORDS),
        ("cora", ALL_RECORDS),
        ("root", ALL_RECORDS),
    ],
)
def test_each_role_sees_exactly_its_records(world, user, expected):
    assert _keys(access.visible_records(world.users[user]), world.records) == expected
    for key, record in world.records.items():
        assert access.can_see_record(world.users[user], record) == (key in expected)


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("anon", set()),
        ("alice", {"a_new"}),  # a_verified is locked once verified
        ("bob", {"b_new"}),  # b_published is published
        ("eddie", set()),
        ("victor", ALL_RECORDS),
        ("cora", ALL_RECORDS),
        ("root", ALL_RECORDS),
    ],
)
def test_each_role_edits_exactly_its_records(world, user, expected):
    editable = {k for k, r in world.records.items() if access.can_edit_record(world.users[user], r)}
    assert editable == expected


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("anon", set()),
        ("alice", {"a_new", "a_verified"}),
        ("bob", {"b_new", "b_published"}),
        ("eddie", set()),
        ("victor", ALL_RECORDS),
        ("cora", ALL_RECORDS),
        ("root", ALL_RECORDS),
    ],
)
def test_protected_fields_are_seen_by_the_recording_committee_and_network_reviewers(
    world, user, expected
):
    allowed = {
        k for k, r in world.records.items() if access.can_see_protected(world.users[user], r)
    }
    assert allowed == expected


@pytest.mark.parametrize(
    ("user", "verifies", "publishes_verified"),
    [
        ("anon", False, False),
        ("alice", False, False),
        ("bob", False, False),
        ("eddie", False, True),
        ("victor", True, False),
        ("cora", True, True),
        ("root", True, True),
    ],
)
def test_only_reviewers_verify_and_only_publishers_publish(
    world, user, verifies, publishes_verified
):
    person = world.users[user]
    assert access.can_review_record(person, world.records["a_new"]) == verifies
    assert access.can_publish_record(person, world.records["a_verified"]) == publishes_verified
    assert access.can_publish_record(person, world.records["a_new"]) is False  # not verified


@pytest.mark.parametrize(
    ("user", "visible", "creates_in"),
    [
        ("anon", set(), set()),
        ("alice", {"a"}, {"a"}),
        ("bob", {"b"}, {"b"}),
        ("eddie", {"a", "b", "imported"}, set()),
        ("victor", {"a", "b", "imported"}, {"a", "b", "imported"}),
        ("cora", {"a", "b", "imported"}, {"a", "b", "imported"}),
    ],
)
def test_records_are_created_only_in_datasets_of_ones_own_committee(
    world, user, visible, creates_in
):
    person = world.users[user]
    assert _keys(access.visible_datasets(person), world.datasets) == visible
    assert {
        k for k, d in world.datasets.items() if access.can_create_record(person, d)
    } == creates_in


ALL_EVENTS = {"a_draft", "b_submitted", "b_verified", "b_published"}


@pytest.mark.parametrize(
    ("user", "visible", "editable"),
    [
        ("anon", {"b_published"}, set()),
        ("alice", {"a_draft", "b_published"}, {"a_draft"}),
        ("bob", {"b_submitted", "b_verified", "b_published"}, {"b_submitted"}),
        ("eddie", {"b_verified", "b_published"}, set()),
        ("victor", ALL_EVENTS, ALL_EVENTS),
        ("cora", ALL_EVENTS, ALL_EVENTS),
        ("root", ALL_EVENTS, ALL_EVENTS),
    ],
)
def test_each_role_sees_and_edits_exactly_its_events(world, user, visible, editable):
    person = world.users[user]
    assert _keys(access.visible_events(person), world.events) == visible
    assert {k for k, e in world.events.items() if access.can_see_event(person, e)} == visible
    assert {k for k, e in world.events.items() if access.can_edit_event(person, e)} == editable


ALL_EVIDENCE = {
    "a_committee",
    "b_new_committee",
    "b_published_public",
    "b_published_network",
    "b_published_committee",
    "event_public",
}


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("anon", {"b_published_public", "event_public"}),
        ("alice", {"a_committee", "b_published_public", "b_published_network", "event_public"}),
        (
            "bob",
            {
                "b_new_committee",
                "b_published_public",
                "b_published_network",
                "b_published_committee",
                "event_public",
            },
        ),
        ("eddie", {"b_published_public", "b_published_network", "event_public"}),
        ("victor", ALL_EVIDENCE),
        ("cora", ALL_EVIDENCE),
        ("root", ALL_EVIDENCE),
    ],
)
def test_evidence_follows_its_record_and_its_visibility(world, user, expected):
    assert _keys(access.visible_evidence(world.users[user]), world.evidence) == expected


@pytest.mark.parametrize(
    ("user", "sees", "decides"),
    [
        ("anon", False, False),
        ("alice", False, False),
        ("bob", False, False),
        ("eddie", True, False),
        ("victor", True, True),
        ("cora", True, True),
        ("root", True, True),
    ],
)
def test_persons_and_match_decisions_belong_to_the_network_roles(world, user, sees, decides):
    from tansiq.review.actions import decide_match, link_records

    person = link_records([world.records["a_new"]], by=world.users["root"])
    decide_match(
        world.records["a_new"], world.records["b_new"], decision="same", by=world.users["root"]
    )
    someone = world.users[user]
    assert access.visible_persons(someone).filter(pk=person.pk).exists() == sees
    assert access.visible_match_decisions(someone).exists() == decides
    assert access.can_decide_match(someone) == decides


@pytest.mark.parametrize(
    ("user", "memberships", "manages", "audit"),
    [
        ("anon", 0, False, False),
        ("alice", 1, False, False),
        ("victor", 3, False, False),
        ("cora", 5, True, True),
        ("root", 5, True, True),
    ],
)
def test_committees_and_memberships_are_managed_by_coordinators(
    world, user, memberships, manages, audit
):
    someone = world.users[user]
    assert access.visible_memberships(someone).count() == memberships
    assert access.can_manage_committees(someone) == manages
    assert access.can_see_audit_log(someone) == audit
    assert access.visible_committees(someone).count() == 3
    assert access.visible_places(someone).count() == 15


def test_an_inactive_committee_gives_its_documenters_no_rights(world, alice):
    world.committees["a"].active = False
    world.committees["a"].save()
    access.forget_roles(alice)
    assert _keys(access.visible_records(alice), world.records) == {"b_published"}
    assert not access.can_edit_record(alice, world.records["a_new"])
    assert access.visible_committees(alice).count() == 2


def test_a_deactivated_user_counts_as_anonymous(world, victor):
    victor.is_active = False
    assert _keys(access.visible_records(victor), world.records) == {"b_published"}


def test_every_model_has_a_visibility_rule(world, root):
    from django.apps import apps

    for label in ("committees", "documentation", "review", "audit"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.model_name == "chainhead":
                continue
            assert access.visible_queryset(root, model).model is model
