"""Live notifications: N WebSocket clients on daphne and Redis, a writer, and what arrives.

Builds a network of N people (default 1,000) in 50 organisations, ten of them civil society, each
with an API token; starts daphne on the benchmark database with Redis as the channel layer, one
process per core as a deployment would (``--servers``; ``--servers 1,2`` runs each count), and
connects one WebSocket client per person (``Authorization: Token``), spread over the servers in
turn, from a process of their own. The writer then logs activities through ``activity_create`` at
the three visibilities, each with two partner organisations, one a second (``--gap``), and notes
the moment each commits; it writes as a server does, in a thread of an event loop, so that each
delivery reaches Redis through that loop's one connection. Each client notes when its messages
arrive. The first activity of each scenario only warms the writer and is not counted. Printed
per channel layer (``CHANNEL_LAYER=core`` and ``pubsub``), number of servers and scenario:

- ``concerned``: default settings; an activity reaches its organisations' people and the
  coordinators;
- ``network news``: everyone chose ``all_new_activities``; a network activity reaches everyone.

with the delivery latency from commit to receipt (p50, p99, max), the notifications lost (stored
for a person whose client had not received them five seconds after the last commit: must be 0),
leaked (received about an object the person may not see, by the access layer's audience, or not
stored for them: must be 0) and received twice; the writer's own share (the time from commit
until it had stored the notifications and handed them to the channel layer); and the CPU time the
servers and the clients spent per message received.
PostgreSQL and Redis are required (DATABASE_URL and REDIS_URL, or the local defaults).

    make bench            # or: .venv/bin/python bench/notifications.py --clients 1000
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import gc
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/samverkan")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")

ORGANISATIONS = 50
CIVIL_SOCIETY = 10
COORDINATORS = 2
PREFIX = "live-bench"
VISIBILITIES = ("organisation", "authorities", "network")
LAYERS = ("core", "pubsub")
SCENARIOS = ("concerned", "network news")
# Time for the last messages to arrive after the last commit: what has not arrived by then is lost.
SETTLE_SECONDS = 5.0
# Between two activities: long enough for one activity's messages to reach all the clients
# before the next is written, so that the latency of a delivery is measured, not a queue.
GAP_SECONDS = 1.0


# The clients: a process of their own, without Django, so that the writer never holds them up.


class Client(asyncio.Protocol):
    """One WebSocket client that listens, written to RFC 6455 with as little as it needs.

    The clients are the measuring instrument, and they share the cores with the servers: a
    client library's own work per message (parsing through generators and queues, some 50 us a
    message with ``websockets``) would be counted as latency, and hold up the servers. This one
    notes the arrival when the bytes are read, parses the frames in place and answers the
    server's pings. A message split into fragments, or a masked frame from the server, is a
    protocol error: the client is closed, and what it would have received counts as lost.
    """

    def __init__(self, user_id: int, token: str, host: str, received: list[tuple]) -> None:
        self.user_id = user_id
        self.token = token
        self.host = host
        self.received = received
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None
        self.upgraded = False
        self.answered: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self.leaving = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write(  # type: ignore[attr-defined]
            f"GET /ws/notifications/ HTTP/1.1\r\nHost: {self.host}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Authorization: Token {self.token}\r\n\r\n".encode()
        )

    def data_received(self, data: bytes) -> None:
        arrived = time.time()
        buffer = self.buffer
        buffer += data
        if not self.upgraded:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(buffer[: buffer.find(b"\r\n")])
            if status.split(b" ")[1:2] != [b"101"]:
                self._fail(f"handshake answered {status!r}")
                return
            del buffer[: end + 4]
            self.upgraded = True
            self.send_frame(0x1, b"ping")
        while len(buffer) >= 2:
            first, second = buffer[0], buffer[1]
            length, start = second & 0x7F, 2
            if length == 126:
                length, start = int.from_bytes(buffer[2:4], "big"), 4
            elif length == 127:
                length, start = int.from_bytes(buffer[2:10], "big"), 10
            if len(buffer) < start + length:
                return
            if not first & 0x80 or second & 0x80:
                raise RuntimeError(f"client {self.user_id}: a fragmented or masked frame")
            payload = bytes(buffer[start : start + length])
            del buffer[: start + length]
            opcode = first & 0x0F
            if opcode == 0x1:
                self.text(payload.decode(), arrived)
            elif opcode == 0x9:  # the server's ping: answered, or it closes the socket
                self.send_frame(0xA, payload)
            elif opcode == 0x8:
                code = int.from_bytes(payload[:2], "big") if payload else None
                self._fail(f"closed by the server with {code}")
                return

    def text(self, text: str, arrived: float) -> None:
        if not self.answered.done():
            self.answered.set_result(text)  # the answer to the ping: the groups are joined
            return
        item = json.loads(text)
        self.received.append((self.user_id, item["id"], item["object"]["id"], arrived))

    def send_frame(self, opcode: int, payload: bytes) -> None:
        """A client's frames are masked (RFC 6455, 5.3); these are all short."""
        mask = os.urandom(4)
        masked = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
        assert self.transport is not None and len(payload) < 126
        self.transport.write(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)

    def connection_lost(self, exc: Exception | None) -> None:
        self._fail(f"connection lost: {exc}")

    def _fail(self, why: str) -> None:
        if not self.answered.done():
            self.answered.set_exception(ConnectionError(why))
        elif not self.leaving:  # what it missed is counted as lost
            print(f"client {self.user_id} was disconnected: {why}", file=sys.stderr, flush=True)
        self.leaving = True
        if self.transport is not None:
            self.transport.close()


