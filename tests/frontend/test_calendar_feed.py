"""The personal calendar feed: a secret, revocable address that lists what its owner may see."""

from datetime import datetime, timedelta

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network.meetings import services
from network.models import CalendarFeed, Meeting, User, Visibility
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _meeting(
    world: World,
    title: str,
    starts_at: datetime,
    *,
    visibility: str = Visibility.NETWORK,
    schedule: bool = True,
) -> Meeting:
    invited = [world.police_org, world.school]
    if visibility == Visibility.NETWORK:
        invited.append(world.association)
    meeting = services.meeting_create(
        author=world.coordinator,
        network=world.net,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place="Rådhuset",
        visibility=visibility,
        chair=world.coordinator,
        invited_organisations=invited,
    )
    if schedule:
        services.meeting_schedule(meeting=meeting, actor=world.coordinator)
    return meeting


@pytest.fixture
def meetings(world: World) -> dict[str, Meeting]:
    now = timezone.now()
    return {
        "network": _meeting(world, "Nätverksmöte", now + timedelta(days=7)),
        "authorities": _meeting(
            world, "Myndighetsgruppen", now + timedelta(days=14), visibility=Visibility.AUTHORITIES
        ),
        "recent": _meeting(world, "Förra månadens möte", now - timedelta(days=30)),
        "old": _meeting(world, "Mötet i fjol", now - timedelta(days=200)),
        "draft": _meeting(world, "Utkast till möte", now + timedelta(days=30), schedule=False),
    }


def _feed_for(client: Client) -> str:
    """Make the address on the settings page and return the feed's path."""
    response = client.post(reverse("frontend:calendar_feed_settings"), {"action": "renew"})
    assert response.status_code == 302
    return _path_on_page(client)


def _path_on_page(client: Client) -> str:
    page = client.get(reverse("frontend:calendar_feed_settings")).content.decode()
    start = page.index("https://") if "https://" in page else page.index("http://testserver")
    address = page[start : page.index('"', start)]
    return address.split("testserver", 1)[1]


def _summaries(body: bytes) -> set[str]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(event["summary"]) for event in calendar.walk("VEVENT")}


def test_the_feed_parses_and_lists_what_the_owner_may_see(
    world: World, web_client_for, meetings
) -> None:
    path = _feed_for(web_client_for("police"))

    response = Client().get(path)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"
    assert _summaries(response.content) == {
        "Nätverksmöte",
        "Myndighetsgruppen",
        "Förra månadens möte",
    }


def test_a_civil_society_owner_never_gets_an_authorities_meeting(
    world: World, web_client_for, meetings
) -> None:
    path = _feed_for(web_client_for("civil"))

    summaries = _summaries(Client().get(path).content)

    assert summaries == {"Nätverksmöte", "Förra månadens möte"}


def test_the_feed_follows_the_owners_access_as_it_is_now(
    world: World, web_client_for, meetings
) -> None:
    path = _feed_for(web_client_for("police"))
    services.meeting_update(
        meeting=meetings["network"],
        actor=world.coordinator,
        visibility=Visibility.ORGANISATION,
        invited_organisations=[],
    )

    assert "Nätverksmöte" not in _summaries(Client().get(path).content)


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(
    world: World, web_client_for, meetings
) -> None:
    path = _feed_for(web_client_for("police"))
    services.meeting_cancel(meeting=meetings["network"], actor=world.coordinator)

    calendar = icalendar.Calendar.from_ical(Client().get(path).content)
    event = next(e for e in calendar.walk("VEVENT") if str(e["summary"]) == "Nätverksmöte")

    assert str(event["status"]) == "CANCELLED"


def test_the_settings_page_shows_the_webcal_and_https_addresses(
    world: World, web_client_for
) -> None:
    client = web_client_for("police")
    client.post(reverse("frontend:calendar_feed_settings"), {"action": "renew"})
    token = CalendarFeed.objects.get(user=world.police).token

    page = client.get(reverse("frontend:calendar_feed_settings")).content.decode()

    assert len(token) >= 43
    assert f"webcal://testserver/calendar/{token}.ics" in page
    assert f"http://testserver/calendar/{token}.ics" in page


def test_a_new_address_revokes_the_old_one(world: World, web_client_for, meetings) -> None:
    client = web_client_for("police")
    old = _feed_for(client)

    new = _feed_for(client)

    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_revoking_makes_the_address_not_found(world: World, web_client_for, meetings) -> None:
    client = web_client_for("police")
    path = _feed_for(client)

    response = client.post(reverse("frontend:calendar_feed_settings"), {"action": "revoke"})

    assert response.status_code == 302
    assert Client().get(path).status_code == 404
    assert not CalendarFeed.objects.filter(user=world.police).exists()


def test_a_deactivated_owners_feed_is_not_found(world: World, web_client_for, meetings) -> None:
    path = _feed_for(web_client_for("police"))
    User.objects.filter(pk=world.police.pk).update(is_active=False)

    assert Client().get(path).status_code == 404


@pytest.mark.parametrize(
    "token",
    ["x" * 43, "kort", "a" * 65, "%00" * 20, "é" * 43, "..", "x" * 43 + ".ics"],
)
def test_an_unknown_or_malformed_token_is_not_found(world: World, token: str) -> None:
    assert Client().get(f"/calendar/{token}.ics").status_code == 404


def test_the_settings_page_needs_sign_in_and_csrf(world: World) -> None:
    url = reverse("frontend:calendar_feed_settings")
    assert Client().get(url).status_code == 302

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.police)
    assert client.post(url, {"action": "renew"}).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_an_unknown_action_changes_nothing(world: World, web_client_for) -> None:
    client = web_client_for("police")
    response = client.post(reverse("frontend:calendar_feed_settings"), {"action": "drop"})

    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()


def test_the_feed_costs_the_same_queries_for_many_meetings(
    world: World, web_client_for, django_assert_max_num_queries
) -> None:
    path = _feed_for(web_client_for("police"))
    now = timezone.now()
    for day in range(1, 6):
        _meeting(world, f"Möte {day}", now + timedelta(days=day))

    with django_assert_max_num_queries(6):
        response = Client().get(path)

    assert len(_summaries(response.content)) == 5
