"""Follow-up figures: attendance per organisation and action items done on time, per year, over
the meetings the caller may see (the whole network for a report reader), counts only; the API
as JSON and CSV, every persona's exact answer, and a constant number of queries."""

import csv
import io
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from network.meetings import services
from network.meetings.reports import (
    ACTION_ITEM_COLUMNS,
    ATTENDANCE_COLUMNS,
    FollowUpQuery,
    action_item_report,
    attendance_report,
)
from network.models import ActionItem, Meeting, User, Visibility
from tests.conftest import PERSONAS, World
from tests.meetings.test_state_machine import hold, make_meeting

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str | None], APIClient]
ATTENDANCE_URL = "/api/v1/reports/attendance/"
ACTION_ITEMS_URL = "/api/v1/reports/action-items/"
MARCH = datetime(2026, 3, 10, 9, tzinfo=UTC)
MAY = datetime(2026, 5, 12, 9, tzinfo=UTC)
SEPTEMBER = datetime(2026, 9, 15, 9, tzinfo=UTC)
TODAY = date(2026, 11, 25)


def _item(
    world: World, meeting: Meeting, owner: User, due_on: date, status: str = "open", done=None
) -> ActionItem:
    item = services.action_item_create(
        meeting=meeting,
        actor=world.coordinator,
        title="Uppdrag med fritext",
        owner_organisation=owner.organisation,
        owner=owner,
        due_on=due_on,
    )
    ActionItem.objects.filter(pk=item.pk).update(status=status, done_on=done)
    return item


def _attend(world: World, meeting: Meeting, status: str, *people: User) -> None:
    for user in people:
        services.attendance_record(
            meeting=meeting, actor=world.coordinator, person=user, status=status
        )


@pytest.fixture
def year(world: World) -> dict[str, Meeting]:
    """Three meetings held in 2026 (one for authorities), one in 2025, one still to come.

    The association came in March and stopped: absent in September.
    """
    march = hold(
        world,
        make_meeting(world, starts=MARCH),
        present=[world.coordinator, world.police, world.contact_person, world.civil],
        action_item=False,
    )
    may = hold(
        world,
        make_meeting(world, starts=MAY, visibility=Visibility.AUTHORITIES),
        present=[world.coordinator, world.police],
        absent=[world.contact_person],
        action_item=False,
    )
    september = hold(
        world,
        make_meeting(world, starts=SEPTEMBER),
        present=[world.coordinator, world.police],
        absent=[world.civil],
        action_item=False,
    )
    _attend(world, september, "excused", world.contact_person)
    hold(
        world,
        make_meeting(world, starts=datetime(2025, 10, 1, 9, tzinfo=UTC)),
        present=[world.civil, world.police],
        action_item=False,
    )
    make_meeting(world, starts=datetime(2026, 12, 1, 9, tzinfo=UTC))  # a draft: not counted
    _item(world, march, world.police, date(2026, 4, 1), "done", date(2026, 3, 30))
    _item(world, march, world.contact_person, date(2026, 4, 1), "done", date(2026, 5, 2))
    _item(world, may, world.police, date(2026, 6, 1))
    _item(world, september, world.civil, date(2026, 10, 1), "in_progress")
    _item(world, september, world.civil, date(2026, 10, 1), "cancelled")
    _item(world, september, world.police, date(2027, 2, 1))
    return {"march": march, "may": may, "september": september}


def _by_name(rows: list[Any], *fields: str) -> dict[str, tuple[Any, ...]]:
    return {row["organisation_name"]: tuple(row[f] for f in fields) for row in rows}


