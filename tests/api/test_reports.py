"""The activity report, checked against figures counted here in plain Python."""

import csv
import io
import random
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from rest_framework.test import APIClient

from network.activities import services as activity_services
from network.models import Activity, Visibility
from tests.conftest import World

ClientFor = Callable[[str | None], APIClient]
CODES = ["prevention", "competence", "coordination", "evaluation"]
URL = "/api/v1/reports/activities/"


@pytest.fixture
def spread(world: World) -> list[Activity]:
    """Forty activities spread over two years, organisations, statuses and directions."""
    rng = random.Random(20260301)  # noqa: S311 - test data, not secrets
    leads = [world.social, world.school, world.police_org, world.association, world.city_office]
    activities = []
    for number in range(40):
        activity = activity_services.activity_create(
            author=world.coordinator,
            network=world.net,
            organisation=rng.choice(leads),
            title=f"Insats {number}",
            starts_on=date(2025, 1, 1) + timedelta(days=rng.randrange(730)),
            status=rng.choice(list(Activity.Status.values)),
            participants_count=rng.randrange(60),
            visibility=rng.choice(list(Visibility.values)),
        )
        if rng.random() < 0.7:
            directions = rng.sample(CODES, rng.randint(1, 3))
            activity_services.activity_tag(
                activity=activity, actor=world.coordinator, directions=directions
            )
        activities.append(activity)
    # Another network's activity, which no one in ``net`` counts.
    activity_services.activity_create(
        author=world.other_member,
        network=world.other_net,
        title="Annat nätverk",
        starts_on=date(2025, 6, 1),
        participants_count=1000,
        visibility=Visibility.NETWORK,
    )
    return activities


def _label(period: str, starts: date) -> str:
    if period == "month":
        return f"{starts.year}-{starts.month:02d}"
    if period == "quarter":
        return f"{starts.year}-Q{(starts.month - 1) // 3 + 1}"
    return str(starts.year)


def expected_report(
    activities: list[Activity],
    *,
    period: str,
    group_by: tuple[str, ...] = (),
    date_from: date | None = None,
    date_to: date | None = None,
) -> dict[tuple, tuple[int, int, int]]:
    counts: Counter = Counter()
    for activity in activities:
        if date_from and activity.starts_on < date_from:
            continue
        if date_to and activity.starts_on > date_to:
            continue
        tagged = list(activity.directions.values_list("code", flat=True)) or [None]
        for direction in tagged if "direction" in group_by else [None]:
            key = [_label(period, activity.starts_on)]
            if "direction" in group_by:
                key.append(direction)
            if "organisation" in group_by:
                key.append(activity.organisation_id)
            key = tuple(key)
            counts[(*key, "activities")] += 1
            counts[(*key, "completed")] += activity.status == Activity.Status.COMPLETED
            counts[(*key, "participants")] += activity.participants_count
    keys = {key[:-1] for key in counts}
    return {
        key: (
            counts[(*key, "activities")],
            counts[(*key, "completed")],
            counts[(*key, "participants")],
        )
        for key in keys
    }


def reported(rows: list[dict[str, Any]], group_by: tuple[str, ...]) -> dict[tuple, tuple]:
    result = {}
    for row in rows:
        key = (row["period"], *(row[name] for name in group_by))
        assert key not in result, f"{key} reported twice"
        result[key] = (row["activities"], row["completed"], row["participants"])
    return result


@pytest.mark.parametrize("period", ["month", "quarter", "year"])
@pytest.mark.parametrize(
    "group_by",
    [(), ("direction",), ("organisation",), ("direction", "organisation")],
    ids=["no grouping", "direction", "organisation", "direction and organisation"],
)
def test_the_report_reader_gets_the_figures_of_the_whole_network(
    client_for: ClientFor, spread: list[Activity], period: str, group_by: tuple[str, ...]
) -> None:
    response = client_for("report_reader").get(
        URL, {"period": period, "group_by": ",".join(group_by)}
    )

    assert response.status_code == 200
    rows = response.json()["results"]
    assert reported(rows, group_by) == expected_report(spread, period=period, group_by=group_by)
    assert all(
        set(row) == {"period", *group_by, "activities", "completed", "participants"} for row in rows
    )


