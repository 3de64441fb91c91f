"""The inverse question: ``audience(obj)`` holds exactly the people who see ``obj`` in their lists.

Hypothesis generates networks, organisations of every kind, people with any mix of roles and
organisations, activities and updates of every visibility, and one-by-one grants to people and to
organisations; for every pair of person and object (about 3,400 pairs over 300 generated worlds),
three answers must agree: the list predicate (SQL), the check on one object (Python), and the
audience (SQL, the other way round).
"""

from datetime import date

from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from network.access import (
    activity_audience,
    activity_is_visible,
    update_audience,
    viewer_for,
)
from network.access.updates import update_is_visible
from network.activities.selectors import activities_visible_to, updates_visible_to
from network.models import (
    Activity,
    Network,
    NetworkMembership,
    Organisation,
    Role,
    Update,
    User,
    Visibility,
)

KINDS = Organisation.Kind.values
ROLES = Role.Code.values
VISIBILITIES = Visibility.values
NETWORKS = 2
ORGANISATIONS = 4

person = st.fixed_dictionaries(
    {
        "organisation": st.none() | st.integers(0, ORGANISATIONS - 1),
        "roles": st.lists(
            st.tuples(st.integers(0, NETWORKS - 1), st.sampled_from(ROLES)), max_size=3
        ),
    }
)
thing = st.fixed_dictionaries(
    {
        "network": st.integers(0, NETWORKS - 1),
        "organisation": st.integers(0, ORGANISATIONS - 1),
        "visibility": st.sampled_from(VISIBILITIES),
    }
)
grant = st.tuples(
    st.sampled_from(["user", "organisation"]),
    st.integers(0, 5),  # whom (index, taken modulo the number of people or organisations)
    st.integers(0, 5),  # which activity (modulo)
    st.sampled_from(["view_activity", "change_activity"]),
)
world = st.fixed_dictionaries(
    {
        "kinds": st.lists(st.sampled_from(KINDS), min_size=ORGANISATIONS, max_size=ORGANISATIONS),
        "memberships": st.sets(
            st.tuples(st.integers(0, NETWORKS - 1), st.integers(0, ORGANISATIONS - 1))
        ),
        "people": st.lists(person, min_size=1, max_size=6),
        "superusers": st.sets(st.integers(0, 5), max_size=1),
        "activities": st.lists(thing, min_size=1, max_size=5),
        "updates": st.lists(st.tuples(thing, st.none() | st.integers(0, 4)), max_size=4),
        "grants": st.lists(grant, max_size=4),
    }
)


def _build(spec: dict) -> tuple[list[User], list[Activity], list[Update]]:
    networks = [Network.objects.create(name=f"N{i}", slug=f"n{i}") for i in range(NETWORKS)]
    organisations = []
    for i, kind in enumerate(spec["kinds"]):
        group = Group.objects.create(name=f"organisation:O{i}")
        organisations.append(Organisation.objects.create(name=f"O{i}", kind=kind, group=group))
    for n, o in spec["memberships"]:
        NetworkMembership.objects.create(network=networks[n], organisation=organisations[o])
    people = []
    for i, p in enumerate(spec["people"]):
        organisation = organisations[p["organisation"]] if p["organisation"] is not None else None
        user = User.objects.create(
            username=f"p{i}", organisation=organisation, is_superuser=i in spec["superusers"]
        )
        if organisation is not None:
            user.groups.add(organisation.group)
        for n, code in set(p["roles"]):
            Role.objects.create(user=user, network=networks[n], code=code)
        people.append(user)
    activities = [
        Activity.objects.create(
            network=networks[a["network"]],
            organisation=organisations[a["organisation"]],
            visibility=a["visibility"],
            title=f"A{i}",
            starts_on=date(2026, 3, 1),
        )
        for i, a in enumerate(spec["activities"])
    ]
    updates = []
    for u, on in spec["updates"]:
        activity = activities[on % len(activities)] if on is not None else None
        network = activity.network if activity is not None else networks[u["network"]]
        updates.append(
            Update.objects.create(
                network=network,
                activity=activity,
                organisation=organisations[u["organisation"]],
                visibility=u["visibility"],
                body="x",
            )
        )
    for whom, who, which, codename in spec["grants"]:
        target = (
            people[who % len(people)]
            if whom == "user"
            else organisations[who % len(organisations)].group
        )
        assign_perm(f"network.{codename}", target, activities[which % len(activities)])
    return people, activities, updates


class AudienceTest(TestCase):
    @settings(
        max_examples=300,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(world)
    def test_the_audience_of_an_object_is_exactly_who_sees_it(self, spec: dict) -> None:
        people, activities, updates = _build(spec)
        checked = 0
        for user in people:
            user = User.objects.get(pk=user.pk)  # a fresh viewer, as in a new request
            viewer = viewer_for(user)
            listed = set(activities_visible_to(user).values_list("pk", flat=True))
            listed_updates = set(updates_visible_to(user).values_list("pk", flat=True))
            for activity in activities:
                in_list = activity.pk in listed
                assert activity_is_visible(viewer, activity) is in_list
                assert activity_audience(activity).filter(pk=user.pk).exists() is in_list
                checked += 1
            for update in updates:
                in_list = update.pk in listed_updates
                assert update_is_visible(viewer, update) is in_list
                assert update_audience(update).filter(pk=user.pk).exists() is in_list
                checked += 1
        assert checked == len(people) * (len(activities) + len(updates))


class InactiveTest(TestCase):
    def test_a_deactivated_person_is_in_no_audience(self) -> None:
        people, activities, _updates = _build(
            {
                "kinds": ["police"] * ORGANISATIONS,
                "memberships": {(0, 0)},
                "people": [{"organisation": 0, "roles": [(0, "coordinator")]}],
                "superusers": set(),
                "activities": [{"network": 0, "organisation": 0, "visibility": "network"}],
                "updates": [],
                "grants": [],
            }
        )
        audience = activity_audience(activities[0])
        assert list(audience) == people
        User.objects.filter(pk=people[0].pk).update(is_active=False)
        assert not activity_audience(activities[0]).exists()