ATTENDANCE_FIELDS = (
    "invited",
    "attended",
    "present",
    "excused",
    "absent",
    "substitute",
    "attendance_rate",
    "last_attended",
)
WHOLE_NETWORK_ATTENDANCE = {
    "Idrottsföreningen": (2, 1, 1, 0, 1, 0, 0.5, "2026-03-10"),
    "Polisen": (3, 3, 3, 0, 0, 0, 1.0, "2026-09-15"),
    "Skol- och fritidsförvaltningen": (3, 1, 1, 1, 1, 0, 0.333, "2026-03-10"),
    "Socialförvaltningen": (3, 3, 3, 0, 0, 0, 1.0, "2026-09-15"),
}
# Without the authorities meeting of May.
CIVIL_ATTENDANCE = {
    "Idrottsföreningen": (2, 1, 1, 0, 1, 0, 0.5, "2026-03-10"),
    "Polisen": (2, 2, 2, 0, 0, 0, 1.0, "2026-09-15"),
    "Skol- och fritidsförvaltningen": (2, 1, 1, 1, 0, 0, 0.5, "2026-03-10"),
    "Socialförvaltningen": (2, 2, 2, 0, 0, 0, 1.0, "2026-09-15"),
}
ACTION_FIELDS = ("due", "done_on_time", "done_late", "open_overdue", "on_time_rate")
WHOLE_NETWORK_ITEMS = {
    "Idrottsföreningen": (1, 0, 0, 1, 0.0),
    "Polisen": (2, 1, 0, 1, 0.5),
    "Skol- och fritidsförvaltningen": (1, 0, 1, 0, 0.0),
}
CIVIL_ITEMS = {
    "Idrottsföreningen": (1, 0, 0, 1, 0.0),
    "Polisen": (1, 1, 0, 0, 1.0),
    "Skol- och fritidsförvaltningen": (1, 0, 1, 0, 0.0),
}


# The figures


@pytest.mark.parametrize("name", ["report_reader", "coordinator", "security_chief"])
def test_those_who_read_the_network_s_reports_count_every_meeting(
    world: World, year: dict[str, Meeting], name: str
) -> None:
    user = world.persona(name)

    attendance = attendance_report(user, FollowUpQuery(2026))
    items = action_item_report(user, FollowUpQuery(2026), today=TODAY)

    assert _by_name(attendance, *ATTENDANCE_FIELDS) == WHOLE_NETWORK_ATTENDANCE
    assert _by_name(items, *ACTION_FIELDS) == WHOLE_NETWORK_ITEMS


def test_a_civil_society_member_counts_only_the_meetings_it_may_see(
    world: World, year: dict[str, Meeting]
) -> None:
    attendance = attendance_report(world.civil, FollowUpQuery(2026))
    items = action_item_report(world.civil, FollowUpQuery(2026), today=TODAY)

    assert _by_name(attendance, *ATTENDANCE_FIELDS) == CIVIL_ATTENDANCE
    assert _by_name(items, *ACTION_FIELDS) == CIVIL_ITEMS


def test_an_authority_member_counts_the_authorities_meeting_too(
    world: World, year: dict[str, Meeting]
) -> None:
    attendance = attendance_report(world.police, FollowUpQuery(2026))

    assert _by_name(attendance, *ATTENDANCE_FIELDS) == WHOLE_NETWORK_ATTENDANCE


@pytest.mark.parametrize("name", ["outsider", "other_member"])
def test_people_outside_the_network_count_nothing_of_it(
    world: World, year: dict[str, Meeting], name: str
) -> None:
    user = world.persona(name)

    assert attendance_report(user, FollowUpQuery(2026)) == []
    assert action_item_report(user, FollowUpQuery(2026), today=TODAY) == []


def test_each_year_counts_its_own_meetings_and_the_last_attended_looks_back(
    world: World, year: dict[str, Meeting]
) -> None:
    earlier = _by_name(attendance_report(world.report_reader, FollowUpQuery(2025)), "invited")
    later = attendance_report(world.report_reader, FollowUpQuery(2027))

    assert earlier == {
        "Idrottsföreningen": (1,),
        "Polisen": (1,),
        "Skol- och fritidsförvaltningen": (1,),
        "Socialförvaltningen": (1,),
    }
    assert later == []


def test_a_report_of_one_network_counts_that_network_only(
    world: World, year: dict[str, Meeting]
) -> None:
    other = FollowUpQuery(2026, network_id=world.other_net.pk)
    own = FollowUpQuery(2026, network_id=world.net.pk)

    assert attendance_report(world.report_reader, other) == []
    assert _by_name(attendance_report(world.report_reader, own), *ATTENDANCE_FIELDS) == (
        WHOLE_NETWORK_ATTENDANCE
    )
    assert _by_name(attendance_report(world.civil, own), *ATTENDANCE_FIELDS) == CIVIL_ATTENDANCE


