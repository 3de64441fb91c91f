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
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.db import connections
from django.db.backends.utils import CursorWrapper
from django.test import Client, override_settings
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

import api.consumers
from api.consumers import BAD_AFTER, BAD_REQUEST, FORBIDDEN, UNAUTHENTICATED
from network.accounts.models import ApiToken
from network.accounts.tokens import expiry_in, issue_token, revoke_token
from network.activities.services import activity_create, activity_update, update_post
from network.events.models import Notification, NotificationSettings
from network.events.publish import BATCH, message, network_group, user_group
from network.events.types import EventName, Message
from network.models import Activity, Role, User, Visibility
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


def token_headers(user: User, scope: str = ApiToken.Scope.FULL) -> Headers:
    _token, key = issue_token(user, "tests", expiry_in(), scope)
    return [(b"authorization", f"Token {key}".encode())]


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


async def joined(communicator: WebsocketCommunicator) -> WebsocketCommunicator:
    """Once a ping is answered, the socket has joined its groups (it handles one message at a
    time, and the handshake's first)."""
    await communicator.send_to(text_data="ping")
    assert await communicator.receive_from(timeout=5) == "pong"
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


async def send_batch(group: str, addressed: dict[int, int], item: Message) -> None:
    """Hand the group a delivery as ``deliver`` does: ``addressed`` maps people to notifications."""
    shared = {key: value for key, value in item.items() if key != "id"}
    people = sorted(addressed)
    await get_channel_layer().group_send(
        group,
        {
            "type": BATCH,
            "message": shared,
            "users": people,
            "ids": [addressed[person] for person in people],
        },
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
        communicator = await joined(await connect(headers))
        assert await communicator.receive_nothing(timeout=QUIET)
        await communicator.send_to(text_data="ping")
        assert await communicator.receive_from(timeout=5) == "pong"
        await communicator.disconnect()

    run(scenario)


def test_a_program_with_a_token_stays_connected_and_answers_ping(world: World) -> None:
    headers = token_headers(world.civil)

    async def scenario() -> None:
        communicator = await joined(await connect(headers))
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
        communicator = await joined(await connect(headers))
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
        communicator = await joined(await connect(headers))
        await log_activity(world, "Lägesbild för myndigheter", Visibility.AUTHORITIES)

        assert await communicator.receive_nothing(timeout=QUIET)
        await communicator.disconnect()

    run(scenario)


def test_a_batch_that_does_not_name_the_person_sends_nothing(world: World) -> None:
    """The recipients a delivery names are the permission check: a socket sends on only the
    entry addressed to its own person, even in its own network's group."""
    headers = token_headers(world.civil)

    async def scenario() -> None:
        hidden = await log_activity(world, "Polisens underlag", Visibility.AUTHORITIES)
        communicator = await joined(await connect(headers))
        item: Message = {
            "id": 10**9,
            "event": "activity.updated",
            "created_at": "2026-03-01T10:00:00+00:00",
            "object": {"type": "activity", "id": hidden.pk},
            "title": hidden.title,
            "url": f"/aktiviteter/{hidden.pk}/",
        }
        others = {world.police.pk: 10**9, world.contact_person.pk: 10**9 + 1}
        await send_batch(network_group(world.net.pk), others, item)
        await send_batch(network_group(world.net.pk), {}, item)
        await send_batch(user_group(world.civil.pk), others, item)
        assert await communicator.receive_nothing(timeout=QUIET)

        visible = await log_activity(world, "Öppen träff")
        assert (await receive(communicator))["object"]["id"] == visible.pk
        await communicator.disconnect()

    run(scenario)


def test_a_batch_for_a_network_the_person_is_not_in_never_reaches_them(world: World) -> None:
    headers = token_headers(world.civil)

    async def scenario() -> None:
        communicator = await joined(await connect(headers))
        item: Message = {
            "id": 10**9,
            "event": "activity.created",
            "created_at": "2026-03-01T10:00:00+00:00",
            "object": {"type": "activity", "id": 10**9},
            "title": "Grannkommunens aktivitet",
            "url": "/aktiviteter/1/",
        }
        # Even naming the person: the socket is not in that network's group at all.
        await send_batch(network_group(world.other_net.pk), {world.civil.pk: 10**9}, item)
        assert await communicator.receive_nothing(timeout=QUIET)
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
        communicator = await joined(await connect(headers))
        internal = await post(Visibility.ORGANISATION)
        shared = await post(Visibility.NETWORK)

        item = await receive(communicator)
        assert (item["event"], item["object"]) == (
            "update.posted",
            {"type": "update", "id": shared},
        )
        assert internal not in {n["object"]["id"] for n in await notifications_of(world.civil)}
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
        await send_batch(network_group(world.net.pk), {world.civil.pk: stored[2]["id"]}, stored[2])
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


@pytest.fixture
def fast_sign_in_check(settings: Any) -> float:
    settings.NOTIFICATIONS_SIGN_IN_CHECK_SECONDS = 0.2
    return 0.2


def test_a_deleted_token_closes_the_socket_within_the_check_interval(
    world: World, fast_sign_in_check: float
) -> None:
    headers = token_headers(world.civil)

    async def scenario() -> None:
        communicator = await joined(await connect(headers))
        assert await communicator.receive_nothing(timeout=3 * fast_sign_in_check)
        await database_sync_to_async(ApiToken.objects.filter(user=world.civil).delete)()

        closed = await closed_with(communicator, timeout=10 * fast_sign_in_check)
        assert closed["code"] == UNAUTHENTICATED

    run(scenario)


def test_a_revoked_token_closes_the_socket_within_the_check_interval(
    world: World, fast_sign_in_check: float
) -> None:
    headers = token_headers(world.civil)
    token = ApiToken.objects.get(user=world.civil)

    async def scenario() -> None:
        communicator = await joined(await connect(headers))
        assert await communicator.receive_nothing(timeout=3 * fast_sign_in_check)
        await database_sync_to_async(revoke_token)(token)

        closed = await closed_with(communicator, timeout=10 * fast_sign_in_check)
        assert closed["code"] == UNAUTHENTICATED

    run(scenario)


def test_a_token_that_expires_closes_the_socket_within_the_check_interval(
    world: World, fast_sign_in_check: float
) -> None:
    headers = token_headers(world.civil)

    async def scenario() -> None:
        communicator = await joined(await connect(headers))
        assert await communicator.receive_nothing(timeout=3 * fast_sign_in_check)
        await database_sync_to_async(ApiToken.objects.filter(user=world.civil).update)(
            expires_at=timezone.now() - timedelta(seconds=1)
        )

        closed = await closed_with(communicator, timeout=10 * fast_sign_in_check)
        assert closed["code"] == UNAUTHENTICATED

    run(scenario)


@pytest.mark.parametrize("state", ["expired", "revoked"])
def test_an_expired_or_revoked_token_opens_no_socket(world: World, state: str) -> None:
    headers = token_headers(world.civil)
    if state == "expired":
        ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    else:
        revoke_token(ApiToken.objects.get())

    async def scenario() -> None:
        communicator = await connect(headers)
        assert (await closed_with(communicator))["code"] == UNAUTHENTICATED

    run(scenario)


def test_a_report_only_token_opens_no_socket(world: World) -> None:
    headers = token_headers(world.civil, ApiToken.Scope.REPORTS)

    async def scenario() -> None:
        communicator = await connect(headers)
        assert (await closed_with(communicator))["code"] == FORBIDDEN

    run(scenario)


def _verified_browser(user: User) -> tuple[Client, Headers]:
    """A browser signed in whose session holds a verified device, as django-otp leaves it."""
    client, headers = signed_in_browser(user)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, headers


def test_a_session_without_the_second_factor_its_person_needs_opens_no_socket(
    world: World, settings: Any
) -> None:
    settings.TWO_FACTOR_REQUIRED = True
    _client, unverified = signed_in_browser(world.coordinator)
    _client, verified = _verified_browser(world.coordinator)
    _client, civil = signed_in_browser(world.civil)  # who needs no second factor

    async def scenario() -> None:
        refused = await connect(unverified)
        assert (await closed_with(refused))["code"] == UNAUTHENTICATED
        for headers in (verified, civil):
            communicator = await joined(await connect(headers))
            await communicator.disconnect()

    run(scenario)


def test_a_second_factor_required_since_the_socket_opened_closes_it(
    world: World, settings: Any, fast_sign_in_check: float
) -> None:
    _client, unverified = signed_in_browser(world.coordinator)
    # Another person: one who has set up an app is asked for it whatever the setting.
    _client, verified = _verified_browser(world.security_chief)

    async def scenario() -> None:
        closing = await joined(await connect(unverified))
        staying = await joined(await connect(verified))
        settings.TWO_FACTOR_REQUIRED = True

        closed = await closed_with(closing, timeout=10 * fast_sign_in_check)
        assert closed["code"] == UNAUTHENTICATED
        assert await staying.receive_nothing(timeout=3 * fast_sign_in_check)
        await staying.send_to(text_data="ping")
        assert await staying.receive_from(timeout=5) == "pong"
        await staying.disconnect()

    run(scenario)


def test_a_device_deleted_since_the_socket_opened_closes_it(
    world: World, settings: Any, fast_sign_in_check: float
) -> None:
    """A reset (the device deleted by a superuser or ``reset_two_factor``) no longer verifies
    the sessions it verified: their sockets close as the pages ask for the factor again."""
    settings.TWO_FACTOR_REQUIRED = True
    _client, verified = _verified_browser(world.coordinator)

    async def scenario() -> None:
        communicator = await joined(await connect(verified))
        assert await communicator.receive_nothing(timeout=3 * fast_sign_in_check)
        await database_sync_to_async(TOTPDevice.objects.filter(user=world.coordinator).delete)()

        closed = await closed_with(communicator, timeout=10 * fast_sign_in_check)
        assert closed["code"] == UNAUTHENTICATED
        refused = await connect(verified)
        assert (await closed_with(refused))["code"] == UNAUTHENTICATED

    run(scenario)


def test_another_person_s_device_does_not_verify_a_session(world: World, settings: Any) -> None:
    settings.TWO_FACTOR_REQUIRED = True
    client, headers = signed_in_browser(world.coordinator)
    theirs = TOTPDevice.objects.create(user=world.civil, name="phone", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = theirs.persistent_id
    session.save()

    async def scenario() -> None:
        refused = await connect(headers)
        assert (await closed_with(refused))["code"] == UNAUTHENTICATED

    run(scenario)


def test_signing_out_closes_the_browsers_socket_within_the_check_interval(
    world: World, fast_sign_in_check: float
) -> None:
    client, headers = signed_in_browser(world.civil)

    async def scenario() -> None:
        communicator = await joined(await connect(headers))
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
        communicator = await joined(await connect(headers))
        assert await communicator.receive_nothing(timeout=3 * fast_sign_in_check)
        await change_password()

        closed = await closed_with(communicator, timeout=10 * fast_sign_in_check)
        assert closed["code"] == UNAUTHENTICATED

    run(scenario)


def test_a_deactivated_person_is_sent_nothing_and_the_socket_is_closed(
    world: World, fast_sign_in_check: float
) -> None:
    """Out of the audience at once, so not among the recipients; closed at the next check."""
    headers = token_headers(world.civil)

    async def scenario() -> None:
        communicator = await joined(await connect(headers))
        await database_sync_to_async(User.objects.filter(pk=world.civil.pk).update)(is_active=False)

        await log_activity(world, "Efter avstängningen")

        assert not await notifications_of(world.civil)
        assert (await closed_with(communicator, timeout=10 * fast_sign_in_check))[
            "code"
        ] == UNAUTHENTICATED

    run(scenario)


def test_deactivating_the_account_closes_an_idle_socket_within_the_check_interval(
    world: World, fast_sign_in_check: float
) -> None:
    _client, headers = signed_in_browser(world.civil)

    async def scenario() -> None:
        communicator = await joined(await connect(headers))
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
        communicator = await joined(await connect(headers))
        assert await communicator.receive_nothing(timeout=3 * fast_sign_in_check)

        await log_activity(world, "Efter en lång stund")

        assert (await receive(communicator))["title"] == "Efter en lång stund"
        assert await communicator.receive_nothing(timeout=QUIET)
        await communicator.disconnect()

    run(scenario)


# Networks joined and left while connected


def test_a_person_who_joins_a_network_while_connected_gets_its_news_after_the_next_check(
    world: World, fast_sign_in_check: float
) -> None:
    headers = token_headers(world.other_member)

    @database_sync_to_async
    def join() -> None:
        NotificationSettings.objects.create(user=world.other_member, all_new_activities=True)
        Role.objects.create(user=world.other_member, network=world.net, code=Role.Code.MEMBER)

    async def scenario() -> None:
        communicator = await joined(await connect(headers))
        await log_activity(world, "Innan de gick med")
        assert await communicator.receive_nothing(timeout=QUIET)

        await join()
        assert await communicator.receive_nothing(timeout=3 * fast_sign_in_check)
        activity = await log_activity(world, "Efter att de gick med")

        item = await receive(communicator)
        assert item["object"] == {"type": "activity", "id": activity.pk}
        assert item == (await notifications_of(world.other_member))[-1]
        await communicator.disconnect()

    run(scenario)


def test_a_person_whose_role_ends_while_connected_is_told_nothing_more(
    world: World, fast_sign_in_check: float
) -> None:
    headers = token_headers(world.civil)

    @database_sync_to_async
    def leave() -> None:
        Role.objects.filter(user=world.civil, network=world.net).delete()

    async def scenario() -> None:
        communicator = await joined(await connect(headers))
        await log_activity(world, "Medan de var med")
        assert (await receive(communicator))["title"] == "Medan de var med"

        await leave()
        # Not among the recipients at once, before the socket has left the network's group.
        await log_activity(world, "Strax efter")
        assert await communicator.receive_nothing(timeout=QUIET)
        assert await communicator.receive_nothing(timeout=3 * fast_sign_in_check)
        await log_activity(world, "Långt efter")
        assert await communicator.receive_nothing(timeout=QUIET)
        assert [n["title"] for n in await notifications_of(world.civil)] == ["Medan de var med"]
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


def test_a_live_message_costs_no_query(world: World, queries: list[str]) -> None:
    """The recipients named by the sender are the check: the socket asks the database nothing."""
    headers = token_headers(world.civil)

    async def scenario() -> None:
        await log_activity(world, "Första")
        stored = await notifications_of(world.civil)
        communicator = await joined(await connect(headers))
        queries.clear()

        await send_batch(network_group(world.net.pk), {world.civil.pk: stored[0]["id"]}, stored[0])

        assert await receive(communicator) == stored[0]
        assert queries == []
        await communicator.disconnect()

    run(scenario)


@pytest.mark.parametrize("stored", [1, 6])
def test_a_replay_costs_the_same_queries_whatever_its_length(
    world: World, queries: list[str], stored: int
) -> None:
    """The token (1) and its first use (1: written at most once a minute); the groups: the
    person and their roles (2); one page: the notifications (1), the person and a fresh viewer
    (3), the activities through the visibility predicate (1)."""
    headers = token_headers(world.civil)

    async def scenario() -> None:
        for number in range(stored):
            await log_activity(world, f"Aktivitet {number}")
        queries.clear()

        communicator = await connect(headers, "?after=0")
        for _ in range(stored):
            await receive(communicator)

        assert len(queries) == 9, queries
        await communicator.disconnect()

    run(scenario)


def test_the_sign_in_check_of_many_sockets_costs_the_same_queries_as_of_one(
    world: World, queries: list[str]
) -> None:
    """One round for all the sockets of a process: the tokens (1), the sessions and the people
    who signed in with them (2), those of them who set up a second factor (1), the people and
    their roles (2); the verdict of each its own."""
    from types import SimpleNamespace

    from api.consumers import still_serving

    def scope(headers: Headers, session_key: str | None = None) -> dict:
        return {"headers": headers, "session": SimpleNamespace(session_key=session_key)}

    browser, _headers = signed_in_browser(world.civil)
    signed_out, _headers = signed_in_browser(world.police)
    sockets = [
        (scope(token_headers(world.civil)), world.civil.pk),
        (scope(token_headers(world.other_member)), world.other_member.pk),
        (scope([(b"authorization", b"Token " + b"0" * 40)]), world.police.pk),
        (scope(token_headers(world.police)), world.civil.pk),  # another person's token
        (scope([], browser.session.session_key), world.civil.pk),
        (scope([], signed_out.session.session_key), world.police.pk),
        (scope([], browser.session.session_key), world.police.pk),  # another person's session
    ]
    signed_out_key = signed_out.session.session_key
    signed_out.logout()

    queries.clear()
    verdicts = still_serving(sockets)
    many = len(queries)
    queries.clear()
    still_serving(sockets[:1])
    assert many == 6, queries
    assert len(queries) == 3  # no session among them

    civil = {user_group(world.civil.pk), network_group(world.net.pk)}
    assert verdicts == [
        civil,
        {user_group(world.other_member.pk), network_group(world.other_net.pk)},
        None,
        None,
        civil,
        None,
        None,
    ]
    assert signed_out_key  # the logout deleted a session that existed


def test_a_live_message_does_not_wait_for_the_database_thread(world: World) -> None:
    """A socket is sent its message while the database thread is busy with something else."""
    headers = token_headers(world.civil)
    release = asyncio.Event()

    async def scenario() -> None:
        await log_activity(world, "Första")
        stored = await notifications_of(world.civil)
        communicator = await joined(await connect(headers))
        loop = asyncio.get_running_loop()

        def busy() -> None:  # holds the database thread until the message has arrived
            asyncio.run_coroutine_threadsafe(release.wait(), loop).result(timeout=10)

        holding = asyncio.ensure_future(database_sync_to_async(busy)())
        await asyncio.sleep(0.1)
        await send_batch(network_group(world.net.pk), {world.civil.pk: stored[0]["id"]}, stored[0])

        assert await receive(communicator) == stored[0]
        release.set()
        await holding
        await communicator.disconnect()

    run(scenario)


def test_a_socket_is_checked_while_open_and_no_longer_once_closed(world: World) -> None:
    headers = token_headers(world.civil)

    async def scenario() -> None:
        communicator = await joined(await connect(headers))
        watch = api.consumers.sign_in_watch()
        assert len(watch.sockets) == 1
        assert watch.task is not None and not watch.task.done()

        await communicator.disconnect()
        assert not watch.sockets

    run(scenario)
