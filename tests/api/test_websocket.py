"""Live notifications at ``/ws/notifications/``, through the ASGI application as daphne serves it.

Every scenario runs in an event loop of its own thread (as in ``tests/config/test_asgi.py``); the
personas write through the services, in a database thread, so that each event is stored and handed
to the channel layer on commit, exactly as a request would. With ``REDIS_URL`` set, the channel
layer is Redis, under a prefix of this test's own.
"""

import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.db import connections
from django.db.backends.utils import CursorWrapper
from django.test import Client, override_settings
from rest_framework.authtoken.models import Token

import api.consumers
from api.consumers import BAD_AFTER, BAD_REQUEST, UNAUTHENTICATED
from network.activities.services import activity_create, activity_update, update_post
from network.events.models import Notification
from network.events.publish import message, user_group
from network.events.types import EventName, Message
from network.models import Activity, User, Visibility
from tests.conftest import World

with override_settings(SECRET_KEY_IS_LOCAL=False):
    from config.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)

ALLOWED_ORIGIN = b"http://localhost:8000"
EVENTS = set(EventName.__args__)  # type: ignore[attr-defined]
# Long enough for a message to cross the channel layer (Redis included) if one were coming.
QUIET = 0.5

Headers = list[tuple[bytes, bytes]]


@pytest.fixture(autouse=True)
def _channel_layer_of_this_test(settings: Any) -> None:
    """The configured channel layer, with a Redis prefix of its own; the sign-in check is slow
    unless a test makes it fast, so that it runs no query the test does not expect."""
    layer = dict(django_settings.CHANNEL_LAYERS["default"])
    if "redis" in layer["BACKEND"].lower():
        layer["CONFIG"] = {**layer.get("CONFIG", {}), "prefix": f"test-{uuid.uuid4().hex}"}
    settings.CHANNEL_LAYERS = {"default": layer}
    settings.NOTIFICATIONS_SIGN_IN_CHECK_SECONDS = 60


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    """Run the scenario in an event loop of its own thread; empty the channel layer after it."""

    async def main() -> None:
        try:
            await scenario()
        finally:
            await get_channel_layer().flush()
            # The database thread's connection, which would keep the test database in use.
            await database_sync_to_async(connections.close_all)()

    # A thread of its own: the browser tests' driver may hold an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, main()).result(timeout=60)


def token_headers(user: User) -> Headers:
    token, _created = Token.objects.get_or_create(user=user)
    return [(b"authorization", f"Token {token.key}".encode())]


def signed_in_browser(user: User) -> tuple[Client, Headers]:
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    return client, [(b"origin", ALLOWED_ORIGIN), (b"cookie", cookie)]


async def connect(headers: Headers, query: str = "") -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(
        application, f"/ws/notifications/{query}", headers=[(b"host", b"localhost"), *headers]
    )
    connected, _subprotocol = await communicator.connect(timeout=5)
    assert connected
    return communicator


async def closed_with(communicator: WebsocketCommunicator, timeout: float = 5) -> dict:
    output = await communicator.receive_output(timeout=timeout)
    assert output["type"] == "websocket.close"
    await communicator.disconnect()
    return output


def assert_contract(item: dict) -> None:
    """Exactly the contract's shape: these keys, these types, nothing more."""
    assert set(item) == {"id", "event", "created_at", "object", "title", "url"}
    assert type(item["id"]) is int
    assert item["event"] in EVENTS
    assert datetime.fromisoformat(item["created_at"]).tzinfo is not None
    assert set(item["object"]) == {"type", "id"}
    assert type(item["object"]["type"]) is str
    assert type(item["object"]["id"]) is int
    assert type(item["title"]) is str
    assert type(item["url"]) is str


async def receive(communicator: WebsocketCommunicator) -> dict:
    item = json.loads(await communicator.receive_from(timeout=5))
    assert_contract(item)
    return item


def _log(world: World, title: str, visibility: str = Visibility.NETWORK) -> Activity:
    """Police log an activity with the association as partner: its members are concerned."""
    return activity_create(
        author=world.police,
        network=world.net,
        title=title,
        starts_on=date(2026, 3, 1),
        partners=[world.association],
        visibility=visibility,
    )


log_activity = database_sync_to_async(_log)


@database_sync_to_async
def notifications_of(user: User) -> list[Message]:
    """What the person was stored, oldest first, as the socket sends it (through JSON)."""
    rows = Notification.objects.filter(recipient=user).order_by("pk")
    return [json.loads(json.dumps(message(row))) for row in rows]


async def send_live(user: User, item: Message) -> None:
    await get_channel_layer().group_send(
        user_group(user.pk), {"type": "notification.created", "message": item}
    )


# Who is let in


