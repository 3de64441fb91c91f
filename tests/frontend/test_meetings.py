"""The meeting pages: each renders for those who see it, forms keep typed text, and each POST
does what it says, up to approved minutes that refuse every change."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from network.meetings import services
from network.models import ActionItem, AgendaItem, Attendance, Invitation, Meeting, Visibility
from tests.conftest import World

pytestmark = pytest.mark.django_db

IDENTITY_NUMBER = "811218-9876"  # a valid personnummer (the tax agency's example)


@dataclass
class Meetings:
    network: Meeting  # scheduled, seen by the whole network
    authorities: Meeting  # scheduled, seen by the authorities only


def _create(world: World, visibility: str, title: str, days: int = 7) -> Meeting:
    starts = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    invited = [world.police_org, world.school, world.social]
    if visibility == Visibility.NETWORK:
        invited.append(world.association)
    meeting = services.meeting_create(
        author=world.coordinator,
        network=world.net,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        visibility=visibility,
        chair=world.coordinator,
        secretary=world.contact_person,
        approvers=[world.police],
        invited_organisations=invited,
        agenda=[
            {"title": "Lägesbild", "planned_minutes": 40},
            {"title": "Beslut om insats", "planned_minutes": 30},
        ],
    )
    services.meeting_schedule(meeting=meeting, actor=world.coordinator)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def meetings(world: World) -> Meetings:
    return Meetings(
        network=_create(world, Visibility.NETWORK, "Nätverksmöte"),
        authorities=_create(world, Visibility.AUTHORITIES, "Myndighetsmöte", days=9),
    )


def _client(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.persona(name))
    return client


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.agenda_items.order_by("position", "pk"))


def _hold_and_approve(world: World, meeting: Meeting) -> None:
    for person in (world.coordinator, world.police):
        services.attendance_record(
            meeting=meeting, actor=world.coordinator, person=person, status="present"
        )
    services.minutes_write(item=_items(meeting)[0], actor=world.contact_person, text="Genomgång.")
    services.meeting_hold(meeting=meeting, actor=world.coordinator)
    services.meeting_approve(meeting=meeting, actor=world.coordinator)
    services.meeting_approve(meeting=meeting, actor=world.police)
    meeting.refresh_from_db()


# Pages render for those who see them


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("security_chief", 200),
        ("contact_person", 200),
        ("police", 200),
        ("civil", 200),
        ("report_reader", 404),
        ("outsider", 404),
    ],
)
def test_meeting_list_calendar_and_action_items_answer_each_persona(
    world: World, meetings: Meetings, persona: str, status: int
) -> None:
    client = _client(world, persona)
    for url in (
        reverse("frontend:meeting_list"),
        reverse("frontend:meeting_list") + "?view=calendar",
        reverse("frontend:meeting_list") + "?when=upcoming&mine=on&state=scheduled&kind=training",
        reverse("frontend:action_item_list"),
        reverse("frontend:action_item_list") + "?filtered=1&overdue=on&status=open",
    ):
        assert client.get(url).status_code == status, url


def test_civil_society_member_sees_the_network_meeting_but_not_the_authorities_one(
    world: World, meetings: Meetings
) -> None:
    client = _client(world, "civil")
    listing = client.get(reverse("frontend:meeting_list")).content.decode()
    assert "Nätverksmöte" in listing
    assert "Myndighetsmöte" not in listing
    month = timezone.localtime(meetings.authorities.starts_at).strftime("%Y-%m")
    calendar = client.get(reverse("frontend:meeting_list") + f"?view=calendar&month={month}")
    assert "Myndighetsmöte" not in calendar.content.decode()
    assert (
        client.get(reverse("frontend:meeting_detail", args=[meetings.network.pk])).status_code
        == 200
    )


def test_month_calendar_is_a_table_with_the_meeting_on_its_day(
    world: World, meetings: Meetings
) -> None:
    starts = timezone.localtime(meetings.network.starts_at)
    response = _client(world, "police").get(
        reverse("frontend:meeting_list") + f"?view=calendar&month={starts:%Y-%m}"
    )
    html = response.content.decode()
    assert "<caption>" in html and 'scope="col"' in html
    assert f'datetime="{starts:%Y-%m-%d}"' in html
    assert "Nätverksmöte" in html
    assert "Previous month" in html or "Föregående månad" in html or "month=" in html


def test_meeting_page_shows_agenda_running_total_and_over_time_in_words(
    world: World, meetings: Meetings
) -> None:
    services.agenda_item_add(
        meeting=meetings.network, actor=world.coordinator, title="Övrigt", planned_minutes=15
    )
    html = (
        _client(world, "coordinator")
        .get(reverse("frontend:meeting_detail", args=[meetings.network.pk]))
        .content.decode()
    )
    assert "Lägesbild" in html and "Övrigt" in html
    assert "85" in html and "60" in html  # planned in all, of the meeting's length
    assert 'class="over-time"' in html
    assert reverse("frontend:agenda_reorder", args=[meetings.network.pk]) in html
    assert 'draggable="true"' in html


def test_member_sees_the_meeting_read_only_and_answers_the_invitation(
    world: World, meetings: Meetings
) -> None:
    client = _client(world, "police")
    url = reverse("frontend:meeting_detail", args=[meetings.network.pk])
    html = client.get(url).content.decode()
    assert reverse("frontend:meeting_edit", args=[meetings.network.pk]) not in html
    assert reverse("frontend:meeting_respond", args=[meetings.network.pk]) in html
    response = client.post(
        reverse("frontend:meeting_respond", args=[meetings.network.pk]), {"response": "yes"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(meeting=meetings.network, user=world.police)
    assert invitation.response == "yes"


def test_start_page_shows_my_next_meetings_and_open_action_items(
    world: World, meetings: Meetings
) -> None:
    services.action_item_create(
        meeting=meetings.network,
        actor=world.coordinator,
        title="Ta fram underlag",
        owner_organisation=world.police_org,
        owner=world.police,
        due_on=timezone.localdate() + timedelta(days=10),
    )
    html = _client(world, "police").get(reverse("frontend:home")).content.decode()
    assert "Nätverksmöte" in html
    assert "Ta fram underlag" in html
    civil = _client(world, "civil").get(reverse("frontend:home")).content.decode()
    assert "Myndighetsmöte" not in civil


# Creating and editing


def _meeting_post(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "network": world.net.pk,
        "title": "Arbetsgrupp skola",
        "kind": "working_group",
        "description": "Vår egen beskrivning",
        "starts_on": "2026-09-15",
        "starts_time": "09:00",
        "ends_time": "10:30",
        "place": "Rådhuset",
        "organisation": world.social.pk,
        "visibility": "authorities",
        "chair": world.coordinator.pk,
        "secretary": world.contact_person.pk,
        "approvers": [world.police.pk],
        "invited_organisations": [world.police_org.pk, world.school.pk],
    }
    data.update(overrides)
    return data


def test_coordinator_creates_a_meeting_from_the_form(world: World) -> None:
    client = _client(world, "coordinator")
    assert client.get(reverse("frontend:meeting_create")).status_code == 200
    response = client.post(reverse("frontend:meeting_create"), _meeting_post(world))
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Arbetsgrupp skola")
    assert response["Location"] == reverse("frontend:meeting_detail", args=[meeting.pk])
    assert meeting.state == Meeting.State.DRAFT
    assert meeting.length_minutes == 90
    assert list(meeting.approvers.all()) == [world.police]


def test_a_failed_meeting_form_keeps_the_typed_text(world: World) -> None:
    client = _client(world, "coordinator")
    response = client.post(
        reverse("frontend:meeting_create"), _meeting_post(world, title="", ends_time="08:00")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vår egen beskrivning" in html and "Rådhuset" in html
    assert 'aria-invalid="true"' in html
    # The service's refusal (a civil-society organisation at authorities) shows at the field.
    response = client.post(
        reverse("frontend:meeting_create"),
        _meeting_post(world, invited_organisations=[world.association.pk]),
    )
    assert response.status_code == 200
    assert "id_invited_organisations_error" in response.content.decode()
    assert not Meeting.objects.exists()


def test_security_chief_may_not_create_and_report_reader_finds_no_page(world: World) -> None:
    assert (
        _client(world, "security_chief").get(reverse("frontend:meeting_create")).status_code == 403
    )
    assert (
        _client(world, "report_reader").get(reverse("frontend:meeting_create")).status_code == 404
    )


def test_coordinator_edits_and_member_is_refused(world: World, meetings: Meetings) -> None:
    url = reverse("frontend:meeting_edit", args=[meetings.network.pk])
    assert _client(world, "police").get(url).status_code == 403
    assert _client(world, "police").post(url, {}).status_code == 403
    client = _client(world, "coordinator")
    assert client.get(url).status_code == 200
    starts = timezone.localtime(meetings.network.starts_at)
    data = _meeting_post(
        world,
        title="Nätverksmöte (flyttat)",
        visibility="network",
        starts_on=f"{starts:%Y-%m-%d}",
        invited_organisations=[world.police_org.pk, world.association.pk],
    )
    data.pop("network")
    assert client.post(url, data).status_code == 302
    meetings.network.refresh_from_db()
    assert meetings.network.title == "Nätverksmöte (flyttat)"


# Agenda, attendance, minutes and action items


def test_agenda_item_added_edited_moved_and_removed(world: World, meetings: Meetings) -> None:
    meeting = meetings.network
    client = _client(world, "contact_person")  # the secretary
    add = reverse("frontend:agenda_item_add", args=[meeting.pk])
    assert client.post(add, {"agenda-title": "", "agenda-planned_minutes": "5"}).status_code == 400
    response = client.post(
        add,
        {
            "agenda-title": "Övrigt",
            "agenda-planned_minutes": "5",
            "agenda-presenter": world.police.pk,
        },
    )
    assert response.status_code == 302
    first, second, third = _items(meeting)
    assert third.title == "Övrigt" and third.presenter == world.police
    edit = reverse("frontend:agenda_item_edit", args=[meeting.pk, third.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, {"agenda-title": "Övriga frågor", "agenda-planned_minutes": "10"})
    third.refresh_from_db()
    assert third.title == "Övriga frågor"

    reorder = reverse("frontend:agenda_reorder", args=[meeting.pk])
    assert client.post(reorder, {"item": third.pk, "move": "up"}).status_code == 302
    assert [i.pk for i in _items(meeting)] == [first.pk, third.pk, second.pk]
    response = client.post(
        reorder, {"order": [second.pk, first.pk, third.pk]}, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["order"] == [second.pk, first.pk, third.pk]
    assert "Move up" in body["html"] or "Flytta upp" in body["html"]

    delete = reverse("frontend:agenda_item_delete", args=[meeting.pk, third.pk])
    assert _client(world, "police").post(delete).status_code == 403
    assert client.post(delete).status_code == 302
    assert len(_items(meeting)) == 2


def test_attendance_is_recorded_from_the_form(world: World, meetings: Meetings) -> None:
    meeting = meetings.network
    url = reverse("frontend:meeting_attendance", args=[meeting.pk])
    response = _client(world, "coordinator").post(
        url,
        {
            f"status_{world.police.pk}": "present",
            f"status_{world.civil.pk}": "excused",
            f"status_{world.contact_person.pk}": "substitute",
            f"substitute_{world.contact_person.pk}": world.coordinator.pk,
        },
    )
    assert response.status_code == 302
    rows = {a.user_id: a for a in Attendance.objects.filter(meeting=meeting)}
    assert rows[world.police.pk].status == "present"
    assert rows[world.civil.pk].status == "excused"
    assert rows[world.contact_person.pk].substitute_for == world.coordinator
    # A substitute without whom they stand in for is shown as an error, nothing lost.
    response = _client(world, "coordinator").post(
        url, {f"status_{world.coordinator.pk}": "substitute"}
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


def test_minutes_saved_without_javascript_and_a_failed_save_keeps_the_text(
    world: World, meetings: Meetings
) -> None:
    meeting = meetings.network
    item = _items(meeting)[1]
    url = reverse("frontend:minutes_save", args=[meeting.pk, item.pk])
    client = _client(world, "contact_person")
    prefix = f"m{item.pk}"
    response = client.post(
        url,
        {
            f"{prefix}-text": f"Nätverket talade om {IDENTITY_NUMBER}.",
            f"{prefix}-outcome": "decision",
            f"{prefix}-decision": "En beslutstext",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Nätverket talade om {IDENTITY_NUMBER}." in html
    assert "En beslutstext" in html
    assert "error-summary" in html
    assert f"id_{prefix}-personal_data_reason_error" in html

    response = client.post(
        url,
        {
            f"{prefix}-text": "Nätverket beslutade att gå vidare.",
            f"{prefix}-outcome": "decision",
            f"{prefix}-decision": "Insatsen genomförs.",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#minutes-{item.pk}")
    entry = item.minutes
    assert entry.decision == "Insatsen genomförs." and entry.outcome == "decision"


def test_minutes_autosave_answers_in_json(world: World, meetings: Meetings) -> None:
    meeting = meetings.network
    item = _items(meeting)[0]
    url = reverse("frontend:minutes_save", args=[meeting.pk, item.pk])
    client = _client(world, "contact_person")
    prefix = f"m{item.pk}"
    ok = client.post(
        url,
        {f"{prefix}-text": "Polisen redogjorde.", f"{prefix}-outcome": "information"},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert ok.status_code == 200 and ok.json()["saved"] is True
    failed = client.post(
        url,
        {f"{prefix}-text": f"Om {IDENTITY_NUMBER}", f"{prefix}-outcome": "information"},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert failed.status_code == 400
    assert failed.json()["saved"] is False
    assert _client(world, "police").post(url, {}, HTTP_X_REQUESTED_WITH="fetch").status_code == 403


def test_action_item_added_and_its_status_moved_on_by_its_owner(
    world: World, meetings: Meetings
) -> None:
    meeting = meetings.network
    item = _items(meeting)[1]
    url = reverse("frontend:action_item_add", args=[meeting.pk, item.pk])
    client = _client(world, "contact_person")
    p = f"a{item.pk}"
    response = client.post(url, {f"{p}-title": "Ta fram underlag", f"{p}-due_on": "2026-13-01"})
    assert response.status_code == 400
    assert "Ta fram underlag" in response.content.decode()
    response = client.post(
        url,
        {
            f"{p}-title": "Ta fram underlag",
            f"{p}-owner_organisation": world.police_org.pk,
            f"{p}-owner": world.police.pk,
            f"{p}-due_on": "2026-12-01",
            f"{p}-direction": "prevention",
        },
    )
    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert action.entry is not None and action.entry.agenda_item == item

    police = _client(world, "police")
    listing = police.get(reverse("frontend:action_item_list")).content.decode()
    assert "Ta fram underlag" in listing
    status_url = reverse("frontend:action_item_status", args=[action.pk])
    response = police.post(
        status_url, {f"ai{action.pk}-status": "in_progress", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("frontend:action_item_list")
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert _client(world, "civil").post(status_url, {"status": "done"}).status_code == 403


def test_open_action_items_are_reviewed_on_the_next_meeting(
    world: World, meetings: Meetings
) -> None:
    first = meetings.network
    services.action_item_create(
        meeting=first,
        actor=world.coordinator,
        title="Kartlägg mötesplatser",
        owner_organisation=world.police_org,
        owner=world.police,
        due_on=date(2026, 12, 1),
    )
    later = _create(world, Visibility.NETWORK, "Nästa nätverksmöte", days=40)
    assert later.agenda_items.filter(kind="action_review").exists()
    html = (
        _client(world, "police")
        .get(reverse("frontend:meeting_detail", args=[later.pk]))
        .content.decode()
    )
    assert "Kartlägg mötesplatser" in html
    action = ActionItem.objects.get()
    assert reverse("frontend:action_item_status", args=[action.pk]) in html  # the owner moves it


# Approval, the hash, versions, and approved minutes refusing changes


def test_chair_and_approver_approve_and_the_hash_shows(world: World, meetings: Meetings) -> None:
    meeting = meetings.network
    for person in (world.coordinator, world.police):
        services.attendance_record(
            meeting=meeting, actor=world.coordinator, person=person, status="present"
        )
    coordinator = _client(world, "coordinator")
    assert coordinator.post(reverse("frontend:meeting_hold", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.HELD
    page = coordinator.get(reverse("frontend:meeting_detail", args=[meeting.pk])).content.decode()
    assert "§ 1" in page
    assert reverse("frontend:meeting_approve", args=[meeting.pk]) in page

    approve = reverse("frontend:meeting_approve", args=[meeting.pk])
    assert _client(world, "contact_person").post(approve).status_code == 403
    assert coordinator.post(approve).status_code == 302
    assert coordinator.post(approve).status_code == 409  # approved already
    assert _client(world, "police").post(approve).status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.APPROVED
    version = meeting.versions.get()
    page = _client(world, "civil").get(reverse("frontend:meeting_detail", args=[meeting.pk]))
    html = page.content.decode()
    assert version.sha256 in html
    try:  # the printable minutes, where that page is installed
        print_url = reverse("frontend:minutes_print", args=[meeting.pk, version.number])
    except NoReverseMatch:
        print_url = ""
    assert print_url in html


def test_approved_minutes_refuse_every_change_with_409(world: World, meetings: Meetings) -> None:
    meeting = meetings.network
    _hold_and_approve(world, meeting)
    item = _items(meeting)[0]
    client = _client(world, "coordinator")
    pk = meeting.pk
    assert client.get(reverse("frontend:meeting_edit", args=[pk])).status_code == 409
    for url, data in (
        (reverse("frontend:minutes_save", args=[pk, item.pk]), {f"m{item.pk}-text": "Ändrat"}),
        (reverse("frontend:agenda_item_add", args=[pk]), {"agenda-title": "Nytt"}),
        (reverse("frontend:agenda_item_delete", args=[pk, item.pk]), {}),
        (reverse("frontend:meeting_attendance", args=[pk]), {}),
        (reverse("frontend:meeting_hold", args=[pk]), {}),
        (reverse("frontend:meeting_cancel", args=[pk]), {}),
    ):
        response = client.post(url, data)
        assert response.status_code == 409, url
    item.minutes.refresh_from_db()
    assert item.minutes.text == "Genomgång."

    revise = reverse("frontend:meeting_revise", args=[pk])
    assert _client(world, "police").post(revise, {"reason": "Fel"}).status_code == 403
    assert client.post(revise, {"reason": ""}).status_code == 400
    assert client.post(revise, {"reason": "Fel datum i § 1"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.HELD and meeting.version == 2
    page = client.get(reverse("frontend:meeting_detail", args=[pk])).content.decode()
    assert meeting.versions.get().sha256 in page
    assert "Fel datum i § 1" in page


# What the civil-society member may not see does not exist for them


def test_civil_society_member_gets_404_on_every_url_of_an_authorities_meeting(
    world: World, meetings: Meetings
) -> None:
    meeting = meetings.authorities
    item = _items(meeting)[0]
    action = services.action_item_create(
        meeting=meeting,
        actor=world.coordinator,
        title="Hemlig åtgärd",
        owner_organisation=world.police_org,
        due_on=date(2026, 12, 1),
    )
    pk = meeting.pk
    gets = [
        reverse("frontend:meeting_detail", args=[pk]),
        reverse("frontend:meeting_edit", args=[pk]),
        reverse("frontend:agenda_item_edit", args=[pk, item.pk]),
    ]
    posts = [
        *gets[1:],
        *(
            reverse(f"frontend:{name}", args=[pk])
            for name in (
                "meeting_schedule",
                "meeting_hold",
                "meeting_cancel",
                "meeting_approve",
                "meeting_revise",
                "meeting_respond",
                "meeting_next",
                "meeting_attendance",
                "agenda_item_add",
                "agenda_reorder",
            )
        ),
        *(
            reverse(f"frontend:{name}", args=[pk, item.pk])
            for name in ("agenda_item_delete", "minutes_save", "action_item_add")
        ),
        reverse("frontend:action_item_status", args=[action.pk]),
    ]
    client = _client(world, "civil")
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"response": "yes", "status": "done"}).status_code == 404, url
    assert (
        "Hemlig åtgärd"
        not in client.get(reverse("frontend:action_item_list") + "?filtered=1").content.decode()
    )
    # The police member sees it, and may not change it.
    police = _client(world, "police")
    assert police.get(gets[0]).status_code == 200
    assert police.get(gets[1]).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(world: World, meetings: Meetings) -> None:
    client = Client()
    for url in (
        reverse("frontend:meeting_list"),
        reverse("frontend:meeting_detail", args=[meetings.network.pk]),
        reverse("frontend:action_item_list"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("frontend:login"))


def test_draft_is_seen_only_by_those_who_prepare_it(world: World) -> None:
    starts = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    draft = services.meeting_create(
        author=world.coordinator,
        network=world.net,
        title="Utkast",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    url = reverse("frontend:meeting_detail", args=[draft.pk])
    assert _client(world, "coordinator").get(url).status_code == 200
    assert _client(world, "police").get(url).status_code == 404


def test_odd_filters_and_months_are_forgiven(world: World, meetings: Meetings) -> None:
    client = _client(world, "police")
    base = reverse("frontend:meeting_list")
    for query in (
        "?view=calendar&month=9999-99",
        "?view=calendar&month=abc&state=a%26b",
        "?view=nonsense&page=-1",
        "?when=soon&kind=%00",
    ):
        response = client.get(base + query)
        assert response.status_code == 200, query
    html = client.get(base + "?view=calendar&state=a%26b").content.decode()
    assert "state=a%26b" in html  # carried on, encoded, to the other months
