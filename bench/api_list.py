"""A member's first page of activities through the API, against the raw SQL for the same rows.

Seeds 100,000 activities (once; the benchmark database is kept between runs), then prints the p50
and p95 of ``GET /api/v1/activities/`` for the police member, the time of hand-written SQL that
fetches the same page (the count, the rows and their partners and directions), and their ratio.
Runs on SQLite, or on PostgreSQL when DATABASE_URL is set.

    make bench            # or: .venv/bin/python bench/api_list.py --activities 100000
"""

import argparse
import sys
import time
from collections.abc import Callable

from harness import analyse, bench_database, p50, p95, timed  # sets Django up: first

# isort: split
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from network.accounts.tokens import expiry_in, issue_token
from network.activities.selectors import activities_for_listing, activities_visible_to
from network.demo import seed_demo
from network.models import Activity, User

PAGE_SIZE = 50
MEMBER = "polis"


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

    vendor = bench_database()
    started = time.perf_counter()
    network, created = seed_demo(password="bench-password", activities=args.activities)
    if created:
        print(f"seeded {created} activities in {time.perf_counter() - started:.1f} s")
    analyse()

    member = User.objects.select_related("organisation").get(username=MEMBER)
    _token, key = issue_token(member, "bench", expiry_in(1))
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
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

    api_ms = timed(lambda: client.get(url, HTTP_HOST=settings.ALLOWED_HOSTS[0]), args.repeat)
    raw_ms = timed(raw, args.repeat)
    orm_ms = timed(lambda: _orm_page(member, network), args.repeat)

    total = Activity.objects.count()
    api50, api95, raw50, raw95 = p50(api_ms), p95(api_ms), p50(raw_ms), p95(raw_ms)
    print(f"database: {vendor}; activities: {total}; visible to {MEMBER}: {body['count']}")
    print(
        f"API first page ({PAGE_SIZE} rows, {api_queries} SQL queries incl. auth): p50 {api50:.2f} ms, p95 {api95:.2f} ms"
    )
    print(f"raw SQL for the same rows (5 queries): p50 {raw50:.2f} ms, p95 {raw95:.2f} ms")
    print(f"ratio API / raw SQL: p50 {api50 / raw50:.2f}x, p95 {api95 / raw95:.2f}x")
    orm50 = p50(orm_ms)
    print(f"ORM selector for the same rows (permission predicate, no HTTP): p50 {orm50:.2f} ms")
    print(f"ratio ORM selector / raw SQL: p50 {orm50 / raw50:.2f}x")


if __name__ == "__main__":
    main()
