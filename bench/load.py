"""Load test: two daphne processes on PostgreSQL and Redis serving one set of people.

Builds a network of ``--people`` (default 300) in 20 organisations (four of them civil
society), with coordinators, a security chief, a contact person per organisation, report readers
and members, each with an API key (``issue_token``), and a thousand activities and fifty meetings
to read; starts ``--servers`` daphne processes (default 2) on that database with Redis as the
channel layer and cache, as a deployment behind a balancer would run them; then loads them from
processes of their own:

- locust (``bench/locustfile.py``, headless, ``--users`` simulated people for ``--duration``
  seconds) with readers (activities, meetings, ``me/``, unread notifications), writers (log an
  activity with two partner organisations, change one of theirs, post an update on one) and
  report readers (the quarterly report by direction and organisation). Each simulated person
  is pinned to one server, in turn, so that half of them use each;
- one WebSocket client per person with an organisation, on ``/ws/notifications/`` with
  ``Authorization: Token`` (no ``Origin``), spread over the servers in turn. They run in an
  asyncio process of their own rather than as locust users: under gevent a client's arrival
  time would wait for whichever greenlet holds the load generator's core, and the clients are
  the measuring instrument for the delivery latency. They reuse ``bench/notifications.py``'s
  minimal RFC 6455 listener, which notes the arrival when the bytes are read.

A writer on one server and a reader connected to the other share nothing but PostgreSQL and
Redis, so every notification stored for a person whose socket is on the other process than the
write proves the cross-process delivery. Afterwards the notifications stored for the connected
people during the load are compared with what their sockets received: the run fails (exit 1) if
any HTTP request failed, any socket failed or was closed, any notification was lost, arrived
twice, arrived for someone it was not stored for, or took longer than ``--deadline`` (5 s), or,
with two servers, if notifications did not cross from each server to the other.

Printed: requests/s and p50/p95/p99 latency per kind of request and in total, errors, the
requests and CPU use per server, the WebSocket clients connected, the notifications delivered
within and across processes with their latency, and the versions of PostgreSQL and Redis.
``--servers 1,2`` runs the same load on one server, then on two. The database is
``samverkan_load_bench`` next to ``--database-url`` (made by Django's test-database creation, as
the other benchmarks do), Redis database 5; the world is rebuilt on every run. Logs, the plan
and the results go to ``var/load/``. Nothing else is written. Takes about two minutes.

    make bench            # or: .venv/bin/python bench/load.py --duration 60 --users 40
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the virtual environment's scripts: daphne, locust
VAR = ROOT / "var" / "load"
PREFIX = "load-bench"
ORGANISATIONS = 20
CIVIL_SOCIETY = 4
REPORT_READERS = 10
ACTIVITIES = 1000
MEETINGS = 50
FIRST_PORT = 8101
# A notification that takes longer than this from being stored to reaching its socket fails
# (``--deadline``).
DEADLINE_SECONDS = 5.0
# Time for the last notifications to arrive after the load has stopped.
SETTLE_SECONDS = 5.0
# The servers' key: random, as a production key must be, and the same for both servers.
SECRET_KEY = secrets.token_urlsafe(50)
# High enough that the throttles never answer 429: the app is measured, not its limits.
RATES = {
    "API_RATE_USER": "100000/min",
    "API_RATE_TOKEN": "100000/min",
    "API_RATE_ANON": "100000/min",
}


# The WebSocket clients: a process of their own, without Django.


def listener_class(errors: list[str]) -> type:
    """``bench/notifications.py``'s minimal RFC 6455 listener, noting every failure after the
    handshake (a close by the server, a lost connection) as an error."""
    from notifications import Client

    class Listener(Client):
        def _fail(self, why: str) -> None:
            if self.answered.done() and not self.leaving:
                errors.append(f"client {self.user_id} on {self.host}: {why}")
            super()._fail(why)

    return Listener


# Handshakes in flight at once: more only queue in the servers and time out, on a busy machine.
HANDSHAKES = 16


async def _connect(
    port: int,
    key: str,
    user_id: int,
    received: list[tuple],
    errors: list[str],
    kind: type,
    handshakes: asyncio.Semaphore,
) -> Any:
    """One listening socket whose handshake has been answered; retried while the server is busy."""
    loop = asyncio.get_running_loop()
    for attempt in range(10):
        client = kind(user_id, key, f"127.0.0.1:{port}", received)
        try:
            async with handshakes:
                await loop.create_connection(lambda: client, "127.0.0.1", port)  # noqa: B023
                # Answered once the socket has joined its groups: only then is it listening.
                if await asyncio.wait_for(client.answered, 60) != "pong":
                    raise ConnectionError("the ping was not answered with pong")
            return client
        except (OSError, TimeoutError, ConnectionError) as error:
            client.leaving = True
            if client.transport is not None:
                client.transport.close()
            if attempt == 9:
                errors.append(f"client {user_id} on {port} could not connect: {error}")
            await asyncio.sleep(0.5 * (attempt + 1))
    return None


async def _clients(spec: list[list[Any]], out: Path) -> None:
    received: list[tuple] = []
    errors: list[str] = []
    kind = listener_class(errors)
    handshakes = asyncio.Semaphore(HANDSHAKES)
    clients = await asyncio.gather(
        *(
            _connect(port, key, user_id, received, errors, kind, handshakes)
            for user_id, key, port in spec
        )
    )
    connected = [client.user_id for client in clients if client is not None]
    print("ready", len(connected), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    out.write_text(json.dumps({"connected": connected, "received": received, "errors": errors}))
    for client in clients:
        if client is not None:
            client.leaving = True
    print("written", flush=True)


def serve_clients(spec_file: Path, out: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    asyncio.run(_clients(json.loads(spec_file.read_text()), out))


# The world: Django on the load database.


def build_world(people: int) -> dict[str, Any]:
    """The network, its organisations, people, activities and meetings, and a key per person.

    Rebuilt on every run, so that each run starts from the same data. Returns the plan's people
    and organisations as ``bench/locustfile.py`` reads them.
    """
    from django.db import transaction

    with transaction.atomic():  # one commit, not one per person
        plan = _build_world(people)
    _vacuum()
    return plan


def _build_world(people: int) -> dict[str, Any]:
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from network.accounts.tokens import issue_token
    from network.core.services import network_add_organisation, organisation_create
    from network.events.models import Notification
    from network.meetings.models import Meeting
    from network.models import Activity, Network, Organisation, Role, Update, User

    old = Network.objects.filter(slug=PREFIX)
    Notification.objects.filter(network__in=old).delete()
    Update.objects.filter(network__in=old).delete()
    Activity.objects.filter(network__in=old).delete()
    Meeting.objects.filter(network__in=old).delete()
    User.objects.filter(username__startswith=PREFIX).delete()
    old.delete()
    Organisation.objects.filter(name__startswith=PREFIX).delete()
    Group.objects.filter(name__startswith=f"organisation:{PREFIX}").delete()

    network = Network.objects.create(name="Load test network", slug=PREFIX)
    kinds = Organisation.Kind
    organisations = [
        organisation_create(
            name=f"{PREFIX} {number}",
            kind=kinds.ASSOCIATION if number < CIVIL_SOCIETY else kinds.CITY_DEPARTMENT,
        )
        for number in range(ORGANISATIONS)
    ]
    for member in organisations:
        network_add_organisation(network=network, organisation=member)

    # In bulk, as the services would leave them: each person in their organisation's group
    # (which carries its grants), with their roles; a key each through the token service.
    def roles_of(number: int) -> list[str]:
        if number >= people - REPORT_READERS:
            return [Role.Code.REPORT_READER]
        if number < 2:
            return [Role.Code.COORDINATOR]
        if number == 2:
            return [Role.Code.SECURITY_CHIEF]
        if number < 3 + ORGANISATIONS:
            return [Role.Code.MEMBER, Role.Code.CONTACT_PERSON]
        return [Role.Code.MEMBER]

    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            username=f"{PREFIX}-{number}",
            password=password,
            organisation=(
                None
                if Role.Code.REPORT_READER in roles_of(number)
                else organisations[number % ORGANISATIONS]
            ),
        )
        for number in range(people)
    )
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=user.organisation.group_id)
        for user in users
        if user.organisation is not None
    )
    Role.objects.bulk_create(
        Role(user=user, network=network, code=code)
        for number, user in enumerate(users)
        for code in roles_of(number)
    )
    plan: dict[str, list[dict[str, Any]]] = {"readers": [], "writers": [], "report_readers": []}
    expires_at = timezone.now() + timedelta(days=1)
    for number, user in enumerate(users):
        _token, key = issue_token(user, "load test", expires_at)
        person = {"id": user.pk, "key": key, "organisation": user.organisation_id}
        if user.organisation_id is None:
            plan["report_readers"].append(person)
            continue
        plan["readers"].append(person)
        if roles_of(number) == [Role.Code.MEMBER]:
            plan["writers"].append(person)

    today = timezone.localdate()
    visibilities = ("organisation", "authorities", "network")
    Activity.objects.bulk_create(
        Activity(
            network=network,
            title=f"Insats {number}",
            description="Samtal med unga i centrum.",
            organisation=organisations[number % ORGANISATIONS],
            status="completed" if number % 3 else "planned",
            starts_on=today - timedelta(days=number % 365),
            participants_count=number % 40,
            visibility=visibilities[number % 3],
        )
        for number in range(ACTIVITIES)
    )
    now = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(
            network=network,
            title=f"Nätverksmöte {number}",
            starts_at=now + timedelta(days=number - MEETINGS // 2),
            ends_at=now + timedelta(days=number - MEETINGS // 2, hours=2),
            organisation=organisations[number % ORGANISATIONS],
            state=Meeting.State.SCHEDULED,
            visibility=visibilities[number % 3],
        )
        for number in range(MEETINGS)
    )
    return {
        "people": plan,
        "organisations": [organisation.pk for organisation in organisations],
        "today": today.isoformat(),
    }


def _vacuum() -> None:
    """Reclaim the rows of earlier runs and give the planner fresh statistics."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def versions(redis_url: str) -> dict[str, str]:
    import daphne
    import django
    import redis
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    info = redis.Redis.from_url(redis_url).info("server")
    try:
        from importlib.metadata import version

        locust = version("locust")
    except Exception:  # noqa: BLE001 - only printed
        locust = "?"
    return {
        "PostgreSQL": postgres,
        "Redis": str(info["redis_version"]),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "daphne": daphne.__version__,
        "locust": locust,
    }


