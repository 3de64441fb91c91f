"""Live notifications: one partner's action shows up on another partner's start page at once.

pytest-django's ``live_server`` speaks WSGI and cannot serve WebSockets, so this test serves the
real ASGI application (``config.asgi``) with daphne in a subprocess. The subprocess cannot see the
in-memory SQLite test database, so the world is made there first and then copied into a file
(SQLite's backup API) that daphne opens. From then on everything happens in the browsers and in
daphne, which publishes the notifications in its own channel layer; the test only reads the file.
"""

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from playwright.sync_api import Browser, Page, expect

from network.events.models import Notification
from network.models import User
from tests.conftest import World
from tests.e2e.pages import PASSWORD, assert_accessible

pytestmark = pytest.mark.e2e

BASE_DIR = Path(settings.BASE_DIR)
START_TIMEOUT = 30.0  # seconds for daphne to listen, on a busy machine
LIVE_TIMEOUT = 10_000  # milliseconds for a notification to reach an open page


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _copy_test_database(target: Path) -> None:
    """The test database, as it is now, into a file that another process can open."""
    if connection.vendor != "sqlite":
        pytest.skip("the daphne subprocess is pointed at a copy of an SQLite test database")
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def _set_passwords_daphne_accepts(world: World) -> None:
    """The tests hash with MD5 (fast), which the served settings do not accept: use PBKDF2.

    Few iterations keep signing in fast; Django upgrades the hash after the first sign-in.
    """
    hasher = PBKDF2PasswordHasher()
    for user in (world.police, world.civil, world.contact_person):
        encoded = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
        User.objects.filter(pk=user.pk).update(password=encoded)


