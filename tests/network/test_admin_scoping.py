"""Every persona against every admin list and change page: exact answers, and never a row of a
network the person does not oversee."""

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from network.audit.chain import audit_record
from network.models import ActivityTagging, NetworkMembership, Role, StrategicDirection
from tests.conftest import World
from tests.factories import ActivityFactory, UpdateFactory, person
from tests.network.test_admin import (
    AdminWorld,
    add_member,
    change_url,
    changelist_rows,
    make_admin_world,
)

Code = Role.Code
NOT_STAFF = ("contact_person", "civil", "report_reader", "outsider", "other_member")
STAFF = ("coordinator", "security_chief", "other_coordinator", "staff_member", "superuser")

SEEN_BY_OVERSEERS = {
    "coordinator": 200,
    "security_chief": 200,
    "other_coordinator": 200,
    "staff_member": 403,
    "superuser": 200,
}
SEEN_BY_SECURITY = {
    "coordinator": 403,
    "security_chief": 200,
    "other_coordinator": 403,
    "staff_member": 403,
    "superuser": 200,
}
CHANGELISTS = {
    "network/network": SEEN_BY_OVERSEERS,
    "network/organisation": SEEN_BY_OVERSEERS,
    "network/user": SEEN_BY_OVERSEERS,
    "network/activity": SEEN_BY_OVERSEERS,
    "network/update": SEEN_BY_OVERSEERS,
    "network/strategicdirection": SEEN_BY_OVERSEERS,
    "network/role": SEEN_BY_OVERSEERS,
    "network/networkmembership": SEEN_BY_OVERSEERS,
    "network/activitytagging": SEEN_BY_OVERSEERS,
    "network/auditevent": SEEN_BY_SECURITY,
    "axes/accessattempt": SEEN_BY_OVERSEERS,
    "axes/accesslog": SEEN_BY_OVERSEERS,
    "axes/accessfailurelog": SEEN_BY_OVERSEERS,
}


@pytest.fixture
def aw(world: World) -> AdminWorld:
    return make_admin_world(world)


@pytest.mark.parametrize("path", sorted(CHANGELISTS))
def test_each_staff_persona_gets_the_exact_answer_on_each_changelist(
    aw: AdminWorld, path: str
) -> None:
    answers = {name: aw.client(name).get(f"/admin/{path}/").status_code for name in STAFF}

    assert answers == CHANGELISTS[path]


@pytest.mark.parametrize("name", NOT_STAFF)
def test_a_person_who_is_not_staff_is_sent_to_the_admin_sign_in(aw: AdminWorld, name: str) -> None:
    client = aw.client(name)

    for path in ["", *(f"{p}/" for p in sorted(CHANGELISTS))]:
        response = client.get(f"/admin/{path}")

        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/login/"), path


def test_a_staff_member_who_oversees_no_network_finds_an_empty_admin(aw: AdminWorld) -> None:
    response = aw.client("staff_member").get("/admin/")

    assert response.status_code == 200
    assert response.context["app_list"] == []


def test_the_coordinator_finds_the_lockouts_but_not_the_audit_log_on_the_index(
    aw: AdminWorld,
) -> None:
    response = aw.client("coordinator").get("/admin/")

    models = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert "AccessAttempt" in models
    assert "AuditEvent" not in models
    assert "User" in models


# Which rows each list holds


def _expected_rows(aw: AdminWorld) -> dict[str, dict[str, set[Any]]]:
    w = aw.world
    net_people = {
        w.coordinator,
        w.security_chief,
        w.contact_person,
        w.police,
        w.civil,
        w.report_reader,
    }
    other_people = {w.other_member, aw.other_coordinator}
    net_orgs = {w.social, w.city_office, w.school, w.police_org, w.association}
    net_roles = set(Role.objects.filter(network=w.net))
    other_roles = set(Role.objects.filter(network=w.other_net))
    net_members = set(NetworkMembership.objects.filter(network=w.net))
    other_members = set(NetworkMembership.objects.filter(network=w.other_net))
    mine = {
        "network/network": {w.net},
        "network/organisation": net_orgs,
        "network/user": net_people,
        "network/activity": {aw.activity},
        "network/update": {aw.update},
        "network/role": net_roles,
        "network/networkmembership": net_members,
        "network/activitytagging": {aw.tagging},
    }
    theirs = {
        "network/network": {w.other_net},
        "network/organisation": {w.other_org},
        "network/user": other_people,
        "network/activity": {aw.other_activity},
        "network/update": {aw.other_update},
        "network/role": other_roles,
        "network/networkmembership": other_members,
        "network/activitytagging": {aw.other_tagging},
    }
    return {"coordinator": mine, "security_chief": mine, "other_coordinator": theirs}


NETWORK_LISTS = [
    "network/network",
    "network/organisation",
    "network/user",
    "network/activity",
    "network/update",
    "network/role",
    "network/networkmembership",
    "network/activitytagging",
]


