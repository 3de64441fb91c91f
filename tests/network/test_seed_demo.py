import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.http import HttpRequest

from network.models import (
    Activity,
    ActivityTagging,
    Network,
    NetworkMembership,
    Organisation,
    Role,
    Update,
    User,
)

DEMO_ROLES = {
    "samordnare": ("Socialförvaltningen", "coordinator"),
    "sakerhetschef": ("Stadsledningsförvaltningen", "security_chief"),
    "soc": ("Socialförvaltningen", "contact_person"),
    "skola": ("Skol- och fritidsförvaltningen", "contact_person"),
    "polis": ("Polisen", "member"),
    "forening": (None, "member"),
    "rapport": (None, "report_reader"),
}


def _snapshot() -> dict[str, object]:
    return {
        "networks": list(Network.objects.values_list("slug", "name")),
        "organisations": list(Organisation.objects.order_by("name").values_list("name", "kind")),
        "memberships": NetworkMembership.objects.count(),
        "users": list(
            User.objects.order_by("username").values_list("username", "organisation__name")
        ),
        "roles": sorted(Role.objects.values_list("user__username", "code")),
        "activities": list(
            Activity.objects.order_by("pk").values_list(
                "title",
                "organisation__name",
                "status",
                "starts_on",
                "visibility",
                "participants_count",
            )
        ),
        "tags": sorted(
            Activity.directions.through.objects.values_list(
                "activity__title", "strategicdirection__code"
            )
        ),
        "taggings": ActivityTagging.objects.count(),
        "updates": Update.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_data():
    call_command("seed_demo", "--password", "pw-1", "--activities", "60", stdout=None)
    first = _snapshot()
    call_command("seed_demo", "--password", "pw-1", "--activities", "60")

    assert _snapshot() == first
    assert len(first["activities"]) == 60


@pytest.mark.django_db
def test_seed_demo_creates_the_contract_users_with_the_given_password():
    call_command("seed_demo", "--password", "hemligt-ord", "--activities", "10")

    for username, (organisation, role) in DEMO_ROLES.items():
        user = User.objects.get(username=username)
        assert authenticate(HttpRequest(), username=username, password="hemligt-ord") == user
        assert list(user.roles.values_list("code", flat=True)) == [role]
        if organisation:
            assert user.organisation.name == organisation
    forening = User.objects.get(username="forening").organisation
    assert forening is not None and not forening.is_authority
    assert User.objects.get(username="rapport").organisation is None


@pytest.mark.django_db
def test_the_demo_network_holds_the_helsingborg_model_organisations():
    call_command("seed_demo", "--activities", "0")

    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds["Polisen"] == "police"
    assert kinds["Kriminalvården"] == "prison_probation"
    assert kinds["Arbetsmarknadsförvaltningen"] == "city_department"
    assert {"municipal_company", "association", "faith_community", "voluntary"} <= set(
        kinds.values()
    )
    assert NetworkMembership.objects.count() == len(kinds)


@pytest.mark.django_db
def test_demo_activities_are_spread_over_organisations_directions_visibilities_and_two_years():
    call_command("seed_demo", "--activities", "300")

    activities = Activity.objects.all()
    assert activities.values("organisation").distinct().count() >= 8
    assert set(activities.values_list("visibility", flat=True)) == {
        "organisation",
        "authorities",
        "network",
    }
    assert set(activities.values_list("status", flat=True)) >= {"planned", "ongoing", "completed"}
    tagged = set(
        Activity.directions.through.objects.values_list("strategicdirection__code", flat=True)
    )
    assert tagged == {"prevention", "competence", "coordination", "evaluation"}
    dates = sorted(activities.values_list("starts_on", flat=True))
    assert (dates[-1] - dates[0]).days > 600
    assert not activities.filter(
        visibility="authorities", organisation__is_authority=False
    ).exists()


@pytest.mark.django_db
def test_seed_demo_if_empty_leaves_an_existing_database_alone():
    User.objects.create_user("someone")

    call_command("seed_demo", "--if-empty", "--activities", "10")

    assert not Network.objects.exists()
