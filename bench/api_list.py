"""A member's first page of activities through the API, against the raw SQL for the same rows.

Seeds 100,000 activities (once; the benchmark database is kept between runs), then prints the p50
and p95 of ``GET /api/v1/activities/`` for the police member, the time of hand-written SQL that
fetches the same page (the count, the rows and their partners and directions), and their ratio.
Runs on SQLite, or on PostgreSQL when DATABASE_URL is set.

    make bench            # or: SECRET_KEY=x .venv/bin/python bench/api_list.py --activities 100000
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from network.demo import seed_demo  # noqa: E402
from network.models import Activity, User  # noqa: E402
from network.selectors import activities_for_listing, activities_visible_to  # noqa: E402

PAGE_SIZE = 50
MEMBER = "polis"


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _time(action: Callable[[], object], repeat: int) -> list[float]:
    for _ in range(max(5, repeat // 10)):
        action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _raw_page(network_id: int, organisation_id: int, authority: bool) -> Callable[[], object]:
    """The same page in plain SQL: what a hand-written endpoint would have to run."""
    visible = ["a.visibility = 'network'", "a.organisation_id = %s"]
    if authority:
        visible.append("a.visibility = 'authorities'")
    where = f"a.network_id = %s AND ({' OR '.join(visible)})"
    params = [network_id, organisation_id]
    count_sql = f"SELECT COUNT(*) FROM network_activity a WHERE {where}"  # noqa: S608 - fixed text
    page_sql = (
        "SELECT a.id, a.title, a.description, a.status, a.starts_on, a.ends_on, a.place, "  # noqa: S608
        "a.target_groups, a.participants_count, a.outcome, a.visibility, a.organisation_id, "
        "a.network_id, a.tagged_by_id, a.tagged_at, a.created_by_id, a.created_at, a.updated_at, "
        "o.name FROM network_activity a JOIN network_organisation o ON o.id = a.organisation_id "
        f"WHERE {where} ORDER BY a.starts_on DESC, a.id DESC LIMIT {PAGE_SIZE}"
    )

    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(count_sql, params)
            cursor.fetchone()
            cursor.execute(page_sql, params)
            rows = cursor.fetchall()
            ids = [row[0] for row in rows]
            marks = ", ".join(["%s"] * len(ids))
            for table, column in (
                ("network_activity_partners", "organisation_id"),
                ("network_activity_suggested_directions", "strategicdirection_id"),
                ("network_activity_directions", "strategicdirection_id"),
            ):
                cursor.execute(
                    f"SELECT activity_id, {column} FROM {table} WHERE activity_id IN ({marks})",  # noqa: S608
                    ids,
                )
                cursor.fetchall()
            return rows

    return run


def _orm_page(member: User, network: object) -> list[Activity]:
    """What the API's queryset costs in SQL and ORM work alone: the count and the page."""
    user = User.objects.get(pk=member.pk)  # a fresh user: the viewer is read as in a request
    queryset = activities_for_listing(activities_visible_to(user, network))
    queryset.count()
    return list(queryset[:PAGE_SIZE])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    setup_test_environment()
    # As in Django's own test cases: keep one connection across requests, instead of reconnecting.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    vendor = connection.vendor
    # A database of its own (test_<name>, or var/bench.sqlite3), kept between runs: seeding happens once.
    if vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(settings.VAR_DIR / "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True, serialize=False)
    started = time.perf_counter()
    network, created = seed_demo(password="bench-password", activities=args.activities)
    if created:
        print(f"seeded {created} activities in {time.perf_counter() - started:.1f} s")
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    member = User.objects.select_related("organisation").get(username=MEMBER)
    token, _ = Token.objects.get_or_create(user=member)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    url = f"/api/v1/activities/?page_size={PAGE_SIZE}"

    response = client.get(url, HTTP_HOST=settings.ALLOWED_HOSTS[0])
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    body = response.json()
    with CaptureQueriesContext(connection) as queries:
        client.get(url, HTTP_HOST=settings.ALLOWED_HOSTS[0])
    api_queries = len(queries.captured_queries)

    raw = _raw_page(network.pk, member.organisation_id, member.organisation.is_authority)
    raw_rows = raw()
    assert [row[0] for row in raw_rows] == [item["id"] for item in body["results"]], (
        "not the same rows"
    )

    api_ms = _time(lambda: client.get(url, HTTP_HOST=settings.ALLOWED_HOSTS[0]), args.repeat)
    raw_ms = _time(raw, args.repeat)
    orm_ms = _time(lambda: _orm_page(member, network), args.repeat)

    total = Activity.objects.count()
    p50, p95, raw50, raw95 = (
        statistics.median(api_ms),
        _percentile(api_ms, 0.95),
        statistics.median(raw_ms),
        _percentile(raw_ms, 0.95),
    )
    print(f"database: {vendor}; activities: {total}; visible to {MEMBER}: {body['count']}")
    print(
        f"API first page ({PAGE_SIZE} rows, {api_queries} SQL queries incl. auth): p50 {p50:.2f} ms, p95 {p95:.2f} ms"
    )
    print(f"raw SQL for the same rows (5 queries): p50 {raw50:.2f} ms, p95 {raw95:.2f} ms")
    print(f"ratio API / raw SQL: p50 {p50 / raw50:.2f}x, p95 {p95 / raw95:.2f}x")
    orm50 = statistics.median(orm_ms)
    print(f"ORM selector for the same rows (permission predicate, no HTTP): p50 {orm50:.2f} ms")
    print(f"ratio ORM selector / raw SQL: p50 {orm50 / raw50:.2f}x")


if __name__ == "__main__":
    main()
