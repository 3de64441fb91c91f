"""Who sees a meeting: the list predicate (SQL), the check on one meeting (Python) and the
audience (SQL, the other way round) agree for every persona, and all three agree with the rule
as the design states it.

The grid is exhaustive rather than sampled: every visibility, every state, three organising
organisations (a department, the police, an association), guests from inside and outside the
network, and the people who prepare a draft; about 400 meetings, each asked of every persona.
"""

from datetime import UTC, datetime, timedelta
from itertools import product

import pytest
from django.contrib.auth.models import Group
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from network.access import viewer_for
from network.access.meetings import (
    action_item_visible_q,
    meeting_audience,
    meeting_is_visible,
    meeting_visible_q,
)
from network.meetings.selectors import meetings_for
from network.models import (
    ActionItem,
    Invitation,
    Meeting,
    Network,
    NetworkMembership,
    Organisation,
    Role,
    User,
    Visibility,
)
from tests.conftest import PERSONAS, World

State = Meeting.State
STARTS = datetime(2026, 3, 10, 9, tzinfo=UTC)
OVERSIGHT = {"coordinator", "security_chief"}
# Who takes part in ``net`` (and so sees by the rule), and whose organisation is an authority.
PARTICIPANTS = {"coordinator", "security_chief", "contact_person", "police", "civil"}
AUTHORITY_PEOPLE = {"coordinator", "security_chief", "contact_person", "police"}


def _expected(world: World, name: str, meeting: Meeting, guests: set[str]) -> bool:
    """The rule in the design's words, written out independently of the access layer."""
    if name == "superuser":
        return True
    user = world.persona(name)
    if meeting.state == State.DRAFT:
        preparing = {meeting.organiser_id, meeting.chair_id, meeting.secretary_id}
        return name in OVERSIGHT or user.pk in preparing
    if name in OVERSIGHT or name in guests:
        return True
    if name not in PARTICIPANTS:
        return False
    return (
        meeting.visibility == Visibility.NETWORK
        or (meeting.visibility == Visibility.AUTHORITIES and name in AUTHORITY_PEOPLE)
        or user.organisation_id == meeting.organisation_id
    )


def _grid(world: World) -> list[tuple[Meeting, set[str]]]:
    made = []
    organisers = [
        (world.social, world.coordinator, None),
        (world.police_org, world.police, world.contact_person),
        (world.association, world.civil, world.civil),
    ]
    guest_sets: list[tuple[str, ...]] = [(), ("civil",), ("outsider", "other_member")]
    for visibility, state, (organisation, organiser, secretary), guests in product(
        Visibility.values, State.values, organisers, guest_sets
    ):
        meeting = Meeting.objects.create(
            network=world.net,
            title=f"{visibility} {state}",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=1),
            organisation=organisation,
            organiser=organiser,
            chair=world.contact_person if organisation == world.social else None,
            secretary=secretary,
            visibility=visibility,
            state=state,
        )
        for name in guests:
            Invitation.objects.create(meeting=meeting, user=world.persona(name), is_guest=True)
        made.append((meeting, set(guests)))
    return made


@pytest.mark.django_db
def test_the_predicate_the_check_and_the_audience_agree_for_every_persona(world: World) -> None:
    superuser = User.objects.create_superuser("admin", "admin@example.org", "pw-for-tests")
    grid = _grid(world)
    audiences = {m.pk: set(meeting_audience(m).values_list("pk", flat=True)) for m, _g in grid}
    names = [*PERSONAS, "superuser"]
    checked = 0
    for name in names:
        user = superuser if name == "superuser" else world.persona(name)
        user = User.objects.get(pk=user.pk)  # a fresh viewer, as in a new request
        viewer = viewer_for(user)
        listed = set(meetings_for(viewer).values_list("pk", flat=True))
        predicate = set(
            Meeting.objects.filter(meeting_visible_q(viewer)).values_list("pk", flat=True)
        )
        assert listed == predicate
        for meeting, guests in grid:
            expected = _expected(world, name, meeting, guests)
            where = f"{name} · {meeting.title} · {meeting.organisation} · guests {sorted(guests)}"
            assert (meeting.pk in listed) is expected, where
            assert meeting_is_visible(viewer, meeting) is expected, where
            assert (user.pk in audiences[meeting.pk]) is expected, where
            checked += 1
    assert checked == len(names) * len(grid) == 9 * 3 * 5 * 3 * 3


