"""The admin in Swedish for the demo's coordinator, and what the other admin tests share.

``admin_world`` gives the personas of ``tests/conftest.py`` the admin access the demo gives its
people (``network/demo.py``), adds a coordinator of the other network, a staff member who
oversees nothing, a superuser, and rows of every kind in both networks.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.forms import MultiWidget
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from network.audit.chain import audit_record
from network.core import services as core_services
from network.models import (
    Activity,
    ActivityTagging,
    AuditEvent,
    Network,
    NetworkMembership,
    Role,
    Update,
    User,
    Visibility,
)
from tests.conftest import World
from tests.factories import ActivityFactory, person

Code = Role.Code
NETWORK_PERMISSIONS = Permission.objects.filter(content_type__app_label="network")


def make_coordinator_staff(user: User) -> User:
    """Staff with every ``network`` model permission but the audit log's, as in the demo."""
    user.is_staff = True
    user.save()
    user.user_permissions.set(NETWORK_PERMISSIONS.exclude(content_type__model="auditevent"))
    return user


def make_security_staff(user: User) -> User:
    """Staff with the ``view_`` permissions, as the demo's security chief."""
    user.is_staff = True
    user.save()
    user.user_permissions.set(NETWORK_PERMISSIONS.filter(codename__startswith="view_"))
    return user


@dataclass
class AdminWorld:
    world: World
    other_coordinator: User
    staff_member: User
    superuser: User
    activity: Activity
    other_activity: Activity
    update: Update
    other_update: Update
    tagging: ActivityTagging
    other_tagging: ActivityTagging
    event: AuditEvent
    other_event: AuditEvent
    system_event: AuditEvent

    @property
    def net(self) -> Network:
        return self.world.net

    @property
    def other_net(self) -> Network:
        return self.world.other_net

    def persona(self, name: str) -> User:
        if hasattr(self, name) and isinstance(getattr(self, name), User):
            return getattr(self, name)
        return self.world.persona(name)

    def client(self, name: str) -> Client:
        client = Client()
        client.force_login(self.persona(name))
        return client


def make_admin_world(world: World) -> AdminWorld:
    make_coordinator_staff(world.coordinator)
    make_security_staff(world.security_chief)
    other_coordinator = make_coordinator_staff(
        person("grannsamordnare", world.other_org, world.other_net, Code.COORDINATOR)
    )
    # Staff with every model permission, but coordinator or security chief nowhere: the rules,
    # not the permissions, keep the admin closed to them.
    staff_member = world.police
    staff_member.is_staff = True
    staff_member.save()
    staff_member.user_permissions.set(NETWORK_PERMISSIONS)
    superuser = User.objects.create_superuser("admin", "admin@example.org", "pw-for-tests")

    activity = ActivityFactory(
        network=world.net,
        organisation=world.social,
        title="Nattvandring på Söder",
        visibility=Visibility.ORGANISATION,
    )
    other_activity = ActivityFactory(
        network=world.other_net,
        organisation=world.other_org,
        title="Grannens interna insats",
        visibility=Visibility.ORGANISATION,
    )
    update = Update.objects.create(
        network=world.net,
        organisation=world.social,
        body="Lugnt på Söder i kväll.",
        visibility=Visibility.ORGANISATION,
    )
    other_update = Update.objects.create(
        network=world.other_net,
        organisation=world.other_org,
        body="Grannens interna lägesbild.",
        visibility=Visibility.ORGANISATION,
    )
    now = timezone.now()
    tagging = ActivityTagging.objects.create(
        activity=activity, directions=["prevention"], tagged_by=world.coordinator, tagged_at=now
    )
    other_tagging = ActivityTagging.objects.create(
        activity=other_activity, directions=["evaluation"], tagged_at=now
    )
    event = audit_record(actor=world.coordinator, action="activity.read", network=world.net)
    other_event = audit_record(
        actor=other_coordinator, action="activity.read", network=world.other_net
    )
    system_event = audit_record(actor=None, action="retention.disposed")
    return AdminWorld(
        world=world,
        other_coordinator=other_coordinator,
        staff_member=staff_member,
        superuser=superuser,
        activity=activity,
        other_activity=other_activity,
        update=update,
        other_update=other_update,
        tagging=tagging,
        other_tagging=other_tagging,
        event=event,
        other_event=other_event,
        system_event=system_event,
    )


def change_url(obj: Any) -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def changelist_rows(response: HttpResponse) -> list[Any]:
    return list(response.context["cl"].result_list)  # type: ignore[attr-defined]


def form_data(response: HttpResponse) -> dict[str, Any]:
    """What a browser would send back from an admin change page, unchanged."""
    context = response.context  # type: ignore[attr-defined]
    forms = [context["adminform"].form]
    data: dict[str, Any] = {}
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            key, value = form.add_prefix(name), form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(field.widget, MultiWidget):
                for index, part in enumerate(field.widget.decompress(value)):
                    data[f"{key}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            else:
                data[key] = str(value)
    return data


def locked(network: Network, until: date = date(2026, 6, 30)) -> None:
    network.reporting_closed_until = until
    network.save()


def role_grant(user: User, network: Network, code: str) -> Role:
    return core_services.role_grant(user=user, network=network, code=code)


def add_member(network: Network, organisation: Any) -> None:
    NetworkMembership.objects.get_or_create(network=network, organisation=organisation)


# The demo's coordinator


@pytest.fixture
def coordinator_client(client: Client, db: None) -> Client:
    call_command("seed_demo", "--password", "pw", "--activities", "20")
    client.force_login(User.objects.get(username="samordnare"))
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
        "/admin/axes/accessattempt/",
    ],
)
def test_the_coordinator_uses_the_admin_in_swedish(coordinator_client: Client, path: str) -> None:
    response = coordinator_client.get(path)

    assert response.status_code == 200
    assert 'lang="sv"' in response.content.decode()


def test_the_coordinator_opens_an_activity_in_the_admin(coordinator_client: Client) -> None:
    activity = Activity.objects.first()
    assert activity is not None

    response = coordinator_client.get(f"/admin/network/activity/{activity.pk}/change/")

    assert response.status_code == 200
    assert activity.title in response.content.decode()


def test_the_coordinator_tags_activities_with_an_admin_action(coordinator_client: Client) -> None:
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


def test_the_coordinator_does_not_see_the_audit_log(coordinator_client: Client) -> None:
    assert coordinator_client.get("/admin/network/auditevent/").status_code == 403


def test_the_demo_security_chief_reads_the_audit_log(client: Client, db: None) -> None:
    call_command("seed_demo", "--password", "pw", "--activities", "0")
    client.force_login(User.objects.get(username="sakerhetschef"))

    assert client.get("/admin/network/auditevent/").status_code == 200


def test_a_member_has_no_admin(client: Client, db: None) -> None:
    call_command("seed_demo", "--password", "pw", "--activities", "0")
    client.force_login(User.objects.get(username="polis"))

    assert client.get("/admin/").status_code == 302
