"""The record pages, through the real URLs, views and templates, for each named user."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def _detail(record, lang="en"):
    with translation.override(lang):
        return reverse("documentation:record_detail", args=[record.pk])


def _list(lang="en"):
    with translation.override(lang):
        return reverse("documentation:record_list")


def test_a_documenter_of_committee_a_gets_404_on_committee_bs_unpublished_record(
    client, world, alice
):
    client.force_login(alice)
    assert client.get(_detail(world.records["b_new"])).status_code == 404
    assert client.get(_detail(world.records["a_new"])).status_code == 200


def test_a_documenter_of_committee_b_gets_404_on_committee_as_unpublished_record(
    client, world, bob
):
    client.force_login(bob)
    assert client.get(_detail(world.records["a_new"], "ar")).status_code == 404
    assert client.get(_detail(world.records["b_new"], "ar")).status_code == 200


@pytest.mark.parametrize(
    ("user", "status"),
    [("anon", 404), ("alice", 404), ("bob", 404), ("eddie", 404), ("victor", 200), ("cora", 200)],
)
def test_an_imported_unreviewed_record_is_seen_only_by_the_network_reviewers(
    client, world, user, status
):
    if user != "anon":
        client.force_login(world.users[user])
    assert client.get(_detail(world.records["imported"])).status_code == status


def test_anonymous_visitors_see_only_published_records_in_the_list(client, world):
    page = client.get(_list()).content.decode()
    assert world.records["b_published"].name_ar in page
    for key in ("a_new", "a_verified", "b_new", "imported"):
        assert world.records[key].name_ar not in page


@pytest.mark.parametrize(
    ("user", "record", "shown"),
    [
        ("alice", "a_new", True),
        ("bob", "b_published", True),
        ("victor", "a_new", True),
        ("cora", "b_new", True),
        ("eddie", "a_verified", False),
        ("alice", "b_published", False),
        ("anon", "b_published", False),
    ],
)
def test_protected_fields_appear_only_for_allowed_roles(
    client, world, witness, user, record, shown
):
    if user != "anon":
        client.force_login(world.users[user])
    response = client.get(_detail(world.records[record]))
    assert response.status_code == 200
    assert (witness in response.content.decode()) == shown


def test_a_contact_number_is_isolated_left_to_right_inside_the_arabic_page(client, world, alice):
    client.force_login(alice)
    with translation.override("ar"):
        response = client.get(_detail(world.records["a_new"]))
    assert '<bdi dir="ltr">+963 999 000 111</bdi>' in response.content.decode()


def test_the_record_list_makes_a_fixed_number_of_queries_however_many_records(
    client, world, alice, django_assert_num_queries
):
    from tansiq.documentation.models import Record

    client.force_login(alice)
    client.get(_list())  # warm up: the session and translations
    for n in range(30):
        Record.objects.create(dataset=world.datasets["a"], name_latin=f"Person {n}", act="detained")
    # session, user, alice's memberships, the count, the page of records (dataset, place
    # joined), the governorates of the filter
    with django_assert_num_queries(6):
        response = client.get(_list())
    assert response.status_code == 200
    assert "Person 29" in response.content.decode()


def test_the_anonymous_record_list_makes_three_queries(client, world, django_assert_num_queries):
    client.get(_list())
    # the count, the page of records, the governorates of the filter
    with django_assert_num_queries(3):
        client.get(_list())


def test_the_record_list_filters_by_act_governorate_status_and_name(client, world, victor):
    from tansiq.documentation.models import Record

    client.force_login(victor)
    everything = client.get(_list()).context["page"].paginator.count
    for query, expected in [
        ({"act": "detained"}, Record.objects.filter(act="detained")),
        ({"place": "SY04"}, Record.objects.filter(place__pcode="SY04")),
        ({"review_status": "verified"}, Record.objects.filter(review_status="verified")),
    ]:
        page = client.get(_list(), query).context["page"]
        assert {r.pk for r in page} == {r.pk for r in expected}, query
        assert page.paginator.count < everything, query
    one = Record.objects.exclude(name_ar="").first()
    page = client.get(_list(), {"q": one.name_ar.split()[0]}).context["page"]
    assert one.pk in {r.pk for r in page}
    assert client.get(_list(), {"q": one.uid}).context["page"].paginator.count == 1


def test_filters_never_widen_what_a_visitor_may_see(client, world):
    page = client.get(_list(), {"review_status": "submitted"}).context["page"]
    assert page.paginator.count == 0


@pytest.mark.parametrize(
    ("user", "links"),
    [
        ("anon", {"b_published_public"}),
        ("alice", {"b_published_public", "b_published_network"}),
        ("bob", {"b_published_public", "b_published_network", "b_published_committee"}),
    ],
)
def test_a_record_page_lists_only_the_evidence_the_user_may_see(client, world, user, links):
    if user != "anon":
        client.force_login(world.users[user])
    page = client.get(_detail(world.records["b_published"])).content.decode()
    assert {k for k in world.evidence if f"https://example.org/{k}<" in page} == links


def test_evidence_files_are_served_only_to_those_who_may_see_them(
    client, world, alice, bob, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from tansiq.documentation.actions import add_evidence

    settings.MEDIA_ROOT = tmp_path
    evidence = add_evidence(
        by=alice, record=world.records["a_new"], file=ContentFile(b"%PDF-1.4 ...", name="r.pdf")
    )
    with translation.override("en"):
        url = reverse("documentation:evidence_file", args=[evidence.pk])
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ..."
    assert response["Content-Type"] == "application/pdf"
