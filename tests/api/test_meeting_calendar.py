"""A meeting as iCalendar, parsed back with a real parser."""

from collections.abc import Callable
from datetime import UTC, datetime

import icalendar
import pytest
from rest_framework.test import APIClient

from network.meetings import services
from network.meetings.calendar import calendar_for, meeting_event
from network.models import Meeting
from tests.api.test_meetings import Meetings, meetings_fixture  # noqa: F401
from tests.conftest import World

ClientFor = Callable[[str | None], APIClient]


def _calendar(client: APIClient, meeting: Meeting) -> icalendar.Calendar:
    response = client.get(f"/api/v1/meetings/{meeting.pk}/ics/")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _event(calendar: icalendar.Calendar) -> icalendar.Event:
    [event] = calendar.walk("VEVENT")
    return event


def test_the_meeting_is_one_event_with_its_times_in_utc(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    meeting = meetings.network
    Meeting.objects.filter(pk=meeting.pk).update(
        place="Stadshuset, sal Öresund", description="Lägesbild och åtgärder för våren."
    )

    calendar = _calendar(client_for("civil"), meeting)
    event = _event(calendar)

    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert "Samverkan" in str(calendar["PRODID"])
    assert str(event["UID"]) == f"meeting-{meeting.pk}@samverkan"
    assert event.decoded("DTSTART") == datetime(2030, 3, 10, 8, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2030, 3, 10, 10, 0, tzinfo=UTC)
    assert event.decoded("DTSTART").utcoffset().total_seconds() == 0
    assert str(event["SUMMARY"]) == "Nätverksmöte i mars"
    assert str(event["LOCATION"]) == "Stadshuset, sal Öresund"
    assert str(event["DESCRIPTION"]).startswith("Lägesbild och åtgärder för våren.")
    # the meeting's page as a full address, which a calendar program can open
    assert str(event["DESCRIPTION"]).endswith(f"http://127.0.0.1:8000/moten/{meeting.pk}/")
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 1
    assert str(event["ORGANIZER"].params["CN"]) == (
        world.coordinator.get_full_name() or world.coordinator.username
    )


def test_the_uid_does_not_depend_on_the_host(client_for: ClientFor, meetings: Meetings) -> None:
    client = client_for("police")
    url = f"/api/v1/meetings/{meetings.network.pk}/ics/"

    first = icalendar.Calendar.from_ical(client.get(url, HTTP_HOST="localhost").content)
    second = icalendar.Calendar.from_ical(client.get(url, HTTP_HOST="127.0.0.1").content)

    assert str(_event(first)["UID"]) == str(_event(second)["UID"])


def test_a_change_of_time_raises_the_sequence(client_for: ClientFor, meetings: Meetings) -> None:
    client = client_for("coordinator")
    meeting = meetings.network
    before = _event(_calendar(client, meeting))["SEQUENCE"]

    response = client.patch(
        f"/api/v1/meetings/{meeting.pk}/",
        {"starts_at": "2030-03-10T10:00:00+01:00", "ends_at": "2030-03-10T12:00:00+01:00"},
    )
    after = _event(_calendar(client, meeting))

    assert response.status_code == 200
    assert after["SEQUENCE"] > before
    assert after.decoded("DTSTART") == datetime(2030, 3, 10, 9, 0, tzinfo=UTC)


def test_a_cancelled_meeting_is_sent_as_a_cancellation(
    client_for: ClientFor, meetings: Meetings
) -> None:
    client = client_for("coordinator")
    meeting = meetings.network
    before = _event(_calendar(client, meeting))

    assert client.post(f"/api/v1/meetings/{meeting.pk}/cancel/").status_code == 200
    calendar = _calendar(client, meeting)
    event = _event(calendar)

    assert calendar["METHOD"] == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == str(before["UID"])
    assert event["SEQUENCE"] > before["SEQUENCE"]


def test_a_draft_is_tentative(client_for: ClientFor, meetings: Meetings) -> None:
    event = _event(_calendar(client_for("coordinator"), meetings.draft))

    assert str(event["STATUS"]) == "TENTATIVE"


def test_swedish_characters_come_through_intact(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    title = "Åtgärder för Öresundsvägen – möte i Ängelholm"
    client = client_for("coordinator")
    client.patch(f"/api/v1/meetings/{meetings.network.pk}/", {"title": title})

    response = client.get(f"/api/v1/meetings/{meetings.network.pk}/ics/")

    assert "Öresundsvägen".encode() in response.content.replace(b"\r\n ", b"")
    assert str(_event(icalendar.Calendar.from_ical(response.content))["SUMMARY"]) == title


def test_a_video_link_is_the_location_of_a_meeting_without_a_place(
    world: World, meetings: Meetings
) -> None:
    meeting = services.meeting_update(
        meeting=meetings.network, actor=world.coordinator, video_link="https://möte.example/abc"
    )

    event = meeting_event(meeting)

    assert str(event["LOCATION"]) == "https://möte.example/abc"


def test_an_organiser_without_an_email_is_named_only(world: World, meetings: Meetings) -> None:
    world.coordinator.email = ""
    world.coordinator.first_name, world.coordinator.last_name = "Sara", "Samordnare"
    world.coordinator.save()
    meeting = Meeting.objects.select_related("organiser").get(pk=meetings.network.pk)

    event = meeting_event(meeting)

    assert str(event["ORGANIZER"].params["CN"]) == "Sara Samordnare"
    assert "@" not in str(event["ORGANIZER"])


def test_a_calendar_holds_several_meetings(meetings: Meetings) -> None:
    data = calendar_for([meetings.network, meetings.authority])

    calendar = icalendar.Calendar.from_ical(data)

    assert calendar["METHOD"] == "PUBLISH"
    assert len(calendar.walk("VEVENT")) == 2


@pytest.mark.parametrize("persona", ["civil", "outsider", "other_member"])
def test_an_invisible_meeting_has_no_calendar(
    client_for: ClientFor, meetings: Meetings, persona: str
) -> None:
    response = client_for(persona).get(f"/api/v1/meetings/{meetings.authority.pk}/ics/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert b"Myndighetsm" not in response.content


def test_anonymous_gets_401_in_json(client_for: ClientFor, meetings: Meetings) -> None:
    response = client_for(None).get(f"/api/v1/meetings/{meetings.network.pk}/ics/")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
