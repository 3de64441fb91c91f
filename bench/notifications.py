"""Live notifications: N WebSocket clients on daphne and Redis, a writer, and what arrives.

Builds a network of N people (default 1,000) in 50 organisations, ten of them civil society, each
with an API token; starts daphne on the benchmark database with Redis as the channel layer, and
connects one WebSocket client per person (``Authorization: Token``) from a process of their own.
The writer then logs activities through ``activity_create`` at the three visibilities, each with
two partner organisations, one a second (``--gap``), and notes the moment each commits; each
client notes when its messages arrive. The first activity of each scenario only warms the writer
and is not counted. Printed per channel layer (``CHANNEL_LAYER=core`` and ``pubsub``) and
scenario:

- ``concerned``: default settings; an activity reaches its organisations' people and the
  coordinators;
- ``network news``: everyone chose ``all_new_activities``; a network activity reaches everyone.

with the delivery latency from commit to receipt (p50, p99, max), the notifications lost (stored
for a person whose client had not received them five seconds after the last commit: must be 0),
leaked (received about an object the person may not see, by the access layer's audience, or not
stored for them: must be 0) and received twice, and the writer's own share: the time from commit
until its delivery returned (stored, and handed to the channel layer).
PostgreSQL and Redis are required (DATABASE_URL and REDIS_URL, or the local defaults).

    make bench            # or: .venv/bin/python bench/notifications.py --clients 1000
"""

from __future__ import annotations

import argparse
import asyncio
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


async def _client(url: str, token: str, user_id: int, received: list[tuple], ready: Any) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed, InvalidMessage, InvalidStatus

    headers = {"Authorization": f"Token {token}"}
    for attempt in range(20):
        try:
            socket_ = await connect(
                url, additional_headers=headers, open_timeout=60, ping_interval=None
            )
            # Answered once the socket has joined its groups: only then is it ready.
            await socket_.send("ping")
            if await asyncio.wait_for(socket_.recv(), 60) != "pong":
                raise RuntimeError(f"client {user_id} was not answered")
            break
        except (OSError, TimeoutError, InvalidMessage, InvalidStatus, ConnectionClosed):
            await asyncio.sleep(0.2 * (attempt + 1))
    else:
        raise RuntimeError(f"client {user_id} could not connect")
    ready()
    async with socket_:
        try:
            async for text in socket_:
                arrived = time.time()
                item = json.loads(text)
                received.append((user_id, item["id"], item["object"]["id"], arrived))
        except ConnectionClosed as closed:  # what it missed is counted as lost
            print(f"client {user_id} was disconnected: {closed}", file=sys.stderr, flush=True)


async def _clients(port: int, tokens: list[tuple[int, str]], out: Path) -> None:
    url = f"ws://127.0.0.1:{port}/ws/notifications/"
    received: list[tuple] = []
    connected = 0

    def ready() -> None:
        nonlocal connected
        connected += 1

    tasks = []
    for index, (user_id, token) in enumerate(tokens):
        tasks.append(asyncio.create_task(_client(url, token, user_id, received, ready)))
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


def run_clients(port: int, tokens_file: Path, out: Path) -> None:
    tokens = [tuple(pair) for pair in json.loads(tokens_file.read_text())]
    asyncio.run(_clients(port, tokens, out))  # type: ignore[arg-type]


# The writer and the world: Django on the benchmark database.


@dataclass
class Written:
    scenario: str
    activity_id: int
    visibility: str
    committed_at: float
    handed_at: float  # when the service's delivery returned: stored, and given to the layer


@dataclass
class Result:
    layer: str
    scenario: str
    latencies: list[float] = field(default_factory=list)
    handoffs: list[float] = field(default_factory=list)  # commit to the layer, in the writer
    expected: int = 0
    lost: int = 0
    leaked: int = 0
    duplicated: int = 0


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
    from rest_framework.authtoken.models import Token

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
    tokens = Token.objects.bulk_create(Token(user=user, key=Token.generate_key()) for user in users)
    return network, organisations, [(token.user_id, token.key) for token in tokens]


