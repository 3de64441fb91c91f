"""The start page shows what is new for the person, and only what the person may see."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from network.activities import services
from network.models import Activity, Visibility


def _log(world, *, visibility: str, title: str) -> Activity:
    return services.activity_create(
        author=world.police,
        network=world.net,
        title=title,
        starts_on=date(2026, 5, 1),
        partners=[world.association],
        visibility=visibility,
    )


def _home(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("frontend:home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_partner_sees_a_new_network_activity_among_its_notifications(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _log(world, visibility=Visibility.NETWORK, title="Nattvandring i Drottninghög")

    page = _home(world.civil)

    assert "Nattvandring i Drottninghög" in page
    assert "1 oläst notis" in page
    assert '<span class="badge" data-unread-badge>1<' in page


@pytest.mark.django_db
def test_the_header_badge_counts_unread_notifications_on_every_page(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _log(world, visibility=Visibility.NETWORK, title="Nattvandring")
        _log(world, visibility=Visibility.NETWORK, title="Läxhjälp")
    client = Client()
    client.force_login(world.civil)

    page = client.get(reverse("frontend:activity_list")).content.decode()

    assert '<span class="badge" data-unread-badge>2<' in page
    assert '<span class="badge"' not in _home(world.other_member)


@pytest.mark.django_db
def test_a_civil_society_member_is_never_told_of_an_authorities_activity(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _log(world, visibility=Visibility.AUTHORITIES, title="Lägesbild Söder")

    page = _home(world.civil)

    assert "Lägesbild Söder" not in page
    assert "0 olästa notiser" in page


@pytest.mark.django_db
def test_a_notification_disappears_when_its_activity_is_narrowed(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        activity = _log(world, visibility=Visibility.NETWORK, title="Samtal i skolan")
    assert "Samtal i skolan" in _home(world.civil)

    Activity.objects.filter(pk=activity.pk).update(visibility=Visibility.AUTHORITIES)

    assert "Samtal i skolan" not in _home(world.civil)


@pytest.mark.django_db
def test_the_coordinator_sees_how_many_activities_wait_to_be_tagged(world):
    _log(world, visibility=Visibility.ORGANISATION, title="Otaggad insats")

    page = _home(world.coordinator)

    assert "activities wait to be tagged" not in page  # Swedish page
    assert 'href="/taggning/"><span class="figure">1</span>' in page


@pytest.mark.django_db
def test_a_member_sees_its_organisations_latest_activities_and_counts(world):
    _log(world, visibility=Visibility.ORGANISATION, title="Polisens egen insats")

    police_page = _home(world.police)
    civil_page = _home(world.civil)

    assert "Polisens egen insats" in police_page
    assert f"?organisation={world.police_org.pk}" in police_page
    assert "Polisens egen insats" not in civil_page
    assert "wait to be tagged" not in police_page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["report_reader", "outsider"])
def test_someone_outside_the_work_sees_no_figures(world, persona):
    page = _home(world.persona(persona))

    assert 'class="figures"' not in page
    assert "0 olästa notiser" in page
