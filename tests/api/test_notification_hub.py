"""The hub (``api.hub``): each delivery received once per process, handed to the sockets it names.

Through the ASGI application and the configured channel layer, as in ``test_websocket``: with
``REDIS_URL`` set, the layer is Redis under a prefix of this test's own.
"""

import asyncio
import json
from collections import Counter
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

import api.consumers
from api.hub import Hub, contract_tail, notification_hub
from network.events.publish import BATCH, addressed_message, network_group, user_group
from network.events.types import Message, SharedMessage
from network.models import Role
from tests.api.test_websocket import (  # noqa: F401 - the autouse fixture applies here too
    QUIET,
    _channel_layer_of_this_test,
    _log,
    connect,
    joined,
    log_activity,
    notifications_of,
    receive,
    run,
    send_batch,
    signed_in_browser,
    token_headers,
)
from tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)

ITEM: Message = {
    "id": 10**9,
    "event": "activity.created",
    "created_at": "2026-03-01T10:00:00+00:00",
    "object": {"type": "activity", "id": 10**9},
    "title": "Trygghetsvandring i Drottninghög",
    "url": "/aktiviteter/1/",
}


def shared(item: Message) -> SharedMessage:
    return {key: value for key, value in item.items() if key != "id"}  # type: ignore[return-value]


@pytest.fixture
def fast_sign_in_check(settings: Any) -> float:
    settings.NOTIFICATIONS_SIGN_IN_CHECK_SECONDS = 0.2
    return 0.2


