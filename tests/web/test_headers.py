"""Every page carries a strict Content-Security-Policy and a Permissions-Policy, and no page
breaks under them (a real browser reports no violation)."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}


def _pages(world) -> list[str]:
    record = world.records["a_new"]
    pages = [
        "/ar/",
        "/en/",
        "/en/login/",
        "/en/records/",
        f"/en/records/{record.pk}/",
        "/en/analysis/tasks/",
        "/en/login/code/setup/",
        "/en/admin/",
        "/en/no-such-page/",
        "/healthz",
    ]
    for model in admin.site._registry:
        meta = model._meta
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    pages.append(reverse("admin:documentation_record_change", args=[record.pk]))
    return pages


def _policy(header: str) -> dict[str, str]:
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in header.split(";"))
        if part
    }


@pytest.mark.parametrize("name", ["anon", "alice", "cora", "root"])
def test_every_page_carries_the_policies_for_every_role(client, world, name):
    if name != "anon":
        client.force_login(world.users[name])
    for path in _pages(world):
        response = client.get(path)
        assert "Content-Security-Policy" in response, path
        policy = _policy(response["Content-Security-Policy"])
        for directive, value in STRICT.items():
            assert policy.get(directive) == value, (path, directive)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "camera=()" in response["Permissions-Policy"], path
        assert "geolocation=()" in response["Permissions-Policy"], path


def test_no_template_holds_inline_script_or_style():
    """Inline code would be blocked by the policy: keep it in static files."""
    from pathlib import Path

    import tansiq

    root = Path(tansiq.__file__).parent
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\ssrc=)[^>]*>", text) or re.search(
            r"\sstyle=|<style|\son[a-z]+=", text
        ):
            offenders.append(str(template.relative_to(root)))
    assert offenders == []