async def _client(port: int, token: str, user_id: int, received: list[tuple], ready: Any) -> None:
    loop = asyncio.get_running_loop()
    for attempt in range(20):
        client = Client(user_id, token, f"127.0.0.1:{port}", received)
        try:
            await loop.create_connection(lambda client=client: client, "127.0.0.1", port)
            # Answered once the socket has joined its groups: only then is it ready.
            if await asyncio.wait_for(client.answered, 60) != "pong":
                raise RuntimeError(f"client {user_id} was not answered")
            break
        except (OSError, TimeoutError):
            client.leaving = True
            if client.transport is not None:
                client.transport.close()
            await asyncio.sleep(0.2 * (attempt + 1))
    else:
        raise RuntimeError(f"client {user_id} could not connect")
    ready()


async def _clients(ports: list[int], tokens: list[tuple[int, str]], out: Path) -> None:
    received: list[tuple] = []
    connected = 0

    def ready() -> None:
        nonlocal connected
        connected += 1

    tasks = []
    for index, (user_id, token) in enumerate(tokens):
        port = ports[index % len(ports)]  # spread over the servers in turn, as a balancer would
        tasks.append(asyncio.create_task(_client(port, token, user_id, received, ready)))
        if index % 10 == 9:
            await asyncio.sleep(0.1)  # a handshake storm is not what is measured
    while connected < len(tokens):
        for task in tasks:
            if task.done() and task.exception():
                raise task.exception()  # type: ignore[misc]
        await asyncio.sleep(0.1)
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    out.write_text(json.dumps(received))
    print("written", flush=True)
    for task in tasks:
        task.cancel()


def run_clients(ports: list[int], tokens_file: Path, out: Path) -> None:
    tokens = [tuple(pair) for pair in json.loads(tokens_file.read_text())]
    asyncio.run(_clients(ports, tokens, out))  # type: ignore[arg-type]


# The writer and the world: Django on the benchmark database.


@dataclass
class Written:
    scenario: str
    activity_id: int
    visibility: str
    committed_at: float
    handed_at: float  # when the delivery had stored the notifications and given them to the layer


@dataclass
class Result:
    layer: str
    servers: int
    scenario: str
    latencies: list[float] = field(default_factory=list)
    handoffs: list[float] = field(default_factory=list)  # commit to the layer, in the writer
    expected: int = 0
    lost: int = 0
    leaked: int = 0
    duplicated: int = 0
    server_cpu: float = 0.0  # seconds of CPU the daphne processes used while it was written
    client_cpu: float = 0.0  # and the clients' process


