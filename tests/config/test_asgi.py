"""The ASGI application as daphne serves it: HTTP through Django, WebSockets through Channels.

WebSocket handshakes are tried as browsers and programs make them: a browser always sends
``Origin`` (and may bring the session cookie); a program sends no ``Origin`` and brings a token.
"""

import asyncio
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from django.db.backends.utils import CursorWrapper
from django.test import Client, override_settings

from api.consumers import UNAUTHENTICATED
from network.accounts.tokens import expiry_in, issue_token
from tests.conftest import World

# Served as in production: with a real key, which the entry point insists on when DEBUG is off.
with override_settings(SECRET_KEY_IS_LOCAL=False):
    from config.asgi import application

ROOT = Path(__file__).resolve().parents[2]
ALLOWED_ORIGIN = b"http://localhost:8000"
FOREIGN_ORIGIN = b"https://evil.example"


def test_the_asgi_application_routes_http_and_websockets() -> None:
    assert set(application.application_mapping) == {"http", "websocket"}


# Long enough for the consumer to close a socket it would not keep.
STAYS_OPEN_AFTER = 0.3


def handshake(
    headers: list[tuple[bytes, bytes]], path: str = "/ws/notifications/"
) -> tuple[str, int | None]:
    """("open", None) for a socket kept open, ("accepted", the code it is then closed with) or
    ("refused", the code of the refusal)."""

    async def talk() -> tuple[str, int | None]:
        communicator = WebsocketCommunicator(
            application, path, headers=[(b"host", b"localhost"), *headers]
        )
        try:
            connected, detail = await communicator.connect(timeout=5)
            if not connected:
                return "refused", detail
            if await communicator.receive_nothing(timeout=STAYS_OPEN_AFTER):
                await communicator.disconnect()
                return "open", None
            closed = await communicator.receive_output(timeout=5)
            assert closed["type"] == "websocket.close"
            await communicator.wait()
            return "accepted", closed.get("code")
        finally:
            # The database thread's connection, which would keep the test database in use.
            await database_sync_to_async(connections.close_all)()

    # A thread of its own: the browser tests' driver may hold an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, talk()).result(timeout=30)


def token_header(world: World, persona: str) -> tuple[bytes, bytes]:
    _token, key = issue_token(world.persona(persona), "tests", expiry_in())
    return b"authorization", f"Token {key}".encode()


def session_cookie(world: World, persona: str) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(world.persona(persona))
    return b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()


pytestmark = pytest.mark.django_db(transaction=True)


def test_a_program_with_a_valid_token_and_no_origin_is_let_in(world: World) -> None:
    assert handshake([token_header(world, "police")]) == ("open", None)


def test_a_program_with_a_wrong_token_and_no_origin_is_told_it_is_not_signed_in(
    world: World,
) -> None:
    assert handshake([(b"authorization", b"Token nosuchkey")]) == ("accepted", UNAUTHENTICATED)


@pytest.mark.parametrize(
    ("authorization", "expected"),
    [
        (b"Token " + b"x" * 41, ("accepted", UNAUTHENTICATED)),
        (b"Token \xc3\xa5\xc3\xa4", ("accepted", UNAUTHENTICATED)),
        (b"Token a\x00b", ("accepted", UNAUTHENTICATED)),
        (b"Token  ", ("refused", 1000)),  # no key at all: no token, and no Origin either
    ],
    ids=["too long", "not ascii", "NUL byte", "blank"],
)
def test_a_malformed_token_is_no_server_error(
    world: World, authorization: bytes, expected: tuple[str, int]
) -> None:
    assert handshake([(b"authorization", authorization)]) == expected


def test_an_inactive_persons_token_is_not_signed_in(world: World) -> None:
    header = token_header(world, "police")
    world.police.is_active = False
    world.police.save()

    assert handshake([header]) == ("accepted", UNAUTHENTICATED)


def test_a_handshake_without_origin_and_without_a_token_is_refused(world: World) -> None:
    assert handshake([session_cookie(world, "police")]) == ("refused", 1000)


