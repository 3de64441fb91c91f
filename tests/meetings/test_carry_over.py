"""Open action items land on the next meeting's agenda by themselves: once, as one review item
right after the opening item; from earlier meetings of the same series, or of the same network
and kind outside a series; and each reader still sees only the items of meetings they may see."""

from datetime import UTC, date, datetime

import pytest

from network.access import viewer_for
from network.access.meetings import action_item_visible_q
from network.meetings import services
from network.meetings.selectors import action_items_filtered
from network.models import ActionItem, AgendaItem, Meeting, MeetingSeries, Visibility
from tests.conftest import World
from tests.meetings.test_state_machine import hold, make_meeting

pytestmark = pytest.mark.django_db

Review = AgendaItem.Kind.ACTION_REVIEW
MARCH = datetime(2026, 3, 10, 9, tzinfo=UTC)
MAY = datetime(2026, 5, 10, 9, tzinfo=UTC)
JUNE = datetime(2026, 6, 10, 9, tzinfo=UTC)


def _reviews(meeting: Meeting) -> int:
    return meeting.agenda_items.filter(kind=Review).count()


def _review_placed(meeting: Meeting) -> bool:
    """The review comes right after the opening item (first on an empty agenda), once."""
    kinds = list(meeting.agenda_items.order_by("position", "pk").values_list("kind", flat=True))
    expected = 1 if len(kinds) > 1 else 0
    return kinds.count(Review) == 1 and kinds.index(Review) == expected


def test_open_items_of_an_earlier_meeting_land_once_on_the_next_agenda_after_its_opening(
    world: World,
) -> None:
    earlier = hold(world, make_meeting(world, starts=MARCH))
    later = make_meeting(world, starts=MAY)

    services.meeting_schedule(meeting=later, actor=world.coordinator)
    services.ensure_action_review(later)

    assert _reviews(later) == 1
    assert _review_placed(later)
    assert list(services.carried_action_items(later)) == list(earlier.action_items.all())


def test_two_open_items_make_one_review_item(world: World) -> None:
    earlier = hold(world, make_meeting(world, starts=MARCH))
    later = make_meeting(world, starts=MAY)
    services.action_item_update(
        item=earlier.action_items.get(), actor=world.police, status="in_progress"
    )
    other = make_meeting(world, starts=datetime(2026, 4, 10, 9, tzinfo=UTC))
    hold(world, other)

    assert _reviews(later) == 1
    assert services.carried_action_items(later).count() == 2


def test_items_of_a_series_land_on_the_next_meeting_of_the_series(world: World) -> None:
    series = MeetingSeries.objects.create(
        network=world.net, title="Arbetsgrupp", agenda_template=[{"title": "Läget"}]
    )
    first = hold(world, make_meeting(world, starts=MARCH, series=series, agenda=None))
    next_one = services.series_next(meeting=first, actor=world.coordinator)

    assert next_one.series_id == series.pk
    assert _review_placed(next_one)
    assert list(services.carried_action_items(next_one)) == list(first.action_items.all())


def test_a_series_does_not_review_meetings_outside_it_and_the_other_way_round(
    world: World,
) -> None:
    series = MeetingSeries.objects.create(network=world.net, title="Arbetsgrupp")
    hold(world, make_meeting(world, starts=MARCH))
    in_series = make_meeting(world, starts=MAY, series=series)
    hold(world, make_meeting(world, starts=MARCH, series=series, title="Serie 1"))
    outside = make_meeting(world, starts=MAY, title="Fristående")

    carried_in_series = services.carried_action_items(in_series)
    carried_outside = services.carried_action_items(outside)
    assert {i.meeting.title for i in carried_in_series} == {"Serie 1"}
    assert {i.meeting.title for i in carried_outside} == {"Nätverksmöte"}


def test_a_meeting_of_another_kind_or_network_does_not_review_the_items(world: World) -> None:
    hold(world, make_meeting(world, starts=MARCH))
    training = make_meeting(world, starts=MAY, kind=Meeting.Kind.TRAINING)

    assert _reviews(training) == 0
    assert not services.carried_action_items(training).exists()


