"""Attempts to gain more through the admin than the rules give: real posts, then the database."""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission

from network.models import Network, Organisation, Role, User
from tests.conftest import World
from tests.factories import NetworkFactory, OrganisationFactory
from tests.network.test_admin import (
    AdminWorld,
    add_member,
    change_url,
    form_data,
    make_admin_world,
    role_grant,
)

Code = Role.Code


@pytest.fixture
def aw(world: World) -> AdminWorld:
    return make_admin_world(world)


def _privileges(user: User) -> tuple[bool, bool, set[int], set[int]]:
    user.refresh_from_db()
    return (
        user.is_superuser,
        user.is_staff,
        set(user.groups.values_list("pk", flat=True)),
        set(user.user_permissions.values_list("pk", flat=True)),
    )


# Privileges of an account


@pytest.mark.parametrize("name", ["coordinator", "security_chief", "other_coordinator"])
def test_staff_who_are_not_superusers_do_not_see_the_privileges_of_their_own_account(
    aw: AdminWorld, name: str
) -> None:
    me = aw.persona(name)

    html = aw.client(name).get(change_url(me)).content.decode()

    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in html
    assert "/password/" not in html


def test_the_coordinator_does_not_see_the_privileges_of_a_person_it_may_change(
    aw: AdminWorld,
) -> None:
    html = aw.client("coordinator").get(change_url(aw.world.contact_person)).content.decode()

    assert 'name="first_name"' in html
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in html


def test_the_coordinator_cannot_make_itself_a_superuser(aw: AdminWorld) -> None:
    me = aw.world.coordinator
    client = aw.client("coordinator")
    before = _privileges(me)
    data = form_data(client.get(change_url(me)))
    group = Group.objects.create(name="administratörer")
    data.update(
        {
            "first_name": "Sara",
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [str(group.pk)],
            "user_permissions": [str(p.pk) for p in Permission.objects.all()],
        }
    )

    response = client.post(change_url(me), data)

    assert response.status_code == 302
    assert _privileges(me) == before
    me.refresh_from_db()
    assert me.first_name == "Sara"
    assert client.get("/admin/network/auditevent/").status_code == 403


def test_the_coordinator_cannot_make_another_person_staff_or_superuser(aw: AdminWorld) -> None:
    someone = aw.world.contact_person
    client = aw.client("coordinator")
    before = _privileges(someone)
    data = form_data(client.get(change_url(someone)))
    data.update({"is_superuser": "on", "is_staff": "on"})

    assert client.post(change_url(someone), data).status_code == 302
    assert _privileges(someone) == before


def test_the_coordinator_creates_a_person_without_privileges(aw: AdminWorld) -> None:
    response = aw.client("coordinator").post(
        "/admin/network/user/add/",
        {
            "username": "nyperson",
            "usable_password": "true",
            "password1": "ett-langt-losenord-42",
            "password2": "ett-langt-losenord-42",
            "organisation": str(aw.world.school.pk),
            "is_superuser": "on",
            "is_staff": "on",
        },
    )

    assert response.status_code == 302
    created = User.objects.get(username="nyperson")
    assert (created.is_superuser, created.is_staff) == (False, False)
    assert created.organisation == aw.world.school


def test_a_person_created_by_the_coordinator_belongs_to_an_organisation_of_its_network(
    aw: AdminWorld,
) -> None:
    client = aw.client("coordinator")
    data = {
        "username": "nyperson",
        "usable_password": "true",
        "password1": "ett-langt-losenord-42",
        "password2": "ett-langt-losenord-42",
    }

    without = client.post("/admin/network/user/add/", data)
    elsewhere = client.post(
        "/admin/network/user/add/", {**data, "organisation": str(aw.world.other_org.pk)}
    )

    assert without.status_code == elsewhere.status_code == 200
    assert without.context["adminform"].form.errors["organisation"]
    assert elsewhere.context["adminform"].form.errors["organisation"]
    assert not User.objects.filter(username="nyperson").exists()


