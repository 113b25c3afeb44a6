"""A new user in a real browser: Arabic first, switch to English, log in, on a phone."""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_visitor_reads_arabic_right_to_left_and_switches_to_english(page):
    page.goto("/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # the site's stylesheet is applied
    assert page.locator(".site-header").evaluate("e => getComputedStyle(e).display") == "flex"
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("link", name="Log in", exact=True).is_visible()


def test_a_member_logs_in_on_a_phone_without_horizontal_scrolling(page, django_user_model):
    django_user_model.objects.create_user("samira", password="a-long-demo-passphrase")
    page.goto("/ar/login/")
    page.fill("#id_username", "samira")
    page.fill("#id_password", "a-long-demo-passphrase")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/ar/")
    assert page.locator(".who").inner_text() == "samira"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_the_records_list_fits_a_phone_in_both_languages(page, gazetteer, world):
    for prefix in ("ar", "en"):
        page.goto(f"/{prefix}/records/")
        assert page.locator("table.records tbody tr").count() >= 1
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, prefix


def test_a_record_page_with_a_file_and_its_sha256_fits_a_phone(
    page, gazetteer, world, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from tansiq.documentation.actions import add_evidence

    settings.MEDIA_ROOT = tmp_path
    record = world.records["b_published"]
    add_evidence(
        by=world.users["victor"],
        record=record,
        file=ContentFile(b"photo bytes", name="photo.jpg"),
        visibility="public",
    )
    for prefix in ("ar", "en"):
        page.goto(f"/{prefix}/records/{record.pk}/")
        assert page.locator(".evidence .hash").count() == 1
        page.screenshot(path=tmp_path / f"record-with-file-{prefix}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, prefix
