"""A documenter records an event on a phone, in Arabic, in a real browser."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_documenter_records_an_event_with_two_victims_and_a_photo_on_a_phone(
    page, world, settings, tmp_path
):
    from tansiq.documentation.models import Event

    settings.MEDIA_ROOT = tmp_path / "media"
    page.goto("/ar/login/?next=/ar/intake/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "alice-password")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/ar/intake/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".committee").inner_text() == world.committees["a"].name_ar

    page.select_option("#id_event_type", "shelling")
    page.fill("#id_date", "2024-03")
    page.select_option("#id_place", label="حمص")
    page.fill("#id_place_text", "حي الوعر")
    page.fill("#id_description_ar", "قصف مدفعي على الحي صباحًا")
    page.fill("#id_victims-0-name_ar", "سامي خالد العمر")
    page.select_option("#id_victims-0-sex", "M")
    page.fill("#id_victims-0-age", "٣٤")
    page.select_option("#id_victims-0-act", "killed")
    page.select_option("#id_victims-0-cause", "shelling")
    photo = _photo()
    page.set_input_files(
        "#id_evidence_files",
        files=[{"name": "صورة.jpg", "mimeType": "image/jpeg", "buffer": photo}],
    )
    # no JavaScript needed: the button sends the form and it comes back with one more victim
    page.get_by_role("button", name="أضف ضحية أخرى").click()
    page.wait_for_selector("#id_victims-1-name_ar")
    page.wait_for_load_state("load")
    # ... and shows the new victim, not the top of the page
    assert page.evaluate(
        "(() => { const r = document.querySelector('#victim-1').getBoundingClientRect();"
        " return r.top > -5 && r.top < window.innerHeight; })()"
    )
    assert page.input_value("#id_victims-0-name_ar") == "سامي خالد العمر"
    assert page.input_value("#id_date") == "2024-03"
    assert hashlib.sha256(photo).hexdigest() in page.locator(".kept-files").inner_text()
    page.fill("#id_victims-1-name_ar", "رنا خالد العمر")
    page.select_option("#id_victims-1-sex", "F")
    page.select_option("#id_victims-1-age_group", "child")
    page.select_option("#id_victims-1-act", "injured")
    page.screenshot(path=tmp_path / "intake-form-ar.png", full_page=True)
    assert _no_sideways_scroll(page)

    page.get_by_role("button", name="حفظ", exact=True).click()
    page.wait_for_url("**/ar/intake/saved/*/")
    page.screenshot(path=tmp_path / "intake-saved-ar.png", full_page=True)
    assert _no_sideways_scroll(page)
    text = page.locator("main").inner_text()
    for expected in ("سامي خالد العمر", "رنا خالد العمر", "2024-03", "ضحيتان"):
        assert expected in text
    assert hashlib.sha256(photo).hexdigest() in text

    # the same form in English fits the phone too
    page.goto("/en/intake/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.screenshot(path=tmp_path / "intake-form-en.png", full_page=True)
    assert _no_sideways_scroll(page)

    event = Event.objects.get(created_by=world.users["alice"])
    assert (event.date_text, event.date_precision, event.place_text) == (
        "2024-03",
        "month",
        "حي الوعر",
    )
    assert sorted(event.records.values_list("age", flat=True), key=str) == [34, None]
    assert event.evidence.get().sha256 == hashlib.sha256(photo).hexdigest()


def test_a_bad_date_on_a_phone_is_marked_next_to_the_field_and_nothing_typed_is_lost(
    page, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page.goto("/ar/login/?next=/ar/intake/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "alice-password")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/ar/intake/")
    page.select_option("#id_event_type", "raid")
    page.fill("#id_date", "آذار ٢٠٢٤")
    page.fill("#id_victims-0-name_ar", "سامي خالد العمر")
    page.select_option("#id_victims-0-act", "detained")
    page.get_by_role("button", name="حفظ", exact=True).click()
    page.wait_for_selector("#id_date_error")
    assert "لم نستطع قراءة" in page.locator("#id_date_error").inner_text()
    assert page.input_value("#id_date") == "آذار ٢٠٢٤"
    assert page.input_value("#id_victims-0-name_ar") == "سامي خالد العمر"
    page.screenshot(path=tmp_path / "intake-error-ar.png", full_page=True)
    assert _no_sideways_scroll(page)
