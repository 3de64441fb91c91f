"""A real Chromium (Debian's) driven by Playwright against pytest-django's live server.

Every page a test visits is checked with axe-core for WCAG 2.1 A and AA violations.
"""

import importlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from network.models import StrategicDirection

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# (fixtures, assertions on the database) are still made synchronously, one at a time.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("install Debian's chromium: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def directions(transactional_db: None) -> None:
    """The four directions come from a data migration, which a transactional test flushes."""
    migration = importlib.import_module("network.migrations.0002_strategic_directions")
    for position, (code, name_sv, name_en) in enumerate(migration.DIRECTIONS, start=1):
        StrategicDirection.objects.update_or_create(
            code=code, defaults={"name_sv": name_sv, "name_en": name_en, "position": position}
        )


@pytest.fixture
def tab(browser: Browser, live_server: object, directions: None) -> Iterator[Page]:
    """A fresh browser tab (own cookies) on the live server."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
