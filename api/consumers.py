"""The WebSocket at ``/ws/notifications/``: a person's notifications, live, and replayed on request.

The handshake is accepted first, then closed with a code that says why when the socket cannot
serve (RFC 6455, 7.4.2: codes from 4000 are the application's own; 4000 plus the HTTP status
that says the same):

- ``4001`` when the caller is not signed in (no session, no valid token), and later when the
  session is signed out, the token revoked or the account deactivated: as HTTP 401;
- ``4400`` when ``?after=`` is not a notification id (ASCII digits): as HTTP 400. Ignoring it
  would let a client believe it had missed nothing.

A socket joins the channel-layer group of each network its person takes part in
(:func:`network.events.publish.network_group`) and the person's own group
(:func:`network.events.publish.user_group`). A live delivery names its recipients: the audience
of the object read afresh by :func:`network.events.publish.deliver` at the moment of sending, so
the socket sends on only the entry addressed to its own person and asks the database nothing.
Which networks those are is read again at every sign-in check: a network joined since is joined
by the socket, one left is left. A replay is checked against the person's rights, read afresh,
page by page: what was visible when a notification was stored may not be any more.
"""

from __future__ import annotations

import asyncio
import bisect
import json
import logging
import time
import weakref
from collections.abc import Iterable, Sequence
from typing import Any, cast
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from api.auth import signed_in_many
from network.access import viewer_for
from network.access.kinds import KINDS
from network.access.rules import parse_id
from network.access.viewer import PARTICIPANT_ROLES
from network.events.models import Notification
from network.events.publish import addressed_message, message, network_group, user_group
from network.events.types import Message
from network.models import Network, Role, User

log = logging.getLogger(__name__)

UNAUTHENTICATED = 4001
BAD_REQUEST = 4400

BAD_AFTER = "after must be a notification id: ASCII digits"
# How often the socket asks whether its session or token is still good; a setting for tests.
DEFAULT_SIGN_IN_CHECK_SECONDS = 5.0
# Replayed notifications are read, checked and sent this many at a time: one fresh viewer and
# a fixed number of queries per page, whatever the length of the replay.
REPLAY_PAGE = 200
REJOIN_SECONDS = 3600.0
# Sockets checked per round of queries: a bound on the length of the statements' id lists.
CHECK_CHUNK = 500


def parse_after(query_string: bytes) -> tuple[bool, int | None]:
    """``(valid, after)`` from the handshake's query string; ``after`` is None when absent.

    Only ASCII digits within the range of a primary key are an id: ``int()`` would also take
    ``"+1"``, ``" 1"``, ``"1_0"`` and ``"١"``, none of which a client means as a cursor.
    """
    values = parse_qs(query_string.decode("latin-1"), keep_blank_values=True).get("after")
    if values is None:
        return True, None
    if len(values) != 1:
        return False, None
    text = values[0]
    if text == "0":
        return True, 0  # everything stored: no id is 0
    after = parse_id(text)
    return after is not None, after