def test_without_credentials_the_socket_is_closed_as_not_signed_in(world: World) -> None:
    async def scenario() -> None:
        communicator = await connect([(b"origin", ALLOWED_ORIGIN)])
        assert (await closed_with(communicator))["code"] == UNAUTHENTICATED

    run(scenario)


def test_a_browser_with_its_session_stays_connected_and_answers_ping(world: World) -> None:
    _client, headers = signed_in_browser(world.civil)

    async def scenario() -> None:
        communicator = await connect(headers)
        assert await communicator.receive_nothing(timeout=QUIET)
        await communicator.send_to(text_data="ping")
        assert await communicator.receive_from(timeout=5) == "pong"
        await communicator.disconnect()

    run(scenario)


def test_a_program_with_a_token_stays_connected_and_answers_ping(world: World) -> None:
    headers = token_headers(world.civil)

    async def scenario() -> None:
        communicator = await connect(headers)
        await communicator.send_to(text_data="ping")
        assert await communicator.receive_from(timeout=5) == "pong"
        await communicator.disconnect()

    run(scenario)


@pytest.mark.parametrize(
    "query",
    ["?after=", "?after=abc", "?after=-1", "?after=+1", "?after=1_0", "?after=%EF%BC%91", "?after"]
    + ["?after=1&after=2", f"?after={2**63}", "?after=" + "9" * 30],
    ids=[
        "empty",
        "letters",
        "negative",
        "plus",
        "underscore",
        "fullwidth digit",
        "no value",
        "twice",
        "beyond a primary key",
        "thirty digits",
    ],
)
def test_an_after_that_is_not_an_id_closes_the_socket_as_a_bad_request(
    world: World, query: str
) -> None:
    headers = token_headers(world.civil)

    async def scenario() -> None:
        communicator = await connect(headers, query)
        closed = await closed_with(communicator)
        assert (closed["code"], closed["reason"]) == (BAD_REQUEST, BAD_AFTER)

    run(scenario)


# What arrives live


def test_a_civil_member_receives_a_network_activity_of_a_partner_live(world: World) -> None:
    _client, headers = signed_in_browser(world.civil)

    async def scenario() -> None:
        communicator = await connect(headers)
        activity = await log_activity(world, "Nattvandring vid stationen")

        item = await receive(communicator)

        assert item == (await notifications_of(world.civil))[-1]
        assert (item["event"], item["object"], item["title"]) == (
            "activity.created",
            {"type": "activity", "id": activity.pk},
            "Nattvandring vid stationen",
        )
        assert item["url"].endswith(f"/{activity.pk}/")
        assert await communicator.receive_nothing(timeout=QUIET)
        await communicator.disconnect()

    run(scenario)


def test_a_civil_member_receives_nothing_of_an_authorities_activity(world: World) -> None:
    headers = token_headers(world.civil)

    async def scenario() -> None:
        communicator = await connect(headers)
        await log_activity(world, "Lägesbild för myndigheter", Visibility.AUTHORITIES)

        assert await communicator.receive_nothing(timeout=QUIET)
        await communicator.disconnect()

    run(scenario)


def test_a_live_message_about_an_object_the_person_may_not_see_is_not_sent(world: World) -> None:
    """The socket checks on its own: a message that reached the group by mistake stays there."""
    headers = token_headers(world.civil)

    async def scenario() -> None:
        hidden = await log_activity(world, "Polisens underlag", Visibility.AUTHORITIES)
        communicator = await connect(headers)
        forged: Message = {
            "id": 10**9,
            "event": "activity.updated",
            "created_at": "2026-03-01T10:00:00+00:00",
            "object": {"type": "activity", "id": hidden.pk},
            "title": hidden.title,
            "url": f"/aktiviteter/{hidden.pk}/",
        }
        await send_live(world.civil, forged)
        await send_live(
            world.civil, {**forged, "id": 10**9 + 1, "object": {"type": "meeting", "id": 1}}
        )
        await send_live(
            world.civil, {**forged, "id": 10**9 + 2, "object": {"type": "activity", "id": 10**9}}
        )
        assert await communicator.receive_nothing(timeout=QUIET)

        visible = await log_activity(world, "Öppen träff")
        assert (await receive(communicator))["object"]["id"] == visible.pk
        await communicator.disconnect()

    run(scenario)


def test_a_network_update_arrives_live_and_an_organisation_update_does_not(world: World) -> None:
    headers = token_headers(world.civil)

    @database_sync_to_async
    def post(visibility: str) -> int:
        return update_post(
            author=world.police, network=world.net, body="Lugnt i helgen.", visibility=visibility
        ).pk

    async def scenario() -> None:
        communicator = await connect(headers)
        internal = await post(Visibility.ORGANISATION)
        shared = await post(Visibility.NETWORK)

        item = await receive(communicator)
        assert (item["event"], item["object"]) == (
            "update.posted",
            {"type": "update", "id": shared},
        )
        # Not sent even when it reaches the group: the socket checks the update's visibility.
        await send_live(
            world.civil,
            {**item, "id": item["id"] + 1000, "object": {"type": "update", "id": internal}},
        )
        assert await communicator.receive_nothing(timeout=QUIET)
        await communicator.disconnect()

    run(scenario)


