"""The HTTP side of the load test (bench/load.py): readers, writers and report readers.

Run by ``bench/load.py`` as ``locust -f bench/locustfile.py --headless ...`` in a process of its
own, with ``LOAD_PLAN`` naming the JSON plan it wrote under ``var/load/``: the servers' base URLs,
the API keys of each kind of person, the organisations a writer may name as partners, and where
to write the results. Each simulated person is pinned to one server, in turn, as a balancer
with sticky sessions would spread them, and to one person's key, so that the servers share one
set of people and their data through PostgreSQL and Redis.

The results file holds, per kind of request, every response time (not locust's rounded buckets),
the failures, the requests per server, and each object a writer created or changed with the
server that handled it: ``bench/load.py`` matches those with the notifications the WebSocket
clients received to tell cross-process deliveries from same-process ones.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.env import Environment

PLAN: dict[str, Any] = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
SERVERS: list[str] = PLAN["servers"]
TODAY = date.fromisoformat(PLAN["today"])  # the app's today, in its time zone
VISIBILITIES = ("organisation", "authorities", "network")
# Short think times: the load is meant to keep the servers busy, not to mimic one person's pace.
THINK = between(0.05, 0.3)

# Per kind of request: response times in ms, and failures. Per server: requests.
timings: dict[str, list[float]] = {}
failures: dict[str, int] = {}
failure_samples: list[str] = []
per_server: dict[str, int] = {}
# Objects written, with the server that handled the write: [object_type, id, server, created_at].
written: list[list[Any]] = []
window: dict[str, float] = {}
_numbers = itertools.count()


@events.test_start.add_listener
def _started(environment: Environment, **_kwargs: Any) -> None:
    window.setdefault("started", time.time())


@events.request.add_listener
def _noted(
    name: str,
    response_time: float,
    exception: BaseException | None,
    url: str | None = None,
    **_kwargs: Any,
) -> None:
    timings.setdefault(name, []).append(response_time)
    server = urlsplit(url or "").netloc or "?"
    per_server[server] = per_server.get(server, 0) + 1
    if exception is not None:
        failures[name] = failures.get(name, 0) + 1
        if len(failure_samples) < 20:
            failure_samples.append(f"{name} on {server}: {exception!r}"[:500])


@events.quitting.add_listener
def _write_results(environment: Environment, **_kwargs: Any) -> None:
    started = window.get("started", time.time())
    Path(PLAN["results"]).write_text(
        json.dumps(
            {
                "started": started,
                "stopped": time.time(),
                "timings": timings,
                "failures": failures,
                "failure_samples": failure_samples,
                "per_server": per_server,
                "written": written,
            }
        )
    )


class Person(FastHttpUser):
    """One person with a key of their own, on one server; the base of the kinds below."""

    abstract = True
    host = SERVERS[0]  # every request names its server in full: see ``base``
    wait_time = THINK
    pool: str = ""

    def on_start(self) -> None:
        number = next(_numbers)
        self.base = SERVERS[number % len(SERVERS)]
        people = PLAN["people"][self.pool]
        self.person = people[(number // len(SERVERS)) % len(people)]
        self.headers = {
            "Authorization": f"Token {self.person['key']}",
            "Accept": "application/json",
        }

    def get(self, path: str, name: str) -> None:
        with self.client.get(
            self.base + path, headers=self.headers, name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {(response.text or '')[:200]}")

    def send(self, method: str, path: str, body: dict[str, Any], name: str) -> dict[str, Any]:
        """A write; its answer's JSON, or an empty dict when the write failed."""
        expected = 201 if method == "POST" else 200
        with self.client.request(
            method,
            self.base + path,
            headers=self.headers,
            json=body,
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != expected:
                response.failure(f"{response.status_code}: {(response.text or '')[:200]}")
                return {}
            return response.json()


class Reader(Person):
    """A member, contact person, coordinator or security chief reading the network's work."""

    weight = 6
    pool = "readers"

    @task(4)
    def activities(self) -> None:
        self.get("/api/v1/activities/", "GET /api/v1/activities/")

    @task(2)
    def meetings(self) -> None:
        self.get("/api/v1/meetings/", "GET /api/v1/meetings/")

    @task(2)
    def me(self) -> None:
        self.get("/api/v1/me/", "GET /api/v1/me/")

    @task(1)
    def notifications(self) -> None:
        self.get("/api/v1/notifications/?unread=true", "GET /api/v1/notifications/")


class Writer(Person):
    """A member logging activities for their organisation, changing them and posting updates."""

    weight = 3
    pool = "writers"

    def on_start(self) -> None:
        super().on_start()
        self.mine: list[dict[str, Any]] = []
        self.count = 0

    @task(3)
    def log_activity(self) -> None:
        self.count += 1
        others = [pk for pk in PLAN["organisations"] if pk != self.person["organisation"]]
        visibility = random.choice(VISIBILITIES)
        activity = self.send(
            "POST",
            "/api/v1/activities/",
            {
                "title": f"Lasttest {self.person['id']}-{self.count}",
                "description": "Nattvandring i centrum med föräldrar och fritidsledare.",
                "starts_on": (TODAY + timedelta(days=random.randint(0, 60))).isoformat(),
                "status": "planned",
                "place": "Centrum",
                "participants_count": random.randint(0, 40),
                "visibility": visibility,
                "partners": random.sample(others, 2),
                "suggested_directions": ["prevention"],
            },
            "POST /api/v1/activities/",
        )
        if activity:
            self.mine.append(activity)
            written.append(["activity", activity["id"], self.base, activity["created_at"]])

    @task(1)
    def change_activity(self) -> None:
        if not self.mine:
            return
        activity = random.choice(self.mine)
        changed = self.send(
            "PATCH",
            f"/api/v1/activities/{activity['id']}/",
            {"participants_count": random.randint(0, 40), "status": "ongoing"},
            "PATCH /api/v1/activities/{id}/",
        )
        if changed:
            written.append(["activity", changed["id"], self.base, changed["updated_at"]])

    @task(1)
    def post_update(self) -> None:
        if not self.mine:
            return
        activity = random.choice(self.mine)
        update = self.send(
            "POST",
            "/api/v1/updates/",
            {
                "activity": activity["id"],
                "body": "Lugnt i kväll, tolv ungdomar på plats.",
                "visibility": activity["visibility"],
            },
            "POST /api/v1/updates/",
        )
        if update:
            written.append(["update", update["id"], self.base, update["created_at"]])


class ReportReader(Person):
    """A report reader's BI tool pulling the quarterly activity report."""

    weight = 1
    pool = "report_readers"

    @task
    def report(self) -> None:
        year = TODAY.year
        self.get(
            f"/api/v1/reports/activities/?period=quarter&from={year - 1}-01-01&to={year}-12-31"
            "&group_by=direction,organisation",
            "GET /api/v1/reports/activities/",
        )
