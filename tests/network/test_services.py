from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from network.activities import services as activity_services
from network.core import services as core_services
from network.errors import NotFound
from network.models import Activity, AuditEvent, Update, Visibility
from tests.factories import ActivityFactory

NET = Visibility.NETWORK


def _create(world, author, **fields) -> Activity:
    values = {"title": "Nattvandring", "starts_on": date(2026, 5, 1), "visibility": NET} | fields
    return activity_services.activity_create(author=author, network=world.net, **values)


def test_a_member_logs_an_activity_for_their_own_organisation(world):
    activity = _create(world, world.police, suggested_directions=["prevention", "competence"])

    assert activity.organisation == world.police_org
    assert activity.created_by == world.police
    assert sorted(activity.suggested_directions.values_list("code", flat=True)) == [
        "competence",
        "prevention",
    ]
    assert not activity.directions.exists()


def test_the_coordinator_logs_an_activity_for_a_partner(world):
    activity = _create(
        world, world.coordinator, organisation=world.association, partners=[world.police_org]
    )

    assert activity.organisation == world.association
    assert list(activity.partners.all()) == [world.police_org]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_on": date(2026, 4, 30)}, "ends_on"),
        ({"suggested_directions": ["prevention", "unknown"]}, "suggested_directions"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": "nattvandring\x00"}, "description"),
        ({"status": "finished"}, "status"),
        ({"visibility": "everyone"}, "visibility"),
        ({"participants_count": -1}, "participants_count"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_is_saved(world, fields, field):
    with pytest.raises(ValidationError) as refused:
        _create(world, world.police, **fields)

    assert field in refused.value.message_dict
    assert not Activity.objects.exists()


def test_a_member_cannot_log_for_another_organisation(world):
    with pytest.raises(ValidationError) as refused:
        _create(world, world.civil, organisation=world.police_org)

    assert "organisation" in refused.value.message_dict


def test_partners_must_be_members_of_the_network(world):
    with pytest.raises(ValidationError) as refused:
        _create(world, world.police, partners=[world.other_org])

    assert "partners" in refused.value.message_dict


@pytest.mark.parametrize("persona", ["report_reader", "outsider", "other_member"])
def test_people_without_an_author_role_cannot_log_activities(world, persona):
    with pytest.raises(PermissionDenied):
        _create(world, world.persona(persona))
    assert not Activity.objects.exists()


def test_an_identity_number_is_refused_at_network_visibility(world):
    with pytest.raises(ValidationError) as refused:
        _create(world, world.police, description="Gäller 811218-9876")

    assert list(refused.value.message_dict) == ["description"]
    assert not Activity.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_identity_number_is_allowed_with_a_reason_that_is_logged(world):
    activity = _create(
        world, world.police, outcome="811218-9876", personal_data_reason="Samtycke finns"
    )

    event = AuditEvent.objects.get()
    assert activity.pk
    assert event.action == "personal_data.published"
    assert event.actor == world.police
    assert event.detail == {"kind": "activity", "fields": ["outcome"], "reason": "Samtycke finns"}
    assert "811218" not in str(event.detail)


def test_an_identity_number_is_not_refused_in_text_kept_within_authorities(world):
    activity = _create(
        world, world.police, description="811218-9876", visibility=Visibility.AUTHORITIES
    )

    assert activity.pk


def test_widening_visibility_on_update_checks_the_text_again(world):
    activity = _create(
        world, world.police, description="811218-9876", visibility=Visibility.AUTHORITIES
    )

    with pytest.raises(ValidationError):
        activity_services.activity_update(activity=activity, actor=world.police, visibility=NET)
    activity.refresh_from_db()
    assert activity.visibility == Visibility.AUTHORITIES


def test_an_update_that_fails_changes_nothing(world):
    activity = _create(world, world.police, partners=[world.school])

    with pytest.raises(ValidationError):
        activity_services.activity_update(
            activity=activity, actor=world.police, title="Ny", partners=[world.other_org]
        )
    activity.refresh_from_db()
    assert activity.title == "Nattvandring"
    assert list(activity.partners.all()) == [world.school]


def test_fields_outside_the_activity_cannot_be_changed(world):
    activity = _create(world, world.police)

    with pytest.raises(ValidationError) as refused:
        activity_services.activity_update(
            activity=activity, actor=world.police, created_by=world.civil
        )
    assert "created_by" in refused.value.message_dict


def test_tagging_keeps_the_history(world):
    activity = _create(world, world.police, suggested_directions=["prevention"])

    activity_services.activity_tag(
        activity=activity, actor=world.coordinator, directions=["prevention"]
    )
    activity_services.activity_tag(
        activity=activity, actor=world.coordinator, directions=["coordination", "evaluation"]
    )

    activity.refresh_from_db()
    assert sorted(activity.directions.values_list("code", flat=True)) == [
        "coordination",
        "evaluation",
    ]
    assert activity.tagged_by == world.coordinator
    assert activity.tagged_at is not None
    history = list(activity.taggings.values_list("directions", flat=True))
    assert history == [["coordination", "evaluation"], ["prevention"]]


def test_tagging_with_an_unknown_code_changes_nothing(world):
    activity = _create(world, world.police)

    with pytest.raises(ValidationError):
        activity_services.activity_tag(
            activity=activity, actor=world.coordinator, directions=["nope"]
        )
    activity.refresh_from_db()
    assert activity.tagged_at is None
    assert not activity.taggings.exists()


def test_an_activity_in_a_closed_reporting_period_is_locked(world):
    activity = ActivityFactory(
        network=world.net, organisation=world.police_org, starts_on=date(2025, 12, 1)
    )
    world.net.reporting_closed_until = date(2025, 12, 31)
    world.net.save()
    activity.refresh_from_db()

    assert activity.is_locked
    with pytest.raises(PermissionDenied):
        activity_services.activity_update(activity=activity, actor=world.police, title="Sent")
    with pytest.raises(PermissionDenied):
        activity_services.activity_tag(
            activity=activity, actor=world.coordinator, directions=["prevention"]
        )


def test_a_member_posts_an_update_on_an_activity(world):
    activity = _create(world, world.police)

    update = activity_services.update_post(
        author=world.civil,
        network=world.net,
        activity=activity,
        body="Vi hjälper till",
        visibility=NET,
    )

    assert update.organisation == world.association
    assert update.activity == activity


def test_an_update_on_another_networks_activity_is_not_found(world):
    foreign = ActivityFactory(network=world.other_net, organisation=world.other_org)

    with pytest.raises(NotFound):
        activity_services.update_post(
            author=world.police, network=world.net, activity=foreign, body="Hej"
        )
    assert not Update.objects.exists()


def test_an_update_posted_in_one_network_about_another_networks_activity_is_refused(world):
    foreign = ActivityFactory(network=world.other_net, organisation=world.other_org)
    world.coordinator.is_superuser = True
    world.coordinator.save()

    with pytest.raises(ValidationError) as refused:
        activity_services.update_post(
            author=world.coordinator, network=world.net, activity=foreign, body="Hej"
        )
    assert "activity" in refused.value.message_dict
    assert not Update.objects.exists()


@pytest.mark.parametrize("body", ["", "x" * 5001, "nul\x00"])
def test_a_bad_update_is_refused(world, body):
    with pytest.raises(ValidationError) as refused:
        activity_services.update_post(author=world.police, network=world.net, body=body)
    assert "body" in refused.value.message_dict
    assert not Update.objects.exists()


def test_roles_are_only_given_to_people_of_member_organisations(world):
    with pytest.raises(ValidationError):
        core_services.role_grant(user=world.outsider, network=world.net, code="member")
    assert core_services.role_grant(user=world.other_member, network=world.other_net, code="member")


def test_nothing_new_may_start_in_a_closed_reporting_period(world):
    world.net.reporting_closed_until = date(2025, 12, 31)
    world.net.save()

    with pytest.raises(ValidationError) as refused:
        _create(world, world.police, starts_on=date(2025, 12, 31))
    assert "starts_on" in refused.value.message_dict
    assert _create(world, world.police, starts_on=date(2026, 1, 1)).pk


def test_an_open_activity_cannot_be_moved_into_a_closed_reporting_period(world):
    activity = _create(world, world.police, starts_on=date(2026, 2, 1))
    world.net.reporting_closed_until = date(2025, 12, 31)
    world.net.save()
    activity.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        activity_services.activity_update(
            activity=activity, actor=world.police, starts_on=date(2025, 6, 1)
        )
    assert "starts_on" in refused.value.message_dict
    activity.refresh_from_db()
    assert activity.starts_on == date(2026, 2, 1)
