"""Trainings feed the competence-raising figures: attendance of one kind of meeting
(``?kind=training``), and per organisation and year the trainings it was invited to, those its
people attended and how many of its people were trained; counts only, as JSON, CSV and on the
report page, each persona counting what it may count.

The year 2026, organised by the coordinator (Socialförvaltningen):

| meeting   | kind            | visibility  | present (substitute)                 | absent         |
|-----------|-----------------|-------------|--------------------------------------|----------------|
| march     | training        | network     | coordinator, police, civil           |                |
| may       | training        | authorities | police, second police                | contact person |
| september | training        | network     | second police (civil, substitute)    |                |
| network   | network meeting | network     | police, civil                        |                |

Not counted: a training held in 2025 and a training of 2026 still a draft.
"""

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from network.meetings import services
from network.meetings.reports import (
    TRAINING_COLUMNS,
    FollowUpQuery,
    attendance_report,
    training_report,
)
from network.models import Meeting, Role, User, Visibility
from tests.api.personas import each_persona
from tests.conftest import PERSONAS, World
from tests.factories import person
from tests.meetings.test_state_machine import hold, make_meeting

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str | None], APIClient]
TRAININGS_URL = "/api/v1/reports/trainings/"
ATTENDANCE_URL = "/api/v1/reports/attendance/"
TRAINING = Meeting.Kind.TRAINING


def _at(month: int, year: int = 2026) -> datetime:
    return datetime(year, month, 10, 9, tzinfo=UTC)


@pytest.fixture
def second_police(world: World) -> User:
    return person("polis2", world.police_org, world.net, Role.Code.MEMBER)


@pytest.fixture
def trainings(world: World, second_police: User) -> dict[str, Meeting]:
    march = hold(
        world,
        make_meeting(world, starts=_at(3), kind=TRAINING, title="Utbildning om rekrytering"),
        present=[world.coordinator, world.police, world.civil],
        action_item=False,
    )
    may = hold(
        world,
        make_meeting(world, starts=_at(5), kind=TRAINING, visibility=Visibility.AUTHORITIES),
        present=[world.police, second_police],
        absent=[world.contact_person],
        action_item=False,
    )
    september = hold(
        world,
        make_meeting(world, starts=_at(9), kind=TRAINING),
        present=[second_police],
        action_item=False,
    )
    services.attendance_record(
        meeting=september,
        actor=world.coordinator,
        person=world.civil,
        status="substitute",
        substitute_for=world.police,
    )
    network_meeting = hold(
        world,
        make_meeting(world, starts=_at(4)),
        present=[world.police, world.civil],
        action_item=False,
    )
    hold(
        world,
        make_meeting(world, starts=_at(3, 2025), kind=TRAINING),
        present=[world.police, world.civil, world.contact_person],
        action_item=False,
    )
    make_meeting(world, starts=_at(11), kind=TRAINING)  # a draft: not counted
    return {"march": march, "may": may, "september": september, "network": network_meeting}


TRAINING_FIELDS = ("trainings_invited", "trainings_attended", "people_trained")
WHOLE_NETWORK = {
    "Idrottsföreningen": (2, 2, 1),  # not invited to the authorities' training
    "Polisen": (3, 3, 2),
    "Skol- och fritidsförvaltningen": (3, 0, 0),
    "Socialförvaltningen": (3, 1, 1),  # the organiser
}
# Without the authorities' training of May.
CIVIL = {
    "Idrottsföreningen": (2, 2, 1),
    "Polisen": (2, 2, 2),
    "Skol- och fritidsförvaltningen": (2, 0, 0),
    "Socialförvaltningen": (2, 1, 1),
}


def _by_name(rows: list[Any], fields: tuple[str, ...]) -> dict[str, tuple[Any, ...]]:
    return {row["organisation_name"]: tuple(row[f] for f in fields) for row in rows}


# The figures


@pytest.mark.parametrize(
    "name", ["report_reader", "coordinator", "security_chief", "contact_person", "police"]
)
def test_those_who_count_every_training_get_the_whole_network_s_figures(
    world: World, trainings: dict[str, Meeting], name: str
) -> None:
    rows = training_report(world.persona(name), FollowUpQuery(2026))

    assert _by_name(rows, TRAINING_FIELDS) == WHOLE_NETWORK
    assert all(tuple(row) == TRAINING_COLUMNS for row in rows)


def test_civil_society_counts_only_the_trainings_it_may_see(
    world: World, trainings: dict[str, Meeting]
) -> None:
    rows = training_report(world.civil, FollowUpQuery(2026))

    assert _by_name(rows, TRAINING_FIELDS) == CIVIL


