"""The web skeleton: Arabic first (RTL) and English (LTR), a language switch, login and admin."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_root_redirects_to_arabic_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


@pytest.mark.parametrize(("prefix", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_home_page_is_served_in_both_languages_with_their_direction(client, prefix, direction):
    response = client.get(f"/{prefix}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{prefix}" dir="{direction}">' in html


def test_arabic_pages_are_translated(client):
    html = client.get("/ar/").content.decode()
    assert "تسجيل الدخول" in html  # "Log in"
    assert "Log in" not in html


@pytest.mark.parametrize("browser_language", ["ar", "en-US", "fr"])
@pytest.mark.parametrize(
    ("page", "language", "target"),
    [("/ar/login/", "en", "/en/login/"), ("/en/records/", "ar", "/ar/records/")],
)
def test_language_switch_goes_to_the_same_page_in_the_other_language(
    client, browser_language, page, language, target
):
    prefix = page[:4]
    response = client.post(
        f"{prefix}i18n/setlang/",
        {"language": language, "next": page},
        HTTP_ACCEPT_LANGUAGE=browser_language,
    )
    assert response.status_code == 302
    assert response["Location"] == target


def test_the_stylesheet_is_served(client):
    response = client.get("/static/tansiq/base.css")
    assert response.status_code == 200
    assert b"inline-start" in b"".join(response.streaming_content)


@pytest.mark.parametrize("prefix", ["en", "ar"])
def test_not_found_pages_are_translated_and_inside_the_layout(client, settings, prefix):
    settings.DEBUG = False
    response = client.get(f"/{prefix}/records/999999/")
    assert response.status_code == 404
    heading = re.search(r"<h1>(.*?)</h1>", response.content.decode()).group(1)
    if prefix == "en":
        assert heading == "Not found"
    else:
        assert re.fullmatch(r"[\u0600-\u06FF ]+", heading), heading
    assert 'class="site-header"' in response.content.decode()


def test_login_with_a_good_password_then_logout(client, django_user_model):
    django_user_model.objects.create_user("samira", password="a-long-demo-passphrase")
    response = client.post(
        "/en/login/", {"username": "samira", "password": "a-long-demo-passphrase"}, follow=True
    )
    assert response.status_code == 200
    assert "samira" in response.content.decode()
    response = client.post("/en/logout/", follow=True)
    assert "samira" not in response.content.decode()


def test_login_with_a_bad_password_says_so_and_logs_nobody_in(client, django_user_model):
    django_user_model.objects.create_user("samira", password="a-long-demo-passphrase")
    response = client.post("/en/login/", {"username": "samira", "password": "wrong"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("prefix", ["ar", "en"])
def test_admin_is_served_under_both_languages_for_staff(admin_client, prefix):
    response = admin_client.get(f"/{prefix}/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Django" not in html
    assert 'name="language"' in html


def test_admin_refuses_anonymous_visitors(client):
    response = client.get("/en/admin/")
    assert response.status_code == 302
    assert "/en/admin/login/" in response["Location"]


def test_layout_is_made_for_phones(client):
    html = client.get("/ar/").content.decode()
    assert re.search(r'<meta name="viewport" content="width=device-width', html)


def test_healthz_answers_without_a_language_prefix(client):
    assert client.get("/healthz").json() == {"status": "ok"}