def test_a_filter_in_the_address_does_not_tell_the_coordinator_who_is_a_superuser(
    aw: AdminWorld,
) -> None:
    client = aw.client("coordinator")

    for lookup in ("is_superuser__exact=1", "is_staff=1", "groups__name=x"):
        assert client.get(f"/admin/network/user/?{lookup}").status_code == 400


def test_the_superuser_still_manages_privileges(aw: AdminWorld) -> None:
    someone = aw.world.contact_person
    client = aw.client("superuser")
    data = form_data(client.get(change_url(someone)))
    data["is_staff"] = "on"

    assert client.post(change_url(someone), data).status_code == 302
    someone.refresh_from_db()
    assert someone.is_staff


# Passwords


def test_the_coordinator_cannot_open_another_person_s_password_form(aw: AdminWorld) -> None:
    client = aw.client("coordinator")
    visible, invisible = aw.world.contact_person, aw.world.other_member

    assert client.get(f"/admin/network/user/{visible.pk}/password/").status_code == 403
    assert client.get(f"/admin/network/user/{invisible.pk}/password/").status_code == 404
    assert client.get(f"/admin/network/user/{aw.superuser.pk}/password/").status_code == 404


@pytest.mark.parametrize("target", ["contact_person", "security_chief", "superuser"])
def test_the_coordinator_cannot_set_another_person_s_password(aw: AdminWorld, target: str) -> None:
    someone = aw.persona(target)
    before = User.objects.get(pk=someone.pk).password

    response = aw.client("coordinator").post(
        f"/admin/network/user/{someone.pk}/password/",
        {
            "password1": "kapat-konto-12345",
            "password2": "kapat-konto-12345",
            "usable_password": "true",
        },
    )

    assert response.status_code in (403, 404)
    assert User.objects.get(pk=someone.pk).password == before