def test_each_year_counts_its_own_trainings(world: World, trainings: dict[str, Meeting]) -> None:
    earlier = training_report(world.report_reader, FollowUpQuery(2025))

    assert _by_name(earlier, TRAINING_FIELDS) == {
        "Idrottsföreningen": (1, 1, 1),
        "Polisen": (1, 1, 1),
        "Skol- och fritidsförvaltningen": (1, 1, 1),
        "Socialförvaltningen": (1, 0, 0),
    }
    assert training_report(world.report_reader, FollowUpQuery(2027)) == []


def test_the_training_figures_name_no_meeting_and_no_person(
    world: World, trainings: dict[str, Meeting]
) -> None:
    text = repr(training_report(world.report_reader, FollowUpQuery(2026)))

    assert "Utbildning om rekrytering" not in text
    assert "polis" not in text.lower().replace("polisen", "")


def test_the_attendance_of_one_kind_counts_only_those_meetings(
    world: World, trainings: dict[str, Meeting]
) -> None:
    fields = ("invited", "attended", "present", "absent", "substitute", "last_attended")
    at_trainings = attendance_report(world.report_reader, FollowUpQuery(2026, kind=TRAINING))
    at_meetings = attendance_report(
        world.report_reader, FollowUpQuery(2026, kind=Meeting.Kind.NETWORK_MEETING)
    )

    assert _by_name(at_trainings, fields) == {
        "Idrottsföreningen": (2, 2, 1, 0, 1, "2026-09-10"),
        "Polisen": (3, 3, 4, 0, 0, "2026-09-10"),
        # The last training attended looks back past the year, to that of 2025.
        "Skol- och fritidsförvaltningen": (3, 0, 0, 1, 0, "2025-03-10"),
        "Socialförvaltningen": (3, 1, 1, 0, 0, "2026-03-10"),
    }
    assert _by_name(at_meetings, fields) == {
        "Idrottsföreningen": (1, 1, 1, 0, 0, "2026-04-10"),
        "Polisen": (1, 1, 1, 0, 0, "2026-04-10"),
        "Skol- och fritidsförvaltningen": (1, 0, 0, 0, 0, None),
        "Socialförvaltningen": (1, 0, 0, 0, 0, None),
    }


# The API


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=WHOLE_NETWORK,
        security_chief=WHOLE_NETWORK,
        contact_person=WHOLE_NETWORK,
        police=WHOLE_NETWORK,
        civil=CIVIL,
        report_reader=WHOLE_NETWORK,
        outsider={},
        other_member={},
        anonymous=401,
    ),
)
def test_each_persona_reads_the_training_figures_it_may_count(
    client_for: ClientFor, trainings: dict[str, Meeting], persona: str | None, expected: Any
) -> None:
    response = client_for(persona).get(TRAININGS_URL, {"year": "2026"})

    if expected == 401:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    rows = response.json()["results"]
    assert _by_name(rows, TRAINING_FIELDS) == expected
    assert all(list(row) == list(TRAINING_COLUMNS) for row in rows)


def test_the_attendance_report_counts_the_trainings_with_kind_training(
    client_for: ClientFor, trainings: dict[str, Meeting]
) -> None:
    response = client_for("report_reader").get(ATTENDANCE_URL, {"year": "2026", "kind": "training"})

    assert response.status_code == 200
    figures = {row["organisation_name"]: row["invited"] for row in response.json()["results"]}
    assert figures == {name: values[0] for name, values in WHOLE_NETWORK.items()}


@pytest.mark.parametrize(
    "kind",
    ["utbildning", "Training", "training ", ["training", "working_group"], "x" * 500, "ｔraining"],
)
def test_an_unknown_kind_is_400_with_the_field_error(
    client_for: ClientFor, world: World, kind: Any
) -> None:
    response = client_for("report_reader").get(
        ATTENDANCE_URL, {"year": "2026", "kind": kind}, HTTP_ACCEPT="text/csv"
    )

    # "training " with a space is read as training: the parameter is trimmed, like the year.
    if kind == "training ":
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"kind"}