def test_done_and_cancelled_items_are_not_carried(world: World) -> None:
    earlier = hold(world, make_meeting(world, starts=MARCH))
    item = earlier.action_items.get()
    services.action_item_create(
        meeting=earlier,
        actor=world.coordinator,
        title="Avbrutet uppdrag",
        owner_organisation=world.school,
        due_on=date(2026, 4, 1),
    )
    cancelled = earlier.action_items.exclude(pk=item.pk).get()
    services.action_item_update(item=item, actor=world.police, status="done")
    services.action_item_update(item=cancelled, actor=world.coordinator, status="cancelled")

    later = make_meeting(world, starts=MAY)

    assert not services.carried_action_items(later).exists()
    assert _reviews(later) == 0


def test_items_of_a_cancelled_meeting_are_not_carried(world: World) -> None:
    earlier = make_meeting(world, starts=MARCH)
    services.meeting_schedule(meeting=earlier, actor=world.coordinator)
    services.action_item_create(
        meeting=earlier,
        actor=world.coordinator,
        title="Förberedelse",
        owner_organisation=world.school,
        due_on=date(2026, 4, 1),
    )
    services.meeting_cancel(meeting=earlier, actor=world.coordinator)

    later = make_meeting(world, starts=MAY)

    assert not services.carried_action_items(later).exists()


def test_an_item_given_after_the_next_meeting_was_scheduled_still_lands_there(
    world: World,
) -> None:
    earlier = make_meeting(world, starts=MARCH)
    services.meeting_schedule(meeting=earlier, actor=world.coordinator)
    later = make_meeting(world, starts=MAY)
    services.meeting_schedule(meeting=later, actor=world.coordinator)
    assert _reviews(later) == 0

    item = services.action_item_create(
        meeting=earlier,
        actor=world.coordinator,
        title="Sent uppdrag",
        owner_organisation=world.police_org,
        owner=world.police,
        due_on=date(2026, 4, 1),
    )

    assert _reviews(later) == 1
    assert _review_placed(later)
    assert list(services.carried_action_items(later)) == [item]
    services.action_item_create(
        meeting=earlier,
        actor=world.coordinator,
        title="Ännu ett",
        owner_organisation=world.school,
        due_on=date(2026, 4, 1),
    )
    assert _reviews(later) == 1


def test_a_meeting_already_held_gets_no_review_item_afterwards(world: World) -> None:
    earlier = make_meeting(world, starts=MARCH)
    services.meeting_schedule(meeting=earlier, actor=world.coordinator)
    later = hold(world, make_meeting(world, starts=MAY), action_item=False)
    agenda_before = list(later.agenda_items.values_list("pk", flat=True))

    services.action_item_create(
        meeting=earlier,
        actor=world.coordinator,
        title="Sent uppdrag",
        owner_organisation=world.school,
        due_on=date(2026, 4, 1),
    )

    assert list(later.agenda_items.values_list("pk", flat=True)) == agenda_before


def test_a_civil_society_member_does_not_see_the_items_of_an_authorities_meeting_in_the_review(
    world: World,
) -> None:
    hold(world, make_meeting(world, starts=MARCH, visibility=Visibility.AUTHORITIES))
    later = make_meeting(world, starts=MAY, visibility=Visibility.AUTHORITIES)
    services.meeting_schedule(meeting=later, actor=world.coordinator)
    carried = services.carried_action_items(later)
    assert carried.count() == 1
    # A meeting seen more widely does not review them at all.
    wider = make_meeting(world, starts=MAY)
    assert not services.carried_action_items(wider).exists()
    assert _reviews(wider) == 0

    def review_for(name: str) -> list[ActionItem]:
        viewer = viewer_for(world.persona(name))
        return list(carried.filter(action_item_visible_q(viewer)))

    def listed_for(name: str) -> list[int]:
        viewer = viewer_for(world.persona(name))
        rows = action_items_filtered(viewer).filter(pk__in=carried.values("pk"))
        return list(rows.values_list("pk", flat=True))

    assert review_for("civil") == []
    assert listed_for("civil") == []
    for name in ("police", "contact_person", "coordinator", "security_chief"):
        assert len(review_for(name)) == 1, name
        assert len(listed_for(name)) == 1, name
