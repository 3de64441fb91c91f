"""Writes. Every change to the domain goes through one of these functions, whoever calls it."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.access import (
    AUTHOR_ROLES,
    can_change_activity,
    can_create_in,
    can_tag,
    forget_viewer,
    may_author_for,
    viewer_for,
)
from network.audit import audit_record
from network.models import (
    Activity,
    ActivityTagging,
    Network,
    NetworkMembership,
    Organisation,
    Role,
    StrategicDirection,
    Update,
    User,
    Visibility,
)
from network.personal_data import contains_identity_number

ACTIVITY_TEXT_FIELDS = ("title", "description", "place", "target_groups", "outcome")
# What an author may set on an activity, in the order forms and the API show it.
ACTIVITY_EDITABLE_FIELDS = (
    "title",
    "description",
    "organisation",
    "partners",
    "status",
    "starts_on",
    "ends_on",
    "place",
    "target_groups",
    "participants_count",
    "outcome",
    "visibility",
    "suggested_directions",
)


# Organisations, people and roles


@transaction.atomic
def organisation_create(*, name: str, kind: str) -> Organisation:
    group, _created = Group.objects.get_or_create(name=f"organisation:{name}"[:150])
    organisation = Organisation(name=name, kind=kind, group=group)
    organisation.full_clean(exclude=["group", "is_authority"])
    organisation.save()
    return organisation


@transaction.atomic
def network_add_organisation(*, network: Network, organisation: Organisation) -> None:
    NetworkMembership.objects.get_or_create(network=network, organisation=organisation)


@transaction.atomic
def user_set_organisation(*, user: User, organisation: Organisation | None) -> User:
    """Move a person to an organisation, and into the group that carries its grants."""
    previous = user.organisation
    if previous is not None:
        user.groups.remove(previous.group_id)
    user.organisation = organisation
    user.save(update_fields=["organisation"])
    if organisation is not None:
        user.groups.add(organisation.group_id)
    forget_viewer(user)
    return user


@transaction.atomic
def role_grant(*, user: User, network: Network, code: str) -> Role:
    if code not in Role.Code.values:
        raise ValidationError({"code": _("Unknown role.")})
    if code != Role.Code.REPORT_READER and not (
        user.organisation_id
        and NetworkMembership.objects.filter(
            network=network, organisation_id=user.organisation_id
        ).exists()
    ):
        raise ValidationError(
            {"network": _("The person's organisation is not a member of this network.")}
        )
    role, _created = Role.objects.get_or_create(user=user, network=network, code=code)
    forget_viewer(user)
    return role


# Checks shared by every write of free text


def _refuse_nul_bytes(values: Mapping[str, Any]) -> None:
    errors = {
        name: _("The text holds a NUL character, which is not allowed.")
        for name, value in values.items()
        if isinstance(value, str) and "\x00" in value
    }
    if errors:
        raise ValidationError(errors)


def guard_personal_data(
    *,
    actor: User,
    network: Network,
    texts: Mapping[str, str],
    visibility: str,
    reason: str,
    obj_kind: str,
) -> None:
    """Refuse identity numbers in text seen by the whole network, unless a reason is given.

    A given reason is written to the audit log, with the fields concerned but not their text.
    """
    if visibility != Visibility.NETWORK:
        return
    flagged = sorted(
        name for name, text in texts.items() if text and contains_identity_number(text)
    )
    if not flagged:
        return
    if not (reason or "").strip():
        message = _(
            "The text appears to hold a Swedish personal identity number. Remove it, choose a "
            "narrower visibility, or give a reason in personal_data_reason."
        )
        raise ValidationError({name: message for name in flagged})
    audit_record(
        actor=actor,
        action="personal_data.published",
        network=network,
        detail={"kind": obj_kind, "fields": flagged, "reason": reason.strip()[:1000]},
    )


def _directions_from_codes(codes: Iterable[str], field: str) -> list[StrategicDirection]:
    codes = list(dict.fromkeys(codes))
    found = {d.code: d for d in StrategicDirection.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            {field: _("Unknown direction: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}}
        )
    return [found[code] for code in codes]


def _check_members(network: Network, organisations: Iterable[Organisation], field: str) -> None:
    ids = {organisation.pk for organisation in organisations}
    members = set(
        NetworkMembership.objects.filter(network=network, organisation_id__in=ids).values_list(
            "organisation_id", flat=True
        )
    )
    if ids - members:
        raise ValidationError({field: _("The organisation is not a member of this network.")})


def _check_activity(activity: Activity) -> None:
    activity.full_clean(exclude=["network", "created_by", "tagged_by"], validate_constraints=False)
    if activity.ends_on and activity.starts_on and activity.ends_on < activity.starts_on:
        raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})
    # Figures reported for a closed period do not change: nothing new may start in it.
    if activity.starts_on and activity.is_locked:
        raise ValidationError(
            {
                "starts_on": _("The reporting period up to %(date)s is closed.")
                % {"date": activity.network.reporting_closed_until}
            }
        )


# Activities


@transaction.atomic
def activity_create(
    *,
    author: User,
    network: Network,
    title: str,
    starts_on: date,
    organisation: Organisation | None = None,
    description: str = "",
    partners: Iterable[Organisation] = (),
    status: str = Activity.Status.PLANNED,
    ends_on: date | None = None,
    place: str = "",
    target_groups: str = "",
    participants_count: int = 0,
    outcome: str = "",
    visibility: str = Visibility.ORGANISATION,
    suggested_directions: Iterable[str] = (),
    personal_data_reason: str = "",
) -> Activity:
    viewer = viewer_for(author)
    if not can_create_in(viewer, network.pk):
        raise PermissionDenied(_("You may not log activities in this network."))
    organisation = organisation or author.organisation
    if organisation is None:
        raise ValidationError({"organisation": _("Choose the lead organisation.")})
    if not may_author_for(viewer, network.pk, organisation.pk):
        raise ValidationError(
            {"organisation": _("You may log activities for your own organisation only.")}
        )
    partners = list(partners)
    _check_members(network, [organisation], "organisation")
    _check_members(network, partners, "partners")
    suggested = _directions_from_codes(suggested_directions, "suggested_directions")
    activity = Activity(
        network=network,
        title=title,
        description=description,
        organisation=organisation,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place,
        target_groups=target_groups,
        participants_count=participants_count,
        outcome=outcome,
        visibility=visibility,
        created_by=author,
    )
    _refuse_nul_bytes({name: getattr(activity, name) for name in ACTIVITY_TEXT_FIELDS})
    _check_activity(activity)
    guard_personal_data(
        actor=author,
        network=network,
        texts={name: getattr(activity, name) for name in ACTIVITY_TEXT_FIELDS},
        visibility=visibility,
        reason=personal_data_reason,
        obj_kind="activity",
    )
    activity.save()
    activity.partners.set(partners)
    activity.suggested_directions.set(suggested)
    return activity


def refuse_if_locked(activity: Activity) -> None:
    """Refuse any change to an activity whose reporting period is closed."""
    if activity.is_locked:
        raise PermissionDenied(_("The reporting period of this activity is closed."))


@transaction.atomic
def activity_update(
    *, activity: Activity, actor: User, personal_data_reason: str = "", **changes: Any
) -> Activity:
    """Change the given fields; ``activity`` must already be visible to ``actor``."""
    unknown = set(changes) - set(ACTIVITY_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed.") for name in sorted(unknown)}
        )
    viewer = viewer_for(actor)
    if not can_change_activity(viewer, activity):
        raise PermissionDenied(_("You may not change this activity."))
    refuse_if_locked(activity)
    partners = changes.pop("partners", None)
    suggested = changes.pop("suggested_directions", None)
    organisation = changes.get("organisation")
    if organisation is not None and organisation.pk != activity.organisation_id:
        if not may_author_for(viewer, activity.network_id, organisation.pk):
            raise ValidationError(
                {"organisation": _("You may not hand this activity to another organisation.")}
            )
        _check_members(activity.network, [organisation], "organisation")
    if partners is not None:
        partners = list(partners)
        _check_members(activity.network, partners, "partners")
    suggested_rows = (
        _directions_from_codes(suggested, "suggested_directions") if suggested is not None else None
    )
    _refuse_nul_bytes(changes)
    for name, value in changes.items():
        setattr(activity, name, value)
    _check_activity(activity)
    guard_personal_data(
        actor=actor,
        network=activity.network,
        texts={name: getattr(activity, name) for name in ACTIVITY_TEXT_FIELDS},
        visibility=activity.visibility,
        reason=personal_data_reason,
        obj_kind="activity",
    )
    activity.save()
    if partners is not None:
        activity.partners.set(partners)
    if suggested_rows is not None:
        activity.suggested_directions.set(suggested_rows)
    return activity


@transaction.atomic
def activity_tag(*, activity: Activity, actor: User, directions: Iterable[str]) -> Activity:
    """The coordinator's tagging: sets the directions and keeps the history."""
    if not can_tag(viewer_for(actor), activity.network_id):
        raise PermissionDenied(_("Only the central coordinator tags activities."))
    refuse_if_locked(activity)
    rows = _directions_from_codes(directions, "directions")
    now = timezone.now()
    activity.directions.set(rows)
    activity.tagged_by = actor
    activity.tagged_at = now
    activity.save(update_fields=["tagged_by", "tagged_at", "updated_at"])
    ActivityTagging.objects.create(
        activity=activity, directions=[row.code for row in rows], tagged_by=actor, tagged_at=now
    )
    return activity