def test_the_kind_error_names_the_kinds_offered(client_for: ClientFor, world: World) -> None:
    response = client_for("report_reader").get(
        ATTENDANCE_URL, {"kind": "utbildning"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.json() == {
        "kind": ["Choose one of these kinds of meeting: network_meeting, working_group, training."]
    }


@pytest.mark.parametrize(
    "params", [{"year": "26"}, {"year": ["2025", "2026"]}, {"network": "x"}, {"format": "xml"}]
)
def test_a_bad_parameter_of_the_training_report_is_400(
    client_for: ClientFor, world: World, params: dict[str, Any]
) -> None:
    response = client_for("report_reader").get(TRAININGS_URL, params)

    assert response.status_code == 400
    assert set(response.json()) & {"year", "network", "format"}


@pytest.mark.parametrize("how", ["accept", "format"])
def test_the_training_figures_are_offered_as_csv(
    client_for: ClientFor, trainings: dict[str, Meeting], how: str
) -> None:
    client = client_for("report_reader")
    if how == "accept":
        response = client.get(TRAININGS_URL, {"year": "2026"}, HTTP_ACCEPT="text/csv")
    else:
        response = client.get(TRAININGS_URL, {"year": "2026", "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="training-report.csv"'
    lines = response.content.decode().split("\r\n")
    assert lines[0] == ",".join(TRAINING_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["organisation_name"]: row["people_trained"] for row in rows} == {
        name: str(values[2]) for name, values in WHOLE_NETWORK.items()
    }


def test_an_empty_training_csv_still_has_its_header(client_for: ClientFor, world: World) -> None:
    response = client_for("outsider").get(TRAININGS_URL, {"year": "2026", "format": "csv"})

    assert response.content.decode().splitlines() == [",".join(TRAINING_COLUMNS)]


def _queries(world: World, name: str, params: dict[str, str]) -> int:
    client = APIClient()
    client.force_authenticate(user=User.objects.get(pk=world.persona(name).pk))  # a new viewer
    with CaptureQueriesContext(connection) as captured:
        response = client.get(TRAININGS_URL, params)
    assert response.status_code == 200
    return len(captured)


def test_the_training_report_costs_one_query_beside_the_viewer(
    world: World, trainings: dict[str, Meeting]
) -> None:
    small = {name: _queries(world, name, {"year": "2026"}) for name in ("report_reader", "civil")}
    for month in (1, 2, 6):
        hold(
            world,
            make_meeting(world, starts=_at(month), kind=TRAINING),
            present=[world.police, world.civil],
            action_item=False,
        )

    large = {name: _queries(world, name, {"year": "2026"}) for name in ("report_reader", "civil")}
    assert small == large == {"report_reader": 3, "civil": 3}


# The report page


def _page(world: World, name: str, params: dict[str, str]) -> Any:
    client = Client()
    client.force_login(world.persona(name))
    with translation.override("en"):
        url = reverse("frontend:report")
    return client.get(url, params)


def test_the_report_page_shows_the_training_figures_with_ways_to_the_trainings(
    world: World, trainings: dict[str, Meeting]
) -> None:
    response = _page(world, "coordinator", {"year": "2026"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="competence-heading"' in page
    assert 'id="training-table"' in page
    assert _by_name(response.context["trainings"], TRAINING_FIELDS) == WHOLE_NETWORK
    with translation.override("en"):
        meetings = reverse("frontend:meeting_list")
    assert f'href="{meetings}?kind=training&amp;when=past"' in page
    assert f'href="{meetings}?kind=training&amp;when=upcoming"' in page
    assert "/api/v1/reports/trainings/?format=csv&amp;year=2026&amp;network=" in page


def test_the_meetings_list_the_page_links_to_shows_the_trainings_only(
    world: World, trainings: dict[str, Meeting]
) -> None:
    client = Client()
    client.force_login(world.coordinator)

    response = client.get(reverse("frontend:meeting_list"), {"kind": "training", "when": "past"})

    shown = {meeting.pk for meeting in response.context["page"]}
    assert trainings["march"].pk in shown and trainings["september"].pk in shown
    assert trainings["network"].pk not in shown


def test_the_report_page_counts_the_attendance_of_the_chosen_kind(
    world: World, trainings: dict[str, Meeting]
) -> None:
    response = _page(world, "report_reader", {"year": "2026", "kind": "training"})

    figures = {row["organisation_name"]: row["invited"] for row in response.context["attendance"]}
    assert figures == {name: values[0] for name, values in WHOLE_NETWORK.items()}
    assert "kind=training" in response.context["attendance_csv_url"]


def test_the_report_page_tells_an_unknown_kind_next_to_its_field(
    world: World, trainings: dict[str, Meeting]
) -> None:
    response = _page(world, "coordinator", {"year": "2026", "kind": "utbildning"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="kind-error"' in page
    assert 'id="attendance-table"' not in page
    assert 'id="training-table"' not in page


def test_civil_society_sees_the_training_figures_of_the_trainings_it_may_see_on_the_page(
    world: World, trainings: dict[str, Meeting]
) -> None:
    response = _page(world, "civil", {"year": "2026"})

    assert _by_name(response.context["trainings"], TRAINING_FIELDS) == CIVIL


@pytest.mark.parametrize("name", PERSONAS)
def test_every_persona_gets_the_report_page_with_the_trainings_part_it_may_open(
    world: World, trainings: dict[str, Meeting], name: str
) -> None:
    response = _page(world, name, {"year": "2026"})

    assert response.status_code == (404 if name == "outsider" else 200)
    if response.status_code == 200:
        assert 'id="competence-heading"' in response.content.decode()