@pytest.mark.django_db
def test_an_action_item_is_seen_by_whoever_sees_its_meeting(world: World) -> None:
    grid = _grid(world)
    for meeting, _guests in grid:
        ActionItem.objects.create(
            meeting=meeting,
            title="Uppdrag",
            owner_organisation=meeting.organisation,
            due_on=STARTS.date(),
        )
    for name in PERSONAS:
        viewer = viewer_for(User.objects.get(pk=world.persona(name).pk))
        meetings = set(
            Meeting.objects.filter(meeting_visible_q(viewer)).values_list("pk", flat=True)
        )
        items = set(
            ActionItem.objects.filter(action_item_visible_q(viewer)).values_list(
                "meeting_id", flat=True
            )
        )
        assert items == meetings, name


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["outsider", "other_member", "report_reader"])
def test_people_outside_the_work_of_the_network_see_no_meeting_without_a_guest_invitation(
    world: World, name: str
) -> None:
    grid = _grid(world)
    viewer = viewer_for(world.persona(name))

    seen = set(Meeting.objects.filter(meeting_visible_q(viewer)).values_list("pk", flat=True))

    assert seen == {m.pk for m, guests in grid if name in guests and m.state != State.DRAFT}


@pytest.mark.django_db
def test_a_deactivated_guest_is_in_no_audience(world: World) -> None:
    meeting, _guests = next(
        (m, g) for m, g in _grid(world) if g == {"outsider", "other_member"} and m.state == "held"
    )
    User.objects.filter(pk=world.outsider.pk).update(is_active=False)

    assert not meeting_audience(meeting).filter(pk=world.outsider.pk).exists()
    assert meeting_audience(meeting).filter(pk=world.other_member.pk).exists()


# The same agreement over generated worlds: any mix of organisations, roles and guests.

KINDS = Organisation.Kind.values
ROLES = Role.Code.values

generated = st.fixed_dictionaries(
    {
        "kinds": st.lists(st.sampled_from(KINDS), min_size=3, max_size=3),
        "memberships": st.sets(st.tuples(st.integers(0, 1), st.integers(0, 2))),
        "people": st.lists(
            st.fixed_dictionaries(
                {
                    "organisation": st.none() | st.integers(0, 2),
                    "roles": st.lists(
                        st.tuples(st.integers(0, 1), st.sampled_from(ROLES)), max_size=2
                    ),
                }
            ),
            min_size=1,
            max_size=5,
        ),
        "meetings": st.lists(
            st.fixed_dictionaries(
                {
                    "network": st.integers(0, 1),
                    "organisation": st.integers(0, 2),
                    "visibility": st.sampled_from(Visibility.values),
                    "state": st.sampled_from(State.values),
                    "prepared_by": st.none() | st.integers(0, 4),
                    "guests": st.sets(st.integers(0, 4), max_size=2),
                }
            ),
            min_size=1,
            max_size=4,
        ),
    }
)


class GeneratedWorldsTest(TestCase):
    @settings(
        max_examples=150,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(generated)
    def test_the_three_answers_agree_in_any_world(self, spec: dict) -> None:
        networks = [Network.objects.create(name=f"N{i}", slug=f"n{i}") for i in range(2)]
        organisations = [
            Organisation.objects.create(
                name=f"O{i}", kind=kind, group=Group.objects.create(name=f"organisation:O{i}")
            )
            for i, kind in enumerate(spec["kinds"])
        ]
        for n, o in spec["memberships"]:
            NetworkMembership.objects.create(network=networks[n], organisation=organisations[o])
        people = []
        for i, p in enumerate(spec["people"]):
            organisation = (
                organisations[p["organisation"]] if p["organisation"] is not None else None
            )
            user = User.objects.create(username=f"p{i}", organisation=organisation)
            for n, code in set(p["roles"]):
                Role.objects.create(user=user, network=networks[n], code=code)
            people.append(user)
        meetings = []
        for m in spec["meetings"]:
            preparer = (
                people[m["prepared_by"] % len(people)] if m["prepared_by"] is not None else None
            )
            meeting = Meeting.objects.create(
                network=networks[m["network"]],
                title="M",
                starts_at=STARTS,
                ends_at=STARTS,
                organisation=organisations[m["organisation"]],
                secretary=preparer,
                visibility=m["visibility"],
                state=m["state"],
            )
            for g in {g % len(people) for g in m["guests"]}:
                Invitation.objects.create(meeting=meeting, user=people[g], is_guest=True)
            meetings.append(meeting)
        for user in people:
            user = User.objects.get(pk=user.pk)
            viewer = viewer_for(user)
            listed = set(
                Meeting.objects.filter(meeting_visible_q(viewer)).values_list("pk", flat=True)
            )
            for meeting in meetings:
                in_list = meeting.pk in listed
                assert meeting_is_visible(viewer, meeting) is in_list
                assert meeting_audience(meeting).filter(pk=user.pk).exists() is in_list
