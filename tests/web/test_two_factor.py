"""Two-factor login: required for the network roles and superusers, optional for documenters.

Every login here goes through the real forms: the password, then the second step.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tansiq.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def _password(client: Client, name: str):
    return client.post("/en/login/", {"username": name, "password": f"{name}-password"})


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _set_up(client: Client, name: str) -> list[str]:
    """Password, then the set-up page with its first code; returns the recovery codes shown."""
    _password(client, name)
    page = client.get("/en/login/code/setup/").content.decode()
    device = TOTPDevice.objects.get(user__username=name, confirmed=False)
    assert re.sub(r"\s", "", page).count(_secret(device)) == 1  # the key, for typing by hand
    response = client.post("/en/login/code/setup/", {"code": _code(device)})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())


def _secret(device: TOTPDevice) -> str:
    from tansiq.committees.twofactor import secret_base32

    return secret_base32(device)


@pytest.mark.parametrize("name", ["victor", "eddie", "cora", "root"])
def test_a_network_role_cannot_reach_any_page_with_the_password_alone(world, name):
    client = Client()
    assert _password(client, name).status_code == 302
    for path in ("/en/records/", f"/en/records/{world.records['a_new'].pk}/", "/en/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/en/login/code/setup/"), path
    assert "Umm Khaled" not in client.get("/en/records/", follow=True).content.decode()


def test_a_verifier_sets_up_an_authenticator_and_gets_ten_recovery_codes(world):
    client = Client()
    codes = _set_up(client, "victor")
    assert len(codes) == 10 and len(set(codes)) == 10
    record = world.records["a_new"]
    page = client.get(f"/en/records/{record.pk}/")
    assert page.status_code == 200
    assert "Umm Khaled" in page.content.decode()  # a verifier sees the witness, once verified
    assert AuditEvent.objects.filter(
        action=AuditAction.SECOND_FACTOR_SET_UP, object_label="victor"
    ).exists()


def test_a_wrong_first_code_does_not_confirm_the_authenticator(world):
    client = Client()
    _password(client, "victor")
    client.get("/en/login/code/setup/")
    response = client.post("/en/login/code/setup/", {"code": "000000"})
    assert b"This code is not right" in response.content
    assert not TOTPDevice.objects.filter(user__username="victor", confirmed=True).exists()
    assert client.get("/en/records/").status_code == 302


def test_next_time_the_verifier_must_type_the_code_and_a_wrong_one_is_refused_and_audited(world):
    _set_up(Client(), "victor")
    device = TOTPDevice.objects.get(user__username="victor")
    device.last_t = -1  # the code of the set-up may be typed again in this test
    device.save()
    client = Client()
    _password(client, "victor")
    response = client.get("/en/records/")
    assert response["Location"].startswith("/en/login/code/?next=")
    wrong = client.post("/en/login/code/", {"code": "123456"})
    assert b"This code is not right" in wrong.content
    assert AuditEvent.objects.filter(
        action=AuditAction.SECOND_FACTOR_FAILED, object_label="victor"
    ).exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp slows down a guesser; not this test's point
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post("/en/login/code/?next=/en/records/", {"code": _code(device)})
    assert ok.status_code == 302 and ok["Location"] == "/en/records/"
    assert client.get("/en/records/").status_code == 200


def test_a_recovery_code_logs_in_once(world):
    codes = _set_up(Client(), "cora")
    first = Client()
    _password(first, "cora")
    assert first.post("/en/login/code/", {"code": codes[0]}).status_code == 302
    assert first.get("/en/records/").status_code == 200
    second = Client()
    _password(second, "cora")
    assert b"not right" in second.post("/en/login/code/", {"code": codes[0]}).content
    assert StaticToken.objects.filter(device__user__username="cora").count() == 9


def test_a_documenter_logs_in_with_the_password_alone_and_may_add_a_second_factor(world):
    client = Client()
    _password(client, "alice")
    assert client.get("/en/records/").status_code == 200
    page = client.get("/en/login/code/setup/")
    assert page.status_code == 200
    assert b"Your role opens records of every committee" not in page.content
    device = TOTPDevice.objects.get(user__username="alice", confirmed=False)
    client.post("/en/login/code/setup/", {"code": _code(device)})
    later = Client()
    _password(later, "alice")
    assert later.get("/en/records/")["Location"].startswith("/en/login/code/")


def test_a_documenter_made_verifier_is_asked_for_the_second_factor_at_once(world):
    from tansiq.committees.actions import add_member

    client = Client()
    _password(client, "alice")
    assert client.get("/en/records/").status_code == 200
    add_member(
        world.committees["network"], world.users["alice"], "verifier", by=world.users["cora"]
    )
    assert client.get("/en/records/")["Location"].startswith("/en/login/code/setup/")


def test_a_coordinator_resets_a_lost_authenticator_with_a_reason(world):
    from tansiq.committees.actions import reset_second_factor

    _set_up(Client(), "victor")
    with pytest.raises(ValueError):
        reset_second_factor(world.users["victor"], by=world.users["cora"], reason=" ")
    reset_second_factor(world.users["victor"], by=world.users["cora"], reason="phone seized")
    assert not TOTPDevice.objects.filter(user__username="victor").exists()
    event = AuditEvent.objects.get(action=AuditAction.SECOND_FACTOR_RESET)
    assert event.object_label == "victor" and event.reason == "phone seized"
    client = Client()
    _password(client, "victor")
    assert client.get("/en/records/")["Location"].startswith("/en/login/code/setup/")


def test_a_documenter_may_not_reset_anyones_second_factor(world):
    from django.core.exceptions import PermissionDenied

    from tansiq.committees.actions import reset_second_factor

    with pytest.raises(PermissionDenied):
        reset_second_factor(world.users["victor"], by=world.users["alice"], reason="no")


def test_a_right_code_typed_at_once_after_a_wrong_one_is_told_to_wait_not_that_it_is_wrong(world):
    client = Client()
    _password(client, "victor")
    client.get("/en/login/code/setup/")
    assert (
        b"This code is not right"
        in client.post("/en/login/code/setup/", {"code": "000000"}).content
    )
    device = TOTPDevice.objects.get(user__username="victor", confirmed=False)
    response = client.post("/en/login/code/setup/", {"code": _code(device)})  # within the pause
    assert b"wait a few seconds" in response.content
    assert b"This code is not right" not in response.content