def _reachable(url: str, default_port: int) -> str | None:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 2
        ):
            return None
    except OSError as error:
        return f"{parts.hostname}:{parts.port or default_port}: {error}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def build_world(clients: int) -> tuple[Any, list[Any], list[tuple[int, str]]]:
    """The network, its organisations and people, each with a token; rebuilt on every run."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from network.accounts.models import ApiToken
    from network.accounts.tokens import expiry_in, issue_tokens
    from network.core.services import network_add_organisation, organisation_create
    from network.events.models import Notification, NotificationSettings
    from network.models import Activity, Network, Organisation, Role, User

    old = Network.objects.filter(slug=PREFIX)
    Notification.objects.filter(network__in=old).delete()
    Activity.objects.filter(network__in=old).delete()
    User.objects.filter(username__startswith=PREFIX).delete()
    old.delete()
    Organisation.objects.filter(name__startswith=PREFIX).delete()
    Group.objects.filter(name__startswith=f"organisation:{PREFIX}").delete()

    network = Network.objects.create(name="Benchmark network", slug=PREFIX)
    kinds = Organisation.Kind
    organisations = [
        organisation_create(
            name=f"{PREFIX} {number}",
            kind=kinds.ASSOCIATION if number < CIVIL_SOCIETY else kinds.CITY_DEPARTMENT,
        )
        for number in range(ORGANISATIONS)
    ]
    for organisation in organisations:
        network_add_organisation(network=network, organisation=organisation)
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            username=f"{PREFIX}-{number}",
            password=password,
            organisation=organisations[number % ORGANISATIONS],
        )
        for number in range(clients)
    )
    Role.objects.bulk_create(
        Role(
            user=user,
            network=network,
            code=Role.Code.COORDINATOR if number < COORDINATORS else Role.Code.MEMBER,
        )
        for number, user in enumerate(users)
    )
    NotificationSettings.objects.bulk_create(NotificationSettings(user=user) for user in users)
    tokens = issue_tokens(users, "bench", expiry_in(1))
    vacuum([Notification, Activity, Activity.partners.through, User, User.groups.through, Role])
    vacuum([NotificationSettings, ApiToken, Organisation, Group, Network])
    return network, organisations, tokens


def vacuum(models: list[Any]) -> None:
    """Reclaim the rows the earlier runs deleted, and give the planner fresh statistics.

    The world is deleted and built again on every run. Where autovacuum is off (as on the
    machine the README's figures come from), the dead rows of every earlier run stay in the
    tables and their indexes, and storing a delivery's notifications became three times
    slower after some thirty runs: the benchmark would measure its own history.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        names = ", ".join(quote(model._meta.db_table) for model in models)
        cursor.execute(f"VACUUM ANALYZE {names}")


def write(
    network: Any, organisations: list[Any], scenario: str, per_visibility: int, gap: float
) -> list[Written]:
    """Log activities through the service, noting the moment each commits."""
    from django.db import transaction

    from network.activities.services import activity_create
    from network.events import publish
    from network.events.models import NotificationSettings
    from network.models import User

    NotificationSettings.objects.filter(user__username__startswith=PREFIX).update(
        all_new_activities=scenario == "network news"
    )
    authors = {
        organisation.pk: User.objects.filter(organisation=organisation)
        .exclude(roles__code="coordinator")
        .first()
        for organisation in organisations
    }
    written: list[Written] = []
    # The first activity of each scenario warms the writer (translation catalogues, query
    # compilation, the layer's connection) and is not counted: a server pays that once.
    for number in range(-1, per_visibility * len(VISIBILITIES)):
        visibility = VISIBILITIES[number % len(VISIBILITIES)]
        # Authorities lead most work; a civil-society organisation leads every fifth.
        lead = organisations[(number * 7) % ORGANISATIONS]
        partners = [
            organisations[(number * 7 + 13) % ORGANISATIONS],
            organisations[(number * 7 + 29) % ORGANISATIONS],
        ]
        committed: list[float] = []
        # The moment the delivery has handed the message to the layer: what comes after it in
        # the delivery (e-mail, the returned objects) delays no socket.
        send = publish._send

        def noted_send(*args: Any, send: Any = send, noted: list[float] = committed) -> None:
            send(*args)
            noted.append(time.time())

        publish._send = noted_send
        with transaction.atomic():
            # Registered before the service's own: runs first, the moment the commit returns.
            transaction.on_commit(lambda noted=committed: noted.append(time.time()))
            activity = activity_create(
                author=authors[lead.pk],
                network=network,
                title=f"Aktivitet {number}",
                starts_on=date(2026, 5, 4),
                partners=partners,
                visibility=visibility,
            )
            # Registered after the service's own: runs once the delivery has returned.
            transaction.on_commit(lambda noted=committed: noted.append(time.time()))
        publish._send = send
        if number >= 0:
            written.append(Written(scenario, activity.pk, visibility, committed[0], committed[1]))
        time.sleep(gap)  # one delivery at a time: latency, not a queue, is measured
    return written


def judge(
    layer: str, servers: int, scenario: str, written: list[Written], received: list[list[Any]]
) -> Result:
    """Compare what arrived with what was stored, and with who may see each object."""
    from network.access import activity_audience
    from network.events.models import Notification
    from network.models import Activity

    result = Result(layer, servers, scenario)
    by_activity: dict[int, list[list[Any]]] = {}
    for row in received:
        by_activity.setdefault(row[2], []).append(row)
    for item in written:
        activity = Activity.objects.get(pk=item.activity_id)
        stored = set(
            Notification.objects.filter(
                object_type="activity", object_id=item.activity_id, event="activity.created"
            ).values_list("recipient_id", "pk")
        )
        audience = set(activity_audience(activity).values_list("pk", flat=True))
        arrived = by_activity.get(item.activity_id, [])
        pairs = [(user_id, notification_id) for user_id, notification_id, _obj, _at in arrived]
        result.expected += len(stored)
        result.lost += len(stored - set(pairs))
        result.duplicated += len(pairs) - len(set(pairs))
        result.leaked += sum(
            1
            for user_id, pk in set(pairs)
            if user_id not in audience or (user_id, pk) not in stored
        )
        result.latencies.extend((at - item.committed_at) * 1000 for _u, _n, _o, at in arrived)
        result.handoffs.append((item.handed_at - item.committed_at) * 1000)
    return result


def cpu_seconds(pids: list[int]) -> float:
    """The CPU time the processes have used so far, user and system (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


async def write_as_a_server(
    network: Any,
    organisations: list[Any],
    per_visibility: int,
    gap: float,
    servers: list[int],
    clients: int,
) -> tuple[list[Written], dict[str, tuple[float, float]]]:
    """Every scenario's activities, written as a server writes them: in a thread of an event
    loop's, so that the delivery's ``async_to_sync`` hands the message to the layer on that one
    loop, through its one connection to Redis, as a request's does on daphne's loop. From a plain
    thread it would start a loop, and open a connection, for every delivery."""
    from asgiref.sync import sync_to_async
    from django.db import connections

    in_thread = sync_to_async(write, thread_sensitive=True)
    written: list[Written] = []
    cpu: dict[str, tuple[float, float]] = {}
    for scenario in SCENARIOS:
        before = cpu_seconds(servers), cpu_seconds([clients])
        # Each activity is followed by the gap, in which its messages arrive.
        written += await in_thread(network, organisations, scenario, per_visibility, gap)
        cpu[scenario] = (
            cpu_seconds(servers) - before[0],
            cpu_seconds([clients]) - before[1],
        )
    await sync_to_async(connections.close_all, thread_sensitive=True)()
    return written, cpu


def start_daphne(layer: str, port: int, database_url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CHANNEL_LAYER": layer,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    with log.open("wb") as output:  # a file, not a pipe nobody reads: daphne would block on it
        daphne = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                str(ROOT / ".venv/bin/daphne"),
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "config.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if daphne.poll() is not None:
            raise RuntimeError(f"daphne stopped: {log.read_text()[-2000:]}")
        if _reachable(f"http://127.0.0.1:{port}", port) is None:
            return daphne
        time.sleep(0.2)
    raise RuntimeError("daphne did not start within a minute")


def run_layer(
    layer: str,
    servers: int,
    network: Any,
    organisations: list[Any],
    tokens_file: Path,
    database_url: str,
    per_visibility: int,
    gap: float,
) -> list[Result]:
    from django.conf import settings

    ports = [_free_port() for _server in range(servers)]
    logs = [
        Path(tempfile.gettempdir()) / f"bench-notifications-daphne-{layer}-{index}.log"
        for index in range(servers)
    ]
    daphnes = [
        start_daphne(layer, port, database_url, log) for port, log in zip(ports, logs, strict=True)
    ]
    name = f"{layer}, {servers} server{'s' if servers > 1 else ''}"
    # The writer publishes through the same kind of layer as daphne listens on.
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": settings.CHANNEL_LAYER_BACKENDS[layer],
            "CONFIG": {"hosts": [settings.CHANNEL_LAYER_HOST]},
        }
    }
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "received.json"
        clients = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                sys.executable,
                __file__,
                "--serve-clients",
                ",".join(map(str, ports)),
                str(tokens_file),
                str(out),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            started = time.monotonic()
            line = clients.stdout.readline()  # type: ignore[union-attr]
            if line.strip() != "ready":
                print(f"  {name}: skipped, the clients could not all connect (see {logs[0]})")
                return []
            print(f"  {name}: clients connected in {time.monotonic() - started:.1f} s", flush=True)
            written, cpu = asyncio.run(
                write_as_a_server(
                    network,
                    organisations,
                    per_visibility,
                    gap,
                    [daphne.pid for daphne in daphnes],
                    clients.pid,
                )
            )
            time.sleep(SETTLE_SECONDS)
            clients.stdin.write("stop\n")  # type: ignore[union-attr]
            clients.stdin.flush()  # type: ignore[union-attr]
            clients.stdout.readline()  # type: ignore[union-attr]
            received = json.loads(out.read_text())
        finally:
            clients.kill()
            clients.wait()
            for daphne in daphnes:
                daphne.terminate()
            for daphne in daphnes:
                daphne.wait()
    results = []
    for scenario in SCENARIOS:
        result = judge(
            layer, servers, scenario, [w for w in written if w.scenario == scenario], received
        )
        result.server_cpu, result.client_cpu = cpu[scenario]
        results.append(result)
    return results


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--activities", type=int, default=5, help="per visibility and scenario")
    parser.add_argument(
        "--gap", type=float, default=GAP_SECONDS, help="seconds between two activities"
    )
    parser.add_argument("--layers", default=",".join(LAYERS))
    parser.add_argument(
        "--servers",
        default=str(os.cpu_count() or 1),
        help="daphne processes, the clients spread over them; a list runs each (default: cores)",
    )
    parser.add_argument("--serve-clients", nargs=3, metavar=("PORTS", "TOKENS", "OUT"))
    args = parser.parse_args()
    if args.serve_clients:
        ports, tokens_file, out = args.serve_clients
        run_clients([int(port) for port in ports.split(",")], Path(tokens_file), Path(out))
        return

    database_url, redis_url = os.environ["DATABASE_URL"], os.environ["REDIS_URL"]
    if not database_url.startswith(("postgres://", "postgresql://")):
        print("notifications: skipped, PostgreSQL is required (DATABASE_URL=postgres://...)")
        return
    for url, port in ((database_url, 5432), (redis_url, 6379)):
        unreachable = _reachable(url, port)
        if unreachable:
            print(f"notifications: skipped, PostgreSQL and Redis are required: {unreachable}")
            return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from harness import bench_database

    bench_database()
    from django.db import connection

    bench_url = database_url.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    print(
        f"Notifications: {args.clients} clients, {args.activities} activities per visibility and "
        f"scenario, one every {args.gap:g} s; {args.servers} daphne process(es), {os.cpu_count()} "
        "cores"
    )
    network, organisations, tokens = build_world(args.clients)
    # The writer stands for a server's request thread: what was built at start is kept out of
    # the full collections, as config/asgi.py does in a server.
    gc.freeze()
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as scratch:
        tokens_file = Path(scratch) / "tokens.json"
        tokens_file.write_text(json.dumps(tokens))
        for servers in (int(count) for count in args.servers.split(",")):
            for layer in args.layers.split(","):
                results += run_layer(
                    layer,
                    servers,
                    network,
                    organisations,
                    tokens_file,
                    bench_url,
                    args.activities,
                    args.gap,
                )

    print()
    print(
        f"{'layer':<8} {'servers':>7} {'scenario':<13} {'messages':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'max ms':>7} {'lost':>5} {'leaked':>6} {'twice':>5} {'sent p50':>8} {'sent max':>8} "
        f"{'server us':>9} {'client us':>9}"
    )
    for result in results:
        samples = result.latencies
        print(
            f"{result.layer:<8} {result.servers:>7} {result.scenario:<13} {len(samples):>8} "
            f"{statistics.median(samples) if samples else float('nan'):>7.1f} "
            f"{percentile(samples, 0.99):>7.1f} {max(samples, default=float('nan')):>7.1f} "
            f"{result.lost:>5} {result.leaked:>6} {result.duplicated:>5} "
            f"{statistics.median(result.handoffs) if result.handoffs else float('nan'):>8.1f} "
            f"{max(result.handoffs, default=float('nan')):>8.1f} "
            f"{result.server_cpu * 1e6 / len(samples) if samples else float('nan'):>9.0f} "
            f"{result.client_cpu * 1e6 / len(samples) if samples else float('nan'):>9.0f}"
        )
    print("sent: from commit until the writer had stored the notifications and handed them over")
    print(
        "server us, client us: CPU time of the daphne processes and of the clients' process while "
        "the scenario was written, per message received (their idle work included)"
    )
    print("target: p99 < 50 ms at 1,000 clients; 0 lost; 0 leaked")


if __name__ == "__main__":
    main()