# The servers and the load.


def _reachable(host: str, port: int) -> str | None:
    try:
        with socket.create_connection((host, port), 2):
            return None
    except OSError as error:
        return f"{host}:{port}: {error}"


def _port(preferred: int) -> int:
    """The preferred port if it is free on 127.0.0.1, else any free one."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            probe.bind(("127.0.0.1", 0))
            return int(probe.getsockname()[1])


def start_daphne(port: int, database_url: str, redis_url: str, log: Path) -> subprocess.Popen:
    """A production-like server process: DEBUG off, a key of its own, only 127.0.0.1 allowed."""
    env = {
        **os.environ,
        **RATES,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "TWO_FACTOR_REQUIRED": "0",
    }
    with log.open("wb") as output:  # a file, not a pipe nobody reads: daphne would block on it
        return subprocess.Popen(  # noqa: S603 - fixed arguments
            [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port)] + ["config.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches this process only; it stops them in order
        )


def wait_healthy(daphne: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if daphne.poll() is not None:
            raise RuntimeError(f"daphne on {port} stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"daphne on {port} was not healthy within a minute (see {log})")


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def database_connections() -> int:
    """The connections open to the load database now, but this process's own: the servers'."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used so far, user and system (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    servers: int
    deadline: float = DEADLINE_SECONDS
    seconds: float = 0.0
    # The 1-minute load average before the load and at its end: others' work on the same cores.
    load_before: float = 0.0
    load_after: float = 0.0
    # The most connections the servers held to PostgreSQL at once, sampled every 2 s.
    connections: int = 0
    max_connections: int = 0
    timings: dict[str, list[float]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    failure_samples: list[str] = field(default_factory=list)
    per_server: dict[str, int] = field(default_factory=dict)
    server_cpu: dict[str, float] = field(default_factory=dict)
    clients: int = 0
    connected: int = 0
    ws_errors: list[str] = field(default_factory=list)
    stored: int = 0
    received: int = 0
    lost: int = 0
    leaked: int = 0
    twice: int = 0
    late: int = 0
    same: list[float] = field(default_factory=list)  # latency, ms, same process as the write
    cross: list[float] = field(default_factory=list)  # across processes
    cross_ways: dict[str, int] = field(default_factory=dict)
    writes_to_socket: list[float] = field(default_factory=list)  # activity saved to received

    @property
    def errors(self) -> int:
        return sum(self.failures.values())

    def problems(self) -> list[str]:
        found = []
        if self.errors:
            found.append(f"{self.errors} HTTP requests failed")
        if self.ws_errors or self.connected < self.clients:
            found.append(
                f"{len(self.ws_errors)} WebSocket errors, {self.connected} of {self.clients} "
                "clients connected"
            )
        for count, what in (
            (self.lost, "lost"),
            (self.leaked, "received by someone they were not stored for"),
            (self.twice, "received twice"),
            (self.late, f"later than {self.deadline:g} s"),
        ):
            if count:
                found.append(f"{count} notifications {what}")
        if not self.stored:
            found.append("no notification was stored: nothing was proven")
        if self.servers > 1 and len([way for way, n in self.cross_ways.items() if n]) < 2:
            found.append(f"notifications did not cross both ways: {self.cross_ways}")
        return found


def run_load(servers: int, args: argparse.Namespace, plan: dict[str, Any], urls: dict) -> Run:
    """Start the servers, connect the clients, run locust, and judge what arrived."""
    from django.db import connection
    from django.utils import timezone

    run = Run(servers, args.deadline)
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        run.max_connections = int(cursor.fetchone()[0])
    VAR.mkdir(parents=True, exist_ok=True)
    ports: list[int] = []
    for index in range(servers):
        port = _port(args.port + index)
        while port in ports:
            port = _port(0)
        ports.append(port)
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    logs = [VAR / f"daphne-{index + 1}.log" for index in range(servers)]
    daphnes: list[subprocess.Popen] = []
    clients: subprocess.Popen | None = None
    locust: subprocess.Popen | None = None
    plan_file, spec_file = VAR / "plan.json", VAR / "clients.json"
    results_file, received_file = VAR / "locust-results.json", VAR / "received.json"
    for stale in (results_file, received_file):
        stale.unlink(missing_ok=True)
    try:
        for port, log in zip(ports, logs, strict=True):
            daphnes.append(start_daphne(port, urls["database"], urls["redis"], log))
        for daphne, port, log in zip(daphnes, ports, logs, strict=True):
            wait_healthy(daphne, port, log)
        print(f"  {servers} server(s) healthy on {', '.join(bases)}", flush=True)

        listeners = [
            [person["id"], person["key"], ports[index % servers]]
            for index, person in enumerate(plan["people"]["readers"])
        ]
        run.clients = len(listeners)
        spec_file.write_text(json.dumps(listeners))
        started = time.monotonic()
        clients = subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, __file__, "--serve-clients", str(spec_file), str(received_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        line = (clients.stdout.readline() if clients.stdout else "").split()
        if not line or line[0] != "ready":
            raise RuntimeError("the WebSocket clients stopped before they were connected")
        ready_at = timezone.now()
        print(
            f"  {line[1]} of {run.clients} WebSocket clients connected in "
            f"{time.monotonic() - started:.1f} s; locust: {args.users} users for "
            f"{args.duration} s",
            flush=True,
        )

        plan_file.write_text(json.dumps({**plan, "servers": bases, "results": str(results_file)}))
        run.load_before = os.getloadavg()[0]
        cpu_before = {base: cpu_seconds(d.pid) for base, d in zip(bases, daphnes, strict=True)}
        load_started = time.monotonic()
        with (VAR / f"locust-{servers}.log").open("wb") as output:
            locust = subprocess.Popen(  # noqa: S603 - fixed arguments
                [str(BIN / "locust"), "-f", str(ROOT / "bench/locustfile.py")]
                + ["--headless", "--only-summary", "--host", bases[0]]
                + ["-u", str(args.users), "-r", str(args.spawn_rate)]
                + ["--run-time", f"{args.duration}s", "--stop-timeout", "5"],
                cwd=ROOT,
                env={**os.environ, "LOAD_PLAN": str(plan_file)},
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            deadline = time.monotonic() + args.duration + 60
            while locust.poll() is None:
                if time.monotonic() > deadline:
                    raise RuntimeError("locust did not stop within a minute of its run time")
                run.connections = max(run.connections, database_connections())
                time.sleep(2)
        load_seconds = time.monotonic() - load_started
        run.load_after = os.getloadavg()[0]
        run.server_cpu = {
            urlsplit(base).netloc: (cpu_seconds(d.pid) - cpu_before[base]) / load_seconds
            for base, d in zip(bases, daphnes, strict=True)
        }
        time.sleep(SETTLE_SECONDS)
        if clients.stdin and clients.stdout:
            clients.stdin.write("stop\n")
            clients.stdin.flush()
            clients.stdout.readline()
            clients.wait(10)
    finally:
        started_processes: list[subprocess.Popen | None] = [locust, clients, *daphnes]
        for process in started_processes:
            stop(process)
        for secret in (plan_file, spec_file):
            secret.unlink(missing_ok=True)  # they hold keys

    if not results_file.exists():
        raise RuntimeError(f"locust wrote no results (see {VAR / f'locust-{servers}.log'})")
    results = json.loads(results_file.read_text())
    run.seconds = results["stopped"] - results["started"]
    run.timings, run.failures = results["timings"], results["failures"]
    run.failure_samples, run.per_server = results["failure_samples"], results["per_server"]
    judge(run, results["written"], json.loads(received_file.read_text()), listeners, ready_at)
    return run


def judge(
    run: Run,
    written: list[list[Any]],
    sockets: dict[str, Any],
    listeners: list[list[Any]],
    ready_at: datetime,
) -> None:
    """Compare what the sockets received with the notifications stored for their people."""
    from network.events.models import Notification
    from network.models import Activity

    run.connected, run.ws_errors = len(sockets["connected"]), sockets["errors"]
    port_of = {user_id: port for user_id, _key, port in listeners}
    writer_of = {(kind, pk): urlsplit(base).port for kind, pk, base, _at in written}
    stored = {
        (row[1], row[0]): row
        for row in Notification.objects.filter(
            recipient_id__in=sockets["connected"], created_at__gte=ready_at
        ).values_list("pk", "recipient_id", "event", "object_type", "object_id", "created_at")
    }
    created = {
        pk: at.timestamp()
        for pk, at in Activity.objects.filter(
            pk__in=[pk for kind, pk, _b, _a in written if kind == "activity"]
        ).values_list("pk", "created_at")
    }
    pairs = [
        (user_id, notification_id) for user_id, notification_id, _obj, _at in sockets["received"]
    ]
    run.stored, run.received = len(stored), len(pairs)
    run.twice = len(pairs) - len(set(pairs))
    run.lost = len(set(stored) - set(pairs))
    run.leaked = len(set(pairs) - set(stored))
    for user_id, notification_id, _object_id, arrived in sockets["received"]:
        row = stored.get((user_id, notification_id))
        if row is None:
            continue
        _pk, _recipient, event, object_type, object_id, at = row
        latency = (arrived - at.timestamp()) * 1000
        run.late += latency > run.deadline * 1000
        writer = writer_of.get((object_type, object_id))
        reader = port_of[user_id]
        if writer is None:
            continue
        if writer == reader:
            run.same.append(latency)
        else:
            run.cross.append(latency)
            way = f"{writer}->{reader}"
            run.cross_ways[way] = run.cross_ways.get(way, 0) + 1
        if event == "activity.created" and object_id in created:
            run.writes_to_socket.append((arrived - created[object_id]) * 1000)


# The report.


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def _latencies(samples: list[float]) -> str:
    return (
        f"{len(samples):>7} {percentile(samples, 0.5):>8.1f} {percentile(samples, 0.95):>8.1f} "
        f"{percentile(samples, 0.99):>8.1f} {max(samples, default=float('nan')):>8.1f}"
    )


def report(run: Run) -> None:
    print()
    print(
        f"{run.servers} server(s), {run.seconds:.0f} s of load; load average {run.load_before:.1f} "
        f"before, {run.load_after:.1f} at the end, on {os.cpu_count()} cores"
    )
    print(
        f"  {'request':<34} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6}"
    )
    every: list[float] = []
    for name in sorted(run.timings):
        samples = run.timings[name]
        every += samples
        print(
            f"  {name:<34} {len(samples):>7} {len(samples) / run.seconds:>7.1f} "
            f"{percentile(samples, 0.5):>8.1f} {percentile(samples, 0.95):>8.1f} "
            f"{percentile(samples, 0.99):>8.1f} {run.failures.get(name, 0):>6}"
        )
    print(
        f"  {'total':<34} {len(every):>7} {len(every) / run.seconds:>7.1f} "
        f"{percentile(every, 0.5):>8.1f} {percentile(every, 0.95):>8.1f} "
        f"{percentile(every, 0.99):>8.1f} {run.errors:>6}"
    )
    for server, count in sorted(run.per_server.items()):
        print(
            f"  {server}: {count} requests, daphne used {run.server_cpu.get(server, 0) * 100:.0f} % "
            "of a core"
        )
    print(
        f"  PostgreSQL connections to the load database: at most {run.connections} at once "
        f"(max_connections {run.max_connections}, shared with everything else on the server)"
    )
    for sample in run.failure_samples[:5]:
        print(f"  failed: {sample}")
    print(
        f"  WebSocket: {run.connected} of {run.clients} clients connected, "
        f"{len(run.ws_errors)} errors; notifications stored for them {run.stored}, received "
        f"{run.received}, lost {run.lost}, leaked {run.leaked}, twice {run.twice}, "
        f"later than {run.deadline:g} s {run.late}"
    )
    for error in run.ws_errors[:5]:
        print(f"  socket: {error}")
    print(
        f"  {'delivery, stored to received':<34} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    )
    print(f"  {'same process as the write':<34} {_latencies(run.same)}")
    print(f"  {'across processes':<34} {_latencies(run.cross)}")
    print(f"  {'activity saved to received':<34} {_latencies(run.writes_to_socket)}")
    if run.cross_ways:
        ways = ", ".join(f"{way}: {count}" for way, count in sorted(run.cross_ways.items()))
        print(f"  across processes, written on -> received on: {ways}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load per run")
    parser.add_argument("--users", type=int, default=40, help="simulated people in locust")
    parser.add_argument(
        "--spawn-rate", type=int, default=30, help="locust users started per second"
    )
    parser.add_argument("--people", type=int, default=300, help="people in the network")
    parser.add_argument("--servers", default="2", help="daphne processes: 1, 2, or 1,2 for both")
    parser.add_argument(
        "--deadline",
        type=float,
        default=DEADLINE_SECONDS,
        help="seconds from a notification's storing to its socket, at most",
    )
    parser.add_argument("--port", type=int, default=FIRST_PORT, help="the first server's port")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/samverkan_load",
        help="the load test uses <name>_bench next to it",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--serve-clients", nargs=2, metavar=("SPEC", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_clients:
        serve_clients(Path(args.serve_clients[0]), Path(args.serve_clients[1]))
        return 0

    signal.signal(signal.SIGTERM, _interrupted)  # a stop from outside tidies up as Ctrl-C does
    if not (BIN / "locust").exists():
        print("load: locust is not installed: make bench installs it (pip install -e '.[bench]')")
        return 1
    for url, default_port in ((args.database_url, 5432), (args.redis_url, 6379)):
        parts = urlsplit(url)
        unreachable = _reachable(parts.hostname or "127.0.0.1", parts.port or default_port)
        if unreachable:
            print(f"load: skipped, PostgreSQL and Redis are required: {unreachable}")
            return 0
    # Django in this process seeds the world and judges the deliveries, on the same services.
    os.environ.update({"DATABASE_URL": args.database_url, "REDIS_URL": args.redis_url, **RATES})
    os.environ.setdefault("TWO_FACTOR_REQUIRED", "0")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from harness import bench_database  # sets Django up

    bench_database()
    from django.db import connection

    urls = {
        "database": args.database_url.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"],
        "redis": args.redis_url,
    }
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    found = versions(args.redis_url)
    print(
        f"Load: {args.people} people, {args.users} locust users for {args.duration} s per run, "
        f"on {os.cpu_count()} cores and {memory:.0f} GiB; "
        + ", ".join(f"{name} {version}" for name, version in found.items())
    )
    started = time.monotonic()
    plan = build_world(args.people)
    print(f"  world built in {time.monotonic() - started:.1f} s", flush=True)

    runs = [run_load(int(count), args, plan, urls) for count in args.servers.split(",")]
    for run in runs:
        report(run)
    if len(runs) > 1:
        print()
        for run in runs:
            every = [sample for samples in run.timings.values() for sample in samples]
            print(
                f"  {run.servers} server(s): {len(every) / run.seconds:.1f} requests/s, p95 "
                f"{percentile(every, 0.95):.1f} ms, p99 {percentile(every, 0.99):.1f} ms"
            )
    failed = [f"{run.servers} server(s): {problem}" for run in runs for problem in run.problems()]
    print()
    for problem in failed:
        print(f"FAILED: {problem}")
    if not failed:
        print("OK: no HTTP or WebSocket errors, every notification delivered within the deadline")
    return 1 if failed else 0


def _interrupted(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("load: interrupted; its processes were stopped", file=sys.stderr)
        sys.exit(130)
