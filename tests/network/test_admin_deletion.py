"""Deleting in the admin: never in a closed reporting period, always in the audit log, and the
audit log itself never."""

from datetime import date

import pytest

from network.models import Activity, AuditEvent, Update
from tests.conftest import World
from tests.factories import ActivityFactory
from tests.network.test_admin import AdminWorld, change_url, locked, make_admin_world


@pytest.fixture
def aw(world: World) -> AdminWorld:
    return make_admin_world(world)


def _delete_url(obj: object) -> str:
    return change_url(obj).removesuffix("change/") + "delete/"


def _bulk_delete(aw: AdminWorld, path: str, pks: list[int], as_: str = "coordinator"):  # noqa: ANN202
    return aw.client(as_).post(
        f"/admin/network/{path}/",
        {"action": "delete_selected", "_selected_action": [str(pk) for pk in pks], "post": "yes"},
    )


# Activities


def test_the_coordinator_deletes_an_activity_and_the_deletion_is_audited(aw: AdminWorld) -> None:
    activity = aw.activity

    response = aw.client("coordinator").post(_delete_url(activity), {"post": "yes"})

    assert response.status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    event = AuditEvent.objects.get(action="activity.deleted")
    assert (event.object_id, event.network, event.actor) == (
        activity.pk,
        aw.net,
        aw.world.coordinator,
    )
    assert event.remote_addr == "127.0.0.1"


def test_an_activity_in_a_closed_reporting_period_is_not_deleted_in_the_admin(
    aw: AdminWorld,
) -> None:
    locked(aw.net, date(2026, 6, 30))  # the activity starts on 2026-03-01
    client = aw.client("coordinator")

    assert client.get(_delete_url(aw.activity)).status_code == 403
    assert client.post(_delete_url(aw.activity), {"post": "yes"}).status_code == 403
    assert Activity.objects.filter(pk=aw.activity.pk).exists()
    assert not AuditEvent.objects.filter(action="activity.deleted").exists()


def test_a_bulk_deletion_that_holds_a_locked_activity_deletes_nothing(aw: AdminWorld) -> None:
    open_one = ActivityFactory(
        network=aw.net, organisation=aw.world.social, starts_on=date(2026, 9, 1)
    )
    locked(aw.net, date(2026, 6, 30))

    response = _bulk_delete(aw, "activity", [open_one.pk, aw.activity.pk])

    assert response.status_code == 403
    assert Activity.objects.filter(pk__in=[open_one.pk, aw.activity.pk]).count() == 2
    assert not AuditEvent.objects.filter(action="activity.deleted").exists()


def test_a_bulk_deletion_audits_every_activity(aw: AdminWorld) -> None:
    second = ActivityFactory(network=aw.net, organisation=aw.world.school)

    response = _bulk_delete(aw, "activity", [aw.activity.pk, second.pk])

    assert response.status_code == 302
    assert not Activity.objects.filter(pk__in=[aw.activity.pk, second.pk]).exists()
    audited = set(
        AuditEvent.objects.filter(action="activity.deleted").values_list("object_id", flat=True)
    )
    assert audited == {aw.activity.pk, second.pk}


def test_a_bulk_deletion_leaves_another_network_s_activity_alone(aw: AdminWorld) -> None:
    response = _bulk_delete(aw, "activity", [aw.other_activity.pk])

    assert response.status_code == 302
    assert Activity.objects.filter(pk=aw.other_activity.pk).exists()


def test_a_tagged_activity_is_deleted_with_its_tag_history(aw: AdminWorld) -> None:
    assert aw.activity.taggings.exists()

    response = aw.client("coordinator").post(_delete_url(aw.activity), {"post": "yes"})

    assert response.status_code == 302
    assert not Activity.objects.filter(pk=aw.activity.pk).exists()


@pytest.mark.parametrize("name", ["security_chief", "staff_member"])
def test_only_the_coordinator_deletes_activities(aw: AdminWorld, name: str) -> None:
    response = aw.client(name).post(_delete_url(aw.activity), {"post": "yes"})

    assert response.status_code == 403
    assert Activity.objects.filter(pk=aw.activity.pk).exists()


def test_the_locked_activity_page_offers_no_deletion(aw: AdminWorld) -> None:
    locked(aw.net, date(2026, 6, 30))

    html = aw.client("coordinator").get(change_url(aw.activity)).content.decode()

    assert _delete_url(aw.activity) not in html


# Updates


def test_an_update_deleted_in_the_admin_is_audited(aw: AdminWorld) -> None:
    update = aw.update

    response = aw.client("coordinator").post(_delete_url(update), {"post": "yes"})

    assert response.status_code == 302
    assert not Update.objects.filter(pk=update.pk).exists()
    event = AuditEvent.objects.get(action="update.deleted")
    assert (event.object_type, event.object_id, event.network) == ("update", update.pk, aw.net)
    assert event.actor == aw.world.coordinator


def test_updates_deleted_in_bulk_are_audited_one_by_one(aw: AdminWorld) -> None:
    second = Update.objects.create(
        network=aw.net, organisation=aw.world.school, body="Inställt.", visibility="network"
    )

    response = _bulk_delete(aw, "update", [aw.update.pk, second.pk, aw.other_update.pk])

    assert response.status_code == 302
    audited = set(
        AuditEvent.objects.filter(action="update.deleted").values_list("object_id", flat=True)
    )
    assert audited == {aw.update.pk, second.pk}
    assert Update.objects.filter(pk=aw.other_update.pk).exists()


def test_the_security_chief_deletes_no_update(aw: AdminWorld) -> None:
    response = aw.client("security_chief").post(_delete_url(aw.update), {"post": "yes"})

    assert response.status_code == 403
    assert Update.objects.filter(pk=aw.update.pk).exists()


# The audit log


@pytest.mark.parametrize("name", ["superuser", "security_chief"])
def test_nobody_adds_changes_or_deletes_an_audit_event(aw: AdminWorld, name: str) -> None:
    client = aw.client(name)
    event = aw.event
    before = AuditEvent.objects.count()

    assert client.get("/admin/network/auditevent/add/").status_code == 403
    assert client.post(change_url(event), {"action": "nothing"}).status_code == 403
    assert client.post(_delete_url(event), {"post": "yes"}).status_code == 403
    # No "delete selected" is offered: the list is shown again, unchanged.
    assert _bulk_delete(aw, "auditevent", [event.pk], as_=name).status_code == 200
    assert AuditEvent.objects.count() == before
    event.refresh_from_db()
    assert event.action == "activity.read"


def test_the_coordinator_does_not_read_the_audit_log_even_with_the_model_permission(
    aw: AdminWorld,
) -> None:
    from django.contrib.auth.models import Permission

    aw.world.coordinator.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    client = aw.client("coordinator")

    assert client.get("/admin/network/auditevent/").status_code == 403
    assert client.get(change_url(aw.event)).status_code == 403


def test_the_security_chief_does_not_open_another_network_s_or_a_system_event(
    aw: AdminWorld,
) -> None:
    client = aw.client("security_chief")

    assert client.get(change_url(aw.event)).status_code == 200
    for event in (aw.other_event, aw.system_event):
        response = client.get(change_url(event), follow=True)
        assert response.redirect_chain == [("/admin/", 302)]