def test_the_rows_hold_counts_ids_names_and_dates_only(
    world: World, year: dict[str, Meeting]
) -> None:
    rows = [
        *attendance_report(world.report_reader, FollowUpQuery(2026)),
        *action_item_report(world.report_reader, FollowUpQuery(2026)),
    ]
    text = repr(rows)

    assert "Uppdrag med fritext" not in text
    assert "Polisen redogjorde" not in text
    assert "Nätverksmöte" not in text
    for row in rows:
        assert set(row) <= set(ATTENDANCE_COLUMNS) | set(ACTION_ITEM_COLUMNS)


# The API


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report_reader", WHOLE_NETWORK_ATTENDANCE),
        ("coordinator", WHOLE_NETWORK_ATTENDANCE),
        ("security_chief", WHOLE_NETWORK_ATTENDANCE),
        ("contact_person", WHOLE_NETWORK_ATTENDANCE),
        ("police", WHOLE_NETWORK_ATTENDANCE),
        ("civil", CIVIL_ATTENDANCE),
        ("outsider", {}),
        ("other_member", {}),
    ],
)
def test_each_persona_reads_the_attendance_it_may_count(
    client_for: ClientFor, year: dict[str, Meeting], name: str, expected: dict
) -> None:
    response = client_for(name).get(ATTENDANCE_URL, {"year": "2026"})

    assert response.status_code == 200
    rows = response.json()["results"]
    assert _by_name(rows, *ATTENDANCE_FIELDS) == expected
    for row in rows:
        assert list(row) == list(ATTENDANCE_COLUMNS)


@pytest.mark.parametrize(
    ("name", "due"),
    [
        (
            "report_reader",
            {"Idrottsföreningen": 1, "Polisen": 2, "Skol- och fritidsförvaltningen": 1},
        ),
        ("civil", {"Idrottsföreningen": 1, "Polisen": 1, "Skol- och fritidsförvaltningen": 1}),
        ("outsider", {}),
    ],
)
def test_each_persona_reads_the_action_items_it_may_count(
    client_for: ClientFor, year: dict[str, Meeting], name: str, due: dict[str, int]
) -> None:
    response = client_for(name).get(ACTION_ITEMS_URL, {"year": "2026"})

    assert response.status_code == 200
    rows = response.json()["results"]
    assert {row["organisation_name"]: row["due"] for row in rows} == due
    for row in rows:
        assert list(row) == list(ACTION_ITEM_COLUMNS)


@pytest.mark.parametrize("url", [ATTENDANCE_URL, ACTION_ITEMS_URL])
def test_an_anonymous_caller_is_401(api_client: APIClient, world: World, url: str) -> None:
    assert api_client.get(url, {"year": "2026"}).status_code == 401
    assert api_client.get(url, {"year": "2026", "format": "csv"}).status_code == 401


@pytest.mark.parametrize("url", [ATTENDANCE_URL, ACTION_ITEMS_URL])
@pytest.mark.parametrize(
    "params",
    [
        {"year": "26"},
        {"year": "tjugo"},
        {"year": "２０２６"},
        {"year": "1800"},
        {"year": "99999"},
        {"year": ["2025", "2026"]},
        {"network": "x"},
        {"format": "xml"},
    ],
)
def test_a_bad_parameter_is_400_with_field_errors_in_json(
    client_for: ClientFor, world: World, url: str, params: dict
) -> None:
    response = client_for("report_reader").get(url, params)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) & {"year", "network", "format"}


@pytest.mark.parametrize("url", [ATTENDANCE_URL, ACTION_ITEMS_URL])
def test_a_bad_year_asked_as_csv_is_still_answered_in_json(
    client_for: ClientFor, world: World, url: str
) -> None:
    response = client_for("report_reader").get(url, {"year": "x"}, HTTP_ACCEPT="text/csv")

    assert response.status_code == 400
    assert "year" in response.json()


