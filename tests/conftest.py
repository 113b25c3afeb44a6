"""The named cast every permission test uses (healthchecks' Alice/Bob, Zulip's hamlet/cordelia).

Committee A (Homs) and committee B (Aleppo) document; the network office carries the network
roles. `world` holds them, their datasets, records, events and evidence:

| user | role |
|---|---|
| alice | documenter of committee A |
| bob | documenter of committee B |
| victor | verifier (network) |
| eddie | editor (network) |
| cora | coordinator (network) |
| root | superuser, no membership |
| anon | anonymous visitor |

Records (key: dataset, review status, published): `a_new` (A, submitted), `a_verified`
(A, verified), `b_new` (B, submitted), `b_published` (B, verified, published), `imported`
(imported list, submitted). Events: `a_draft` (A, draft), `b_submitted`, `b_verified`,
`b_published` (B). Models are imported inside the fixtures so that engine tests, which share
this file, never need the database.

The cast is inserted in bulk, which bypasses the audit signals (a dozen queries instead of a
hundred and thirty), except the five records: they are saved one by one, so every test starts
with an audit log of five `create` events (seq 1-5), one per record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

USER_NAMES = ("alice", "bob", "victor", "eddie", "cora", "root", "anon")
WITNESS = "Umm Khaled, the neighbour"  # a protected value the tests look for in clear


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    committees: dict[str, Any] = field(default_factory=dict)
    datasets: dict[str, Any] = field(default_factory=dict)
    records: dict[str, Any] = field(default_factory=dict)
    events: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)


def _users(world: World) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from tansiq.committees.models import Membership

    user_model = get_user_model()
    roles = {
        "alice": ("a", "documenter"),
        "bob": ("b", "documenter"),
        "victor": ("network", "verifier"),
        "eddie": ("network", "editor"),
        "cora": ("network", "coordinator"),
    }
    for name in USER_NAMES[:-1]:
        user = user_model(username=name, is_staff=True, is_superuser=name == "root")
        user.set_password(f"{name}-password")
        world.users[name] = user
    user_model.objects.bulk_create(world.users.values())
    Membership.objects.bulk_create(
        Membership(user=world.users[name], committee=world.committees[committee], role=role)
        for name, (committee, role) in roles.items()
    )
    world.users["anon"] = AnonymousUser()


def _committees(world: World) -> None:
    from tansiq.committees.models import Committee, Place
    from tansiq.documentation.models import Dataset

    places = {p.pcode: p for p in Place.objects.all()}
    specs = {
        "a": ("تنسيقية حمص", "Homs committee", "homs", "SY04"),
        "b": ("تنسيقية حلب", "Aleppo committee", "aleppo", "SY02"),
        "network": ("مكتب الشبكة", "Network office", "network", "SY"),
    }
    for key, (name_ar, name_en, slug, pcode) in specs.items():
        world.committees[key] = Committee(
            name_ar=name_ar, name_en=name_en, slug=slug, place=places[pcode]
        )
    Committee.objects.bulk_create(world.committees.values())
    for key in ("a", "b"):
        committee = world.committees[key]
        world.datasets[key] = Dataset(
            name=f"{committee.name_en} records",
            slug=f"{committee.slug}-records",
            committee=committee,
        )
    world.datasets["imported"] = Dataset(
        name="Imported list", slug="imported-list", kind=Dataset.Kind.IMPORTED
    )
    Dataset.objects.bulk_create(world.datasets.values())


def _records(world: World) -> None:
    from tansiq.committees.models import Place
    from tansiq.documentation.models import Record

    homs, aleppo = Place.objects.get(pcode="SY04"), Place.objects.get(pcode="SY02")
    specs = {
        "a_new": ("a", "submitted", False, "محمد أحمد الحسن", homs),
        "a_verified": ("a", "verified", False, "خالد محمود العلي", homs),
        "b_new": ("b", "submitted", False, "عمر يوسف الحلبي", aleppo),
        "b_published": ("b", "verified", True, "أحمد سعيد النجار", aleppo),
        "imported": ("imported", "submitted", False, "سامر علي", aleppo),
    }
    for key, (dataset, status, published, name, place) in specs.items():
        record = Record(
            uid=f"T-{key}",
            dataset=world.datasets[dataset],
            name_ar=name,
            act="killed",
            place=place,
            review_status=status,
            published=published,
            witness_name=f"{WITNESS} ({key})",
            witness_contact="+963 999 000 111",
        )
        record.set_date("2012-08-25", "day")
        record.save()
        world.records[key] = record


def _events_and_evidence(world: World) -> None:
    from tansiq.documentation.models import Event, Evidence

    specs = {
        "a_draft": ("a", "draft"),
        "b_submitted": ("b", "submitted"),
        "b_verified": ("b", "verified"),
        "b_published": ("b", "published"),
    }
    for key, (committee, status) in specs.items():
        world.events[key] = Event(
            event_type="shelling", committee=world.committees[committee], status=status
        )
    Event.objects.bulk_create(world.events.values())
    records = world.records
    specs_evidence = {
        "a_committee": (records["a_new"], "committee"),
        "b_new_committee": (records["b_new"], "committee"),
        "b_published_public": (records["b_published"], "public"),
        "b_published_network": (records["b_published"], "network"),
        "b_published_committee": (records["b_published"], "committee"),
    }
    for key, (record, visibility) in specs_evidence.items():
        world.evidence[key] = Evidence(
            record=record, url=f"https://example.org/{key}", visibility=visibility
        )
    world.evidence["event_public"] = Evidence(
        event=world.events["b_published"], url="https://example.org/event", visibility="public"
    )
    Evidence.objects.bulk_create(world.evidence.values())


@pytest.fixture
def gazetteer(db: Any) -> None:
    """The gazetteer rows its data migration loads. A transactional test (live server, task
    worker) flushes the tables when it ends, so reload them when a later test finds none."""
    import importlib

    from django.apps import apps

    from tansiq.committees.models import Place

    if not Place.objects.exists():
        migration = importlib.import_module("tansiq.committees.migrations.0002_gazetteer")
        migration.load_gazetteer(apps, None)


@pytest.fixture
def world(db: Any, settings: Any, gazetteer: None) -> World:
    """Committees A and B and the network office, the named users, datasets, records, events
    and evidence described in this module's docstring."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    result = World()
    _committees(result)
    _users(result)
    _records(result)
    _events_and_evidence(result)
    return result


