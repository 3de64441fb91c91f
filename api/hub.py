"""The live deliveries of one server process: received once per network, handed to its sockets.

A delivery (:func:`network.events.publish.deliver`) goes to a network's channel-layer group once
per event and names its recipients. Were every socket in that group, every socket of the process
would be handed the whole delivery: the layer would queue it once per socket (channels-redis'
pub/sub layer puts the raw bytes into each socket's queue, to be decoded by each), and each socket
would wake to look for its own person in it: at a thousand sockets and a thousand recipients, a
thousand decodes of a thousand-entry message per process and event, most of the time from commit
to the last socket.

Instead the sockets of one event loop (one server process) register with its :class:`Hub`, which
keeps, per network group that any of them is in, one channel of its own in that group and one
task receiving on it. A delivery is then received and decoded once per process; its shared fields
are turned into JSON once, and each addressed local socket is handed its own message's text. The
channel layer sees one member per process in a network's group, not one per socket, so the core
Redis layer also writes one copy per process, not one per socket. The people's own groups are
received by the hub too, through one more channel: a socket has no channel of its own, so it
costs the layer nothing to hold open, and a failure to receive is retried, not fatal to sockets.

A socket is handed only entries that name its own person, and only from the groups it registered
for: the names in a delivery are the sender's permission check, read afresh when it was sent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import weakref
from dataclasses import dataclass, field
from typing import Any, Protocol

from channels.layers import get_channel_layer

from network.events.publish import BATCH, user_group

log = logging.getLogger(__name__)

# After the layer failed to receive: ask again after this long, doubled while it keeps failing
# up to the last. Short at first: channels-redis' core layer times out now and then when idle.
FIRST_RETRY_SECONDS = 0.05
LAST_RETRY_SECONDS = 2.0
# Sockets handed a delivery between two turns of the event loop.
YIELD_EVERY = 16


class Socket(Protocol):
    """What the hub needs of a socket: whose it is, whether it is going, and a way to hand it one
    message (the notification's id and the contract's JSON text)."""

    user_id: int | None
    closing: bool

    async def live(self, notification_id: int, text: str) -> None: ...


@dataclass(eq=False)
class Receiver:
    """One channel of the hub's, the task receiving on it, the groups it is in (with when each
    was joined) and the local sockets it hands deliveries to, by person."""

    channel: str
    groups: dict[str, float] = field(default_factory=dict)
    members: dict[int, set[Socket]] = field(default_factory=dict)
    task: asyncio.Task[None] | None = None


def contract_tail(shared: Any) -> str:
    """The JSON text of the fields every recipient shares, without its opening brace: a
    recipient's message is ``'{"id": <id>, '`` and this, the same text as ``json.dumps`` of
    :func:`network.events.publish.addressed_message` gives, serialized once per delivery."""
    if not isinstance(shared, dict) or not shared or "id" in shared:
        raise ValueError("a delivery's shared fields must be a non-empty object without an id")
    return json.dumps(shared, ensure_ascii=False)[1:]


class Hub:
    """The receivers of one event loop, and the local sockets registered with each.

    One receiver per network group, in that group only: a socket is handed a network's
    deliveries only while registered for that network. One more receiver, for the people's own
    groups (:func:`network.events.publish.user_group`), is in the group of each person with a
    local socket: it carries the rare delivery to someone outside the network's group, one entry
    each, so a receiver per person would cost a channel and a task per person for little.

    Registering (:meth:`follow`) returns once the hub's channels are in each of the socket's
    groups, so that a socket that then reads its replay misses nothing sent meanwhile.
    Unregistering (:meth:`leave`) is immediate and needs no await, so that it also holds for a
    socket whose task is being cancelled; a group left without sockets is then left by the hub,
    and a receiver left without sockets ends, in the background.
    """

    def __init__(self) -> None:
        self.networks: dict[str, Receiver] = {}  # by network group
        self.people: Receiver | None = None
        self.groups_of: dict[Socket, set[str]] = {}
        # Joining and leaving groups, which awaits the layer, one at a time: a group left by
        # one socket and joined by another at once stays joined.
        self._lock = asyncio.Lock()
        self._sweeping: asyncio.Task[None] | None = None
        # Deliveries handed out, and those refused (not a delivery, or malformed).
        self.deliveries = 0
        self.refused = 0

    def receivers(self) -> list[Receiver]:
        return [*self.networks.values(), *([self.people] if self.people else [])]

    async def follow(self, socket: Socket, groups: set[str]) -> None:
        """Register the socket for exactly these groups (its person's own and its networks'):
        joining the new ones, leaving those it is no longer in."""
        if socket.user_id is None:
            return
        own = user_group(socket.user_id)
        # Until every group is joined with no await since: one may be left meanwhile.
        while True:
            missing = sorted(g for g in groups if g != own and g not in self.networks)
            if own in groups and (self.people is None or own not in self.people.groups):
                missing.append(own)
            if not missing:
                break
            async with self._lock:
                for group in missing:
                    await self._join(group, own)
        if socket.closing:
            self._sweep_later()  # went while the groups were joined: nothing to register
            return
        before = self.groups_of.get(socket, set())
        for group in groups - before:
            receiver = self.people if group == own else self.networks[group]
            assert receiver is not None  # noqa: S101 - joined above
            receiver.members.setdefault(socket.user_id, set()).add(socket)
        if groups:
            self.groups_of[socket] = set(groups)
        else:
            self.groups_of.pop(socket, None)
        if before - groups:
            self._remove(socket, before - groups)

    def leave(self, socket: Socket) -> None:
        """Unregister the socket from every group: nothing more is handed to it."""
        groups = self.groups_of.pop(socket, None)
        if groups:
            self._remove(socket, groups)

    async def rejoin(self, older_than: float) -> None:
        """Add the hub's channels to their groups again, those joined more than ``older_than``
        seconds ago: channel layers forget a group member after ``group_expiry`` (a day by
        default), and a receiver open longer would stop receiving without a sign."""
        layer = get_channel_layer()
        async with self._lock:
            for receiver in self.receivers():
                for group, joined_at in list(receiver.groups.items()):
                    if time.monotonic() - joined_at > older_than and group in receiver.groups:
                        await layer.group_add(group, receiver.channel)
                        receiver.groups[group] = time.monotonic()

    async def _join(self, group: str, own: str) -> None:
        layer = get_channel_layer()
        if group != own:
            if group not in self.networks:
                receiver = await self._open()
                await layer.group_add(group, receiver.channel)
                receiver.groups[group] = time.monotonic()
                self.networks[group] = receiver
            return
        if self.people is None:
            self.people = await self._open()
        if group not in self.people.groups:
            await layer.group_add(group, self.people.channel)
            self.people.groups[group] = time.monotonic()

    def _remove(self, socket: Socket, groups: set[str]) -> None:
        user_id = socket.user_id
        if user_id is None:
            return
        emptied = False
        for group in groups:
            if group == user_group(user_id):
                receiver = self.people
            else:
                receiver = self.networks.get(group)
            sockets = receiver.members.get(user_id) if receiver is not None else None
            if receiver is None or sockets is None:
                continue
            sockets.discard(socket)
            if not sockets:
                del receiver.members[user_id]
                emptied = True
        if emptied:
            self._sweep_later()

    def _sweep_later(self) -> None:
        if self._sweeping is None or self._sweeping.done():
            try:
                self._sweeping = asyncio.get_running_loop().create_task(self._sweep())
            except RuntimeError:  # the loop is going: its tasks go with it
                return

    async def _sweep(self) -> None:
        """Leave the groups that no local socket is in any more; end the receivers left
        without sockets."""
        layer = get_channel_layer()
        async with self._lock:
            try:
                for group in [g for g, r in self.networks.items() if not r.members]:
                    await self._close(self.networks.pop(group))
                people = self.people
                if people is not None and not people.members:
                    self.people = None
                    await self._close(people)
                elif people is not None:
                    wanted = {user_group(user_id) for user_id in people.members}
                    for group in [g for g in people.groups if g not in wanted]:
                        del people.groups[group]
                        await layer.group_discard(group, people.channel)
            except Exception:  # the layer hiccupped: the memberships expire
                log.exception("Could not leave the notifications groups")

    async def _open(self) -> Receiver:
        receiver = Receiver(channel=await get_channel_layer().new_channel())
        receiver.task = asyncio.get_running_loop().create_task(self._receive(receiver))
        return receiver

    async def _close(self, receiver: Receiver) -> None:
        if receiver.task is not None:
            receiver.task.cancel()
            try:
                await receiver.task
            except asyncio.CancelledError:
                pass
        layer = get_channel_layer()
        for group in list(receiver.groups):
            del receiver.groups[group]
            await layer.group_discard(group, receiver.channel)

    async def _receive(self, receiver: Receiver) -> None:
        """Receive the deliveries and hand them out, until cancelled: a failure of the layer
        is logged and receiving tried again, sooner at first, and a delivery that cannot be
        read is logged and the next one received."""
        layer = get_channel_layer()
        wait = FIRST_RETRY_SECONDS
        while True:
            try:
                event = await layer.receive(receiver.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                task = asyncio.current_task()
                if task is not None and task.cancelling():
                    raise  # cancelled while the layer was reading: the layer answered otherwise
                log.exception("Could not receive the notifications of %s", sorted(receiver.groups))
                await asyncio.sleep(wait)
                wait = min(wait * 2, LAST_RETRY_SECONDS)
                continue
            wait = FIRST_RETRY_SECONDS
            try:
                await self.hand_out(receiver, event)
            except Exception:
                self.refused += 1
                log.exception("Could not hand out a delivery of %s", sorted(receiver.groups))

    async def hand_out(self, receiver: Receiver, event: dict[str, Any]) -> None:
        """Hand each local socket of a person the delivery names its own entry, once."""
        if event.get("type") != BATCH:
            raise ValueError(f"not a delivery: {event.get('type')!r}")
        users, ids = event["users"], event["ids"]
        if not isinstance(users, list) or not isinstance(ids, list) or len(users) != len(ids):
            raise ValueError("a delivery's users and ids must be lists of one length")
        tail = contract_tail(event["message"])
        self.deliveries += 1
        members = receiver.members
        handed = 0
        for user_id, notification_id in zip(users, ids, strict=True):
            sockets = members.get(user_id)
            if not sockets or type(user_id) is not int or type(notification_id) is not int:
                continue
            text = f'{{"id": {notification_id}, {tail}'
            for socket in list(sockets):
                try:
                    await socket.live(notification_id, text)
                except Exception:  # one socket's failure is not the others'
                    log.exception("Could not hand a notification to a socket")
                handed += 1
                if handed % YIELD_EVERY == 0:
                    # A socket's send only queues the message: the server writes it out when
                    # the loop next turns. Turned now and then, the first sockets are written
                    # to while the last are still being handed theirs, not all after all.
                    await asyncio.sleep(0)


# One hub per event loop: a server runs one, a test may run many one after the other.
_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def notification_hub() -> Hub:
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = Hub()
    return hub
