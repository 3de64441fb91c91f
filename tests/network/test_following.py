"""Following an activity: who is told of its changes and updates."""

from datetime import date

import pytest
from django.test import Client
from rest_framework.test import APIClient

from network.activities import services
from network.activities.selectors import is_following
from network.errors import NotFound
from network.events.publish import deliver
from network.models import Activity, ActivityFollow, Visibility


def _activity(world, visibility: str = Visibility.NETWORK) -> Activity:
    return services.activity_create(
        author=world.police,
        network=world.net,
        title="Nattvandring",
        starts_on=date(2026, 5, 1),
        partners=[world.association],
        visibility=visibility,
    )


def _told(activity: Activity, actor) -> set[str]:
    event = {"event": "activity.updated", "activity": activity.pk, "actor": actor.pk}
    return {n.recipient.username for n in deliver(event, send=lambda *_: None)}


@pytest.mark.django_db
def test_the_lead_and_partner_organisations_follow_by_default(world):
    activity = _activity(world)

    assert is_following(world.police, activity)
    assert is_following(world.civil, activity)
    assert not is_following(world.contact_person, activity)
    assert _told(activity, world.coordinator) == {"polis", "forening"}


@pytest.mark.django_db
def test_someone_who_follows_is_told_and_someone_who_stops_is_not(world):
    activity = _activity(world)

    services.activity_follow(activity=activity, user=world.contact_person, following=True)
    services.activity_follow(activity=activity, user=world.civil, following=False)

    assert is_following(world.contact_person, activity)
    assert not is_following(world.civil, activity)
    assert _told(activity, world.police) == {"skola"}


@pytest.mark.django_db
def test_a_follower_who_may_no_longer_see_the_activity_is_not_told(world):
    activity = _activity(world)
    services.activity_follow(activity=activity, user=world.contact_person, following=True)

    Activity.objects.filter(pk=activity.pk).update(visibility=Visibility.ORGANISATION)
    activity.refresh_from_db()

    assert _told(activity, world.coordinator) == {"polis"}


@pytest.mark.django_db
def test_an_activity_one_may_not_see_cannot_be_followed(world):
    activity = _activity(world, Visibility.AUTHORITIES)

    with pytest.raises(NotFound):
        services.activity_follow(activity=activity, user=world.civil, following=True)
    assert not ActivityFollow.objects.exists()


@pytest.mark.django_db
def test_the_follow_button_on_the_page_toggles_following(world):
    activity = _activity(world)
    client = Client()
    client.force_login(world.contact_person)
    url = f"/insatser/{activity.pk}/"

    assert "Följ insatsen" in client.get(url).content.decode()
    response = client.post(f"/insatser/{activity.pk}/folj/", {"following": "1"})

    assert response.status_code == 302
    assert is_following(world.contact_person, activity)
    assert "Sluta följa" in client.get(url).content.decode()


@pytest.mark.django_db
def test_following_a_hidden_activity_on_the_page_is_not_found(world):
    activity = _activity(world, Visibility.AUTHORITIES)
    client = Client()
    client.force_login(world.civil)

    response = client.post(f"/insatser/{activity.pk}/folj/", {"following": "1"})

    assert response.status_code == 404
    assert not ActivityFollow.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("contact_person", 200),
        ("civil", 404),
        ("outsider", 404),
        ("report_reader", 403),
    ],
)
def test_the_api_follows_an_activity_for_whoever_sees_it(world, persona, status):
    activity = _activity(world, Visibility.AUTHORITIES)
    client = APIClient()
    client.force_authenticate(world.persona(persona))

    response = client.post(
        f"/api/v1/activities/{activity.pk}/follow/", {"following": True}, format="json"
    )

    assert response.status_code == status
    if status == 200:
        assert response.json() == {"following": True}
        assert is_following(world.persona(persona), activity)
    else:
        assert not ActivityFollow.objects.exists()


@pytest.mark.django_db
def test_the_api_refuses_a_follow_without_a_choice(world):
    activity = _activity(world)
    client = APIClient()
    client.force_authenticate(world.contact_person)

    response = client.post(f"/api/v1/activities/{activity.pk}/follow/", {}, format="json")

    assert response.status_code == 400
    assert "following" in response.json()