def write(
    network: Any, organisations: list[Any], scenario: str, per_visibility: int, gap: float
) -> list[Written]:
    """Log activities through the service, noting the moment each commits."""
    from django.db import transaction

    from network.activities.services import activity_create
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
        if number >= 0:
            written.append(Written(scenario, activity.pk, visibility, committed[0], committed[1]))
        time.sleep(gap)  # one delivery at a time: latency, not a queue, is measured
    return written


def judge(layer: str, scenario: str, written: list[Written], received: list[list[Any]]) -> Result:
    """Compare what arrived with what was stored, and with who may see each object."""
    from network.access import activity_audience
    from network.events.models import Notification
    from network.models import Activity

    result = Result(layer, scenario)
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
    network: Any,
    organisations: list[Any],
    tokens_file: Path,
    database_url: str,
    per_visibility: int,
    gap: float,
) -> list[Result]:
    from django.conf import settings

    port = _free_port()
    daphne_log = Path(tempfile.gettempdir()) / f"bench-notifications-daphne-{layer}.log"
    daphne = start_daphne(layer, port, database_url, daphne_log)
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
            [sys.executable, __file__, "--serve-clients", str(port), str(tokens_file), str(out)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            started = time.monotonic()
            line = clients.stdout.readline()  # type: ignore[union-attr]
            if line.strip() != "ready":
                print(f"  {layer}: skipped, the clients could not all connect (see {daphne_log})")
                return []
            print(f"  {layer}: clients connected in {time.monotonic() - started:.1f} s", flush=True)
            written: list[Written] = []
            for scenario in SCENARIOS:
                written += write(network, organisations, scenario, per_visibility, gap)
            time.sleep(SETTLE_SECONDS)
            clients.stdin.write("stop\n")  # type: ignore[union-attr]
            clients.stdin.flush()  # type: ignore[union-attr]
            clients.stdout.readline()  # type: ignore[union-attr]
            received = json.loads(out.read_text())
        finally:
            clients.kill()
            clients.wait()
            daphne.terminate()
            daphne.wait()
    return [
        judge(layer, scenario, [w for w in written if w.scenario == scenario], received)
        for scenario in SCENARIOS
    ]


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
    parser.add_argument("--serve-clients", nargs=3, metavar=("PORT", "TOKENS", "OUT"))
    args = parser.parse_args()
    if args.serve_clients:
        port, tokens_file, out = args.serve_clients
        run_clients(int(port), Path(tokens_file), Path(out))
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
    try:
        import websockets  # noqa: F401
    except ImportError:
        print(
            "notifications: skipped, the websockets package is required (pip install -e '.[dev]')"
        )
        return

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from harness import bench_database

    bench_database()
    from django.db import connection

    bench_url = database_url.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    print(
        f"Notifications: {args.clients} clients, {args.activities} activities per visibility and "
        f"scenario, one every {args.gap:g} s"
    )
    network, organisations, tokens = build_world(args.clients)
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as scratch:
        tokens_file = Path(scratch) / "tokens.json"
        tokens_file.write_text(json.dumps(tokens))
        for layer in args.layers.split(","):
            results += run_layer(
                layer, network, organisations, tokens_file, bench_url, args.activities, args.gap
            )

    print()
    print(
        f"{'layer':<8} {'scenario':<13} {'messages':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'max ms':>7} {'lost':>5} {'leaked':>6} {'twice':>5} {'sent p50':>8} {'sent max':>8}"
    )
    for result in results:
        samples = result.latencies
        print(
            f"{result.layer:<8} {result.scenario:<13} {len(samples):>8} "
            f"{statistics.median(samples) if samples else float('nan'):>7.1f} "
            f"{percentile(samples, 0.99):>7.1f} {max(samples, default=float('nan')):>7.1f} "
            f"{result.lost:>5} {result.leaked:>6} {result.duplicated:>5} "
            f"{statistics.median(result.handoffs) if result.handoffs else float('nan'):>8.1f} "
            f"{max(result.handoffs, default=float('nan')):>8.1f}"
        )
    print("sent: from commit until the writer's delivery returned (stored, handed to the layer)")
    print("target: p99 < 50 ms at 1,000 clients; 0 lost; 0 leaked")


if __name__ == "__main__":
    main()