def test_the_report_counts_the_days_from_and_to_inclusive(
    client_for: ClientFor, spread: list[Activity]
) -> None:
    params = {"period": "month", "from": "2025-03-15", "to": "2026-02-10", "group_by": "direction"}

    response = client_for("coordinator").get(URL, params)

    expected = expected_report(
        spread,
        period="month",
        group_by=("direction",),
        date_from=date(2025, 3, 15),
        date_to=date(2026, 2, 10),
    )
    assert reported(response.json()["results"], ("direction",)) == expected


def test_a_member_gets_the_figures_of_what_they_may_see_only(
    client_for: ClientFor, spread: list[Activity], world: World
) -> None:
    visible = [
        activity
        for activity in spread
        if activity.visibility == Visibility.NETWORK or activity.organisation == world.association
    ]

    response = client_for("civil").get(URL, {"period": "year", "group_by": "organisation"})

    assert reported(response.json()["results"], ("organisation",)) == expected_report(
        visible, period="year", group_by=("organisation",)
    )


def test_group_by_may_also_be_repeated(client_for: ClientFor, spread: list[Activity]) -> None:
    client = client_for("report_reader")

    repeated = client.get(f"{URL}?group_by=direction&group_by=organisation").json()
    combined = client.get(URL, {"group_by": "direction,organisation"}).json()

    assert repeated == combined


@pytest.mark.parametrize(
    "ask",
    [{"HTTP_ACCEPT": "text/csv"}, {"format": "csv"}],
    ids=["Accept header", "format parameter"],
)
def test_the_report_is_offered_as_csv(
    client_for: ClientFor, spread: list[Activity], ask: dict[str, str]
) -> None:
    client = client_for("report_reader")
    params = {"period": "quarter", "group_by": "direction,organisation"}
    headers = {key: value for key, value in ask.items() if key.startswith("HTTP_")}
    query = {key: value for key, value in ask.items() if not key.startswith("HTTP_")}

    response = client.get(URL, {**params, **query}, **headers)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="activity-report.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert list(rows[0]) == [
        "period",
        "direction",
        "organisation",
        "activities",
        "completed",
        "participants",
    ]
    as_json = client.get(URL, params).json()["results"]
    assert rows == [
        {key: "" if value is None else str(value) for key, value in row.items()} for row in as_json
    ]


def test_an_empty_csv_report_still_has_its_header(client_for: ClientFor, world: World) -> None:
    response = client_for("outsider").get(URL, {"format": "csv", "group_by": "organisation"})

    assert response.content.decode() == "period,organisation,activities,completed,participants\r\n"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "week"}, "period"),
        ({"period": "\x00"}, "period"),
        ({"from": "2026-02-01", "to": "2026-01-01"}, "to"),
        ({"from": "01/02/2026x"}, "from"),
        ({"from": "0000-01-01"}, "from"),
        ({"to": "99999-01-01"}, "to"),
        ({"group_by": "direction,colour"}, "group_by"),
        ({"group_by": "\x00"}, "group_by"),
        ({"network": "99999999999999999999"}, "network"),
    ],
)
@pytest.mark.parametrize("as_csv", [False, True], ids=["json", "csv"])
def test_bad_report_parameters_are_400_with_field_errors_in_json(
    client_for: ClientFor, world: World, params: dict[str, str], field: str, as_csv: bool
) -> None:
    extra = {"format": "csv"} if as_csv else {}

    response = client_for("report_reader").get(URL, {**params, **extra})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert field in response.json()


def test_a_report_of_one_network_counts_that_network_only(
    client_for: ClientFor, spread: list[Activity], world: World
) -> None:
    client = client_for("report_reader")

    mine = client.get(URL, {"period": "year", "network": world.net.pk}).json()["results"]
    other = client.get(URL, {"period": "year", "network": world.other_net.pk}).json()["results"]
    missing = client.get(URL, {"period": "year", "network": 99_999_999}).json()["results"]

    assert sum(row["activities"] for row in mine) == len(spread)
    assert other == missing == []


def test_reports_hold_counts_and_sums_never_free_text(
    client_for: ClientFor, spread: list[Activity]
) -> None:
    response = client_for("report_reader").get(URL, {"group_by": "direction,organisation"})

    for row in response.json()["results"]:
        assert set(row) == {
            "period",
            "direction",
            "organisation",
            "activities",
            "completed",
            "participants",
        }
        assert row["direction"] in [*CODES, None]
        assert all(
            isinstance(row[name], int)
            for name in ("organisation", "activities", "completed", "participants")
        )
    assert "Insats" not in response.content.decode()
