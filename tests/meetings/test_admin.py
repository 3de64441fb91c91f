"""Meetings in the admin: every persona's exact answer on each list and change page, rows of the
networks the person oversees only, saves through the services, and approved minutes read-only
(a save is refused and nothing changes)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client

from network.meetings import services
from network.models import ActionItem, Meeting, MeetingSeries, MinutesVersion
from tests.conftest import World
from tests.meetings.test_state_machine import approve, hold, make_meeting, snapshot
from tests.network.test_admin import (
    AdminWorld,
    change_url,
    changelist_rows,
    form_data,
    make_admin_world,
)

pytestmark = pytest.mark.django_db

State = Meeting.State
STAFF = ("coordinator", "security_chief", "other_coordinator", "staff_member", "superuser")
NOT_STAFF = ("contact_person", "civil", "report_reader", "outsider", "other_member")
CHANGELISTS = ("meeting", "meetingseries", "actionitem", "minutesversion")


@dataclass
class MeetingWorld:
    aw: AdminWorld
    draft: Meeting
    scheduled: Meeting
    approved: Meeting
    version: MinutesVersion
    item: ActionItem
    series: MeetingSeries
    other: Meeting
    other_item: ActionItem
    other_series: MeetingSeries

    def client(self, name: str) -> Client:
        return self.aw.client(name)


@pytest.fixture
def mw(world: World) -> MeetingWorld:
    aw = make_admin_world(world)
    series = MeetingSeries.objects.create(network=world.net, title="Arbetsgruppen")
    approved = hold(world, make_meeting(world, title="Justerat möte", series=series))
    version = approve(world, approved)
    scheduled = make_meeting(
        world, title="Kommande möte", starts=datetime(2026, 9, 1, 9, tzinfo=UTC)
    )
    services.meeting_schedule(meeting=scheduled, actor=world.coordinator)
    draft = make_meeting(world, title="Utkast", starts=datetime(2026, 10, 1, 9, tzinfo=UTC))
    other_series = MeetingSeries.objects.create(network=world.other_net, title="Grannserie")
    starts = datetime(2026, 4, 1, 9, tzinfo=UTC)
    other = services.meeting_create(
        author=aw.other_coordinator,
        network=world.other_net,
        title="Grannmöte",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        agenda=[{"title": "Läget"}],
    )
    services.meeting_schedule(meeting=other, actor=aw.other_coordinator)
    other_item = services.action_item_create(
        meeting=other,
        actor=aw.other_coordinator,
        title="Grannens uppdrag",
        owner_organisation=world.other_org,
        due_on=date(2026, 5, 1),
    )
    return MeetingWorld(
        aw=aw,
        draft=draft,
        scheduled=scheduled,
        approved=approved,
        version=version,
        item=approved.action_items.get(),
        series=series,
        other=other,
        other_item=other_item,
        other_series=other_series,
    )


SEEN = {
    "coordinator": 200,
    "security_chief": 200,
    "other_coordinator": 200,
    "staff_member": 403,
    "superuser": 200,
}


def test_each_staff_persona_gets_the_exact_answer_on_each_meeting_list(mw: MeetingWorld) -> None:
    answers = {
        (name, model): mw.client(name).get(f"/admin/network/{model}/").status_code
        for name in STAFF
        for model in CHANGELISTS
    }

    assert answers == {(name, model): SEEN[name] for name in STAFF for model in CHANGELISTS}


@pytest.mark.parametrize("name", NOT_STAFF)
def test_a_person_who_is_not_staff_is_sent_to_the_admin_sign_in(
    mw: MeetingWorld, name: str
) -> None:
    client = mw.client(name)

    for model in CHANGELISTS:
        response = client.get(f"/admin/network/{model}/")
        assert response.status_code == 302, model
        assert response["Location"].startswith("/admin/login/"), model
    response = client.get(change_url(mw.approved))
    assert response.status_code == 302


def test_each_list_holds_the_rows_of_the_networks_the_person_oversees(mw: MeetingWorld) -> None:
    own = {
        "meeting": {mw.draft, mw.scheduled, mw.approved},
        "meetingseries": {mw.series},
        "actionitem": {mw.item},
        "minutesversion": {mw.version},
    }
    foreign = {
        "meeting": {mw.other},
        "meetingseries": {mw.other_series},
        "actionitem": {mw.other_item},
        "minutesversion": set(),
    }
    expected = {
        "coordinator": own,
        "security_chief": own,
        "other_coordinator": foreign,
        "superuser": {model: own[model] | foreign[model] for model in CHANGELISTS},
    }
    for name, rows in expected.items():
        client = mw.client(name)
        for model in CHANGELISTS:
            response = client.get(f"/admin/network/{model}/")
            assert set(changelist_rows(response)) == rows[model], (name, model)


@pytest.mark.parametrize("attr", ["approved", "draft", "item", "version", "series"])
def test_each_persona_gets_the_exact_answer_on_each_change_page(
    mw: MeetingWorld, attr: str
) -> None:
    own = getattr(mw, attr)
    foreign = {
        "approved": mw.other,
        "draft": mw.other,
        "item": mw.other_item,
        "version": mw.other_item,
        "series": mw.other_series,
    }[attr]
    expected = {
        "coordinator": (200, 302),
        "security_chief": (200, 302),
        "staff_member": (403, 403),
        "superuser": (200, 200),
    }
    answers = {
        name: (
            mw.client(name).get(change_url(own)).status_code,
            mw.client(name).get(change_url(foreign)).status_code,
        )
        for name in expected
    }

    assert answers == expected


def test_the_meeting_page_shows_its_agenda_attendance_minutes_and_action_items(
    mw: MeetingWorld,
) -> None:
    response = mw.client("coordinator").get(change_url(mw.approved))

    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Lägesbild", "Polisen redogjorde.", "Ta fram underlag", "polis"):
        assert text in page, text


@pytest.mark.parametrize("name", ["coordinator", "superuser"])
def test_approved_minutes_are_read_only_in_the_admin_and_a_save_is_refused(
    mw: MeetingWorld, name: str
) -> None:
    client = mw.client(name)
    response = client.get(change_url(mw.approved))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert response.context["adminform"].form.fields == {}
    before = snapshot(mw.approved)
    data = {
        "title": "Ändrat i efterhand",
        "starts_at_0": "2026-03-10",
        "starts_at_1": "10:00",
        "_save": "Spara",
    }

    answer = client.post(change_url(mw.approved), data)

    assert answer.status_code == 409  # as on the pages and in the API
    assert snapshot(mw.approved) == before


@pytest.mark.parametrize("name", ["coordinator", "superuser"])
def test_approved_minutes_cannot_be_changed_through_their_version(
    mw: MeetingWorld, name: str
) -> None:
    client = mw.client(name)
    before = snapshot(mw.approved)

    response = client.get(change_url(mw.version))
    answer = client.post(change_url(mw.version), {"sha256": "0" * 64, "reason": "x"})

    assert response.status_code == 200
    assert mw.version.sha256 in response.content.decode()
    assert answer.status_code == 403
    assert snapshot(mw.approved) == before


def test_the_coordinator_corrects_an_open_meeting_through_the_service(mw: MeetingWorld) -> None:
    client = mw.client("coordinator")
    response = client.get(change_url(mw.scheduled))
    data = form_data(response)
    data["title"] = "Flyttat möte"
    data["place"] = "Stadshuset"
    mw.scheduled.refresh_from_db()
    sequence = mw.scheduled.sequence

    answer = client.post(change_url(mw.scheduled), data)

    assert answer.status_code == 302, answer.content.decode()[:2000]
    mw.scheduled.refresh_from_db()
    assert (mw.scheduled.title, mw.scheduled.place) == ("Flyttat möte", "Stadshuset")
    assert mw.scheduled.sequence == sequence + 1


def test_a_refused_correction_is_told_and_changes_nothing(mw: MeetingWorld) -> None:
    client = mw.client("coordinator")
    data = form_data(client.get(change_url(mw.scheduled)))
    data["title"] = "Möte med 19811218-9876 i titeln"  # a valid identity number, no reason
    before = snapshot(mw.scheduled)

    answer = client.post(change_url(mw.scheduled), data, follow=True)

    assert answer.status_code == 200
    assert snapshot(mw.scheduled) == before
    assert any(m.level_tag == "error" for m in answer.context["messages"])


def test_the_security_chief_reads_a_meeting_but_a_save_is_refused(mw: MeetingWorld) -> None:
    client = mw.client("security_chief")
    response = client.get(change_url(mw.scheduled))
    before = snapshot(mw.scheduled)

    answer = client.post(change_url(mw.scheduled), {"title": "Ändrat"})

    assert response.status_code == 200
    assert answer.status_code == 403
    assert snapshot(mw.scheduled) == before


def test_nobody_adds_or_deletes_a_meeting_in_the_admin(mw: MeetingWorld) -> None:
    client = mw.client("coordinator")

    assert client.get("/admin/network/meeting/add/").status_code == 403
    assert client.get(f"/admin/network/meeting/{mw.draft.pk}/delete/").status_code == 403
    assert Meeting.objects.filter(pk=mw.draft.pk).exists()


def test_the_status_of_an_action_item_of_approved_minutes_moves_on_in_the_admin(
    mw: MeetingWorld,
) -> None:
    client = mw.client("coordinator")
    response = client.get(change_url(mw.item))
    form = response.context["adminform"].form
    assert list(form.fields) == ["status"]

    answer = client.post(change_url(mw.item), {"status": "done", "_save": "Spara"})

    assert answer.status_code == 302
    mw.item.refresh_from_db()
    assert mw.item.status == ActionItem.Status.DONE
    version = MinutesVersion.objects.get(pk=mw.version.pk)
    assert services.content_hash(version.content) == version.sha256 == mw.version.sha256


def test_the_content_of_an_action_item_of_approved_minutes_is_not_changed_in_the_admin(
    mw: MeetingWorld,
) -> None:
    client = mw.client("coordinator")
    before = snapshot(mw.approved)

    client.post(
        change_url(mw.item),
        {"status": "open", "title": "Ändrat uppdrag", "due_on": "2027-01-01", "_save": "Spara"},
    )

    assert snapshot(mw.approved) == before


def test_the_security_chief_does_not_move_an_action_item_on(mw: MeetingWorld) -> None:
    before = snapshot(mw.approved)

    answer = mw.client("security_chief").post(change_url(mw.item), {"status": "done"})

    assert answer.status_code == 403
    assert snapshot(mw.approved) == before


def test_the_coordinator_adds_a_series_only_in_its_own_network(mw: MeetingWorld) -> None:
    client = mw.client("coordinator")
    response = client.get("/admin/network/meetingseries/add/")
    offered = set(response.context["adminform"].form.fields["network"].queryset)

    answer = client.post(
        "/admin/network/meetingseries/add/",
        {
            "network": mw.aw.other_net.pk,
            "title": "Smygserie",
            "interval": 1,
            "unit": "months",
            "agenda_template": "[]",
        },
    )

    assert offered == {mw.aw.net}
    assert answer.status_code == 200  # the form answers with the error
    assert not MeetingSeries.objects.filter(title="Smygserie").exists()
