"""In a real browser, under the Content-Security-Policy, no page reports a violation: a
superuser logs in with both factors and walks the site and the admin in both languages."""

from __future__ import annotations

import re

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _collect_violations(page) -> list[str]:
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return seen


def _log_in_with_both_factors(page, name: str) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto("/en/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", f"{name}-password")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/login/code/setup/**")
    assert page.locator("img.qr").evaluate("img => img.naturalWidth") > 0  # the QR code shows
    secret = page.locator("code.hash").inner_text()
    device = TOTPDevice.objects.get(user__username=name, confirmed=False)
    assert re.fullmatch(r"[A-Z2-7]+", secret)
    page.fill("#id_code", f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}")
    page.locator("main button[type=submit]").click()
    assert page.locator("ul.codes li").count() == 10
    page.locator("main a.button").click()


def test_no_page_breaks_under_the_content_security_policy(page, world, gazetteer):
    violations = _collect_violations(page)
    _log_in_with_both_factors(page, "root")
    record = world.records["a_new"]
    paths = [
        "/",
        "/records/",
        f"/records/{record.pk}/",
        "/analysis/tasks/",
        "/admin/",
        "/admin/documentation/record/",
        f"/admin/documentation/record/{record.pk}/change/",
        "/admin/documentation/event/add/",
        "/admin/committees/committee/",
    ]
    for prefix in ("ar", "en"):
        for path in paths:
            response = page.goto(f"/{prefix}{path}")
            assert response is not None and response.ok, path
            assert "script-src 'self'" in response.headers["content-security-policy"], path
    page.goto("/en/analysis/tasks/")
    page.locator("main button[type=submit]").first.click()  # start an audit check
    page.wait_for_url("**/analysis/tasks/*/")
    page.wait_for_timeout(1500)  # the progress script polls once a second
    assert violations == []


def test_a_violation_would_be_seen(page, live_server):
    """The check above can fail: an inline script on a page under the policy is reported."""
    violations = _collect_violations(page)
    page.goto("/en/login/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = '1'; "
        "document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert violations, "Chromium did not report the blocked inline script"
