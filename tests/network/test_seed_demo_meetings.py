"""The demo's year of meetings: every state, approved minutes with valid hashes, action items
done on time, late and carried over, and nothing for civil society that is for authorities."""

from collections import defaultdict
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from network.access import viewer_for
from network.meetings.selectors import meetings_for
from network.meetings.services import carried_action_items, content_hash
from network.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Meeting,
    MinutesEntry,
    MinutesVersion,
    User,
    Visibility,
)
from network.personal_data import contains_identity_number

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker) -> Iterator[None]:  # noqa: ANN001
    """The demo, seeded once for this module and rolled back after it: seeding goes through
    every service and takes seconds. Each test runs inside it, in a savepoint of its own."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--password", "pw", "--activities", "0")
        yield
        transaction.set_rollback(True)


def _snapshot() -> dict[str, object]:
    return {
        "meetings": list(
            Meeting.objects.order_by("starts_at", "pk").values_list(
                "title", "kind", "state", "visibility", "starts_at"
            )
        ),
        "agenda": AgendaItem.objects.count(),
        "minutes": sorted(MinutesEntry.objects.values_list("year", "number")),
        "action_items": sorted(ActionItem.objects.values_list("title", "status", "due_on")),
        "attendance": Attendance.objects.count(),
        "versions": sorted(MinutesVersion.objects.values_list("sha256", flat=True)),
    }


def test_seed_demo_twice_gives_the_same_meetings(demo: None) -> None:
    first = _snapshot()

    call_command("seed_demo", "--password", "pw", "--activities", "0")

    assert _snapshot() == first


def test_the_demo_has_meetings_in_every_state_of_every_kind_past_and_upcoming(demo: None) -> None:
    meetings = Meeting.objects.all()
    now = timezone.now()

    assert set(meetings.values_list("state", flat=True)) == set(Meeting.State.values)
    assert set(meetings.values_list("kind", flat=True)) == set(Meeting.Kind.values)
    series = meetings.filter(series__title="Nätverksmöte")
    assert series.count() == 12
    assert series.filter(state="approved").count() >= 6
    assert series.filter(starts_at__gt=now, state="scheduled").exists()
    assert not meetings.filter(ends_at__lt=now, state__in=["draft", "scheduled"]).exists()
    assert not meetings.filter(starts_at__gt=now, state__in=["held", "approved"]).exists()
    network_meeting = series.filter(state="approved").first()
    assert network_meeting is not None
    assert network_meeting.chair.username == "samordnare"
    assert network_meeting.secretary.username == "soc"
    assert set(network_meeting.approvers.values_list("username", flat=True)) == {"polis", "skola"}


def test_approved_minutes_have_versions_whose_hash_matches_their_content(demo: None) -> None:
    approved = Meeting.objects.filter(state=Meeting.State.APPROVED)
    versions = MinutesVersion.objects.filter(meeting__in=approved)

    assert versions.count() == approved.count() > 0
    for version in versions:
        assert content_hash(version.content) == version.sha256
        assert version.content["minutes"][0]["number"] is not None
        assert version.content["approved_by"]
        assert version.approved_at > version.meeting.starts_at
    with_decisions = [v for v in versions if any(e["decision"] for e in v.content["minutes"])]
    with_items = [v for v in versions if any(e["action_items"] for e in v.content["minutes"])]
    assert with_decisions and with_items


def test_minutes_are_numbered_from_one_without_gaps_in_each_year(demo: None) -> None:
    numbers: dict[int, list[int]] = defaultdict(list)
    for year, number in MinutesEntry.objects.exclude(number=None).values_list("year", "number"):
        numbers[year].append(number)

    assert numbers
    for found in numbers.values():
        assert sorted(found) == list(range(1, len(found) + 1))


def test_action_items_are_done_on_time_late_or_open_and_carried_over(demo: None) -> None:
    items = ActionItem.objects.all()
    done = items.filter(status=ActionItem.Status.DONE)

    assert any(item.done_on <= item.due_on for item in done)  # on time
    assert any(item.done_on > item.due_on for item in done)  # late
    assert not done.filter(done_on__gt=timezone.localdate()).exists()
    assert items.filter(status=ActionItem.Status.OPEN, due_on__lt=timezone.localdate()).exists()

    upcoming = (
        Meeting.objects.filter(series__title="Nätverksmöte", starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    assert upcoming is not None
    review = upcoming.agenda_items.get(kind=AgendaItem.Kind.ACTION_REVIEW)
    opening = upcoming.agenda_items.order_by("position", "pk").first()
    assert opening is not None and opening.kind == AgendaItem.Kind.ITEM
    assert review.position == opening.position + 1  # right after the opening item
    carried = set(carried_action_items(upcoming))
    assert carried and all(item.is_open for item in carried)
    # Reviewed at held meetings too, with the review's minutes written.
    assert (
        MinutesEntry.objects.filter(
            agenda_item__kind=AgendaItem.Kind.ACTION_REVIEW, number__isnull=False
        )
        .exclude(text="")
        .exists()
    )


def test_civil_society_sees_no_authorities_meeting_and_fewer_than_the_police(demo: None) -> None:
    forening = meetings_for(viewer_for(User.objects.get(username="forening")))
    polis = meetings_for(viewer_for(User.objects.get(username="polis")))

    assert not forening.filter(visibility=Visibility.AUTHORITIES).exists()
    assert polis.filter(visibility=Visibility.AUTHORITIES, starts_at__gt=timezone.now()).exists()
    assert forening.count() < polis.count()


def test_the_demo_texts_identify_no_one(demo: None) -> None:
    texts = [
        *MinutesEntry.objects.values_list("text", flat=True),
        *MinutesEntry.objects.values_list("decision", flat=True),
        *ActionItem.objects.values_list("title", flat=True),
        *Meeting.objects.values_list("description", flat=True),
    ]

    assert texts
    assert not [text for text in texts if contains_identity_number(text)]
