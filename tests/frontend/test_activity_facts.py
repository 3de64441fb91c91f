"""The facts of an activity: a dash for participants until it is held, and for people whose
accounts are gone."""

from typing import Any

import pytest
from django.urls import reverse

from network.activities import services as activity_services
from network.models import Activity, ActivityTagging
from tests.conftest import World
from tests.factories import ActivityFactory, UpdateFactory

NOT_HELD = '<span aria-hidden="true">–</span><span class="visually-hidden">Inte genomförd än</span>'


@pytest.mark.parametrize(
    ("status", "count", "shown"),
    [
        (Activity.Status.PLANNED, 0, NOT_HELD),
        (Activity.Status.PLANNED, 12, ">12<"),
        (Activity.Status.COMPLETED, 0, ">0<"),
        (Activity.Status.ONGOING, 0, ">0<"),
    ],
)
def test_participants_show_a_dash_until_the_activity_is_held(
    web_client_for: Any, world: World, status: str, count: int, shown: str
) -> None:
    activity = ActivityFactory(
        network=world.net, organisation=world.school, status=status, participants_count=count
    )
    client = web_client_for("police")

    detail = client.get(reverse("frontend:activity_detail", args=[activity.pk])).content.decode()
    listed = client.get(reverse("frontend:activity_list")).content.decode()

    facts = detail.split("<dt>Nådda deltagare</dt>", 1)[1].split("</dd>", 1)[0]
    assert shown in facts + "<"
    cell = listed.split('data-label="Deltagare" class="number">', 1)[1].split("</td>", 1)[0]
    assert shown in ">" + cell + "<"


def test_english_pages_say_not_held_yet(web_client_for: Any, world: World) -> None:
    activity = ActivityFactory(network=world.net, organisation=world.school)
    page = web_client_for("police").get(f"/en/activities/{activity.pk}/").content.decode()
    assert '<span class="visually-hidden">Not held yet</span>' in page


def test_activity_page_shows_a_dash_for_people_whose_accounts_are_gone(
    web_client_for: Any, world: World
) -> None:
    activity = ActivityFactory(network=world.net, organisation=world.school, created_by=None)
    activity_services.activity_tag(
        activity=activity, actor=world.coordinator, directions=["prevention"]
    )
    UpdateFactory(activity=activity, network=world.net, organisation=world.police_org, author=None)
    Activity.objects.filter(pk=activity.pk).update(tagged_by=None)
    ActivityTagging.objects.filter(activity=activity).update(tagged_by=None)

    response = web_client_for("police").get(reverse("frontend:activity_detail", args=[activity.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<dt>Registrerad av</dt><dd>–," in page
    assert "Taggad av –," in page
    assert "<td>–</td>" in page
    assert "Polisen · – ·" in page