def test_the_year_defaults_to_this_year(client_for: ClientFor, world: World) -> None:
    assert client_for("report_reader").get(ATTENDANCE_URL).status_code == 200


@pytest.mark.parametrize(
    ("url", "columns"),
    [(ATTENDANCE_URL, ATTENDANCE_COLUMNS), (ACTION_ITEMS_URL, ACTION_ITEM_COLUMNS)],
)
@pytest.mark.parametrize("how", ["accept", "format"])
def test_the_figures_are_offered_as_csv(
    client_for: ClientFor, year: dict[str, Meeting], url: str, columns: tuple, how: str
) -> None:
    client = client_for("report_reader")
    if how == "accept":
        response = client.get(url, {"year": "2026"}, HTTP_ACCEPT="text/csv")
    else:
        response = client.get(url, {"year": "2026", "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert tuple(rows[0]) == columns
    assert {row["organisation_name"] for row in rows} >= {"Polisen", "Idrottsföreningen"}


def test_an_empty_csv_still_has_its_header(client_for: ClientFor, world: World) -> None:
    response = client_for("outsider").get(ATTENDANCE_URL, {"year": "2026", "format": "csv"})

    assert response.content.decode().splitlines() == [",".join(ATTENDANCE_COLUMNS)]


def _grow(world: World, count: int) -> None:
    """More meetings with attendance and action items, each in its own month of 2026."""
    for index in range(count):
        starts = datetime(2026, 1, 5, 9, tzinfo=UTC) + timedelta(days=7 * index)
        meeting = hold(
            world,
            make_meeting(world, starts=starts),
            present=[world.coordinator, world.police],
            absent=[world.civil],
            action_item=False,
        )
        _item(world, meeting, world.police, date(2026, 3, 1))


def _queries(world: World, name: str, url: str) -> int:
    client = APIClient()
    client.force_authenticate(user=User.objects.get(pk=world.persona(name).pk))  # a new viewer
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"year": "2026"})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [ATTENDANCE_URL, ACTION_ITEMS_URL])
def test_a_report_costs_the_same_queries_at_two_sizes(world: World, url: str) -> None:
    _grow(world, 2)
    small = {name: _queries(world, name, url) for name in ("report_reader", "civil")}
    _grow(world, 6)
    large = {name: _queries(world, name, url) for name in ("report_reader", "civil")}

    assert small == large
    # The viewer (two queries) and the figures (one).
    assert large == {"report_reader": 3, "civil": 3}


# The reports page


def _page(world: World, name: str, params: dict[str, str]) -> Any:
    client = Client()
    client.force_login(world.persona(name))
    return client.get("/en/reports/", params)


def test_the_reports_page_shows_both_tables_for_the_chosen_year(
    world: World, year: dict[str, Meeting]
) -> None:
    response = _page(world, "report_reader", {"year": "2026"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="attendance-table"' in page
    assert 'id="action-item-table"' in page
    assert "Idrottsföreningen" in page
    assert "2026-03-10" in page  # the association's last meeting attended
    assert "50" in page  # its attendance rate, in per cent


def test_the_reports_page_tells_a_bad_year(world: World, year: dict[str, Meeting]) -> None:
    response = _page(world, "coordinator", {"year": "tjugo"})

    assert response.status_code == 200
    assert 'id="attendance-table"' not in response.content.decode()


def test_a_civil_society_member_sees_the_figures_of_the_meetings_it_may_see_on_the_page(
    world: World, year: dict[str, Meeting]
) -> None:
    response = _page(world, "civil", {"year": "2026"})

    assert response.status_code == 200
    figures = {row["organisation_name"]: row["invited"] for row in response.context["attendance"]}
    assert figures == {name: values[0] for name, values in CIVIL_ATTENDANCE.items()}


@pytest.mark.parametrize("name", PERSONAS)
def test_every_persona_gets_the_reports_page_it_may_open(
    world: World, year: dict[str, Meeting], name: str
) -> None:
    response = _page(world, name, {"year": "2026"})

    assert response.status_code == (404 if name in ("outsider",) else 200)
