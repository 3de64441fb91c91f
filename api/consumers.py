"""The WebSocket at ``/ws/notifications/``: a person's notifications, live, and replayed on request.

The handshake is accepted first, then closed with a code that says why when the socket cannot
serve (RFC 6455, 7.4.2: codes from 4000 are the application's own; 4000 plus the HTTP status
that says the same):

- ``4001`` when the caller is not signed in (no session, no valid token), and later when the
  session is signed out, the token revoked or the account deactivated: as HTTP 401;
- ``4400`` when ``?after=`` is not a notification id (ASCII digits): as HTTP 400. Ignoring it
  would let a client believe it had missed nothing.

A person's sockets are the members of that person's channel-layer group
(:func:`network.events.publish.user_group`). Each message is the contract's JSON, and each is
checked against the person's rights, read afresh from the database, just before it is sent: what
was visible when the event was stored may not be any more.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from api.auth import still_signed_in
from network.access import activity_visible_q, update_visible_q, viewer_for
from network.access.rules import parse_id
from network.events.models import Notification
from network.events.publish import message, user_group
from network.events.types import Message
from network.models import Activity, Update, User

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
    wanted: dict[str, set[int]] = {"activity": set(), "update": set()}
    for item in messages:
        kind = item["object"]["type"]
        if kind in wanted:
            wanted[kind].add(item["object"]["id"])
    visible: set[tuple[str, int]] = set()
    if wanted["activity"]:
        rows = Activity.objects.filter(pk__in=wanted["activity"]).filter(activity_visible_q(viewer))
        visible.update(("activity", pk) for pk in rows.values_list("pk", flat=True))
    if wanted["update"]:
        rows_u = Update.objects.filter(pk__in=wanted["update"]).filter(update_visible_q(viewer))
        visible.update(("update", pk) for pk in rows_u.values_list("pk", flat=True))
    return [m for m in messages if (m["object"]["type"], m["object"]["id"]) in visible]


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

    Order: the socket joins the person's group before the replay is read, so that a
    notification stored meanwhile is both replayed and queued live; the channel layer holds the
    live ones until the replay is sent (a consumer handles one message at a time), and those
    already replayed are then dropped by id (not by "id up to the last replayed": two
    transactions may commit out of id order, and the later-committed lower id would be lost).
    Nothing is lost between the two and nothing comes twice. Live notifications are sent in the
    order they arrive.

    Cost: each live message reads the person and a fresh viewer (3 queries) and checks the object
    with the access layer's predicate (1), so that a role taken away counts at once; a replay
    costs the same per page of :data:`REPLAY_PAGE`. The session or token is read again every
    ``NOTIFICATIONS_SIGN_IN_CHECK_SECONDS`` (5 s by default; 2 queries at most).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user_id: int | None = None
        self.replayed: set[int] = set()  # ids sent by the replay, not to be sent again live
        self.watcher: asyncio.Task[None] | None = None
        self.closing = False

    async def connect(self) -> None:
        # Accepted first: a handshake refused outright reaches a browser only as code 1006,
        # which tells the client nothing.
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
        self.groups.append(user_group(user.pk))  # left again by websocket_disconnect
        await self.channel_layer.group_add(user_group(user.pk), self.channel_name)
        if after is not None and not await self._replay(after):
            return
        self.watcher = asyncio.create_task(self._watch_sign_in())

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

    async def notification_created(self, event: dict[str, Any]) -> None:
        """A live notification from :func:`network.events.publish.deliver`."""
        item: Message = event["message"]
        if self.closing or self.user_id is None:
            return
        if item["id"] in self.replayed:
            self.replayed.discard(item["id"])  # each socket receives a notification once live
            return
        visible = await database_sync_to_async(visible_messages)(self.user_id, [item])
        if visible is None:
            await self._close(UNAUTHENTICATED)
            return
        for shown in visible:
            await self._send_message(shown)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # The contract's messages flow one way; "ping" lets a client check the socket is alive.
        if text_data == "ping" and not self.closing:
            await self.send(text_data="pong")

    async def disconnect(self, code: int) -> None:
        if self.watcher is not None:
            self.watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.watcher

    async def _watch_sign_in(self) -> None:
        """Close the socket within one interval of signing out, revocation or deactivation."""
        assert self.user_id is not None  # noqa: S101 - set by connect before
        interval = float(
            getattr(settings, "NOTIFICATIONS_SIGN_IN_CHECK_SECONDS", DEFAULT_SIGN_IN_CHECK_SECONDS)
        )
        joined = time.monotonic()
        while not self.closing:
            await asyncio.sleep(interval)
            try:
                if time.monotonic() - joined > REJOIN_SECONDS:
                    # Channel layers forget a group member after ``group_expiry`` (a day by
                    # default): a socket open longer would stop receiving without a sign.
                    await self.channel_layer.group_add(user_group(self.user_id), self.channel_name)
                    joined = time.monotonic()
                signed_in = await database_sync_to_async(still_signed_in)(self.scope, self.user_id)
            except Exception:  # the database or the layer hiccupped: ask again next time
                log.exception("Could not check the sign-in of a notifications socket")
                continue
            if not signed_in:
                await self._close(UNAUTHENTICATED)

    async def _send_message(self, item: Message) -> None:
        if not self.closing:
            await self.send(text_data=json.dumps(item, ensure_ascii=False))

    async def _close(self, code: int, reason: str | None = None) -> None:
        if not self.closing:
            self.closing = True
            await self.close(code=code, reason=reason)
