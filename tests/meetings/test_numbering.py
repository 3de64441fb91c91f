"""§ numbers: given when a meeting is held, in agenda order, continuous through the year for the
network, starting at 1 in a new year, separate per network, never twice the same."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, connections

from network.meetings import services
from network.models import Meeting, MinutesEntry
from tests.conftest import World
from tests.factories import person
from tests.meetings.test_state_machine import hold, make_meeting

State = Meeting.State


def _numbers(meeting: Meeting) -> list[int | None]:
    return list(
        MinutesEntry.objects.filter(meeting=meeting)
        .order_by("agenda_item__position", "agenda_item__pk")
        .values_list("number", flat=True)
    )


@pytest.mark.django_db
def test_numbers_continue_through_the_year_across_meetings_of_the_network(world: World) -> None:
    meetings = [
        hold(
            world,
            make_meeting(world, starts=datetime(2026, month, 10, 9, tzinfo=UTC)),
            action_item=False,
        )
        for month in (2, 5, 9)
    ]

    assert [_numbers(m) for m in meetings] == [[1, 2], [3, 4], [5, 6]]


@pytest.mark.django_db
def test_numbers_follow_the_agenda_order(world: World) -> None:
    meeting = make_meeting(
        world, agenda=[{"title": "A"}, {"title": "B"}, {"title": "C"}, {"title": "D"}]
    )
    items = list(meeting.agenda_items.order_by("position"))
    services.agenda_reorder(
        meeting=meeting,
        actor=world.coordinator,
        order=[items[2].pk, items[0].pk, items[1].pk, items[3].pk],
    )
    hold(world, meeting)

    titles = list(
        MinutesEntry.objects.filter(meeting=meeting)
        .order_by("number")
        .values_list("agenda_item__title", flat=True)
    )
    assert titles == ["C", "A", "B", "D"]


@pytest.mark.django_db
def test_numbering_starts_at_one_in_a_new_year(world: World) -> None:
    hold(
        world, make_meeting(world, starts=datetime(2026, 11, 10, 9, tzinfo=UTC)), action_item=False
    )
    january = hold(
        world, make_meeting(world, starts=datetime(2027, 1, 12, 9, tzinfo=UTC)), action_item=False
    )

    assert _numbers(january) == [1, 2]
    assert set(MinutesEntry.objects.filter(meeting=january).values_list("year", flat=True)) == {
        2027
    }


@pytest.mark.django_db
def test_the_year_is_the_local_year_of_the_meeting(world: World) -> None:
    hold(
        world, make_meeting(world, starts=datetime(2026, 10, 10, 9, tzinfo=UTC)), action_item=False
    )
    # 23:30 UTC on New Year's Eve is already 2027 in Sweden.
    new_year = hold(
        world,
        make_meeting(world, starts=datetime(2026, 12, 31, 23, 30, tzinfo=UTC)),
        action_item=False,
    )

    assert _numbers(new_year) == [1, 2]


@pytest.mark.django_db
def test_each_network_numbers_its_own_minutes(world: World) -> None:
    hold(world, make_meeting(world))
    other_coordinator = person("grannsamordnare", world.other_org, world.other_net, "coordinator")
    other = services.meeting_create(
        author=other_coordinator,
        network=world.other_net,
        title="Grannmöte",
        starts_at=datetime(2026, 3, 11, 9, tzinfo=UTC),
        ends_at=datetime(2026, 3, 11, 10, tzinfo=UTC),
        agenda=[{"title": "Enda punkten"}],
    )
    services.meeting_schedule(meeting=other, actor=other_coordinator)
    services.meeting_hold(meeting=other, actor=other_coordinator)

    assert _numbers(other) == [1]


@pytest.mark.django_db
def test_an_item_added_after_the_meeting_was_held_takes_the_next_number_of_the_year(
    world: World,
) -> None:
    first = hold(
        world, make_meeting(world, starts=datetime(2026, 2, 10, 9, tzinfo=UTC)), action_item=False
    )
    hold(world, make_meeting(world, starts=datetime(2026, 5, 10, 9, tzinfo=UTC)), action_item=False)

    added = services.agenda_item_add(meeting=first, actor=world.coordinator, title="Tillägg")

    assert MinutesEntry.objects.get(agenda_item=added).number == 5
    assert _numbers(first) == [1, 2, 5]


@pytest.mark.django_db
def test_a_cancelled_meeting_takes_no_numbers(world: World) -> None:
    cancelled = make_meeting(world, starts=datetime(2026, 2, 10, 9, tzinfo=UTC))
    services.meeting_cancel(meeting=cancelled, actor=world.coordinator)
    held = hold(
        world, make_meeting(world, starts=datetime(2026, 5, 10, 9, tzinfo=UTC)), action_item=False
    )

    assert _numbers(cancelled) == []
    assert _numbers(held) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_two_meetings_held_at_the_same_time_never_share_a_number(world: World) -> None:
    """Real concurrent transactions: on PostgreSQL the network row is locked while numbering.
    SQLite serialises writers anyway; the test runs there only for the sequential outcome."""
    meetings = []
    for day in range(4):
        meeting = make_meeting(
            world,
            starts=datetime(2026, 3, 10 + day, 9, tzinfo=UTC),
            agenda=[{"title": f"Punkt {n}"} for n in range(3)],
        )
        services.meeting_schedule(meeting=meeting, actor=world.coordinator)
        meetings.append(meeting)
    errors: list[BaseException] = []

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(len(meetings))

        def run(meeting: Meeting) -> None:
            try:
                barrier.wait()
                services.meeting_hold(meeting=meeting, actor=world.coordinator)
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(m,)) for m in meetings]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for meeting in meetings:
            services.meeting_hold(meeting=meeting, actor=world.coordinator)

    assert errors == []
    numbers = sorted(MinutesEntry.objects.filter(year=2026).values_list("number", flat=True))
    assert numbers == list(range(1, 13))
    assert set(Meeting.objects.values_list("state", flat=True)) == {State.HELD}
