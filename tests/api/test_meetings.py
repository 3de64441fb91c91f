"""Meetings through the API: every persona, the state machine, frozen minutes, bad input.

| meeting    | visibility   | organiser (organisation) | state     | seen by (in ``net``)            |
|------------|--------------|--------------------------|-----------|---------------------------------|
| network    | network      | coordinator (Social)     | scheduled | everyone in ``net``             |
| authority  | authorities  | coordinator (Social)     | scheduled | authorities' members            |
| police     | organisation | police (Polisen)         | scheduled | Polisen, coordinator, sec. chief|
| draft      | network      | coordinator (Social)     | draft     | coordinator, security chief     |
| guested    | authorities  | coordinator (Social)     | scheduled | authorities' members + outsider |
| elsewhere  | network      | other_member             | scheduled | other_member only               |
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from rest_framework.test import APIClient

from network.activities import services as activity_services
from network.meetings import services
from network.models import (
    ActionItem,
    Activity,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingSeries,
    MinutesEntry,
    Visibility,
)
from tests.api.personas import each_persona
from tests.conftest import World

ClientFor = Callable[[str | None], APIClient]

STARTS = datetime(2030, 3, 10, 8, 0, tzinfo=UTC)
ENDS = datetime(2030, 3, 10, 10, 0, tzinfo=UTC)
NAMES = ("network", "authority", "police", "draft", "guested", "elsewhere")


@dataclass
class Meetings:
    network: Meeting
    authority: Meeting
    police: Meeting
    draft: Meeting
    guested: Meeting
    elsewhere: Meeting
    network_item: ActionItem
    authority_item: ActionItem
    hidden_activity: Activity

    def name_of(self, pk: int) -> str:
        return next(name for name in NAMES if getattr(self, name).pk == pk)


def _create(world: World, author: Any, schedule: bool = True, **kwargs: Any) -> Meeting:
    values = {
        "network": world.net,
        "title": "Nätverksmöte",
        "starts_at": STARTS,
        "ends_at": ENDS,
        **kwargs,
    }
    meeting = services.meeting_create(author=author, **values)
    if schedule:
        services.meeting_schedule(meeting=meeting, actor=author)
    return meeting


@pytest.fixture(name="meetings")
def meetings_fixture(world: World) -> Meetings:
    network = _create(
        world,
        world.coordinator,
        title="Nätverksmöte i mars",
        chair=world.coordinator,
        secretary=world.contact_person,
        approvers=[world.police],
        invited_organisations=[world.police_org, world.association, world.school],
        agenda=[{"title": "Lägesbild", "planned_minutes": 20}, {"title": "Övrigt"}],
    )
    authority = _create(
        world,
        world.coordinator,
        title="Myndighetsmöte om säkerhet",
        visibility=Visibility.AUTHORITIES,
        chair=world.coordinator,
        invited_organisations=[world.police_org, world.school],
        agenda=[{"title": "Hotbild"}],
    )
    police = _create(
        world,
        world.police,
        title="Polisens interna genomgång",
        visibility=Visibility.ORGANISATION,
        starts_at=datetime(2030, 4, 1, 8, 0, tzinfo=UTC),
        ends_at=datetime(2030, 4, 1, 9, 0, tzinfo=UTC),
    )
    draft = _create(
        world, world.coordinator, schedule=False, title="Utkast till möte", kind="training"
    )
    guested = _create(
        world,
        world.coordinator,
        title="Möte med gäst",
        visibility=Visibility.AUTHORITIES,
        guests=[world.outsider],
    )
    elsewhere = _create(
        world,
        world.other_member,
        network=world.other_net,
        title="Grannkommunens möte",
    )
    hidden_activity = activity_services.activity_create(
        author=world.police,
        network=world.net,
        title="Polisens egen insats",
        starts_on=date(2026, 2, 10),
        visibility=Visibility.ORGANISATION,
    )
    network_item = services.action_item_create(
        meeting=network,
        actor=world.coordinator,
        title="Ta fram underlag om helgkvällarna",
        owner_organisation=world.police_org,
        owner=world.police,
        due_on=date(2026, 1, 15),
        activity=hidden_activity,
        direction="prevention",
    )
    authority_item = services.action_item_create(
        meeting=authority,
        actor=world.coordinator,
        title="Skolans hemliga uppdrag",
        owner_organisation=world.school,
        due_on=date(2031, 1, 15),
    )
    return Meetings(
        network=network,
        authority=authority,
        police=police,
        draft=draft,
        guested=guested,
        elsewhere=elsewhere,
        network_item=network_item,
        authority_item=authority_item,
        hidden_activity=hidden_activity,
    )


def run_to_held(world: World, meeting: Meeting) -> None:
    """Everyone present, minutes on the first item, then held."""
    for person in (world.coordinator, world.police, world.contact_person):
        services.attendance_record(
            meeting=meeting, actor=world.coordinator, person=person, status="present"
        )
    first = meeting.agenda_items.order_by("position", "pk").first()
    assert first is not None
    services.minutes_write(item=first, actor=world.coordinator, text="Polisen redogjorde.")
    services.meeting_hold(meeting=meeting, actor=world.coordinator)


def approve(world: World, meeting: Meeting) -> None:
    run_to_held(world, meeting)
    services.meeting_approve(meeting=meeting, actor=world.coordinator)
    services.meeting_approve(meeting=meeting, actor=world.police)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.APPROVED


def _seen(response: Any, meetings: Meetings) -> set[str] | None:
    if response.status_code != 200:
        return None
    return {meetings.name_of(row["id"]) for row in response.json()["results"]}


# Every persona


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=(200, {"network", "authority", "police", "draft", "guested"}),
        security_chief=(200, {"network", "authority", "police", "draft", "guested"}),
        contact_person=(200, {"network", "authority", "guested"}),
        police=(200, {"network", "authority", "police", "guested"}),
        civil=(200, {"network"}),
        report_reader=(403, None),
        outsider=(200, {"guested"}),
        other_member=(200, {"elsewhere"}),
        anonymous=(401, None),
    ),
)
def test_meeting_list_shows_exactly_what_the_persona_may_see(
    client_for: ClientFor, meetings: Meetings, persona: str | None, expected: tuple
) -> None:
    response = client_for(persona).get("/api/v1/meetings/")

    assert (response.status_code, _seen(response, meetings)) == expected


def test_a_report_reader_is_told_it_reads_reports_only(
    client_for: ClientFor, meetings: Meetings
) -> None:
    client = client_for("report_reader")

    for path in (
        "/api/v1/meetings/",
        f"/api/v1/meetings/{meetings.network.pk}/",
        "/api/v1/action-items/",
        f"/api/v1/action-items/{meetings.network_item.pk}/",
    ):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 403
        assert response.json() == {"detail": "A report reader reads the aggregated reports only."}


SEES = {
    "network": dict(
        coordinator=200, security_chief=200, contact_person=200, police=200, civil=200,
        report_reader=403, outsider=404, other_member=404, anonymous=401,
    ),
    "authority": dict(
        coordinator=200, security_chief=200, contact_person=200, police=200, civil=404,
        report_reader=403, outsider=404, other_member=404, anonymous=401,
    ),
    "police": dict(
        coordinator=200, security_chief=200, contact_person=404, police=200, civil=404,
        report_reader=403, outsider=404, other_member=404, anonymous=401,
    ),
    "draft": dict(
        coordinator=200, security_chief=200, contact_person=404, police=404, civil=404,
        report_reader=403, outsider=404, other_member=404, anonymous=401,
    ),
    "guested": dict(
        coordinator=200, security_chief=200, contact_person=200, police=200, civil=404,
        report_reader=403, outsider=200, other_member=404, anonymous=401,
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        **{
            persona: {name: table[persona] for name, table in SEES.items()}
            for persona in SEES["network"]
        }
    ),
)
def test_meeting_detail_and_ics_are_404_for_whoever_may_not_see_the_meeting(
    client_for: ClientFor, meetings: Meetings, persona: str | None, expected: dict
) -> None:
    client = client_for(persona)

    details = {
        name: client.get(f"/api/v1/meetings/{getattr(meetings, name).pk}/").status_code
        for name in expected
    }
    calendars = {
        name: client.get(f"/api/v1/meetings/{getattr(meetings, name).pk}/ics/").status_code
        for name in expected
    }

    assert details == expected
    assert calendars == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=201,
        security_chief=403,
        contact_person=201,
        police=201,
        civil=201,
        report_reader=403,
        outsider=400,
        other_member=400,
        anonymous=401,
    ),
)
def test_meeting_create_is_for_those_who_author_in_the_network(
    client_for: ClientFor, world: World, persona: str | None, expected: int
) -> None:
    before = Meeting.objects.count()

    response = client_for(persona).post(
        "/api/v1/meetings/",
        {
            "network": world.net.pk,
            "title": "Arbetsgrupp",
            "kind": "working_group",
            "starts_at": "2030-05-01T09:00:00+02:00",
            "ends_at": "2030-05-01T10:00:00+02:00",
        },
    )

    assert response.status_code == expected, response.content
    assert Meeting.objects.count() == before + (1 if expected == 201 else 0)
    if expected == 201:
        body = response.json()
        assert response["Location"].endswith(f"/api/v1/meetings/{body['id']}/")
        assert body["state"] == "draft"
        assert body["organiser"] == world.persona(persona).pk
        assert body["abilities"]["change"] is True


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=200,
        security_chief=403,
        contact_person=200,
        police=403,
        civil=403,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),
)
def test_a_meeting_is_changed_by_those_who_run_it(
    client_for: ClientFor, meetings: Meetings, persona: str | None, expected: int
) -> None:
    meeting = meetings.network

    response = client_for(persona).patch(f"/api/v1/meetings/{meeting.pk}/", {"place": "Stadshuset"})

    assert response.status_code == expected
    meeting.refresh_from_db()
    assert meeting.place == ("Stadshuset" if expected == 200 else "")


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=404,
        security_chief=404,
        contact_person=404,
        police=404,
        civil=404,
        report_reader=403,
        outsider=404,
        other_member=200,
        anonymous=401,
    ),
)
def test_another_networks_meeting_is_changed_only_by_its_organiser(
    client_for: ClientFor, meetings: Meetings, persona: str | None, expected: int
) -> None:
    response = client_for(persona).patch(
        f"/api/v1/meetings/{meetings.elsewhere.pk}/", {"title": "Nytt"}
    )

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=200,
        security_chief=403,
        contact_person=404,
        police=404,
        civil=404,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),
)
def test_a_draft_is_scheduled_by_those_who_run_it(
    client_for: ClientFor, meetings: Meetings, persona: str | None, expected: int
) -> None:
    response = client_for(persona).post(f"/api/v1/meetings/{meetings.draft.pk}/schedule/")

    assert response.status_code == expected
    meetings.draft.refresh_from_db()
    assert meetings.draft.state == ("scheduled" if expected == 200 else "draft")


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=403,
        security_chief=403,
        contact_person=200,
        police=200,
        civil=404,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),
)
def test_the_invited_answer_the_invitation(
    client_for: ClientFor, meetings: Meetings, persona: str | None, expected: int
) -> None:
    # The authorities' meeting invites Polisen and the school; its organiser's is not invited.
    meeting = meetings.authority

    response = client_for(persona).post(
        f"/api/v1/meetings/{meeting.pk}/respond/", {"response": "maybe"}
    )

    assert response.status_code == expected
    if expected == 200:
        assert response.json()["my_response"] == "maybe"


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=200,
        security_chief=403,
        contact_person=403,
        police=200,
        civil=403,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),
)
def test_only_the_chair_and_the_approvers_approve(
    client_for: ClientFor, world: World, meetings: Meetings, persona: str | None, expected: int
) -> None:
    meeting = meetings.network
    run_to_held(world, meeting)

    response = client_for(persona).post(f"/api/v1/meetings/{meeting.pk}/approve/")

    assert response.status_code == expected
    if expected == 200:
        approvals = response.json()["approvals"]
        assert [row["by"] for row in approvals] == [world.persona(persona).pk]
        assert response.json()["state"] == "held"


# The state machine


def test_a_meeting_runs_from_draft_to_approved_minutes_through_the_api(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    coordinator, police = client_for("coordinator"), client_for("police")
    meeting = meetings.draft
    url = f"/api/v1/meetings/{meeting.pk}/"
    assert (
        coordinator.patch(
            url,
            {
                "chair": world.coordinator.pk,
                "secretary": world.contact_person.pk,
                "approvers": [world.police.pk],
                "invited_organisations": [world.police_org.pk, world.school.pk],
            },
        ).status_code
        == 200
    )

    item = coordinator.post(f"{url}agenda/", {"title": "Lägesbild", "planned_minutes": 15})
    second = coordinator.post(f"{url}agenda/", {"title": "Övrigt"})
    assert item.status_code == second.status_code == 201
    assert item["Location"].endswith(f"/api/v1/agenda-items/{item.json()['id']}/")
    order = coordinator.post(
        f"{url}agenda/order/", {"order": [second.json()["id"], item.json()["id"]]}
    )
    assert [row["id"] for row in order.json()] == [second.json()["id"], item.json()["id"]]

    assert coordinator.post(f"{url}schedule/").json()["state"] == "scheduled"
    assert police.post(f"{url}respond/", {"response": "yes"}).json()["my_response"] == "yes"
    for person in (world.coordinator, world.police):
        answer = coordinator.post(f"{url}attendance/", {"person": person.pk, "status": "present"})
        assert answer.status_code == 200, answer.content
    minutes = client_for("contact_person").put(
        f"/api/v1/agenda-items/{item.json()['id']}/minutes/",
        {"text": "Polisen redogjorde.", "outcome": "decision", "decision": "Vi fortsätter."},
    )
    assert minutes.status_code == 200, minutes.content
    held = coordinator.post(f"{url}hold/").json()
    assert held["state"] == "held"
    assert [row["minutes"]["number"] for row in held["agenda"]] == [1, 2]
    assert held["abilities"]["approve"] is True

    assert coordinator.post(f"{url}approve/").json()["state"] == "held"
    approved = police.post(f"{url}approve/").json()
    assert approved["state"] == "approved"
    [version] = approved["versions"]
    assert len(version["sha256"]) == 64 and version["number"] == 1
    assert approved["abilities"] == {
        "change": False,
        "write_minutes": False,
        "approve": False,
        "respond": False,
        "revise": False,
    }

    again = police.post(f"{url}approve/")
    assert again.status_code == 409

    revised = coordinator.post(f"{url}revise/", {"reason": "Fel datum i § 1"})
    assert revised.status_code == 200
    assert (revised.json()["state"], revised.json()["version"]) == ("held", 2)
    assert revised.json()["approvals"] == []
    assert len(revised.json()["versions"]) == 1


@pytest.mark.parametrize(
    ("action", "state", "expected"),
    [
        ("schedule", "draft", 200),
        ("schedule", "scheduled", 409),
        ("hold", "draft", 409),
        ("hold", "scheduled", 200),
        ("cancel", "draft", 200),
        ("cancel", "scheduled", 200),
        ("cancel", "held", 409),
        ("hold", "held", 409),
        ("approve", "scheduled", 409),
        ("approve", "draft", 409),
        ("revise", "held", 409),
        ("schedule", "cancelled", 409),
        ("hold", "cancelled", 409),
        ("approve", "approved", 409),
        ("cancel", "approved", 409),
        ("schedule", "approved", 409),
    ],
)
def test_every_transition_is_allowed_or_refused_with_409(
    client_for: ClientFor,
    world: World,
    meetings: Meetings,
    action: str,
    state: str,
    expected: int,
) -> None:
    meeting = meetings.draft if state in ("draft", "cancelled") else meetings.network
    if state == "cancelled":
        services.meeting_cancel(meeting=meeting, actor=world.coordinator)
    if state == "held":
        run_to_held(world, meeting)
    if state == "approved":
        approve(world, meeting)
    if meeting == meetings.draft:
        meeting.chair = world.coordinator
        Meeting.objects.filter(pk=meeting.pk).update(chair=world.coordinator)
    body = {"reason": "Rättelse"} if action == "revise" else None

    response = client_for("coordinator").post(
        f"/api/v1/meetings/{meeting.pk}/{action}/", body, format="json"
    )

    assert response.status_code == expected, response.content
    if expected == 409:
        assert response.json()["detail"]
        assert Meeting.objects.get(pk=meeting.pk).state == state


def test_a_cancelled_meeting_refuses_changes_with_409(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    meeting = meetings.network
    services.meeting_cancel(meeting=meeting, actor=world.coordinator)

    response = client_for("coordinator").patch(f"/api/v1/meetings/{meeting.pk}/", {"title": "x"})

    assert response.status_code == 409


def test_the_next_meeting_of_a_series_is_created_with_its_location(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    series = MeetingSeries.objects.create(
        network=world.net,
        title="Nätverksmöten",
        interval=1,
        unit="months",
        agenda_template=[{"title": "Lägesbild", "planned_minutes": 20}],
    )
    Meeting.objects.filter(pk=meetings.network.pk).update(series=series)

    response = client_for("coordinator").post(f"/api/v1/meetings/{meetings.network.pk}/next/")

    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"].endswith(f"/api/v1/meetings/{body['id']}/")
    assert body["series"] == series.pk
    assert body["starts_at"].startswith("2030-04-10")
    kinds = {row["kind"]: row["title"] for row in body["agenda"]}
    assert kinds["item"] == "Lägesbild"
    assert "action_review" in kinds  # the open action item of this meeting is carried over


def test_a_meeting_outside_a_series_has_no_next_one(
    client_for: ClientFor, meetings: Meetings
) -> None:
    response = client_for("coordinator").post(f"/api/v1/meetings/{meetings.network.pk}/next/")

    assert response.status_code == 400
    assert "series" in response.json()


# Approved minutes are frozen on every path


def _frozen_attempts(world: World, meetings: Meetings) -> list[tuple[str, str, dict]]:
    meeting = meetings.network
    item = meeting.agenda_items.order_by("position", "pk").first()
    assert item is not None
    return [
        ("patch", f"/api/v1/meetings/{meeting.pk}/", {"title": "Ändrat"}),
        ("post", f"/api/v1/meetings/{meeting.pk}/agenda/", {"title": "Ny punkt"}),
        ("patch", f"/api/v1/agenda-items/{item.pk}/", {"title": "Ändrad punkt"}),
        ("delete", f"/api/v1/agenda-items/{item.pk}/", {}),
        (
            "post",
            f"/api/v1/meetings/{meeting.pk}/agenda/order/",
            {"order": list(meeting.agenda_items.values_list("pk", flat=True))},
        ),
        ("put", f"/api/v1/agenda-items/{item.pk}/minutes/", {"text": "Ändrat"}),
        (
            "post",
            f"/api/v1/meetings/{meeting.pk}/attendance/",
            {"person": world.police.pk, "status": "absent"},
        ),
        ("patch", f"/api/v1/action-items/{meetings.network_item.pk}/", {"title": "Ändrat"}),
        (
            "post",
            "/api/v1/action-items/",
            {
                "meeting": meeting.pk,
                "title": "Nytt",
                "owner_organisation": world.police_org.pk,
                "due_on": "2030-01-01",
            },
        ),
    ]


def _snapshot(meeting: Meeting) -> tuple:
    return (
        Meeting.objects.filter(pk=meeting.pk).values().get(),
        list(AgendaItem.objects.filter(meeting=meeting).values()),
        list(MinutesEntry.objects.filter(meeting=meeting).values()),
        list(Attendance.objects.filter(meeting=meeting).values()),
        list(ActionItem.objects.filter(meeting=meeting).values()),
    )


@pytest.mark.parametrize("attempt", range(9))
def test_approved_minutes_refuse_every_change_with_409_and_change_nothing(
    client_for: ClientFor, world: World, meetings: Meetings, attempt: int
) -> None:
    approve(world, meetings.network)
    method, path, body = _frozen_attempts(world, meetings)[attempt]
    before = _snapshot(meetings.network)

    response = getattr(client_for("coordinator"), method)(path, body, format="json")

    assert response.status_code == 409, (path, response.content)
    assert response.json()["detail"]
    assert _snapshot(meetings.network) == before


def test_an_action_items_status_still_moves_on_after_approval(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    approve(world, meetings.network)

    response = client_for("police").patch(
        f"/api/v1/action-items/{meetings.network_item.pk}/", {"status": "done"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "done"
    assert response.json()["done_on"] is not None


def test_a_frozen_meeting_is_refused_with_409_whatever_the_body(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    approve(world, meetings.network)

    response = client_for("coordinator").patch(
        f"/api/v1/meetings/{meetings.network.pk}/", {"starts_at": "not a moment"}
    )

    assert response.status_code == 409


# Reading


def test_the_detail_carries_the_contract_fields_and_its_parts(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    response = client_for("police").get(f"/api/v1/meetings/{meetings.network.pk}/")

    body = response.json()
    assert {
        "id", "network", "title", "kind", "starts_at", "ends_at", "place", "visibility",
        "invited_organisations", "state",
    } <= set(body)  # fmt: skip
    assert body["approvers"] == [world.police.pk]
    assert body["abilities"]["respond"] is True
    assert body["abilities"]["change"] is False
    assert [row["title"] for row in body["agenda"]] == ["Lägesbild", "Övrigt"]
    assert body["agenda"][0]["minutes"] is None
    assert [row["title"] for row in body["action_items"]] == ["Ta fram underlag om helgkvällarna"]
    assert body["action_items"][0]["activity"] == meetings.hidden_activity.pk


def test_a_linked_activity_the_caller_may_not_see_is_null(
    client_for: ClientFor, meetings: Meetings
) -> None:
    detail = client_for("civil").get(f"/api/v1/meetings/{meetings.network.pk}/").json()
    item = client_for("civil").get(f"/api/v1/action-items/{meetings.network_item.pk}/").json()

    assert detail["action_items"][0]["activity"] is None
    assert item["activity"] is None
    assert item["direction"] == "prevention"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"when": "upcoming"}, {"network", "authority", "police", "draft", "guested"}),
        ({"when": "past"}, set()),
        ({"state": "draft"}, {"draft"}),
        ({"kind": "training"}, {"draft"}),
        ({"network": "1"}, None),
        ({"search": "myndighetsmöte"}, {"authority"}),
        ({"from": "2030-04-01"}, {"police"}),
        ({"to": "2030-03-10"}, {"network", "authority", "draft", "guested"}),
        ({"mine": "true"}, {"network", "authority", "draft", "guested"}),
    ],
)
def test_meeting_filters(
    client_for: ClientFor, world: World, meetings: Meetings, params: dict, expected: set | None
) -> None:
    if "network" in params:
        params = {"network": world.net.pk}
        expected = {"network", "authority", "police", "draft", "guested"}

    response = client_for("coordinator").get("/api/v1/meetings/", params)

    assert _seen(response, meetings) == expected


def test_mine_lists_the_meetings_a_member_is_invited_to(
    client_for: ClientFor, meetings: Meetings
) -> None:
    response = client_for("contact_person").get("/api/v1/meetings/", {"mine": "true"})

    assert _seen(response, meetings) == {"network", "authority"}


def test_past_meetings_are_listed_latest_first(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    old = _create(
        world,
        world.coordinator,
        title="Gammalt möte",
        starts_at=datetime(2020, 1, 1, 9, tzinfo=UTC),
        ends_at=datetime(2020, 1, 1, 10, tzinfo=UTC),
    )

    response = client_for("civil").get("/api/v1/meetings/", {"when": "past"})

    assert [row["id"] for row in response.json()["results"]] == [old.pk]


# Bad input: 400 with field errors, never 500, and nothing changes

BAD_MEETINGS = [
    pytest.param({"kind": "party"}, "kind", id="unknown kind"),
    pytest.param({"visibility": "everyone"}, "visibility", id="unknown visibility"),
    pytest.param({"ends_at": "2030-05-01T08:00:00+02:00"}, "ends_at", id="ends before it starts"),
    pytest.param({"ends_at": "2030-05-20T08:00:00+02:00"}, "ends_at", id="lasts weeks"),
    pytest.param({"starts_at": "0001-01-01T00:00:00+14:00"}, "starts_at", id="year one"),
    pytest.param({"starts_at": "99999-01-01T00:00:00Z"}, "starts_at", id="five-digit year"),
    pytest.param({"starts_at": 12}, "starts_at", id="a number for a moment"),
    pytest.param({"title": "Ti\x00tel"}, "title", id="NUL byte in title"),
    pytest.param({"description": "a\x00b"}, "description", id="NUL byte in description"),
    pytest.param({"title": "x" * 201}, "title", id="oversized title"),
    pytest.param({"title": ["a"]}, "title", id="a list for a title"),
    pytest.param({"chair": 2**80}, "chair", id="huge chair id"),
    pytest.param({"chair": True}, "chair", id="chair as a boolean"),
    pytest.param({"approvers": [99_999_999]}, "approvers", id="unknown approver"),
    pytest.param({"approvers": "x"}, "approvers", id="approvers not a list"),
    pytest.param({"invited_organisations": [2**70]}, "invited_organisations", id="huge org"),
    pytest.param({"guests": [{"a": 1}]}, "guests", id="an object for a guest"),
    pytest.param({"network": 99_999_999}, "network", id="unknown network"),
    pytest.param({"video_link": "javascript:alert(1)"}, "video_link", id="no link"),
    pytest.param({"id": 5}, "id", id="id cannot be set"),
    pytest.param({"state": "approved"}, "state", id="state cannot be set"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "field"), BAD_MEETINGS)
def test_a_bad_meeting_is_refused_with_a_field_error_and_nothing_is_created(
    client_for: ClientFor, world: World, change: dict, field: str
) -> None:
    body = {
        "network": world.net.pk,
        "title": "Möte",
        "starts_at": "2030-05-01T09:00:00+02:00",
        "ends_at": "2030-05-01T10:00:00+02:00",
        **change,
    }

    response = client_for("coordinator").post("/api/v1/meetings/", body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(("change", "field"), BAD_MEETINGS[:-2])
def test_a_bad_change_is_refused_and_the_meeting_stays_as_it_was(
    client_for: ClientFor, meetings: Meetings, change: dict, field: str
) -> None:
    meeting = meetings.network
    before = _snapshot(meeting)
    change = {key: value for key, value in change.items() if key != "network"} or {"kind": "x"}

    response = client_for("coordinator").patch(
        f"/api/v1/meetings/{meeting.pk}/", change, format="json"
    )

    assert response.status_code == 400, response.content
    assert _snapshot(meeting) == before


def test_json_nested_too_deeply_is_refused_with_400(
    client_for: ClientFor, meetings: Meetings
) -> None:
    depth = 5000
    body = '{"title": ' + '{"a": ' * depth + "1" + "}" * depth + "}"

    response = client_for("coordinator").patch(
        f"/api/v1/meetings/{meetings.network.pk}/", body, content_type="application/json"
    )

    assert response.status_code == 400
    meetings.network.refresh_from_db()
    assert meetings.network.title == "Nätverksmöte i mars"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("agenda/", {"title": ""}, "title"),
        ("agenda/", {"title": "x", "planned_minutes": 2**40}, "planned_minutes"),
        ("agenda/", {"title": "x", "planned_minutes": -1}, "planned_minutes"),
        ("agenda/", {"title": "x", "presenter": "abc"}, "presenter"),
        ("agenda/order/", {"order": [999_998, 999_999]}, "order"),
        ("agenda/order/", {"order": "1,2"}, "order"),
        ("agenda/order/", {"order": [2**70]}, "order"),
        ("attendance/", {"person": 99_999_999, "status": "present"}, "person"),
        ("attendance/", {"person": 1, "status": "dancing"}, "status"),
        ("respond/", {"response": "pending"}, "response"),
        ("respond/", {"response": "\x00"}, "response"),
        ("revise/", {"reason": ["x"]}, "reason"),
    ],
)
def test_bad_input_to_the_meetings_actions_is_a_field_error(
    client_for: ClientFor, world: World, meetings: Meetings, path: str, body: dict, field: str
) -> None:
    meeting = meetings.network
    if path == "revise/":
        approve(world, meeting)
    before = _snapshot(meeting)
    client = client_for("police" if path == "respond/" else "coordinator")

    response = client.post(f"/api/v1/meetings/{meeting.pk}/{path}", body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert _snapshot(meeting) == before


def test_a_substitute_says_for_whom(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    url = f"/api/v1/meetings/{meetings.network.pk}/attendance/"
    client = client_for("coordinator")

    missing = client.post(url, {"person": world.police.pk, "status": "substitute"})
    given = client.post(
        url,
        {"person": world.police.pk, "status": "substitute", "substitute_for": world.civil.pk},
    )

    assert missing.status_code == 400 and "substitute_for" in missing.json()
    assert given.status_code == 200
    assert given.json()["substitute_for"] == world.civil.pk


def test_an_agenda_item_of_a_hidden_meeting_is_404_before_its_body_is_read(
    client_for: ClientFor, meetings: Meetings
) -> None:
    item = meetings.authority.agenda_items.first()
    assert item is not None
    client = client_for("civil")

    assert client.get(f"/api/v1/agenda-items/{item.pk}/").status_code == 404
    assert client.patch(f"/api/v1/agenda-items/{item.pk}/", {"title": 5}).status_code == 404
    assert client.delete(f"/api/v1/agenda-items/{item.pk}/").status_code == 404
    assert client.put(f"/api/v1/agenda-items/{item.pk}/minutes/", "x").status_code == 404
    assert client.post(f"/api/v1/meetings/{meetings.authority.pk}/agenda/", 5).status_code == 404


def test_a_visible_agenda_item_is_changed_only_by_those_who_run_the_meeting(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    item = meetings.network.agenda_items.order_by("position").first()
    assert item is not None

    refused = client_for("civil").patch(f"/api/v1/agenda-items/{item.pk}/", {"title": "x"})
    changed = client_for("contact_person").patch(
        f"/api/v1/agenda-items/{item.pk}/", {"title": "Ny rubrik", "presenter": world.police.pk}
    )
    removed = client_for("coordinator").delete(f"/api/v1/agenda-items/{item.pk}/")

    assert refused.status_code == 403
    assert changed.status_code == 200
    assert changed.json()["presenter"] == world.police.pk
    assert removed.status_code == 204
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("pk", ["99999999999999999999", "0", "-1", "abc", "%00", "1e3"])
def test_a_bad_id_is_404(client_for: ClientFor, meetings: Meetings, pk: str) -> None:
    client = client_for("coordinator")

    assert client.get(f"/api/v1/meetings/{pk}/").status_code == 404
    assert client.get(f"/api/v1/meetings/{pk}/ics/").status_code == 404
    assert client.post(f"/api/v1/meetings/{pk}/approve/").status_code == 404
    assert client.get(f"/api/v1/agenda-items/{pk}/").status_code == 404
    assert client.get(f"/api/v1/action-items/{pk}/").status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"when": "tomorrow"},
        {"state": "finished"},
        {"kind": "\x00"},
        {"mine": "perhaps"},
        {"network": "99999999999999999999"},
        {"from": "2026-13-01"},
        {"search": "x" * 201},
        {"ordering": "nosuchfield"},
    ],
)
def test_bad_query_parameters_are_field_errors(
    client_for: ClientFor, meetings: Meetings, params: dict
) -> None:
    response = client_for("coordinator").get("/api/v1/meetings/", params)

    assert response.status_code == 400
    assert set(params) <= set(response.json())


def test_put_on_a_meeting_is_not_allowed(client_for: ClientFor, meetings: Meetings) -> None:
    response = client_for("coordinator").put(
        f"/api/v1/meetings/{meetings.network.pk}/", {"title": "x"}
    )

    assert response.status_code == 405


# Query counts

TOKEN_AND_VIEWER = 3


@pytest.mark.parametrize("page_size", [2, 10])
def test_the_meeting_list_costs_the_same_at_every_page_size(
    token_client: Callable[[str | None], APIClient],
    world: World,
    meetings: Meetings,
    django_assert_num_queries: Callable,
    page_size: int,
) -> None:
    for number in range(10):
        _create(
            world,
            world.coordinator,
            title=f"Möte {number}",
            invited_organisations=[world.police_org, world.school],
            invitees=[world.police],
            approvers=[world.contact_person],
        )
    client = token_client("coordinator")

    # count, page, invited organisations, approvers, invitations
    with django_assert_num_queries(TOKEN_AND_VIEWER + 5):
        response = client.get(
            "/api/v1/meetings/", {"page_size": page_size, "when": "upcoming", "mine": "true"}
        )

    assert len(response.json()["results"]) == page_size


def test_a_meeting_detail_costs_a_fixed_number_of_queries(
    token_client: Callable[[str | None], APIClient],
    world: World,
    meetings: Meetings,
    django_assert_num_queries: Callable,
) -> None:
    run_to_held(world, meetings.network)
    client = token_client("police")

    # the meeting with 8 prefetches, whether the caller approves (held: no answer is due), and
    # which linked activities the caller may see
    with django_assert_num_queries(TOKEN_AND_VIEWER + 1 + 8 + 1 + 1):
        response = client.get(f"/api/v1/meetings/{meetings.network.pk}/")

    assert response.status_code == 200


# Every persona against the actions of running a meeting

RUNS = dict(
    coordinator=True, security_chief=403, contact_person=True, police=403, civil=403,
    report_reader=403, outsider=404, other_member=404, anonymous=401,
)  # fmt: skip


def _running_actions(world: World, meetings: Meetings) -> dict[str, tuple[str, str, Any, int]]:
    meeting = meetings.network
    url = f"/api/v1/meetings/{meeting.pk}/"
    items = list(meeting.agenda_items.order_by("position", "pk").values_list("pk", flat=True))
    return {
        "hold": ("post", f"{url}hold/", None, 200),
        "cancel": ("post", f"{url}cancel/", None, 200),
        "agenda": ("post", f"{url}agenda/", {"title": "Ny punkt"}, 201),
        "order": ("post", f"{url}agenda/order/", {"order": items[::-1]}, 200),
        "attendance": (
            "post",
            f"{url}attendance/",
            {"person": world.police.pk, "status": "present"},
            200,
        ),
        "minutes": ("put", f"/api/v1/agenda-items/{items[0]}/minutes/", {"text": "Text."}, 200),
        "item": ("patch", f"/api/v1/agenda-items/{items[0]}/", {"planned_minutes": 5}, 200),
        "remove": ("delete", f"/api/v1/agenda-items/{items[0]}/", None, 204),
    }


@pytest.mark.parametrize(
    "action", ["hold", "cancel", "agenda", "order", "attendance", "minutes", "item", "remove"]
)
@pytest.mark.parametrize(("persona", "expected"), each_persona(**RUNS))
def test_only_those_who_run_a_meeting_hold_cancel_and_write_it(
    client_for: ClientFor,
    world: World,
    meetings: Meetings,
    action: str,
    persona: str | None,
    expected: Any,
) -> None:
    method, path, body, success = _running_actions(world, meetings)[action]
    before = _snapshot(meetings.network)

    response = getattr(client_for(persona), method)(path, body, format="json")

    assert response.status_code == (success if expected is True else expected), response.content
    if expected is not True:
        assert _snapshot(meetings.network) == before


@pytest.mark.parametrize(("persona", "expected"), each_persona(**RUNS))
def test_only_those_who_run_a_meeting_open_a_new_version(
    client_for: ClientFor, world: World, meetings: Meetings, persona: str | None, expected: Any
) -> None:
    approve(world, meetings.network)

    response = client_for(persona).post(
        f"/api/v1/meetings/{meetings.network.pk}/revise/", {"reason": "Fel i § 1"}
    )

    assert response.status_code == (200 if expected is True else expected)
    meetings.network.refresh_from_db()
    assert meetings.network.version == (2 if expected is True else 1)


def test_a_civil_society_member_meets_404_on_every_path_of_an_authorities_meeting(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    meeting = meetings.authority
    url = f"/api/v1/meetings/{meeting.pk}/"
    item = meeting.agenda_items.get()
    client = client_for("civil")
    before = _snapshot(meeting)
    attempts = [
        ("get", url, None),
        ("get", f"{url}ics/", None),
        ("patch", url, {"title": "x"}),
        *[
            ("post", f"{url}{name}/", None)
            for name in ("schedule", "hold", "cancel", "approve", "next")
        ],
        ("post", f"{url}revise/", {"reason": "x"}),
        ("post", f"{url}respond/", {"response": "yes"}),
        ("post", f"{url}agenda/", {"title": "x"}),
        ("post", f"{url}agenda/order/", {"order": [item.pk]}),
        ("post", f"{url}attendance/", {"person": world.civil.pk, "status": "present"}),
        ("get", f"/api/v1/agenda-items/{item.pk}/", None),
        ("patch", f"/api/v1/agenda-items/{item.pk}/", {"title": "x"}),
        ("delete", f"/api/v1/agenda-items/{item.pk}/", None),
        ("put", f"/api/v1/agenda-items/{item.pk}/minutes/", {"text": "x"}),
        ("get", f"/api/v1/action-items/{meetings.authority_item.pk}/", None),
        ("patch", f"/api/v1/action-items/{meetings.authority_item.pk}/", {"status": "done"}),
    ]

    answers = {
        (method, path): getattr(client, method)(path, body, format="json").status_code
        for method, path, body in attempts
    }

    assert set(answers.values()) == {404}, answers
    assert _snapshot(meeting) == before
    listed = client.get("/api/v1/meetings/", {"search": "Myndighetsmöte"}).json()
    assert listed["count"] == 0
    items = client.get("/api/v1/action-items/", {"meeting": meeting.pk}).json()
    assert items["count"] == 0