# Replay


def test_after_replays_the_newer_notifications_in_order_once_then_live_ones(world: World) -> None:
    headers = token_headers(world.civil)

    async def scenario() -> None:
        for title in ("Första", "Andra", "Tredje"):
            await log_activity(world, title)
        stored = await notifications_of(world.civil)

        communicator = await connect(headers, f"?after={stored[0]['id']}")
        assert [await receive(communicator), await receive(communicator)] == stored[1:]
        # A replayed notification that reaches the group again is not sent twice.
        await send_live(world.civil, stored[2])
        assert await communicator.receive_nothing(timeout=QUIET)

        await log_activity(world, "Fjärde")
        live = await receive(communicator)
        assert live == (await notifications_of(world.civil))[-1]
        assert live["title"] == "Fjärde"
        assert await communicator.receive_nothing(timeout=QUIET)
        await communicator.disconnect()

    run(scenario)


def test_after_zero_replays_everything_and_an_after_beyond_the_last_replays_nothing(
    world: World,
) -> None:
    headers = token_headers(world.civil)

    async def scenario() -> None:
        await log_activity(world, "Första")
        await log_activity(world, "Andra")
        stored = await notifications_of(world.civil)

        everything = await connect(headers, "?after=0")
        assert [await receive(everything), await receive(everything)] == stored
        await everything.disconnect()

        nothing = await connect(headers, f"?after={stored[-1]['id']}")
        assert await nothing.receive_nothing(timeout=QUIET)
        await nothing.disconnect()

    run(scenario)


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_notification_stored_while_the_replay_is_read_arrives_exactly_once(
    world: World, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """Stored just before the replay is read, it is both replayed and queued live: sent once.
    Stored just after, it is only live, and arrives because the socket joined its group first."""
    headers = token_headers(world.civil)
    read = api.consumers.stored_page
    calls: list[int] = []

    def racing(user_id: int, after: int) -> list[Message]:
        calls.append(after)
        if len(calls) > 1:
            return read(user_id, after)
        if when == "before":
            _log(world, "Mitt i")
            return read(user_id, after)
        page = read(user_id, after)
        _log(world, "Mitt i")
        return page

    monkeypatch.setattr(api.consumers, "stored_page", racing)

    async def scenario() -> None:
        await log_activity(world, "Före")
        first = (await notifications_of(world.civil))[0]

        communicator = await connect(headers, "?after=0")
        received = [await receive(communicator), await receive(communicator)]

        assert received == await notifications_of(world.civil)
        assert [item["title"] for item in received] == [first["title"], "Mitt i"]
        assert await communicator.receive_nothing(timeout=QUIET)
        await communicator.disconnect()

    run(scenario)


def test_a_notification_whose_object_became_invisible_is_not_replayed(world: World) -> None:
    headers = token_headers(world.civil)

    @database_sync_to_async
    def narrow(activity: Activity) -> None:
        activity_update(activity=activity, actor=world.police, visibility=Visibility.ORGANISATION)

    async def scenario() -> None:
        narrowed = await log_activity(world, "Blev intern")
        await log_activity(world, "Förblev öppen")
        await narrow(narrowed)
        stored = await notifications_of(world.civil)
        assert [item["title"] for item in stored] == ["Blev intern", "Förblev öppen"]

        communicator = await connect(headers, "?after=0")
        assert await receive(communicator) == stored[1]
        assert await communicator.receive_nothing(timeout=QUIET)
        await communicator.disconnect()

    run(scenario)


def test_a_notification_whose_object_was_deleted_is_not_replayed(world: World) -> None:
    headers = token_headers(world.civil)

    async def scenario() -> None:
        deleted = await log_activity(world, "Ställdes in")
        await log_activity(world, "Blev av")
        await database_sync_to_async(deleted.delete)()
        stored = await notifications_of(world.civil)

        communicator = await connect(headers, "?after=0")
        assert await receive(communicator) == stored[1]
        assert await communicator.receive_nothing(timeout=QUIET)
        await communicator.disconnect()

    run(scenario)


# Signed out, revoked, deactivated


def test_a_deactivated_person_is_sent_nothing_and_the_socket_is_closed(world: World) -> None:
    headers = token_headers(world.civil)

    async def scenario() -> None:
        await log_activity(world, "Före avstängningen")
        stored = await notifications_of(world.civil)
        communicator = await connect(headers)
        await database_sync_to_async(User.objects.filter(pk=world.civil.pk).update)(is_active=False)

        await send_live(world.civil, stored[0])

        assert (await closed_with(communicator))["code"] == UNAUTHENTICATED

    run(scenario)


@pytest.fixture
def fast_sign_in_check(settings: Any) -> float:
    settings.NOTIFICATIONS_SIGN_IN_CHECK_SECONDS = 0.2
    return 0.2


def test_a_deleted_token_closes_the_socket_within_the_check_interval(
    world: World, fast_sign_in_check: float
) -> None:
    headers = token_headers(world.civil)

    async def scenario() -> None:
        communicator = await connect(headers)
        assert await communicator.receive_nothing(timeout=3 * fast_sign_in_check)
        await database_sync_to_async(Token.objects.filter(user=world.civil).delete)()

        closed = await closed_with(communicator, timeout=10 * fast_sign_in_check)
        assert closed["code"] == UNAUTHENTICATED

    run(scenario)


def test_signing_out_closes_the_browsers_socket_within_the_check_interval(
    world: World, fast_sign_in_check: float
) -> None:
    client, headers = signed_in_browser(world.civil)

    async def scenario() -> None:
        communicator = await connect(headers)
        assert await communicator.receive_nothing(timeout=3 * fast_sign_in_check)
        await database_sync_to_async(client.logout)()

        closed = await closed_with(communicator, timeout=10 * fast_sign_in_check)
        assert closed["code"] == UNAUTHENTICATED

    run(scenario)


def test_a_password_change_closes_the_browsers_socket_within_the_check_interval(
    world: World, fast_sign_in_check: float
) -> None:
    _client, headers = signed_in_browser(world.civil)

    @database_sync_to_async
    def change_password() -> None:
        user = User.objects.get(pk=world.civil.pk)
        user.set_password("ett nytt lösenord")
        user.save()

    async def scenario() -> None:
        communicator = await connect(headers)
        assert await communicator.receive_nothing(timeout=3 * fast_sign_in_check)
        await change_password()

        closed = await closed_with(communicator, timeout=10 * fast_sign_in_check)
        assert closed["code"] == UNAUTHENTICATED

    run(scenario)


def test_deactivating_the_account_closes_an_idle_socket_within_the_check_interval(
    world: World, fast_sign_in_check: float
) -> None:
    _client, headers = signed_in_browser(world.civil)

    async def scenario() -> None:
        communicator = await connect(headers)
        await database_sync_to_async(User.objects.filter(pk=world.civil.pk).update)(is_active=False)

        closed = await closed_with(communicator, timeout=10 * fast_sign_in_check)
        assert closed["code"] == UNAUTHENTICATED

    run(scenario)


def test_a_socket_that_rejoins_its_group_still_receives_each_notification_once(
    world: World, fast_sign_in_check: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api.consumers, "REJOIN_SECONDS", 0.0)
    headers = token_headers(world.civil)

    async def scenario() -> None:
        communicator = await connect(headers)
        assert await communicator.receive_nothing(timeout=3 * fast_sign_in_check)

        await log_activity(world, "Efter en lång stund")

        assert (await receive(communicator))["title"] == "Efter en lång stund"
        assert await communicator.receive_nothing(timeout=QUIET)
        await communicator.disconnect()

    run(scenario)


# Cost


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The SQL run in any thread while the test runs (the consumer's run in a thread of its own)."""
    run_sql: list[str] = []
    execute = CursorWrapper.execute

    def counted(self: CursorWrapper, sql: str, params: object = None) -> object:
        run_sql.append(sql)
        return execute(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", counted)
    yield run_sql


def test_a_live_message_costs_four_queries(world: World, queries: list[str]) -> None:
    """The person (1), a fresh viewer (2) and the object through the visibility predicate (1)."""
    headers = token_headers(world.civil)

    async def scenario() -> None:
        await log_activity(world, "Första")
        stored = await notifications_of(world.civil)
        communicator = await connect(headers)
        queries.clear()

        await send_live(world.civil, stored[0])
        await receive(communicator)

        assert len(queries) == 4, queries
        await communicator.disconnect()

    run(scenario)


@pytest.mark.parametrize("stored", [1, 6])
def test_a_replay_costs_the_same_queries_whatever_its_length(
    world: World, queries: list[str], stored: int
) -> None:
    """The token (1); one page: the notifications (1), the person and a fresh viewer (3), the
    activities through the visibility predicate (1)."""
    headers = token_headers(world.civil)

    async def scenario() -> None:
        for number in range(stored):
            await log_activity(world, f"Aktivitet {number}")
        queries.clear()

        communicator = await connect(headers, "?after=0")
        for _ in range(stored):
            await receive(communicator)

        assert len(queries) == 6, queries
        await communicator.disconnect()

    run(scenario)