@pytest.fixture
def daphne_url(world: World, directions: None, tmp_path: Path) -> Iterator[str]:
    """The ASGI application served by daphne on a copy of the test database."""
    _set_passwords_daphne_accepts(world)
    database = tmp_path / "live.sqlite3"
    _copy_test_database(database)
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "live-notifications-test-only-" + os.urandom(16).hex(),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)  # one process publishes and serves: its in-memory layer suffices
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log_path = tmp_path / "daphne.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
            + ["config.asgi:application"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.fail(f"daphne stopped:\n{log_path.read_text(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"daphne did not listen:\n{log_path.read_text(errors='replace')}")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        # Shown by pytest only when the test failed.
        print(f"daphne's log:\n{log_path.read_text(errors='replace')}")  # noqa: T201


PHONE = {"width": 390, "height": 844}


def _signed_in_tab(
    browser: Browser, base_url: str, username: str, viewport: dict[str, int] | None = None
) -> Page:
    context = browser.new_context(
        base_url=base_url,
        locale="sv-SE",
        **({"viewport": viewport, "is_mobile": True, "has_touch": True} if viewport else {}),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Välkommen")
    return page


def _on_start_page_listening(page: Page) -> None:
    """The start page, with its notifications socket opened, marked to detect any reload."""
    with page.expect_websocket(lambda ws: "/ws/notifications/" in ws.url):
        page.goto("/")
    page.evaluate("window.stillTheSamePage = true")


def _log_activity(page: Page, title: str, visibility: str, partners: list[str]) -> None:
    page.goto("/insatser/ny/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera en insats")
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Startdatum").fill("2026-03-02")
    for partner in partners:
        page.get_by_role("checkbox", name=partner, exact=True).check()
    page.get_by_role("radio", name=visibility, exact=True).check()
    page.get_by_role("button", name="Registrera insatsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("status")).to_contain_text("Insatsen registrerades")


def _notified_titles(database: Path, user: User) -> list[str]:
    """What daphne stored for the person, read from its database file."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            f"SELECT title FROM {Notification._meta.db_table} WHERE recipient_id = ? ORDER BY id",  # noqa: S608
            [user.pk],
        ).fetchall()
    return [title for (title,) in rows]


def test_partners_see_each_others_work_live_and_civil_society_nothing_of_authorities(
    browser: Browser, daphne_url: str, world: World, tmp_path: Path
) -> None:
    police = _signed_in_tab(browser, daphne_url, "polis")
    civil = _signed_in_tab(browser, daphne_url, "forening", PHONE)  # menu closed behind a button
    school = _signed_in_tab(browser, daphne_url, "skola")
    civil_list = civil.locator("#notification-list")
    school_list = school.locator("#notification-list")
    for page in (civil, school):
        _on_start_page_listening(page)
        expect(page.locator("#unread-summary")).to_have_text("0 olästa notiser")

    # Network-visible, with the association as partner: the association's member sees it live.
    _log_activity(police, "Trygghetsvandring i Dalhem", "Hela nätverket", ["Idrottsföreningen"])
    expect(civil_list.get_by_role("link", name="Trygghetsvandring i Dalhem")).to_be_visible(
        timeout=LIVE_TIMEOUT
    )
    expect(civil.locator("#unread-summary")).to_have_text("1 oläst notis")
    expect(civil_list.locator("li.empty")).to_have_count(0)
    assert_accessible(civil)
    # Loaded again, the page counts it: on "Start" in the menu and on the closed Menu button.
    _on_start_page_listening(civil)
    start_badge = civil.locator(".site-menu nav [data-unread-badge]")
    button_badge = civil.locator(".site-menu > summary .badge")
    expect(start_badge).to_have_text("1 olästa")
    expect(button_badge).to_be_visible()
    expect(button_badge).to_have_text("1 olästa")

    # For authorities only, with the association and the school as partners: the school's
    # contact person (an authority) sees it live; the association's member must not.
    _log_activity(
        police,
        "Lägesbild med skolan",
        "Myndigheter",
        ["Idrottsföreningen", "Skol- och fritidsförvaltningen"],
    )
    expect(school_list.get_by_role("link", name="Lägesbild med skolan")).to_be_visible(
        timeout=LIVE_TIMEOUT
    )
    expect(school.locator("#unread-summary")).to_have_text("1 oläst notis")
    # For the police's own organisation only, though the association is a partner.
    _log_activity(police, "Intern genomgång", "Den egna organisationen", ["Idrottsföreningen"])
    # A last network-visible one: the channel layer keeps each socket's messages in order, so
    # once it has arrived, anything published for the association before it would have, too.
    _log_activity(police, "Fotbollskväll i Drottninghög", "Hela nätverket", ["Idrottsföreningen"])
    expect(civil_list.get_by_role("link", name="Fotbollskväll i Drottninghög")).to_be_visible(
        timeout=LIVE_TIMEOUT
    )
    expect(civil.locator("#unread-summary")).to_have_text("2 olästa notiser")
    # Both badges follow the live count (notifications.js, mirrored by samverkan.js).
    expect(start_badge).to_have_text("2 olästa")
    expect(button_badge).to_have_text("2 olästa")
    civil.locator(".site-menu > summary").tap()
    expect(start_badge).to_be_visible()
    expect(button_badge).to_be_hidden()
    expect(civil_list.get_by_role("link")).to_have_text(
        ["Fotbollskväll i Drottninghög", "Trygghetsvandring i Dalhem"]
    )
    assert civil.evaluate("window.stillTheSamePage === true"), "the page was reloaded"
    assert school.evaluate("window.stillTheSamePage === true"), "the page was reloaded"
    assert_accessible(civil)

    # Nor was anything stored for the association's member to find later.
    database = tmp_path / "live.sqlite3"
    assert _notified_titles(database, world.civil) == [
        "Trygghetsvandring i Dalhem",
        "Fotbollskväll i Drottninghög",
    ]
    assert "Lägesbild med skolan" in _notified_titles(database, world.contact_person)
    assert "Intern genomgång" not in _notified_titles(database, world.contact_person)

    for page in (police, civil, school):
        page.context.close()
