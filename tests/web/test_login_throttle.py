"""Login throttling: a guessed password stops working after five failures, and it is audited."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tansiq.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def _try(client, username: str, password: str, address: str = "10.0.0.7"):
    return client.post(
        "/en/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_sixth_wrong_password_in_a_row_is_refused_and_audited(client):
    get_user_model().objects.create_user("samira", password="a-long-demo-passphrase")
    statuses = [_try(client, "samira", f"guess-{n}").status_code for n in range(6)]
    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert statuses[5] == 429
    # once locked, even the right password is refused
    response = _try(client, "samira", "a-long-demo-passphrase")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert b"Too many attempts" in response.content
    assert AuditEvent.objects.filter(action=AuditAction.LOCKOUT, object_label="samira").exists()


def test_the_lock_holds_for_the_account_from_another_address(client):
    get_user_model().objects.create_user("samira", password="a-long-demo-passphrase")
    for n in range(6):
        _try(client, "samira", f"guess-{n}", address="10.0.0.7")
    assert _try(client, "samira", "a-long-demo-passphrase", address="10.9.9.9").status_code == 429


def test_a_right_password_after_a_few_mistakes_still_logs_in(client):
    get_user_model().objects.create_user("samira", password="a-long-demo-passphrase")
    for n in range(3):
        assert _try(client, "samira", f"guess-{n}").status_code == 200
    assert _try(client, "samira", "a-long-demo-passphrase").status_code == 302
