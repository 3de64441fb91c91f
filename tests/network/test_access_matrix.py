"""Every persona against every visibility: who sees, changes and tags an activity.

Activities are owned by the police (an authority) or by an association (civil society).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from network.access import activity_abilities, can_tag_in, viewer_for
from network.activities import services as activity_services
from network.activities.selectors import activities_visible_to, updates_visible_to
from network.errors import Forbidden, NotFound
from network.models import Activity, Visibility
from tests.conftest import PERSONAS
from tests.factories import ActivityFactory, UpdateFactory

ORG, AUTH, NET = Visibility.ORGANISATION, Visibility.AUTHORITIES, Visibility.NETWORK
CASES = [
    (owner, visibility)
    for owner in ("police_org", "association")
    for visibility in (ORG, AUTH, NET)
]

# persona -> the cases (owner, visibility) the persona sees
SEES = {
    "coordinator": set(CASES),
    "security_chief": set(CASES),
    "contact_person": {
        ("police_org", AUTH),
        ("police_org", NET),
        ("association", AUTH),
        ("association", NET),
    },
    "police": {
        ("police_org", ORG),
        ("police_org", AUTH),
        ("police_org", NET),
        ("association", AUTH),
        ("association", NET),
    },
    "civil": {
        ("police_org", NET),
        ("association", ORG),
        ("association", AUTH),
        ("association", NET),
    },
    "report_reader": set(),
    "outsider": set(),
    "other_member": set(),
}
CHANGES = {
    "coordinator": set(CASES),
    "police": {case for case in CASES if case[0] == "police_org"},
    "civil": {case for case in CASES if case[0] == "association"},
}
TAGS = {"coordinator"}


def _activity(world, owner: str, visibility: str) -> Activity:
    return ActivityFactory(
        network=world.net, organisation=getattr(world, owner), visibility=visibility
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("owner", "visibility"), CASES)
def test_persona_sees_exactly_what_the_visibility_rules_allow(world, persona, owner, visibility):
    activity = _activity(world, owner, visibility)
    ActivityFactory(network=world.other_net, organisation=world.other_org, visibility=NET)

    seen = activities_visible_to(world.persona(persona)).filter(pk=activity.pk).exists()

    assert seen is ((owner, visibility) in SEES[persona])


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("owner", "visibility"), CASES)
def test_persona_changes_only_what_the_rules_allow(world, persona, owner, visibility):
    activity = _activity(world, owner, visibility)
    user = world.persona(persona)
    allowed = (owner, visibility) in CHANGES.get(persona, set())

    assert activity_abilities(viewer_for(user), activity).change is allowed
    if allowed:
        activity_services.activity_update(activity=activity, actor=user, title="Ny titel")
        activity.refresh_from_db()
        assert activity.title == "Ny titel"
    else:
        # Invisible: not found, even to a caller that skipped the selector; visible: forbidden.
        refusal = Forbidden if (owner, visibility) in SEES[persona] else NotFound
        with pytest.raises(refusal):
            activity_services.activity_update(activity=activity, actor=user, title="Ny titel")
        activity.refresh_from_db()
        assert activity.title != "Ny titel"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("owner", "visibility"), CASES)
def test_only_the_coordinator_tags(world, persona, owner, visibility):
    activity = _activity(world, owner, visibility)
    user = world.persona(persona)

    assert can_tag_in(viewer_for(user), activity.network_id) is (persona in TAGS)
    if persona in TAGS:
        activity_services.activity_tag(activity=activity, actor=user, directions=["prevention"])
        assert list(activity.directions.values_list("code", flat=True)) == ["prevention"]
    else:
        refusal = Forbidden if (owner, visibility) in SEES[persona] else NotFound
        with pytest.raises(refusal):
            activity_services.activity_tag(activity=activity, actor=user, directions=["prevention"])
        assert not activity.directions.exists()
        assert not activity.taggings.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("owner", "visibility"), CASES)
def test_updates_follow_their_own_visibility_and_their_activity(world, persona, owner, visibility):
    activity = _activity(world, owner, visibility)
    organisation = getattr(world, owner)
    on_activity = UpdateFactory(
        network=world.net, organisation=organisation, activity=activity, visibility=NET
    )
    on_network = UpdateFactory(network=world.net, organisation=organisation, visibility=visibility)

    seen = set(updates_visible_to(world.persona(persona)).values_list("pk", flat=True))

    assert (on_activity.pk in seen) is ((owner, visibility) in SEES[persona])
    assert (on_network.pk in seen) is ((owner, visibility) in SEES[persona])


@pytest.mark.django_db
def test_civil_society_member_cannot_see_authorities_activity(world):
    activity = _activity(world, "police_org", AUTH)

    assert not activities_visible_to(world.civil).filter(pk=activity.pk).exists()
    assert activities_visible_to(world.contact_person).filter(pk=activity.pk).exists()


@pytest.mark.django_db
def test_a_person_granted_one_activity_sees_that_activity_only(world):
    granted = _activity(world, "police_org", ORG)
    other = _activity(world, "police_org", ORG)
    assign_perm("network.view_activity", world.outsider, granted)

    assert list(activities_visible_to(world.outsider)) == [granted]
    assert other not in activities_visible_to(world.civil)


@pytest.mark.django_db
def test_an_organisation_granted_one_activity_shares_it_with_all_its_people(world):
    granted = _activity(world, "police_org", ORG)
    assign_perm("network.view_activity", world.association.group, granted)

    assert list(activities_visible_to(world.civil)) == [granted]
    assert not activities_visible_to(world.contact_person).filter(pk=granted.pk).exists()


@pytest.mark.django_db
def test_a_granted_change_lets_a_partner_edit_but_not_tag(world):
    activity = _activity(world, "police_org", NET)
    assign_perm("network.change_activity", world.civil, activity)

    assert activity_abilities(viewer_for(world.civil), activity).change
    assert not can_tag_in(viewer_for(world.civil), activity.network_id)


@pytest.mark.django_db
@pytest.mark.parametrize("granted", [False, True])
@pytest.mark.parametrize("rows", [1, 60])
def test_listing_visible_activities_is_one_sql_statement_whatever_the_number_of_rows(
    world, rows, granted
):
    for index in range(rows):
        _activity(world, "police_org", (ORG, AUTH, NET)[index % 3])
    expected = {i for i in range(rows) if i % 3 == 2}
    if granted:
        assign_perm("network.view_activity", world.civil, Activity.objects.order_by("pk").first())
        expected.add(0)
    user = world.civil
    viewer_for(user)  # the per-request context: read once, before the list

    with CaptureQueriesContext(connection) as queries:
        listed = list(activities_visible_to(user))

    assert len(queries) == 1
    assert len(listed) == len(expected)
    # The grant tables are consulted only for someone who holds a grant.
    assert ("network_activityuserobjectpermission" in queries[0]["sql"]) is granted
