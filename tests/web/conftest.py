"""Fixtures for the web tests: a real Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("TANSIQ_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium for the session; `make test` installs Debian's chromium."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls
    # happen in the server's own thread, and the test's own ORM calls are synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page (phone-sized) whose base URL is the live test server."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="ar"
    )
    page = context.new_page()
    yield page
    context.close()