# Updates


@transaction.atomic
def update_post(
    *,
    author: User,
    network: Network,
    body: str,
    visibility: str = Visibility.ORGANISATION,
    activity: Activity | None = None,
    organisation: Organisation | None = None,
    personal_data_reason: str = "",
) -> Update:
    """Post an update; ``activity``, when given, must already be visible to ``author``."""
    viewer = viewer_for(author)
    if not viewer.has_role(network.pk, AUTHOR_ROLES):
        raise PermissionDenied(_("You may not post updates in this network."))
    organisation = organisation or author.organisation
    if organisation is None:
        raise ValidationError({"organisation": _("Choose the organisation that posts.")})
    if not may_author_for(viewer, network.pk, organisation.pk):
        raise ValidationError({"organisation": _("You may post for your own organisation only.")})
    _check_members(network, [organisation], "organisation")
    if activity is not None and activity.network_id != network.pk:
        raise ValidationError({"activity": _("The activity belongs to another network.")})
    update = Update(
        network=network,
        activity=activity,
        organisation=organisation,
        author=author,
        body=body,
        visibility=visibility,
    )
    _refuse_nul_bytes({"body": body})
    update.full_clean(exclude=["network", "activity", "organisation", "author"])
    guard_personal_data(
        actor=author,
        network=network,
        texts={"body": body},
        visibility=visibility,
        reason=personal_data_reason,
        obj_kind="update",
    )
    update.save()
    return update
