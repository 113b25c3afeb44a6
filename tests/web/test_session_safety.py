"""A phone may be seized: sessions end with the browser and when idle, 'leave now' wipes what
the browser holds, and role changes ask for the password again."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from tansiq.committees import twofactor

pytestmark = pytest.mark.django_db


def _password(client: Client, name: str):
    return client.post("/en/login/", {"username": name, "password": f"{name}-password"})


def test_the_session_cookie_ends_with_the_browser(world):
    client = Client()
    response = _password(client, "alice")
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # no date: gone when closed
    assert cookie["httponly"]


def test_an_idle_documenter_session_ends_after_two_hours(world, settings):
    client = Client()
    _password(client, "alice")
    assert client.get("/en/records/").status_code == 200
    session = client.session
    session[twofactor.LAST_SEEN] = int(time.time()) - settings.TANSIQ_DOCUMENTER_SESSION_SECONDS - 5
    session.save()
    response = client.get("/en/records/")
    assert response.status_code == 302 and response["Location"] == "/en/login/"
    assert "_auth_user_id" not in client.session


def test_a_verifier_session_lasts_the_working_day(world, settings, client, victor):
    client.force_login(victor)
    session = client.session
    session[twofactor.LAST_SEEN] = int(time.time()) - settings.TANSIQ_DOCUMENTER_SESSION_SECONDS - 5
    session.save()
    assert client.get("/en/records/").status_code == 200
    session = client.session
    session[twofactor.LAST_SEEN] = int(time.time()) - settings.SESSION_COOKIE_AGE - 5
    session.save()
    assert client.get("/en/records/").status_code == 302


def test_leave_now_ends_the_session_and_clears_the_browser_even_with_a_stale_page(world):
    client = Client(enforce_csrf_checks=True)
    login = client.get("/en/login/")
    token = login.context["csrf_token"]
    client.post(
        "/en/login/",
        {"username": "alice", "password": "alice-password", "csrfmiddlewaretoken": str(token)},
    )
    page = client.get("/en/records/").content.decode()
    assert 'action="/en/leave/"' in page and "Leave now" in page
    response = client.post("/en/leave/")  # no CSRF token: a page left open for hours
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "_auth_user_id" not in client.session
    assert "Leave now" not in client.get("/en/").content.decode()


def test_changing_a_role_asks_for_the_password_again_when_it_is_old(world, client, cora):
    client.force_login(cora)
    session = client.session
    session[twofactor.AUTH_AT] = int(time.time()) - 3600
    session.save()
    membership = world.users["alice"].memberships.first()
    path = f"/en/admin/committees/membership/{membership.pk}/change/"
    for old_enough in (path, "/en/admin/committees/committee/add/"):
        response = client.get(old_enough)
        assert response.status_code == 302, old_enough
        assert response["Location"].startswith("/en/login/confirm/?next="), old_enough
    wrong = client.post(f"/en/login/confirm/?next={path}", {"password": "nope"})
    assert b"This password is not right" in wrong.content
    right = client.post(f"/en/login/confirm/?next={path}", {"password": "cora-password"})
    assert right.status_code == 302 and right["Location"] == path
    assert client.get(path).status_code == 200


def test_the_confirm_page_sends_nobody_to_another_site(world, client, cora):
    client.force_login(cora)
    response = client.post(
        "/en/login/confirm/?next=https://evil.example/", {"password": "cora-password"}
    )
    assert response["Location"] == "/en/"


def test_changing_an_account_asks_a_superuser_for_the_password_again(world, client, root):
    client.force_login(root)
    session = client.session
    session[twofactor.AUTH_AT] = int(time.time()) - 3600
    session.save()
    response = client.get(f"/en/admin/auth/user/{world.users['alice'].pk}/change/")
    assert response["Location"].startswith("/en/login/confirm/?next=")
