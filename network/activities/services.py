"""Writes for activities, their tagging and updates. Every path calls these, whoever asks.

Each function asks the access layer itself, so that a caller that skipped the selector still
gets not found for an invisible activity, forbidden for one it may not change, locked for a
closed period.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.access import Viewer, may_author_for, viewer_for
from network.access.activities import (
    require_change,
    require_delete,
    require_tag,
    require_visible,
)
from network.access.networks import require_create_in
from network.access.rules import parse_id
from network.access.situation import measure_for_linking, measure_seen_on_activity
from network.access.updates import require_post
from network.audit.chain import audit_record
from network.core.checks import (
    check_members,
    directions_from_codes,
    guard_personal_data,
    refuse_nul_bytes,
)
from network.errors import Forbidden, NotFound
from network.events.publish import publish
from network.models import (
    Activity,
    ActivityFollow,
    ActivityTagging,
    Measure,
    Network,
    Organisation,
    Update,
    User,
    Visibility,
)

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
# Set apart from the fields above: a person sees and sets it only where the access layer lets
# them (a form offers it only when there is a measure to choose).
MEASURE_FIELD = "measure"


def _check_activity(activity: Activity) -> None:
    # The measure is checked by the access layer (see _measure_to_link), which sees more.
    activity.full_clean(
        exclude=["network", "created_by", "tagged_by", "measure"], validate_constraints=False
    )
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


def _texts(obj: Activity | Update) -> dict[str, str]:
    return {name: getattr(obj, name) for name in obj.TEXT_FIELDS}


def _measure_to_link(
    viewer: Viewer, network_id: int, value: Measure | int | str | None
) -> Measure | None:
    """The measure named by ``value`` (a measure or its id), as the access layer allows it; a
    refusal is a field error. A measure that does not exist and one the person may not see are
    refused alike, so that the answer never tells that an action plan exists."""
    if value is None or value == "":
        return None
    pk = value.pk if isinstance(value, Measure) else value
    try:
        return measure_for_linking(viewer, network_id, pk)
    except (NotFound, Forbidden) as error:
        raise ValidationError({MEASURE_FIELD: str(error)}) from None


def _measure_change(
    viewer: Viewer, activity: Activity, value: Measure | int | str | None
) -> tuple[bool, Measure | None]:
    """Whether the activity's measure changes, and to which.

    To a person who may not see the current measure the activity shows none: leaving it empty
    (a form, or a client sending back what it read) keeps it, and naming it is refused like any
    unseen measure. Naming the current measure one sees changes nothing, even where one could
    not link it anew.
    """
    current = activity.measure_id
    if value is None or value == "":
        seen = current is not None and measure_seen_on_activity(viewer, current) is not None
        return seen, None
    pk = value.pk if isinstance(value, Measure) else value
    if (
        current is not None
        and parse_id(pk) == current
        and measure_seen_on_activity(viewer, current) is not None
    ):
        return False, None
    return True, _measure_to_link(viewer, activity.network_id, pk)


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
    measure: Measure | int | str | None = None,
    personal_data_reason: str = "",
) -> Activity:
    """Log an activity, optionally carrying out a measure of an action plan (or its id)."""
    viewer = viewer_for(author)
    require_create_in(viewer, network.pk)
    organisation = organisation or author.organisation
    if organisation is None:
        raise ValidationError({"organisation": _("Choose the lead organisation.")})
    if not may_author_for(viewer, network.pk, organisation.pk):
        raise ValidationError(
            {"organisation": _("You may log activities for your own organisation only.")}
        )
    partners = list(partners)
    check_members(network, [organisation], "organisation")
    check_members(network, partners, "partners")
    suggested = directions_from_codes(suggested_directions, "suggested_directions")
    linked = _measure_to_link(viewer, network.pk, measure)
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
        measure=linked,
        created_by=author,
    )
    refuse_nul_bytes(_texts(activity))
    _check_activity(activity)
    guard_personal_data(
        actor=author,
        network=network,
        texts=_texts(activity),
        visibility=visibility,
        reason=personal_data_reason,
        obj_kind="activity",
    )
    activity.save()
    activity.partners.set(partners)
    activity.suggested_directions.set(suggested)
    publish({"event": "activity.created", "activity": activity.pk, "actor": author.pk})
    return activity


def _changed(activity: Activity, changes: dict[str, Any]) -> frozenset[str]:
    """The fields whose value the change would alter (a form sends every field)."""
    changed = set()
    for name, value in changes.items():
        if name in ("partners", "suggested_directions"):
            changed.add(name)
        elif name == "organisation":
            if value is not None and value.pk != activity.organisation_id:
                changed.add(name)
        elif getattr(activity, name) != value:
            changed.add(name)
    return frozenset(changed)


@transaction.atomic
def activity_update(
    *, activity: Activity, actor: User, personal_data_reason: str = "", **changes: Any
) -> Activity:
    """Change the given fields of an activity the actor may change; ``measure`` (a measure, its
    id, or None) links the activity to a measure of an action plan or unlinks it."""
    measure_given = MEASURE_FIELD in changes
    measure = changes.pop(MEASURE_FIELD, None)
    unknown = set(changes) - set(ACTIVITY_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed.") for name in sorted(unknown)}
        )
    viewer = viewer_for(actor)
    require_change(viewer, activity, fields=_changed(activity, changes))
    relink, linked = _measure_change(viewer, activity, measure) if measure_given else (False, None)
    partners = changes.pop("partners", None)
    suggested = changes.pop("suggested_directions", None)
    organisation = changes.get("organisation")
    if organisation is not None and organisation.pk != activity.organisation_id:
        if not may_author_for(viewer, activity.network_id, organisation.pk):
            raise ValidationError(
                {"organisation": _("You may not hand this activity to another organisation.")}
            )
        check_members(activity.network, [organisation], "organisation")
    if partners is not None:
        partners = list(partners)
        check_members(activity.network, partners, "partners")
    suggested_rows = (
        directions_from_codes(suggested, "suggested_directions") if suggested is not None else None
    )
    refuse_nul_bytes(changes)
    for name, value in changes.items():
        setattr(activity, name, value)
    if relink:
        activity.measure = linked
    _check_activity(activity)
    guard_personal_data(
        actor=actor,
        network=activity.network,
        texts=_texts(activity),
        visibility=activity.visibility,
        reason=personal_data_reason,
        obj_kind="activity",
    )
    activity.save()
    if partners is not None:
        activity.partners.set(partners)
    if suggested_rows is not None:
        activity.suggested_directions.set(suggested_rows)
    publish({"event": "activity.updated", "activity": activity.pk, "actor": actor.pk})
    return activity


@transaction.atomic
def activity_tag(*, activity: Activity, actor: User, directions: Iterable[str]) -> Activity:
    """The coordinator's tagging: sets the directions and keeps the history."""
    require_tag(viewer_for(actor), activity)
    rows = directions_from_codes(directions, "directions")
    now = timezone.now()
    activity.directions.set(rows)
    activity.tagged_by = actor
    activity.tagged_at = now
    activity.save(update_fields=["tagged_by", "tagged_at", "updated_at"])
    ActivityTagging.objects.create(
        activity=activity, directions=[row.code for row in rows], tagged_by=actor, tagged_at=now
    )
    publish({"event": "activity.tagged", "activity": activity.pk, "actor": actor.pk})
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, actor: User, remote_addr: str | None = None) -> None:
    """Delete an activity (the coordinator only, never in a closed period); audit-logged."""
    require_delete(viewer_for(actor), activity)
    audit_record(
        actor=actor,
        action="activity.deleted",
        obj=activity,
        network=activity.network,
        remote_addr=remote_addr,
        detail={"title": activity.title, "starts_on": activity.starts_on.isoformat()},
    )
    activity.delete()


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
    """Post an update, on the network or on an activity the author may see."""
    viewer = viewer_for(author)
    if activity is not None:
        # An invisible activity is not found, whatever the caller looked it up with.
        require_visible(viewer, activity)
    require_post(viewer, network.pk)
    organisation = organisation or author.organisation
    if organisation is None:
        raise ValidationError({"organisation": _("Choose the organisation that posts.")})
    if not may_author_for(viewer, network.pk, organisation.pk):
        raise ValidationError({"organisation": _("You may post for your own organisation only.")})
    check_members(network, [organisation], "organisation")
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
    refuse_nul_bytes(_texts(update))
    update.full_clean(exclude=["network", "activity", "organisation", "author"])
    guard_personal_data(
        actor=author,
        network=network,
        texts=_texts(update),
        visibility=visibility,
        reason=personal_data_reason,
        obj_kind="update",
    )
    update.save()
    publish({"event": "update.posted", "update": update.pk, "actor": author.pk})
    return update


@transaction.atomic
def activity_follow(*, activity: Activity, user: User, following: bool) -> ActivityFollow:
    """Follow an activity the person may see, or stop following it."""
    require_visible(viewer_for(user), activity)
    choice, _created = ActivityFollow.objects.update_or_create(
        user=user, activity=activity, defaults={"following": following}
    )
    return choice
