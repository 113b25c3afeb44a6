"""The demo loads a small synthetic world through the actions layer, once."""

from __future__ import annotations

import pytest

from tansiq.web.demo import DEMO_PASSWORD, DEMO_USERS, load_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_committees_users_events_and_records_with_an_intact_audit_log(client, log_in):
    from tansiq.audit.chain import verify_chain
    from tansiq.committees.access import roles_of
    from tansiq.committees.models import Committee
    from tansiq.documentation.models import Event, Record

    logins = load_demo(persons=60, seed=3)

    assert [name for name, _ in logins] == [name for name, _, _, _ in DEMO_USERS]
    assert Committee.objects.count() == 3
    assert Event.objects.exists()
    records = Record.objects.all()
    assert records.count() > 30
    assert records.filter(name_ar__regex=r"[\u0600-\u06FF]").exists()
    assert records.filter(published=True).exists()
    assert verify_chain().ok
    log_in(client, "alice", DEMO_PASSWORD)
    from django.contrib.auth import get_user_model

    alice = get_user_model().objects.get(username="alice")
    assert roles_of(alice).documenter_of
    assert roles_of(get_user_model().objects.get(username="cora")).coordinator


def test_loading_the_demo_twice_changes_nothing():
    from tansiq.documentation.models import Record

    load_demo(persons=40, seed=4)
    count = Record.objects.count()
    load_demo(persons=40, seed=4)
    assert Record.objects.count() == count


def test_demo_records_carry_protected_details_for_the_roles_allowed_to_see_them(client, log_in):
    from tansiq.documentation.models import Record

    load_demo(persons=40, seed=5)
    # protected fields are encrypted, so the database cannot filter on them
    record = next(r for r in Record.objects.filter(published=False) if r.witness_name)
    log_in(client, "victor", DEMO_PASSWORD)
    assert record.witness_name in client.get(f"/en/records/{record.pk}/").content.decode()
    log_in(client, "eddie", DEMO_PASSWORD)
    page = client.get(f"/en/records/{record.pk}/")
    assert record.witness_name not in page.content.decode()