def visible_messages(user_id: int, messages: list[Message]) -> list[Message] | None:
    """The messages the person may see now, in the order given; None if the person may see none.

    The person and the viewer are read afresh for each batch, so that a role taken away, an
    organisation changed or an account deactivated counts from the next message on. A batch
    costs the person (1), the viewer (2) and one statement per kind of object in it, with the
    access layer's own list predicate. An object that no longer exists is not sent, and neither
    is a kind of object this socket cannot check: better a notification missed than one leaked.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    viewer = viewer_for(user)
    wanted: dict[str, set[int]] = {}
    for item in messages:
        if item["object"]["type"] in KINDS:
            wanted.setdefault(item["object"]["type"], set()).add(item["object"]["id"])
    visible: set[tuple[str, int]] = set()
    for kind, ids in wanted.items():
        model, visible_q = KINDS[kind]
        rows = model._default_manager.filter(visible_q(viewer), pk__in=ids)
        visible.update((kind, pk) for pk in rows.values_list("pk", flat=True))
    return [m for m in messages if (m["object"]["type"], m["object"]["id"]) in visible]


def groups_of(user_id: int) -> set[str] | None:
    """The groups a socket of the person joins: their own and each network they take part in;
    None when the person is gone or deactivated."""
    return groups_of_many([user_id]).get(user_id)


def groups_of_many(user_ids: Iterable[int]) -> dict[int, set[str]]:
    """:func:`groups_of` for many people at once: two queries (three with a superuser, who takes
    part in every network), whatever their number. The gone and the deactivated are left out."""
    people = dict(
        User.objects.filter(pk__in=set(user_ids), is_active=True).values_list("pk", "is_superuser")
    )
    networks: dict[int, set[int]] = {user_id: set() for user_id in people}
    if people:
        roles = Role.objects.filter(user_id__in=people, code__in=PARTICIPANT_ROLES)
        for user_id, network_id in roles.order_by().values_list("user_id", "network_id"):
            networks[user_id].add(network_id)
    if any(people.values()):
        every = set(Network.objects.values_list("pk", flat=True))
        for user_id, is_superuser in people.items():
            if is_superuser:
                networks[user_id] = every
    return {
        user_id: {user_group(user_id), *(network_group(nid) for nid in ids)}
        for user_id, ids in networks.items()
    }


def still_serving(sockets: Sequence[tuple[dict, int]]) -> list[set[str] | None]:
    """The periodic check of many sockets, each a ``(scope, user_id)`` pair: for each, the groups
    to be in, or None when it must close. A fixed number of queries per :data:`CHECK_CHUNK`."""
    answers: list[set[str] | None] = []
    for start in range(0, len(sockets), CHECK_CHUNK):
        chunk = sockets[start : start + CHECK_CHUNK]
        signed_in = signed_in_many(chunk)
        groups = groups_of_many(
            user_id for (_scope, user_id), ok in zip(chunk, signed_in, strict=True) if ok
        )
        answers += [
            groups.get(user_id) if ok else None
            for (_scope, user_id), ok in zip(chunk, signed_in, strict=True)
        ]
    return answers


class SignInWatch:
    """The sign-in check of all the sockets of one event loop (one server process), together.

    Every ``NOTIFICATIONS_SIGN_IN_CHECK_SECONDS`` one call on the database thread checks them all
    in a fixed number of queries per :data:`CHECK_CHUNK` sockets: a check per socket, each on its
    own timer, would keep that one thread busy (1,000 sockets, 5 queries each every 5 s) and hold
    up everything else that waits for it. The task runs while there are sockets to check and ends
    with the last.
    """

    def __init__(self) -> None:
        self.sockets: dict[NotificationConsumer, None] = {}  # in the order they joined
        self.task: asyncio.Task[None] | None = None

    def add(self, socket: NotificationConsumer) -> None:
        self.sockets[socket] = None
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    def discard(self, socket: NotificationConsumer) -> None:
        self.sockets.pop(socket, None)

    async def _run(self) -> None:
        while self.sockets:
            interval = float(
                getattr(
                    settings, "NOTIFICATIONS_SIGN_IN_CHECK_SECONDS", DEFAULT_SIGN_IN_CHECK_SECONDS
                )
            )
            await asyncio.sleep(interval)
            sockets = [s for s in self.sockets if not s.closing and s.user_id is not None]
            if not sockets:
                continue
            try:
                verdicts = await database_sync_to_async(still_serving)(
                    [(s.scope, cast(int, s.user_id)) for s in sockets]
                )
            except Exception:  # the database hiccupped: ask again next time
                log.exception("Could not check the sign-in of the notifications sockets")
                continue
            await asyncio.gather(
                *(s.follow(groups) for s, groups in zip(sockets, verdicts, strict=True)),
                return_exceptions=True,
            )


# One watch per event loop: a server runs one, a test may run many one after the other.
_watches: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, SignInWatch] = (
    weakref.WeakKeyDictionary()
)


def sign_in_watch() -> SignInWatch:
    loop = asyncio.get_running_loop()
    watch = _watches.get(loop)
    if watch is None:
        watch = _watches[loop] = SignInWatch()
    return watch


def stored_page(user_id: int, after: int) -> list[Message]:
    """The person's stored notifications newer than ``after``, oldest first, one page."""
    rows = Notification.objects.filter(recipient_id=user_id, pk__gt=after).order_by("pk")
    return [message(notification) for notification in rows[:REPLAY_PAGE]]


def replay_page(user_id: int, after: int) -> tuple[list[Message] | None, int | None]:
    """One page of the replay: what of it may be sent (None: nothing any more, the person is
    gone or deactivated), and the id to read the next page after (None: this was the last)."""
    page = stored_page(user_id, after)
    if not page:
        return [], None
    following = page[-1]["id"] if len(page) == REPLAY_PAGE else None
    return visible_messages(user_id, page), following


