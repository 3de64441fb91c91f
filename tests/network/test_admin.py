import pytest
from django.core.management import call_command

from network.models import Activity


@pytest.fixture
def coordinator_client(client, db):
    call_command("seed_demo", "--password", "pw", "--activities", "20")
    client.login(username="samordnare", password="pw")
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/network/network/",
        "/admin/network/organisation/",
        "/admin/network/user/",
        "/admin/network/activity/",
        "/admin/network/update/",
        "/admin/network/strategicdirection/",
        "/admin/network/role/",
        "/admin/network/networkmembership/",
        "/admin/network/activitytagging/",
    ],
)
def test_the_coordinator_uses_the_admin_in_swedish(coordinator_client, path):
    response = coordinator_client.get(path)

    assert response.status_code == 200
    assert 'lang="sv"' in response.content.decode()


def test_the_coordinator_opens_an_activity_in_the_admin(coordinator_client):
    activity = Activity.objects.first()

    response = coordinator_client.get(f"/admin/network/activity/{activity.pk}/change/")

    assert response.status_code == 200
    assert activity.title in response.content.decode()


def test_the_coordinator_tags_activities_with_an_admin_action(coordinator_client):
    untagged = list(
        Activity.objects.filter(tagged_at__isnull=True).values_list("pk", flat=True)[:2]
    )

    response = coordinator_client.post(
        "/admin/network/activity/", {"action": "tag_evaluation", "_selected_action": untagged}
    )

    assert response.status_code == 302
    for activity in Activity.objects.filter(pk__in=untagged):
        assert "evaluation" in activity.directions.values_list("code", flat=True)
        assert activity.taggings.count() == 1


def test_the_coordinator_does_not_see_the_audit_log(coordinator_client):
    assert coordinator_client.get("/admin/network/auditevent/").status_code == 403


def test_a_member_has_no_admin(client, db):
    call_command("seed_demo", "--password", "pw", "--activities", "0")
    client.login(username="polis", password="pw")

    assert client.get("/admin/").status_code == 302