@pytest.fixture
def received_by_channel(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many deliveries the channel layer handed to each channel of this process: a
    delivery received is a delivery decoded (channels-redis decodes in ``receive``)."""
    layer = get_channel_layer()
    receive = layer.receive
    counts: Counter[str] = Counter()

    async def counted(channel: str) -> dict:
        message = await receive(channel)
        if message.get("type") == BATCH:
            counts[channel] += 1
        return message

    monkeypatch.setattr(layer, "receive", counted)
    return counts


async def settled() -> None:
    """Until the hub's background work (leaving groups) is done."""
    for _ in range(50):
        await asyncio.sleep(0.02)
        sweeping = notification_hub()._sweeping
        if sweeping is None or sweeping.done():
            return


def test_a_delivery_is_received_once_per_process_and_reaches_every_socket_it_names(
    world: World, received_by_channel: Counter[str]
) -> None:
    """Two sockets of one person and one of another: one receipt from the layer, in the hub,
    not one per socket; each socket sends its own person's entry."""
    _client, browser = signed_in_browser(world.civil)
    civil, police = token_headers(world.civil), token_headers(world.police)

    async def scenario() -> None:
        sockets = [
            await joined(await connect(browser)),
            await joined(await connect(civil)),
            await joined(await connect(police)),
        ]
        hub = notification_hub()
        delivered = hub.deliveries
        addressed = {world.civil.pk: 10**9, world.police.pk: 10**9 + 1}

        await send_batch(network_group(world.net.pk), addressed, ITEM)

        assert [await receive(socket) for socket in sockets] == [
            ITEM,
            ITEM,
            {**ITEM, "id": 10**9 + 1},
        ]
        assert list(received_by_channel.values()) == [1]
        assert hub.deliveries == delivered + 1
        for socket in sockets:
            assert await socket.receive_nothing(timeout=QUIET)
            await socket.disconnect()

    run(scenario)


def test_a_socket_is_sent_nothing_of_a_delivery_that_names_only_others(world: World) -> None:
    civil_headers, police_headers = token_headers(world.civil), token_headers(world.police)

    async def scenario() -> None:
        civil = await joined(await connect(civil_headers))
        police = await joined(await connect(police_headers))

        await send_batch(network_group(world.net.pk), {world.civil.pk: 10**9}, ITEM)

        assert await receive(civil) == ITEM
        assert await police.receive_nothing(timeout=QUIET)
        await civil.disconnect()
        await police.disconnect()

    run(scenario)


def test_a_delivery_to_a_persons_own_group_reaches_each_of_their_sockets(world: World) -> None:
    """Someone told outside the network's group (granted one object) is sent it through their
    own group, which the hub receives for all the process's people through one channel."""

    outsider_headers, civil_headers = token_headers(world.outsider), token_headers(world.civil)

    async def scenario() -> None:
        first = await joined(await connect(outsider_headers))
        second = await joined(await connect(outsider_headers))
        civil = await joined(await connect(civil_headers))

        await send_batch(user_group(world.outsider.pk), {world.outsider.pk: 10**9}, ITEM)

        assert await receive(first) == ITEM
        assert await receive(second) == ITEM
        assert await civil.receive_nothing(timeout=QUIET)
        for socket in (first, second, civil):
            await socket.disconnect()

    run(scenario)


def test_the_text_handed_to_the_sockets_is_the_contracts_json_of_each_entry() -> None:
    item = {**ITEM, "title": 'Föräldrar på stan: "Trygg" kväll ✓'}
    text = f'{{"id": 7, {contract_tail(shared(item))}'  # type: ignore[arg-type]

    assert text == json.dumps(addressed_message(7, shared(item)), ensure_ascii=False)  # type: ignore[arg-type]
    assert json.loads(text) == {**item, "id": 7}
    for bad in ({}, {"id": 1, "event": "activity.created"}, ["event"], None):
        with pytest.raises(ValueError):
            contract_tail(bad)


def test_live_deliveries_during_a_replay_arrive_after_it_once_each_and_in_order(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Registered with the hub before the replay is read: handed over meanwhile, a live
    notification is held until the replay is sent; one the replay sent is dropped."""
    headers = token_headers(world.civil)
    read = api.consumers.stored_page
    calls: list[int] = []

    def racing(user_id: int, after: int) -> list[Message]:
        calls.append(after)
        page = read(user_id, after)
        if len(calls) == 1:
            # The page's notification handed over live as well, and two stored after the
            # page was read, live only: all while the replay is still going on.
            async_to_sync(send_batch)(
                network_group(world.net.pk), {world.civil.pk: page[0]["id"]}, page[0]
            )
            _log(world, "Under uppspelningen 1")
            _log(world, "Under uppspelningen 2")
        return page

    monkeypatch.setattr(api.consumers, "stored_page", racing)

    async def scenario() -> None:
        await log_activity(world, "Före")
        communicator = await connect(headers, "?after=0")
        received = [await receive(communicator) for _ in range(3)]

        assert received == await notifications_of(world.civil)
        assert [item["title"] for item in received] == [
            "Före",
            "Under uppspelningen 1",
            "Under uppspelningen 2",
        ]
        assert await communicator.receive_nothing(timeout=QUIET)
        (socket,) = notification_hub().groups_of
        assert socket.held is None  # type: ignore[attr-defined]
        await communicator.disconnect()

    run(scenario)


def test_a_socket_whose_person_left_the_network_is_handed_nothing_more_from_it(
    world: World, fast_sign_in_check: float
) -> None:
    @database_sync_to_async
    def leave() -> None:
        Role.objects.filter(user=world.civil, network=world.net).delete()

    civil_headers, police_headers = token_headers(world.civil), token_headers(world.police)

    async def scenario() -> None:
        civil = await joined(await connect(civil_headers))
        police = await joined(await connect(police_headers))
        hub = notification_hub()
        group = network_group(world.net.pk)
        assert world.civil.pk in hub.networks[group].members

        await leave()
        await asyncio.sleep(3 * fast_sign_in_check)
        # Even a delivery that names them: the hub no longer hands them that network's.
        await send_batch(group, {world.civil.pk: 10**9, world.police.pk: 10**9 + 1}, ITEM)

        assert (await receive(police))["id"] == 10**9 + 1
        assert await civil.receive_nothing(timeout=QUIET)
        assert world.civil.pk not in hub.networks[group].members
        # Still registered for their own group: the socket stays open.
        assert user_group(world.civil.pk) in hub.people.groups  # type: ignore[union-attr]
        await civil.disconnect()
        await police.disconnect()

    run(scenario)


def test_closed_sockets_leave_the_hub_and_its_receivers_end_with_the_last(
    world: World, fast_sign_in_check: float
) -> None:
    """Whether the client goes or the server closes the socket (here: a deactivated account),
    nothing of it stays in the hub; without sockets the hub holds no channel and no task."""
    from network.models import User

    civil_headers, police_headers = token_headers(world.civil), token_headers(world.police)

    async def scenario() -> None:
        hub = notification_hub()
        civil = await joined(await connect(civil_headers))
        police = await joined(await connect(police_headers))
        tasks = [receiver.task for receiver in hub.receivers()]
        assert len(hub.groups_of) == 2
        assert set(hub.networks) == {network_group(world.net.pk)}
        assert hub.people is not None
        assert set(hub.people.groups) == {user_group(world.civil.pk), user_group(world.police.pk)}

        await civil.disconnect()
        await settled()
        assert len(hub.groups_of) == 1
        assert set(hub.people.groups) == {user_group(world.police.pk)}
        assert set(hub.networks[network_group(world.net.pk)].members) == {world.police.pk}

        await database_sync_to_async(User.objects.filter(pk=world.police.pk).update)(
            is_active=False
        )
        output = await police.receive_output(timeout=10 * fast_sign_in_check)
        assert output["type"] == "websocket.close"
        await settled()
        assert hub.groups_of == {}
        assert hub.networks == {}
        assert hub.people is None
        assert all(task is not None and task.done() for task in tasks)
        await police.disconnect()

    run(scenario)


def test_the_hub_hands_out_the_next_delivery_after_malformed_ones(world: World) -> None:
    bad: list[dict[str, Any]] = [
        {"type": "notification.other", "message": shared(ITEM), "users": [], "ids": []},
        {"type": BATCH, "message": shared(ITEM), "users": [world.civil.pk], "ids": []},
        {"type": BATCH, "message": shared(ITEM), "users": world.civil.pk, "ids": 1},
        {"type": BATCH, "message": ITEM, "users": [world.civil.pk], "ids": [1]},
        {"type": BATCH, "message": {}, "users": [world.civil.pk], "ids": [1]},
        {"type": BATCH, "users": [world.civil.pk], "ids": [1]},
    ]

    headers = token_headers(world.civil)

    async def scenario() -> None:
        civil = await joined(await connect(headers))
        hub = notification_hub()
        for event in bad:
            await get_channel_layer().group_send(network_group(world.net.pk), event)
        # An id that is not an int is skipped, the rest of the delivery handed out.
        await get_channel_layer().group_send(
            network_group(world.net.pk),
            {
                "type": BATCH,
                "message": shared(ITEM),
                "users": [world.civil.pk - 1, world.civil.pk],
                "ids": ["1", 10**9],
            },
        )

        assert await receive(civil) == ITEM
        assert hub.refused == len(bad)
        assert await civil.receive_nothing(timeout=QUIET)
        await civil.disconnect()

    run(scenario)


def test_one_hub_per_event_loop() -> None:
    async def hub_of_this_loop() -> tuple[Hub, Hub]:
        return notification_hub(), notification_hub()

    first, again = asyncio.run(hub_of_this_loop())
    other, _again = asyncio.run(hub_of_this_loop())

    assert first is again
    assert other is not first