class NotificationConsumer(AsyncWebsocketConsumer):
    """One socket of one person.

    Order: the socket joins its groups before the replay is read, so that a notification stored
    meanwhile is both replayed and queued live; the channel layer holds the live ones until the
    replay is sent (a consumer handles one message at a time), and those already replayed are
    then dropped by id (not by "id up to the last replayed": two transactions may commit out of
    id order, and the later-committed lower id would be lost). Nothing is lost between the two
    and nothing comes twice. Live notifications are sent in the order they arrive.

    Cost: a live message costs no query: the recipients it names are the permission check,
    made by the sender at the moment of sending. A replay reads the person and a fresh viewer
    (3 queries) and checks the objects with the access layer's predicate (1 per kind), per page
    of :data:`REPLAY_PAGE`. The session or token and the person's networks are read again every
    ``NOTIFICATIONS_SIGN_IN_CHECK_SECONDS`` (5 s by default), for all the process's sockets
    together (:class:`SignInWatch`): a fixed number of queries, whatever their number.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user_id: int | None = None
        self.replayed: set[int] = set()  # ids sent by the replay, not to be sent again live
        self.joined_at = time.monotonic()
        self.closing = False

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:  # however the socket ends, even when the server kills it, it is checked no more
            sign_in_watch().discard(self)

    async def dispatch(self, message: dict[str, Any]) -> None:
        """As Channels' own, without first closing stale database connections on the database
        thread: Channels does that before every handler, which would send each live message, to
        each socket, through that one thread and wait there behind whatever it is doing. Here
        every database call goes through ``database_sync_to_async``, which does it itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        # Accepted first: a handshake refused outright reaches a browser only as code 1006,
        # which tells the client nothing; and one kept waiting for the database is dropped by
        # the server when many reconnect at once. A client that must miss nothing asks for a
        # replay (``?after=``); the first answer to a "ping" says that the groups are joined.
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self._close(UNAUTHENTICATED)
            return
        valid, after = parse_after(self.scope.get("query_string", b""))
        if not valid:
            await self._close(BAD_REQUEST, BAD_AFTER)
            return
        self.user_id = user.pk
        groups = await database_sync_to_async(groups_of)(user.pk)
        if groups is None:
            await self._close(UNAUTHENTICATED)
            return
        await self._join(groups)
        self.joined_at = time.monotonic()
        if after is not None and not await self._replay(after):
            return
        sign_in_watch().add(self)

    async def _join(self, wanted: set[str]) -> None:
        """Be in exactly the ``wanted`` groups: join the new ones, leave those gone."""
        for group in sorted(wanted - set(self.groups)):
            self.groups.append(group)  # left again by websocket_disconnect
            await self.channel_layer.group_add(group, self.channel_name)
        for group in [g for g in self.groups if g not in wanted]:
            self.groups.remove(group)
            await self.channel_layer.group_discard(group, self.channel_name)

    async def _replay(self, after: int) -> bool:
        """Send the stored notifications newer than ``after``; False if the socket was closed."""
        assert self.user_id is not None  # noqa: S101 - set by connect before
        cursor: int | None = after
        while cursor is not None:
            visible, cursor = await database_sync_to_async(replay_page)(self.user_id, cursor)
            if visible is None:
                await self._close(UNAUTHENTICATED)
                return False
            for item in visible:
                self.replayed.add(item["id"])
                await self._send_message(item)
        return True

    async def notification_batch(self, event: dict[str, Any]) -> None:
        """A live delivery from :func:`network.events.publish.deliver`: sent on only when it
        names this socket's person, who is then in the object's audience."""
        if self.closing or self.user_id is None:
            return
        users: list[int] = event["users"]
        index = bisect.bisect_left(users, self.user_id)  # ascending, as the sender orders them
        if index == len(users) or users[index] != self.user_id:
            return
        notification_id: int = event["ids"][index]
        if notification_id in self.replayed:
            self.replayed.discard(notification_id)  # each socket receives a notification once
            return
        await self._send_message(addressed_message(notification_id, event["message"]))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # The contract's messages flow one way; "ping" lets a client check the socket is alive.
        if text_data == "ping" and not self.closing:
            await self.send(text_data="pong")

    async def disconnect(self, code: int) -> None:
        sign_in_watch().discard(self)

    async def follow(self, groups: set[str] | None) -> None:
        """The answer of the sign-in check: close the socket (None) when signed out, revoked or
        deactivated, else follow the person into the networks they joined and out of those they
        left."""
        if self.closing:
            return
        if groups is None:
            await self._close(UNAUTHENTICATED)
            return
        try:
            if time.monotonic() - self.joined_at > REJOIN_SECONDS:
                # Channel layers forget a group member after ``group_expiry`` (a day by
                # default): a socket open longer would stop receiving without a sign.
                for group in self.groups:
                    await self.channel_layer.group_add(group, self.channel_name)
                self.joined_at = time.monotonic()
            await self._join(groups)
        except Exception:  # the layer hiccupped: joined at the next check
            log.exception("Could not join the groups of a notifications socket")

    async def _send_message(self, item: Message) -> None:
        if not self.closing:
            await self.send(text_data=json.dumps(item, ensure_ascii=False))

    async def _close(self, code: int, reason: str | None = None) -> None:
        if not self.closing:
            self.closing = True
            sign_in_watch().discard(self)
            await self.close(code=code, reason=reason)