@pytest.mark.parametrize("path", NETWORK_LISTS)
@pytest.mark.parametrize("name", ["coordinator", "security_chief", "other_coordinator"])
def test_each_list_holds_the_rows_of_the_networks_the_person_oversees_and_no_others(
    aw: AdminWorld, name: str, path: str
) -> None:
    expected = _expected_rows(aw)
    others = {
        "coordinator": "other_coordinator",
        "security_chief": "other_coordinator",
        "other_coordinator": "coordinator",
    }

    response = aw.client(name).get(f"/admin/{path}/")

    assert set(changelist_rows(response)) == expected[name][path]
    html = response.content.decode()
    for row in expected[others[name]][path] - expected[name][path]:
        assert change_url(row) not in html
        assert f">{row}<" not in html


def test_the_superuser_lists_every_network_s_rows(aw: AdminWorld) -> None:
    response = aw.client("superuser").get("/admin/network/activity/")

    assert set(changelist_rows(response)) == {aw.activity, aw.other_activity}


def test_the_security_chief_reads_the_events_of_its_network_only(aw: AdminWorld) -> None:
    response = aw.client("security_chief").get("/admin/network/auditevent/")

    assert changelist_rows(response) == [aw.event]
    html = response.content.decode()
    assert change_url(aw.other_event) not in html
    assert change_url(aw.system_event) not in html


def test_the_superuser_reads_every_event_including_those_without_a_network(
    aw: AdminWorld,
) -> None:
    response = aw.client("superuser").get("/admin/network/auditevent/")

    assert set(changelist_rows(response)) == {aw.event, aw.other_event, aw.system_event}


def test_the_list_filters_name_no_organisation_of_another_network(aw: AdminWorld) -> None:
    for path in ("network/user", "network/activity", "network/update"):
        html = aw.client("coordinator").get(f"/admin/{path}/").content.decode()

        assert aw.world.other_org.name not in html
        assert aw.world.other_net.name not in html


def test_the_network_filter_names_no_other_network_of_a_shared_organisation(
    aw: AdminWorld,
) -> None:
    add_member(aw.other_net, aw.world.association)

    response = aw.client("coordinator").get("/admin/network/organisation/")

    assert aw.world.association in changelist_rows(response)
    assert aw.world.other_net.name not in response.content.decode()


# Change pages: one row in the person's network, one in the other


def _rows(aw: AdminWorld) -> dict[str, tuple[Any, Any]]:
    w = aw.world
    return {
        "network": (w.net, w.other_net),
        "organisation": (w.social, w.other_org),
        "user": (w.contact_person, w.other_member),
        "activity": (aw.activity, aw.other_activity),
        "update": (aw.update, aw.other_update),
        "activitytagging": (aw.tagging, aw.other_tagging),
        "role": (
            Role.objects.get(user=w.contact_person),
            Role.objects.get(user=w.other_member),
        ),
        "networkmembership": (
            NetworkMembership.objects.get(network=w.net, organisation=w.social),
            NetworkMembership.objects.get(network=w.other_net, organisation=w.other_org),
        ),
        "auditevent": (aw.event, aw.other_event),
    }


OWN_ROW = {"coordinator": 200, "security_chief": 200, "staff_member": 403, "superuser": 200}
FOREIGN_ROW = {"coordinator": 302, "security_chief": 302, "staff_member": 403, "superuser": 200}
CHANGE_PAGES = {
    model: (OWN_ROW, FOREIGN_ROW)
    for model in (
        "network",
        "organisation",
        "user",
        "activity",
        "update",
        "activitytagging",
        "role",
        "networkmembership",
    )
}
CHANGE_PAGES["auditevent"] = (
    {"coordinator": 403, "security_chief": 200, "staff_member": 403, "superuser": 200},
    {"coordinator": 403, "security_chief": 302, "staff_member": 403, "superuser": 200},
)


@pytest.mark.parametrize("model", sorted(CHANGE_PAGES))
def test_each_persona_gets_the_exact_answer_on_each_change_page(aw: AdminWorld, model: str) -> None:
    own, foreign = _rows(aw)[model]
    own_expected, foreign_expected = CHANGE_PAGES[model]
    answers = {}
    for name in own_expected:
        client = aw.client(name)
        answers[name] = (
            client.get(change_url(own)).status_code,
            client.get(change_url(foreign)).status_code,
        )

    assert answers == {name: (own_expected[name], foreign_expected[name]) for name in own_expected}


@pytest.mark.parametrize("name", NOT_STAFF)
def test_a_person_who_is_not_staff_opens_no_change_page(aw: AdminWorld, name: str) -> None:
    client = aw.client(name)

    for model, (own, _foreign) in _rows(aw).items():
        response = client.get(change_url(own))

        assert response.status_code == 302, model
        assert response["Location"].startswith("/admin/login/"), model