def test_the_coordinator_changes_its_own_password_where_the_old_one_is_asked(
    aw: AdminWorld,
) -> None:
    me = aw.world.coordinator

    response = aw.client("coordinator").get(f"/admin/network/user/{me.pk}/password/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/password_change/"


def test_the_superuser_sets_another_person_s_password(aw: AdminWorld) -> None:
    someone = aw.world.contact_person

    response = aw.client("superuser").post(
        f"/admin/network/user/{someone.pk}/password/",
        {"password1": "nytt-losenord-12345", "password2": "nytt-losenord-12345"},
    )

    assert response.status_code == 302
    someone.refresh_from_db()
    assert someone.check_password("nytt-losenord-12345")


# Whose accounts the coordinator changes


@pytest.mark.parametrize("target", ["security_chief", "other_coordinator", "superuser"])
def test_the_coordinator_cannot_change_an_account_above_or_beside_it(
    aw: AdminWorld, target: str
) -> None:
    someone = aw.persona(target)
    client = aw.client("coordinator")
    before = (someone.email, someone.is_active)

    response = client.post(
        change_url(someone),
        {"username": someone.username, "email": "kapad@example.org", "is_active": ""},
    )

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == "/admin/"  # not found: the row does not exist for it
    someone.refresh_from_db()
    assert (someone.email, someone.is_active) == before


def test_the_coordinator_reads_but_does_not_change_the_security_chief_s_account(
    aw: AdminWorld,
) -> None:
    response = aw.client("coordinator").get(change_url(aw.world.security_chief))

    assert response.status_code == 200
    assert 'name="email"' not in response.content.decode()


def test_the_coordinator_cannot_move_a_person_out_of_the_networks_of_their_roles(
    aw: AdminWorld,
) -> None:
    third = NetworkFactory(name="Tredje nätverket", slug="tredje")
    add_member(third, aw.world.social)
    role_grant(aw.world.coordinator, third, Code.COORDINATOR)
    stranger = OrganisationFactory(name="Främlingen", networks=[third])
    someone = aw.world.contact_person
    client = aw.client("coordinator")
    data = form_data(client.get(change_url(someone)))
    data["organisation"] = str(stranger.pk)

    response = client.post(change_url(someone), data)

    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    someone.refresh_from_db()
    assert someone.organisation == aw.world.school


# Roles


def _grant(aw: AdminWorld, user: User, network: Network, code: str, as_: str = "coordinator"):  # noqa: ANN202
    return aw.client(as_).post(
        "/admin/network/role/add/",
        {"user": str(user.pk), "network": str(network.pk), "code": code},
    )


def test_the_coordinator_grants_a_member_role_in_its_network(aw: AdminWorld) -> None:
    response = _grant(aw, aw.world.civil, aw.net, Code.CONTACT_PERSON)

    assert response.status_code == 302
    assert Role.objects.filter(
        user=aw.world.civil, network=aw.net, code=Code.CONTACT_PERSON
    ).exists()


def test_the_coordinator_cannot_grant_itself_a_role_in_a_network_it_does_not_coordinate(
    aw: AdminWorld,
) -> None:
    me = aw.world.coordinator
    add_member(aw.other_net, aw.world.social)
    before = set(Role.objects.values_list("pk", flat=True))

    for code in (Code.COORDINATOR, Code.SECURITY_CHIEF, Code.MEMBER, Code.REPORT_READER):
        response = _grant(aw, me, aw.other_net, code)

        assert response.status_code == 200
        assert response.context["adminform"].form.errors
    assert set(Role.objects.values_list("pk", flat=True)) == before


@pytest.mark.parametrize("code", [Code.COORDINATOR, Code.SECURITY_CHIEF])
def test_only_a_superuser_grants_the_roles_that_oversee_a_network(
    aw: AdminWorld, code: str
) -> None:
    refused = _grant(aw, aw.world.civil, aw.net, code)
    granted = _grant(aw, aw.world.civil, aw.net, code, as_="superuser")

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors
    assert granted.status_code == 302
    assert Role.objects.filter(user=aw.world.civil, network=aw.net, code=code).count() == 1


def test_the_coordinator_cannot_revoke_the_security_chief(aw: AdminWorld) -> None:
    role = Role.objects.get(user=aw.world.security_chief)
    client = aw.client("coordinator")

    assert client.get(f"/admin/network/role/{role.pk}/delete/").status_code == 403
    assert client.post(f"/admin/network/role/{role.pk}/delete/", {"post": "yes"}).status_code == (
        403
    )
    assert Role.objects.filter(pk=role.pk).exists()


def test_the_coordinator_revokes_a_member_role_in_its_network(aw: AdminWorld) -> None:
    role = Role.objects.get(user=aw.world.civil)

    response = aw.client("coordinator").post(
        f"/admin/network/role/{role.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()


def test_a_role_is_not_edited_in_place(aw: AdminWorld) -> None:
    role = Role.objects.get(user=aw.world.civil)

    response = aw.client("coordinator").post(
        change_url(role),
        {"user": str(aw.world.civil.pk), "network": str(aw.net.pk), "code": Code.COORDINATOR},
    )

    assert response.status_code == 403
    role.refresh_from_db()
    assert role.code == Code.MEMBER


def test_the_security_chief_grants_no_roles(aw: AdminWorld) -> None:
    response = _grant(aw, aw.world.civil, aw.net, Code.CONTACT_PERSON, as_="security_chief")

    assert response.status_code == 403
    assert not Role.objects.filter(user=aw.world.civil, code=Code.CONTACT_PERSON).exists()


# Roles on the person's page: the same checks, shown on the form


def _inline_role(aw: AdminWorld, person: User, network: Network, code: str):  # noqa: ANN202
    client = aw.client("coordinator")
    data = form_data(client.get(change_url(person)))
    total = int(data["roles-TOTAL_FORMS"])
    data.update(
        {
            "roles-TOTAL_FORMS": str(total + 1),
            f"roles-{total}-network": str(network.pk),
            f"roles-{total}-code": code,
            f"roles-{total}-user": str(person.pk),
        }
    )
    return client.post(change_url(person), data)


def _inline_errors(response) -> list[object]:  # noqa: ANN001
    formset = response.context["inline_admin_formsets"][0].formset
    return [*formset.non_form_errors(), *(e for form in formset.forms for e in form.errors)]


def test_a_role_on_the_person_s_page_is_refused_outside_the_organisation_s_networks(
    aw: AdminWorld,
) -> None:
    third = NetworkFactory(name="Tredje nätverket", slug="tredje")
    add_member(third, aw.world.social)
    role_grant(aw.world.coordinator, third, Code.COORDINATOR)
    # The police organisation is not a member of the third network.
    response = _inline_role(aw, aw.world.police, third, Code.MEMBER)

    assert response.status_code == 200
    assert _inline_errors(response)
    assert "inte medlem" in response.content.decode()
    assert not Role.objects.filter(user=aw.world.police, network=third).exists()


def test_the_role_page_shows_the_organisation_check_on_the_form(aw: AdminWorld) -> None:
    third = NetworkFactory(name="Tredje nätverket", slug="tredje")
    add_member(third, aw.world.social)
    role_grant(aw.world.coordinator, third, Code.COORDINATOR)

    response = _grant(aw, aw.world.police, third, Code.MEMBER)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Role.objects.filter(user=aw.world.police, network=third).exists()


def test_a_role_on_the_person_s_page_is_granted_through_the_same_checks(
    aw: AdminWorld,
) -> None:
    response = _inline_role(aw, aw.world.civil, aw.net, Code.CONTACT_PERSON)

    assert response.status_code == 302
    assert Role.objects.filter(
        user=aw.world.civil, network=aw.net, code=Code.CONTACT_PERSON
    ).exists()


@pytest.mark.parametrize("code", [Code.COORDINATOR, Code.SECURITY_CHIEF])
def test_the_person_s_page_grants_no_oversight_role(aw: AdminWorld, code: str) -> None:
    response = _inline_role(aw, aw.world.civil, aw.net, code)

    assert response.status_code == 200
    assert _inline_errors(response)
    assert not Role.objects.filter(user=aw.world.civil, code=code).exists()


def test_the_person_s_page_grants_no_role_in_another_network(aw: AdminWorld) -> None:
    add_member(aw.other_net, aw.world.association)

    response = _inline_role(aw, aw.world.civil, aw.other_net, Code.MEMBER)

    assert response.status_code == 200
    assert _inline_errors(response)
    assert not Role.objects.filter(user=aw.world.civil, network=aw.other_net).exists()


def test_the_coordinator_cannot_revoke_its_own_coordinator_role_on_its_page(
    aw: AdminWorld,
) -> None:
    me = aw.world.coordinator
    client = aw.client("coordinator")
    data = form_data(client.get(change_url(me)))
    assert data["roles-INITIAL_FORMS"] == 1
    data["roles-0-DELETE"] = "on"

    response = client.post(change_url(me), data)

    assert response.status_code == 200
    assert _inline_errors(response)
    assert Role.objects.filter(user=me, code=Code.COORDINATOR).exists()


def test_the_person_s_page_shows_only_roles_in_the_coordinator_s_networks(
    aw: AdminWorld,
) -> None:
    add_member(aw.other_net, aw.world.association)
    role_grant(aw.world.civil, aw.other_net, Code.MEMBER)

    response = aw.client("coordinator").get(change_url(aw.world.civil))

    roles = list(response.context["inline_admin_formsets"][0].formset.queryset)
    assert [r.network for r in roles] == [aw.net]
    # A person who holds a role where the coordinator does not coordinate is not its to change.
    assert 'name="email"' not in response.content.decode()


# Networks and organisations


def test_the_coordinator_closes_more_of_a_reporting_period_but_never_reopens_it(
    aw: AdminWorld,
) -> None:
    net = aw.net
    net.reporting_closed_until = date(2026, 3, 31)
    net.save()
    client = aw.client("coordinator")
    data = form_data(client.get(change_url(net)))

    reopened = client.post(change_url(net), {**data, "reporting_closed_until": "2025-12-31"})
    cleared = client.post(change_url(net), {**data, "reporting_closed_until": ""})
    net.refresh_from_db()
    assert net.reporting_closed_until == date(2026, 3, 31)
    assert reopened.status_code == cleared.status_code == 200
    closed_more = client.post(change_url(net), {**data, "reporting_closed_until": "2026-06-30"})

    assert closed_more.status_code == 302
    net.refresh_from_db()
    assert net.reporting_closed_until == date(2026, 6, 30)


def test_the_superuser_reopens_a_reporting_period(aw: AdminWorld) -> None:
    net = aw.net
    net.reporting_closed_until = date(2026, 3, 31)
    net.save()
    client = aw.client("superuser")
    data = form_data(client.get(change_url(net)))

    response = client.post(change_url(net), {**data, "reporting_closed_until": ""})

    assert response.status_code == 302
    net.refresh_from_db()
    assert net.reporting_closed_until is None


def test_only_a_superuser_creates_or_deletes_a_network(aw: AdminWorld) -> None:
    client = aw.client("coordinator")

    assert client.get("/admin/network/network/add/").status_code == 403
    assert (
        client.post(f"/admin/network/network/{aw.net.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Network.objects.filter(pk=aw.net.pk).exists()


def test_a_new_organisation_joins_a_network_the_coordinator_coordinates(aw: AdminWorld) -> None:
    client = aw.client("coordinator")

    elsewhere = client.post(
        "/admin/network/organisation/add/",
        {"name": "Fritidsgården", "kind": "association", "network": str(aw.other_net.pk)},
    )
    nowhere = client.post(
        "/admin/network/organisation/add/", {"name": "Fritidsgården", "kind": "association"}
    )
    assert elsewhere.status_code == nowhere.status_code == 200
    assert not Organisation.objects.filter(name="Fritidsgården").exists()
    response = client.post(
        "/admin/network/organisation/add/",
        {"name": "Fritidsgården", "kind": "association", "network": str(aw.net.pk)},
    )

    assert response.status_code == 302
    created = Organisation.objects.get(name="Fritidsgården")
    assert list(created.networks.all()) == [aw.net]
    assert client.get(change_url(created)).status_code == 200


def test_the_coordinator_cannot_change_an_organisation_shared_with_a_network_it_does_not_coordinate(
    aw: AdminWorld,
) -> None:
    shared = aw.world.association
    add_member(aw.other_net, shared)
    client = aw.client("coordinator")

    response = client.post(change_url(shared), {"name": shared.name, "kind": "police"})

    assert response.status_code == 403
    shared.refresh_from_db()
    assert not shared.is_authority


def test_the_coordinator_cannot_add_an_organisation_to_another_network(aw: AdminWorld) -> None:
    response = aw.client("coordinator").post(
        "/admin/network/networkmembership/add/",
        {"network": str(aw.other_net.pk), "organisation": str(aw.world.social.pk)},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["network"]
    assert not aw.world.social.networks.filter(pk=aw.other_net.pk).exists()


# Granting one activity to one person (django-guardian's pages)


def test_only_the_coordinator_of_the_activity_s_network_grants_it_one_by_one(
    aw: AdminWorld,
) -> None:
    url = f"/admin/network/activity/{aw.activity.pk}/permissions/"
    other_url = f"/admin/network/activity/{aw.other_activity.pk}/permissions/"

    assert aw.client("coordinator").get(url).status_code == 200
    assert aw.client("coordinator").get(other_url).status_code == 404
    assert aw.client("security_chief").get(url).status_code in (302, 403)
    assert aw.client("other_coordinator").get(url).status_code == 404
