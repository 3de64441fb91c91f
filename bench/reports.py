"""The activity report, aggregated in the database, over a large network.

Seeds the demo network, then tops it up to ``--activities`` (default 1,000,000) with generated
rows written by the database itself (INSERT ... SELECT), tagged to directions like the demo data,
and prints the time of the report a report reader pulls: per quarter, grouped by direction and
organisation, over everything. The target is under a second on PostgreSQL.

    DATABASE_URL=postgres://... .venv/bin/python bench/reports.py
"""

import argparse
import time

from harness import analyse, bench_database, p50, p95, timed  # sets Django up: first

# isort: split
from django.db import connection, transaction
from django.utils import timezone

from network.activities.reports import activity_report
from network.demo import seed_demo
from network.models import Activity, Network, Organisation, StrategicDirection, User


def _date_plus(vendor: str, start: str, days: str) -> str:
    if vendor == "postgresql":
        return f"(DATE '{start}' + ({days})::int)"
    return f"date('{start}', '+' || ({days}) || ' days')"


@transaction.atomic
def top_up(network: Network, wanted: int, vendor: str) -> int:
    missing = wanted - Activity.objects.filter(network=network).count()
    if missing <= 0:
        return 0
    organisations = list(Organisation.objects.filter(networks=network).order_by("pk"))
    pick = " ".join(f"WHEN {i} THEN {o.pk}" for i, o in enumerate(organisations))
    directions = list(StrategicDirection.objects.order_by("pk").values_list("pk", flat=True))
    before = Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    start = (timezone.localdate().replace(day=1) - timezone.timedelta(days=730)).isoformat()
    now = timezone.now().isoformat()
    starts_on = _date_plus(vendor, start, "x %% 730")
    ends_on = _date_plus(vendor, start, "x %% 730 + x %% 7")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < %s)
            INSERT INTO network_activity (
                network_id, title, description, organisation_id, status, starts_on, ends_on,
                place, target_groups, participants_count, outcome, visibility,
                created_at, updated_at
            )
            SELECT %s, 'Genererad insats', '', CASE x %% {len(organisations)} {pick} END,
                CASE WHEN x %% 10 < 7 THEN 'completed' WHEN x %% 10 < 8 THEN 'cancelled'
                     WHEN x %% 10 < 9 THEN 'ongoing' ELSE 'planned' END,
                {starts_on}, {ends_on}, 'Centrum', '', x %% 97,
                '', CASE x %% 3 WHEN 0 THEN 'organisation' WHEN 1 THEN 'authorities' ELSE 'network' END,
                %s, %s
            FROM g
            """,  # noqa: S608 - built from ids and constants only
            [missing, network.pk, now, now],
        )
        # ("%%" is a literal "%" in SQL sent with parameters.) Three in four tagged, one in five of those with a second direction.
        for offset, share in ((0, "id %% 4 <> 0"), (1, "id %% 20 = 1")):
            cases = " ".join(f"WHEN {i} THEN {pk}" for i, pk in enumerate(directions))
            cursor.execute(
                f"""
                INSERT INTO network_activity_directions (activity_id, strategicdirection_id)
                SELECT id, CASE (id + {offset}) %% {len(directions)} {cases} END
                FROM network_activity WHERE id > %s AND {share}
                """,  # noqa: S608 - built from ids and constants only
                [before],
            )
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    vendor = bench_database()
    network, _created = seed_demo(password="bench-password", activities=0)
    started = time.perf_counter()
    created = top_up(network, args.activities, vendor)
    if created:
        print(f"generated {created} activities in {time.perf_counter() - started:.1f} s")
        analyse()
    reader = User.objects.get(username="rapport")

    def report() -> object:
        return activity_report(
            user=reader, period="quarter", group_by=["direction", "organisation"]
        )

    rows = report()
    samples = timed(report, args.repeat)
    total = Activity.objects.filter(network=network).count()
    print(f"database: {vendor}; activities: {total}; report rows: {len(rows)}")
    print(
        f"report per quarter by direction and organisation: p50 {p50(samples):.0f} ms, "
        f"p95 {p95(samples):.0f} ms (target on PostgreSQL: under 1000 ms)"
    )
    yearly = timed(lambda: activity_report(user=reader, period="year"), args.repeat)
    print(f"report per year, no grouping: p50 {p50(yearly):.0f} ms")


if __name__ == "__main__":
    main()