def test_a_browser_from_an_allowed_host_with_its_session_is_let_in(world: World) -> None:
    headers = [(b"origin", ALLOWED_ORIGIN), session_cookie(world, "civil")]

    assert handshake(headers) == ("open", None)


def test_a_browser_from_an_allowed_host_without_a_session_is_told_it_is_not_signed_in(
    world: World,
) -> None:
    assert handshake([(b"origin", ALLOWED_ORIGIN)]) == ("accepted", UNAUTHENTICATED)


@pytest.mark.parametrize(
    "credentials", ["none", "session", "token"], ids=["no credentials", "session", "token"]
)
def test_a_handshake_from_a_foreign_origin_is_refused_whatever_it_carries(
    world: World, credentials: str
) -> None:
    headers = [(b"origin", FOREIGN_ORIGIN)]
    if credentials == "session":
        headers.append(session_cookie(world, "police"))
    if credentials == "token":
        headers.append(token_header(world, "police"))

    assert handshake(headers) == ("refused", 1000)


@pytest.mark.parametrize("origin", [b"", b"null", b"localhost", b"http://localhost.evil.example"])
def test_an_origin_that_is_present_but_not_an_allowed_host_is_refused_even_with_a_token(
    world: World, origin: bytes
) -> None:
    assert handshake([(b"origin", origin), token_header(world, "police")]) == ("refused", 1000)


def test_another_websocket_path_is_refused_not_a_server_error(world: World) -> None:
    headers = [(b"origin", ALLOWED_ORIGIN), token_header(world, "police")]

    assert handshake(headers, path="/ws/nothing-here/") == (
        "refused",
        1000,
    )


# daphne itself


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def daphne(tmp_path: Path) -> Iterator[int]:
    """daphne serving config.asgi:application on a port of its own; yields the port."""
    port = _free_port()
    environment = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-key-for-this-test-only-" + "k" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "config.asgi:application",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    message = server.stderr.read().decode() if server.stderr else ""
                    raise AssertionError(message) from None
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data; boundary=abc", b"--abc--\r\n"),
        ("multipart/form-data; boundary=abc", b"not multipart at all"),
        ("multipart/form-data", b"--abc--\r\n"),
    ],
    ids=["no parts", "no boundary in the body", "no boundary in the header"],
)
def test_daphne_hands_a_malformed_multipart_body_to_the_api_which_answers_in_json(
    daphne: int, content_type: str, body: bytes
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", daphne, timeout=10)
    connection.request(
        "POST",
        "/api/v1/activities/1/tag/",
        body=body,
        headers={"Content-Type": content_type, "Accept-Language": "en"},
    )
    response = connection.getresponse()

    assert response.status == 401
    assert response.getheader("Content-Type") == "application/json"
    assert response.read() == b'{"detail":"Authentication credentials were not provided."}'


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SQL run in any thread while the test runs (the consumer's run in a thread of its own)."""
    run: list[str] = []
    execute = CursorWrapper.execute

    def counted(self: CursorWrapper, sql: str, params: object = None) -> object:
        run.append(sql)
        return execute(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", counted)
    return run


@pytest.mark.parametrize(
    ("credentials", "expected"),
    # Signing in (the token with its user, and its first use, written at most once a minute;
    # or the session, the user, and whether a session without a second factor needs one), then
    # the groups the socket joins: the person afresh and their roles.
    [("token", 2 + 2), ("session", 3 + 2), ("none", 0)],
    ids=["token: the token with its user, its use", "session: the session, the user", "none"],
)
def test_a_handshake_costs_a_fixed_number_of_queries(
    world: World, queries: list[str], credentials: str, expected: int
) -> None:
    headers = [(b"origin", ALLOWED_ORIGIN)]
    if credentials == "token":
        headers.append(token_header(world, "police"))
    if credentials == "session":
        headers.append(session_cookie(world, "police"))
    queries.clear()

    handshake(headers)

    assert len(queries) == expected, queries