@pytest.fixture
def witness() -> str:
    """The start of every record's protected `witness_name` in `world`."""
    return WITNESS


@pytest.fixture
def users(world: World) -> dict[str, Any]:
    return world.users


@pytest.fixture
def alice(world: World) -> Any:
    return world.users["alice"]


@pytest.fixture
def bob(world: World) -> Any:
    return world.users["bob"]


@pytest.fixture
def victor(world: World) -> Any:
    return world.users["victor"]


@pytest.fixture
def eddie(world: World) -> Any:
    return world.users["eddie"]


@pytest.fixture
def cora(world: World) -> Any:
    return world.users["cora"]


@pytest.fixture
def root(world: World) -> Any:
    return world.users["root"]


@pytest.fixture
def anon(world: World) -> Any:
    return world.users["anon"]


def _member_client_class() -> type:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tansiq.committees.twofactor import requires_second_factor

    class MemberClient(Client):
        """`force_login` as a member who has also passed the second factor, when the role
        requires one (the login itself, both steps, is tested in tests/web/test_two_factor.py)."""

        def force_login(self, user: Any, backend: str | None = None) -> None:
            super().force_login(user, backend)
            if requires_second_factor(user):
                device, _ = TOTPDevice.objects.get_or_create(
                    user=user, name="test authenticator", defaults={"confirmed": True}
                )
                session = self.session
                session[DEVICE_ID_SESSION_KEY] = device.persistent_id
                session.save()

    return MemberClient


@pytest.fixture
def client() -> Any:
    """pytest-django's `client`, logging members in with both factors (see `MemberClient`)."""
    return _member_client_class()()


@pytest.fixture
def admin_client(db: Any, admin_user: Any) -> Any:
    """pytest-django's `admin_client` (a superuser), with both factors passed."""
    client = _member_client_class()()
    client.force_login(admin_user)
    return client


@pytest.fixture
def log_in() -> Any:
    """`log_in(client, username, password)`: both steps of the login through the forms."""
    return _log_in


def _log_in(client: Any, username: str, password: str, prefix: str = "en") -> Any:
    """Log in through the login form, both steps when the account needs a second factor:
    set up an authenticator if it has none (the code computed from the key the page shows),
    else type its current code. Returns the last response."""
    import re

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    response = client.post(f"/{prefix}/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:300]
    response = client.get(response["Location"])
    if response.status_code == 302 and "/login/code/" in response["Location"]:
        response = client.get(response["Location"])
    page = response.content.decode()
    if 'name="code"' not in page:
        return response
    device = TOTPDevice.objects.filter(user__username=username).order_by("-confirmed").first()
    assert device is not None
    if not device.confirmed:  # the set-up page shows the key the code is computed from
        assert re.search(r"[A-Z2-7]{16,}", page)
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    return client.post(response.wsgi_request.get_full_path(), {"code": code})
