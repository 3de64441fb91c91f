"""Every meeting page, tried by every persona: the exact status code.

404 for a meeting a person may not see (or a page that does not exist for them), 403 for one they
see but may not change, 302 to the sign-in page for anonymous visitors.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.meetings import services
from network.models import Meeting, Visibility
from tests.conftest import World

pytestmark = pytest.mark.django_db

EVERYONE = (
    "coordinator",
    "security_chief",
    "contact_person",
    "police",
    "civil",
    "report_reader",
    "outsider",
    "other_member",
)


def _expect(**table: int) -> dict[str, int]:
    assert set(table) == set(EVERYONE)
    return table


def _meeting(world: World, visibility: str) -> Meeting:
    starts = timezone.now() + timedelta(days=5)
    invited = [world.police_org, world.school, world.social]
    if visibility == Visibility.NETWORK:
        invited.append(world.association)
    meeting = services.meeting_create(
        author=world.coordinator,
        network=world.net,
        title=f"Möte {visibility}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        visibility=visibility,
        chair=world.coordinator,
        secretary=world.contact_person,
        invited_organisations=invited,
        agenda=[{"title": "Lägesbild", "planned_minutes": 20}],
    )
    services.meeting_schedule(meeting=meeting, actor=world.coordinator)
    return meeting


def _client(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.persona(name))
    return client


LISTS = _expect(
    coordinator=200,
    security_chief=200,
    contact_person=200,
    police=200,
    civil=200,
    report_reader=404,
    outsider=404,
    other_member=200,
)


@pytest.mark.parametrize("name", ["frontend:meeting_list", "frontend:action_item_list"])
@pytest.mark.parametrize("persona", EVERYONE)
def test_every_persona_gets_the_exact_status_on_the_lists(
    world: World, name: str, persona: str
) -> None:
    assert _client(world, persona).get(reverse(name)).status_code == LISTS[persona]


CREATE = _expect(
    coordinator=200,
    security_chief=403,
    contact_person=200,
    police=200,
    civil=200,
    report_reader=404,
    outsider=404,
    other_member=200,
)


@pytest.mark.parametrize("persona", EVERYONE)
def test_every_persona_gets_the_exact_status_on_the_new_meeting_form(
    world: World, persona: str
) -> None:
    status = _client(world, persona).get(reverse("frontend:meeting_create")).status_code
    assert status == CREATE[persona]


DETAIL = {
    Visibility.NETWORK: _expect(
        coordinator=200,
        security_chief=200,
        contact_person=200,
        police=200,
        civil=200,
        report_reader=404,
        outsider=404,
        other_member=404,
    ),
    Visibility.AUTHORITIES: _expect(
        coordinator=200,
        security_chief=200,
        contact_person=200,
        police=200,
        civil=404,
        report_reader=404,
        outsider=404,
        other_member=404,
    ),
}
# The coordinator and the secretary run the meeting; the others who see it may not change it.
EDIT = {
    Visibility.NETWORK: _expect(
        coordinator=200,
        security_chief=403,
        contact_person=200,
        police=403,
        civil=403,
        report_reader=404,
        outsider=404,
        other_member=404,
    ),
    Visibility.AUTHORITIES: _expect(
        coordinator=200,
        security_chief=403,
        contact_person=200,
        police=403,
        civil=404,
        report_reader=404,
        outsider=404,
        other_member=404,
    ),
}


@pytest.mark.parametrize("visibility", [Visibility.NETWORK, Visibility.AUTHORITIES])
@pytest.mark.parametrize("persona", EVERYONE)
def test_every_persona_gets_the_exact_status_on_a_meeting(
    world: World, visibility: str, persona: str
) -> None:
    meeting = _meeting(world, visibility)
    item = meeting.agenda_items.get()
    client = _client(world, persona)
    assert (
        client.get(reverse("frontend:meeting_detail", args=[meeting.pk])).status_code
        == DETAIL[visibility][persona]
    )
    for url in (
        reverse("frontend:meeting_edit", args=[meeting.pk]),
        reverse("frontend:agenda_item_edit", args=[meeting.pk, item.pk]),
    ):
        assert client.get(url).status_code == EDIT[visibility][persona], url
    changes = (
        (
            reverse("frontend:agenda_item_add", args=[meeting.pk]),
            {"agenda-title": "Ny punkt", "agenda-planned_minutes": "5"},
        ),
        (
            reverse("frontend:minutes_save", args=[meeting.pk, item.pk]),
            {f"m{item.pk}-text": "Text", f"m{item.pk}-outcome": "information"},
        ),
        (reverse("frontend:agenda_reorder", args=[meeting.pk]), {"order": [item.pk]}),
    )
    expected_change = {200: 302, 403: 403, 404: 404}[EDIT[visibility][persona]]
    for url, data in changes:
        assert client.post(url, data).status_code == expected_change, url


# Who answers the invitation: the people of the invited organisations.
RESPOND = _expect(
    coordinator=302,
    security_chief=403,
    contact_person=302,
    police=302,
    civil=302,
    report_reader=404,
    outsider=404,
    other_member=404,
)


@pytest.mark.parametrize("persona", EVERYONE)
def test_every_persona_gets_the_exact_status_when_answering(world: World, persona: str) -> None:
    meeting = _meeting(world, Visibility.NETWORK)
    response = _client(world, persona).post(
        reverse("frontend:meeting_respond", args=[meeting.pk]), {"response": "maybe"}
    )
    assert response.status_code == RESPOND[persona]


# The chair approves; nobody else named.
APPROVE = _expect(
    coordinator=302,
    security_chief=403,
    contact_person=403,
    police=403,
    civil=403,
    report_reader=404,
    outsider=404,
    other_member=404,
)


@pytest.mark.parametrize("persona", EVERYONE)
def test_every_persona_gets_the_exact_status_when_approving(world: World, persona: str) -> None:
    meeting = _meeting(world, Visibility.NETWORK)
    services.attendance_record(
        meeting=meeting, actor=world.coordinator, person=world.coordinator, status="present"
    )
    services.meeting_hold(meeting=meeting, actor=world.coordinator)
    response = _client(world, persona).post(reverse("frontend:meeting_approve", args=[meeting.pk]))
    assert response.status_code == APPROVE[persona]


def test_anonymous_visitor_is_sent_to_sign_in_on_every_meeting_page(world: World) -> None:
    meeting = _meeting(world, Visibility.NETWORK)
    item = meeting.agenda_items.get()
    client = Client()
    for url in (
        reverse("frontend:meeting_list"),
        reverse("frontend:meeting_create"),
        reverse("frontend:meeting_detail", args=[meeting.pk]),
        reverse("frontend:meeting_edit", args=[meeting.pk]),
        reverse("frontend:agenda_item_edit", args=[meeting.pk, item.pk]),
        reverse("frontend:action_item_list"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("frontend:login") + "?next=")
    for url in (
        reverse("frontend:meeting_approve", args=[meeting.pk]),
        reverse("frontend:minutes_save", args=[meeting.pk, item.pk]),
    ):
        assert client.post(url).status_code == 302, url
    assert not meeting.approvals.exists()


def test_a_meeting_number_that_does_not_exist_is_404_like_a_hidden_one(world: World) -> None:
    client = _client(world, "coordinator")
    for url in (
        reverse("frontend:meeting_detail", args=[999_999]),
        reverse("frontend:meeting_edit", args=[999_999]),
    ):
        assert client.get(url).status_code == 404
    meeting = _meeting(world, Visibility.NETWORK)
    other = _meeting(world, Visibility.AUTHORITIES)
    stray = other.agenda_items.get()
    # An agenda item of another meeting is not found through this one.
    url = reverse("frontend:agenda_item_edit", args=[meeting.pk, stray.pk])
    assert client.get(url).status_code == 404


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["frontend:meeting_list", "frontend:action_item_list"])
def test_list_queries_do_not_grow_with_the_rows(world: World, name: str) -> None:
    client = _client(world, "police")
    url = reverse(name) + ("?filtered=1" if name == "frontend:action_item_list" else "")

    def add(count: int) -> None:
        for _ in range(count):
            meeting = _meeting(world, Visibility.NETWORK)
            services.action_item_create(
                meeting=meeting,
                actor=world.coordinator,
                title="Uppdrag",
                owner_organisation=world.police_org,
                owner=world.police,
                due_on=date(2026, 12, 1),
            )

    add(2)
    few = _queries(client, url)
    add(6)
    assert _queries(client, url) == few
