"""The WebSocket at ``/ws/notifications/``: a person's notifications, live, and replayed on request.

The handshake is accepted first, then closed with a code that says why when the socket cannot
serve (RFC 6455, 7.4.2: codes from 4000 are the application's own; 4000 plus the HTTP status
that says the same):

- ``4001`` when the caller is not signed in (no session, no valid token; a session without the
  second factor its person must use), and later, within the sign-in check's interval (5 s),
  when the session is signed out, the token revoked or expired, or the account deactivated:
  as HTTP 401;
- ``4403`` when the handshake's token is a report-only one (scope ``reports``), which reads the
  reports and nothing else: as HTTP 403;
- ``4400`` when ``?after=`` is not a notification id (ASCII digits): as HTTP 400. Ignoring it
  would let a client believe it had missed nothing.

A socket registers with its process's hub (:mod:`api.hub`) for the channel-layer group of each
network its person takes part in (:func:`network.events.publish.network_group`) and for the
person's own group (:func:`network.events.publish.user_group`), which carries the deliveries to
someone outside the network's group: the hub receives each delivery once per process and hands
each socket the entry addressed to its own person. A live delivery names its recipients: the
audience of the object read afresh by :func:`network.events.publish.deliver` at the moment of
sending, so the socket asks the database nothing. Which networks those are is read again at
every sign-in check: a network joined since is joined by the socket, one left is left. A replay
is checked against the person's rights, read afresh, page by page: what was visible when a
notification was stored may not be any more.
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref
from collections.abc import Iterable, Sequence
from typing import Any, cast
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.utils import await_many_dispatch
from django.conf import settings

from api.auth import lacks_second_factor, reads_reports_only, signed_in_many
from api.hub import notification_hub
from network.access import viewer_for
from network.access.kinds import KINDS
from network.access.rules import parse_id
from network.access.viewer import PARTICIPANT_ROLES
from network.events.models import Notification
from network.events.publish import message, network_group, user_group
from network.events.types import Message
from network.models import Network, Role, User

log = logging.getLogger(__name__)

UNAUTHENTICATED = 4001
BAD_REQUEST = 4400
FORBIDDEN = 4403

BAD_AFTER = "after must be a notification id: ASCII digits"
REPORTS_ONLY = "this API token reads reports only"
# How often the socket asks whether its session or token is still good; a setting for tests.
DEFAULT_SIGN_IN_CHECK_SECONDS = 5.0
# Replayed notifications are read, checked and sent this many at a time: one fresh viewer and
# a fixed number of queries per page, whatever the length of the replay.
REPLAY_PAGE = 200
# The hub's channels join their groups again this long after joining: channel layers forget a
# group member after ``group_expiry`` (a day by default).
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


def handshake_groups(scope: dict, user: User) -> set[str] | None:
    """The groups a new socket joins, as :func:`groups_of`; None when it may not open: the
    person is gone or deactivated, or the session lacks the second factor the person needs."""
    if lacks_second_factor(scope, user):
        return None
    return groups_of(user.pk)


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
            # Only the sockets that have something to do: a task for each of a thousand sockets
            # every round would hold up the loop, and the live messages waiting on it.
            unsettled = [
                (s, groups)
                for s, groups in zip(sockets, verdicts, strict=True)
                if not s.settled(groups)
            ]
            await asyncio.gather(
                *(s.follow(groups) for s, groups in unsettled), return_exceptions=True
            )
            try:
                await notification_hub().rejoin(REJOIN_SECONDS)
            except Exception:  # the layer hiccupped: joined again at the next check
                log.exception("Could not rejoin the notifications groups of the hub")


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

    Order: the socket registers with the hub before the replay is read, so that a notification
    stored meanwhile is both replayed and handed over live; the live ones are held by the socket
    until the replay is sent, and those already replayed are then dropped by id (not by "id up
    to the last replayed": two transactions may commit out of id order, and the later-committed
    lower id would be lost). Nothing is lost between the two and nothing comes twice. Live
    notifications are sent in the order they arrive.

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
        # Live messages handed over while the replay is read: sent once it is (None: not held).
        self.held: list[tuple[int, str]] | None = None
        self.wanted: set[str] = set()  # the groups last registered for with the hub
        self.closing = False

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        """As Channels' own, but without a channel of the socket's own: the hub receives for all
        the sockets of the process (:mod:`api.hub`), so a socket holds nothing open in the
        channel layer, and a failure of the layer to receive does not end it."""
        self.scope = scope
        self.channel_layer = None
        self.base_send = send
        try:
            await await_many_dispatch([receive], self.dispatch)
        except StopConsumer:
            pass
        finally:  # however the socket ends, even when the server kills it, it is checked no more
            self._forget()

    async def dispatch(self, message: dict[str, Any]) -> None:
        """As Channels' own, without first closing stale database connections on the database
        thread: Channels does that before every handler, which would send each message from a
        client (a ping, a close) through that one thread, to wait there behind whatever it is
        doing. Here every database call goes through ``database_sync_to_async``, which does it
        itself."""
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
        if reads_reports_only(self.scope):
            await self._close(FORBIDDEN, REPORTS_ONLY)
            return
        valid, after = parse_after(self.scope.get("query_string", b""))
        if not valid:
            await self._close(BAD_REQUEST, BAD_AFTER)
            return
        self.user_id = user.pk
        groups = await database_sync_to_async(handshake_groups)(self.scope, user)
        if groups is None:
            await self._close(UNAUTHENTICATED)
            return
        if after is not None:
            self.held = []
        await self._join(groups)
        if after is not None and not await self._replay(after):
            return
        sign_in_watch().add(self)

    async def _join(self, wanted: set[str]) -> None:
        """Be in exactly the ``wanted`` groups, through the hub: join the new ones, leave those
        gone."""
        if not self.closing:
            await notification_hub().follow(self, wanted)
            self.wanted = set(wanted)

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
        # Held meanwhile: sent in the order handed over, until none is left with no await since.
        while self.held:
            notification_id, text = self.held.pop(0)
            await self._send_live(notification_id, text)
        self.held = None
        return True

    async def live(self, notification_id: int, text: str) -> None:
        """A live notification, as the contract's JSON text: held while the replay is read,
        dropped if the replay sent it, sent otherwise."""
        if self.held is not None:
            self.held.append((notification_id, text))
        else:
            await self._send_live(notification_id, text)

    async def _send_live(self, notification_id: int, text: str) -> None:
        if notification_id in self.replayed:
            self.replayed.discard(notification_id)  # each socket receives a notification once
        elif not self.closing:
            await self.send(text_data=text)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # The contract's messages flow one way; "ping" lets a client check the socket is alive.
        if text_data == "ping" and not self.closing:
            await self.send(text_data="pong")

    async def disconnect(self, code: int) -> None:
        self._forget()

    def _forget(self) -> None:
        """Nothing more is checked or handed over: the socket is going or gone."""
        self.closing = True
        sign_in_watch().discard(self)
        notification_hub().leave(self)

    def settled(self, groups: set[str] | None) -> bool:
        """Whether the answer of the sign-in check leaves nothing to do: still signed in, and in
        the same groups."""
        return groups is not None and groups == self.wanted

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
            await self._join(groups)
        except Exception:  # the layer hiccupped: joined at the next check
            log.exception("Could not join the groups of a notifications socket")

    async def _send_message(self, item: Message) -> None:
        if not self.closing:
            await self.send(text_data=json.dumps(item, ensure_ascii=False))

    async def _close(self, code: int, reason: str | None = None) -> None:
        if not self.closing:
            self._forget()
            await self.close(code=code, reason=reason)
