"""A grant lets its holder edit one activity's content, never its ownership or visibility."""

from datetime import date

import pytest
from django.test import Client
from guardian.shortcuts import assign_perm
from rest_framework.test import APIClient

from network.access import activity_abilities, viewer_for
from network.activities import services
from network.errors import Forbidden
from network.models import Activity, Visibility
from tests.factories import ActivityFactory


@pytest.fixture
def granted(world) -> Activity:
    """A police activity for authorities, granted for viewing and changing to the association."""
    activity = ActivityFactory(
        network=world.net,
        organisation=world.police_org,
        visibility=Visibility.AUTHORITIES,
        title="Trygghetsvandring",
        starts_on=date(2026, 3, 1),
    )
    assign_perm("network.view_activity", world.civil, activity)
    assign_perm("network.change_activity", world.civil, activity)
    return activity


def test_a_grantee_edits_the_content(world, granted):
    services.activity_update(activity=granted, actor=world.civil, title="Trygghetsvandring i maj")

    granted.refresh_from_db()
    assert granted.title == "Trygghetsvandring i maj"


@pytest.mark.parametrize(
    "change",
    [
        {"organisation": "association"},
        {"visibility": Visibility.NETWORK},
        {"visibility": Visibility.ORGANISATION},
    ],
)
def test_a_grantee_cannot_take_the_activity_over_or_change_who_sees_it(world, granted, change):
    values = {
        name: getattr(world, value) if name == "organisation" else value
        for name, value in change.items()
    }

    with pytest.raises(Forbidden):
        services.activity_update(activity=granted, actor=world.civil, **values)

    granted.refresh_from_db()
    assert granted.organisation == world.police_org
    assert granted.visibility == Visibility.AUTHORITIES


def test_a_grantee_may_send_the_unchanged_owner_and_visibility_with_a_content_change(
    world, granted
):
    services.activity_update(
        activity=granted,
        actor=world.civil,
        organisation=world.police_org,
        visibility=Visibility.AUTHORITIES,
        title="Ny titel",
    )

    granted.refresh_from_db()
    assert granted.title == "Ny titel"


def test_the_abilities_tell_a_grantee_it_may_change_but_not_own(world, granted):
    abilities = activity_abilities(viewer_for(world.civil), granted)

    assert abilities.change
    assert not abilities.change_ownership
    assert not abilities.tag
    assert not abilities.delete


@pytest.mark.parametrize("body", [{"organisation": "association"}, {"visibility": "network"}])
def test_the_api_refuses_a_grantee_the_ownership_with_403(world, granted, body):
    client = APIClient()
    client.force_authenticate(world.civil)
    if "organisation" in body:
        body = {"organisation": world.association.pk}

    response = client.patch(f"/api/v1/activities/{granted.pk}/", body, format="json")

    assert response.status_code == 403
    granted.refresh_from_db()
    assert (granted.organisation, granted.visibility) == (
        world.police_org,
        Visibility.AUTHORITIES,
    )


def test_the_edit_page_keeps_owner_and_visibility_of_a_grantee_whatever_is_posted(world, granted):
    client = Client()
    client.force_login(world.civil)
    url = f"/insatser/{granted.pk}/andra/"

    page = client.get(url)
    form = page.context["form"]
    assert form.fields["organisation"].disabled
    assert form.fields["visibility"].disabled

    response = client.post(
        url,
        {
            "title": "Ändrad titel",
            "organisation": world.association.pk,
            "status": "planned",
            "starts_on": "2026-03-01",
            "participants_count": 0,
            "visibility": "network",
        },
    )

    assert response.status_code == 302
    granted.refresh_from_db()
    assert granted.title == "Ändrad titel"
    assert granted.organisation == world.police_org
    assert granted.visibility == Visibility.AUTHORITIES
