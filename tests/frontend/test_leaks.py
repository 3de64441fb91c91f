"""Leaks through the side doors of the pages: form choices, and answers that depend on the body."""

from datetime import date

from django.test import Client
from django.urls import reverse
from guardian.shortcuts import assign_perm

from network.activities import services as activity_services
from network.models import Activity, ActivityTagging, Visibility
from tests.conftest import World
from tests.frontend.conftest import Activities


def _granted_to_the_other_network(world: World) -> Activity:
    """An activity in ``net`` that a member of ``other_net`` may see and change, one by one."""
    activity = activity_services.activity_create(
        author=world.police,
        network=world.net,
        title="Beviljad insats",
        partners=[world.social],
        starts_on=date(2026, 5, 4),
        visibility=Visibility.AUTHORITIES,
    )
    assign_perm("network.view_activity", world.other_member, activity)
    assign_perm("network.change_activity", world.other_member, activity)
    return activity


def test_the_edit_form_of_a_granted_activity_offers_no_organisation_the_person_may_not_see(
    web_client_for: object, world: World
) -> None:
    activity = _granted_to_the_other_network(world)
    client: Client = web_client_for("other_member")

    page = client.get(reverse("frontend:activity_edit", args=[activity.pk])).content.decode()

    assert "Polisen" in page  # the lead organisation, shown on the activity itself
    assert "Socialförvaltningen" in page  # the partner it already has
    assert "Idrottsföreningen" not in page
    assert "Skol- och fritidsförvaltningen" not in page


def test_a_granted_person_cannot_add_a_partner_they_may_not_see(
    web_client_for: object, world: World
) -> None:
    activity = _granted_to_the_other_network(world)
    client: Client = web_client_for("other_member")

    response = client.post(
        reverse("frontend:activity_edit", args=[activity.pk]),
        {
            "title": "Beviljad insats",
            "organisation": world.police_org.pk,
            "partners": [world.social.pk, world.association.pk],
            "status": "planned",
            "starts_on": "2026-05-04",
            "participants_count": 0,
            "visibility": Visibility.AUTHORITIES,
        },
    )

    assert response.status_code == 200
    assert set(activity.partners.values_list("pk", flat=True)) == {world.social.pk}


def test_a_granted_person_keeps_the_partners_they_were_shown(
    web_client_for: object, world: World
) -> None:
    activity = _granted_to_the_other_network(world)
    client: Client = web_client_for("other_member")

    response = client.post(
        reverse("frontend:activity_edit", args=[activity.pk]),
        {
            "title": "Ny titel",
            "organisation": world.police_org.pk,
            "partners": [world.social.pk],
            "status": "planned",
            "starts_on": "2026-05-04",
            "participants_count": 0,
            "visibility": Visibility.AUTHORITIES,
        },
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Ny titel"
    assert set(activity.partners.values_list("pk", flat=True)) == {world.social.pk}


def test_tagging_a_locked_activity_is_refused_with_403_even_without_directions(
    web_client_for: object, activities: Activities, world: World
) -> None:
    world.net.reporting_closed_until = activities.school_network.starts_on
    world.net.save()
    pk = activities.school_network.pk

    response = web_client_for("coordinator").post(reverse("frontend:activity_tag", args=[pk]), {})

    assert response.status_code == 403
    assert not ActivityTagging.objects.filter(activity_id=pk).exists()