@pytest.mark.parametrize(
    "model",
    ["network", "organisation", "user", "activity", "update", "activitytagging", "role"],
)
def test_another_network_s_row_does_not_exist_for_the_coordinator(
    aw: AdminWorld, model: str
) -> None:
    _own, foreign = _rows(aw)[model]
    client = aw.client("coordinator")

    for suffix in ("change/", "history/", "delete/"):
        url = change_url(foreign).removesuffix("change/") + suffix
        response = client.get(url, follow=True)

        html = response.content.decode()
        if suffix == "delete/" and model in ("network", "activitytagging"):
            # Nobody but a superuser deletes these at all: refused before any lookup.
            assert response.status_code == 403
        else:
            assert response.redirect_chain == [("/admin/", 302)]
            assert "finns inte" in html
        assert f">{foreign}<" not in html


def test_the_other_network_s_coordinator_sees_only_its_own_network_s_rows(
    aw: AdminWorld,
) -> None:
    client = aw.client("other_coordinator")

    assert client.get(change_url(aw.other_activity)).status_code == 200
    assert client.get(change_url(aw.activity)).status_code == 302
    assert client.get(change_url(aw.world.coordinator)).status_code == 302


def test_everyone_who_uses_the_admin_reads_the_strategic_directions_and_only_a_superuser_renames_them(
    aw: AdminWorld,
) -> None:
    direction = StrategicDirection.objects.get(code="prevention")

    coordinator = aw.client("coordinator").get(change_url(direction))
    superuser = aw.client("superuser").get(change_url(direction))

    assert coordinator.status_code == 200
    assert 'name="name_sv"' not in coordinator.content.decode()
    assert 'name="name_sv"' in superuser.content.decode()
    assert aw.client("staff_member").get(change_url(direction)).status_code == 403


# Choices offered on forms


def test_the_role_form_offers_only_the_coordinator_s_people_networks_and_roles(
    aw: AdminWorld,
) -> None:
    form = aw.client("coordinator").get("/admin/network/role/add/").context["adminform"].form

    assert list(form.fields["network"].queryset) == [aw.net]
    assert {c for c, _label in form.fields["code"].choices if c} == {
        Code.MEMBER,
        Code.CONTACT_PERSON,
        Code.REPORT_READER,
    }


def test_the_autocomplete_offers_only_people_of_the_coordinator_s_networks(
    aw: AdminWorld,
) -> None:
    response = aw.client("coordinator").get(
        "/admin/autocomplete/",
        {"app_label": "network", "model_name": "role", "field_name": "user", "term": ""},
    )

    offered = {int(row["id"]) for row in response.json()["results"]}
    w = aw.world
    assert offered == {
        u.pk
        for u in (
            w.coordinator,
            w.security_chief,
            w.contact_person,
            w.police,
            w.civil,
            w.report_reader,
        )
    }


def test_the_organisation_autocomplete_offers_only_members_of_the_coordinator_s_networks(
    aw: AdminWorld,
) -> None:
    response = aw.client("coordinator").get(
        "/admin/autocomplete/",
        {
            "app_label": "network",
            "model_name": "networkmembership",
            "field_name": "organisation",
            "term": "",
        },
    )

    names = {row["text"] for row in response.json()["results"]}
    assert aw.world.other_org.name not in names
    assert aw.world.outsider_org.name not in names
    assert aw.world.social.name in names


# Query counts: the same at two sizes


def _grow(aw: AdminWorld, count: int) -> None:
    w = aw.world
    for index in range(count):
        ActivityFactory(network=w.net, organisation=w.school)
        UpdateFactory(network=w.net, organisation=w.school)
        member = person(f"medlem{index}", w.school, w.net, Code.MEMBER)
        activity = ActivityFactory(network=w.net, organisation=w.school)
        ActivityTagging.objects.create(
            activity=activity, directions=["prevention"], tagged_by=member, tagged_at=timezone.now()
        )
        AccessAttempt.objects.create(
            username=member.username,
            ip_address="10.0.0.9",
            user_agent="test",
            get_data="",
            post_data="",
            http_accept="*/*",
            path_info="/login/",
            failures_since_start=1,
        )
        audit_record(actor=member, action="activity.read", network=w.net)


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/network/activity/",
        "/admin/network/update/",
        "/admin/network/user/",
        "/admin/network/role/",
        "/admin/network/organisation/",
        "/admin/network/activitytagging/",
        "/admin/network/auditevent/",
        "/admin/axes/accessattempt/",
    ],
)
def test_a_changelist_costs_the_same_queries_at_two_sizes(
    aw: AdminWorld, path: str, django_assert_max_num_queries: Any
) -> None:
    client = aw.client("superuser" if "auditevent" in path else "coordinator")
    client.get(path)  # the session and the content types are loaded once
    small = _count(client, path)
    _grow(aw, 15)
    large = _count(client, path)

    assert large == small
    with django_assert_max_num_queries(20):
        client.get(path)
