"""Writes for meetings, their agenda, attendance, minutes, action items and approval.

Every path (API, pages, admin, commands) calls these. Each function asks the access layer
itself: not found for a meeting the actor may not see, forbidden for one they may not run, and a
conflict (409) for approved minutes or a refused change of state.

The states: ``draft`` → ``scheduled`` → ``held`` → ``approved``; ``draft`` or ``scheduled`` →
``cancelled``; ``approved`` → ``held`` again only by :func:`meeting_revise`, which opens a new
version with a reason and keeps the approved one readable with its hash.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from network.access import activity_is_visible, may_author_for, viewer_for
from network.access.meetings import (
    may_see_under_rule,
    meeting_audience,
    require_approve,
    require_create_meeting,
    require_follow_up,
    require_meeting_visible,
    require_respond,
    require_revise,
    require_run,
    runs,
)
from network.access.viewer import Viewer
from network.audit.chain import audit_record
from network.core.checks import (
    check_members,
    directions_from_codes,
    guard_personal_data,
    refuse_nul_bytes,
)
from network.errors import Conflict, Forbidden
from network.events.publish import publish
from network.models import (
    ActionItem,
    Activity,
    AgendaItem,
    Attendance,
    CalendarFeed,
    Invitation,
    Meeting,
    MeetingSeries,
    MinutesApproval,
    MinutesEntry,
    MinutesVersion,
    Network,
    Organisation,
    User,
    Visibility,
)

State = Meeting.State
MAX_APPROVERS = 2
# What may be changed on a meeting, in the order forms and the API show it.
MEETING_EDITABLE_FIELDS = (
    "title",
    "kind",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "video_link",
    "organisation",
    "visibility",
    "chair",
    "secretary",
    "approvers",
    "invited_organisations",
    "invitees",
    "guests",
)
# A change to one of these is news to a calendar: the iCalendar SEQUENCE goes up.
CALENDAR_FIELDS = frozenset({"title", "description", "starts_at", "ends_at", "place", "video_link"})
ACTION_ITEM_CONTENT_FIELDS = (
    "title",
    "description",
    "owner_organisation",
    "owner",
    "due_on",
    "activity",
    "direction",
    "entry",
)


def _fresh(meeting: Meeting) -> Meeting:
    """The meeting as it stands, its row locked until the write commits: a write that races an
    approval sees the approved state and is refused, rather than changing frozen minutes."""
    return Meeting.objects.select_for_update().select_related("network").get(pk=meeting.pk)


def _texts(obj: Meeting | AgendaItem | MinutesEntry | ActionItem) -> dict[str, str]:
    return {name: getattr(obj, name) for name in obj.TEXT_FIELDS}


def _guard(actor: User, meeting: Meeting, obj: Any, reason: str, kind: str) -> None:
    refuse_nul_bytes(_texts(obj))
    guard_personal_data(
        actor=actor,
        network=meeting.network,
        texts=_texts(obj),
        visibility=meeting.visibility,
        reason=reason,
        obj_kind=kind,
    )


# People around a meeting


def _check_people(
    meeting: Meeting,
    *,
    chair: User | None,
    secretary: User | None,
    approvers: Sequence[User],
    invitees: Sequence[User],
    guests: Sequence[User],
    invited_organisations: Sequence[Organisation],
) -> None:
    """The visibility decides who may be invited by name; anyone else comes as a guest."""
    check_members(meeting.network, invited_organisations, "invited_organisations")
    errors: dict[str, str] = {}
    if meeting.visibility == Visibility.ORGANISATION:
        others = [o for o in invited_organisations if o.pk != meeting.organisation_id]
        if others:
            errors["invited_organisations"] = _(
                "A meeting of one organisation invites no other organisation: widen the visibility."
            )
    elif meeting.visibility == Visibility.AUTHORITIES:
        if any(
            not o.is_authority and o.pk != meeting.organisation_id for o in invited_organisations
        ):
            errors["invited_organisations"] = _(
                "A meeting for authorities invites no civil-society organisation: widen the "
                "visibility."
            )
    named = {"chair": [chair] if chair else [], "secretary": [secretary] if secretary else []}
    named["approvers"] = list(approvers)
    named["invitees"] = list(invitees)
    wanted = {person.pk for people in named.values() for person in people}
    allowed = (
        set(may_see_under_rule(meeting).filter(pk__in=wanted).values_list("pk", flat=True))
        if wanted
        else set()
    )
    for field, people in named.items():
        if any(person.pk not in allowed for person in people):
            errors[field] = _(
                "This person may not see the meeting at its visibility; invite them as a guest."
            )
    if len(approvers) > MAX_APPROVERS:
        errors["approvers"] = _("Name one or two approvers besides the chair.")
    if chair is not None and chair in approvers:
        errors["approvers"] = _("The chair approves already; name others.")
    if any(not guest.is_active for guest in guests):
        errors["guests"] = _("A deactivated account cannot be a guest.")
    if errors:
        raise ValidationError(errors)


def _set_people(
    meeting: Meeting,
    *,
    approvers: Sequence[User] | None,
    invitees: Sequence[User] | None,
    guests: Sequence[User] | None,
    invited_organisations: Sequence[Organisation] | None,
) -> None:
    if approvers is not None:
        meeting.approvers.set(approvers)
    if invited_organisations is not None:
        meeting.invited_organisations.set(invited_organisations)
    for people, is_guest in ((invitees, False), (guests, True)):
        if people is None:
            continue
        ids = {person.pk for person in people}
        meeting.invitations.filter(is_guest=is_guest).exclude(user_id__in=ids).delete()
        kept = set(meeting.invitations.filter(user_id__in=ids).values_list("user_id", flat=True))
        meeting.invitations.filter(user_id__in=ids).update(is_guest=is_guest)
        Invitation.objects.bulk_create(
            Invitation(meeting=meeting, user_id=pk, is_guest=is_guest) for pk in ids - kept
        )


def _check_times(meeting: Meeting) -> None:
    meeting.full_clean(
        exclude=[
            "network",
            "organisation",
            "created_by",
            "series",
            "organiser",
            "chair",
            "secretary",
        ],
        validate_constraints=False,
    )
    if meeting.ends_at < meeting.starts_at:
        raise ValidationError({"ends_at": _("The meeting cannot end before it starts.")})
    if meeting.ends_at - meeting.starts_at > timedelta(days=7):
        raise ValidationError({"ends_at": _("A meeting lasts at most a week.")})


# Meetings


@transaction.atomic
def meeting_create(
    *,
    author: User,
    network: Network,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    kind: str = Meeting.Kind.NETWORK_MEETING,
    description: str = "",
    place: str = "",
    video_link: str = "",
    organisation: Organisation | None = None,
    visibility: str = Visibility.NETWORK,
    chair: User | None = None,
    secretary: User | None = None,
    approvers: Sequence[User] = (),
    invited_organisations: Sequence[Organisation] = (),
    invitees: Sequence[User] = (),
    guests: Sequence[User] = (),
    series: MeetingSeries | None = None,
    agenda: Iterable[dict[str, Any]] | None = None,
    personal_data_reason: str = "",
) -> Meeting:
    """A new meeting, in draft, with its agenda (the series' template unless one is given)."""
    viewer = viewer_for(author)
    require_create_meeting(viewer, network.pk)
    organisation = organisation or author.organisation
    if organisation is None:
        raise ValidationError({"organisation": _("Choose the organising organisation.")})
    if not may_author_for(viewer, network.pk, organisation.pk):
        raise ValidationError(
            {"organisation": _("You may arrange meetings for your own organisation only.")}
        )
    check_members(network, [organisation], "organisation")
    if series is not None and series.network_id != network.pk:
        raise ValidationError({"series": _("The series belongs to another network.")})
    meeting = Meeting(
        network=network,
        series=series,
        title=title,
        kind=kind,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_link=video_link,
        organisation=organisation,
        organiser=author,
        chair=chair,
        secretary=secretary,
        visibility=visibility,
        created_by=author,
    )
    _check_times(meeting)
    _check_people(
        meeting,
        chair=chair,
        secretary=secretary,
        approvers=list(approvers),
        invitees=list(invitees),
        guests=list(guests),
        invited_organisations=list(invited_organisations),
    )
    _guard(author, meeting, meeting, personal_data_reason, "meeting")
    meeting.save()
    _set_people(
        meeting,
        approvers=list(approvers),
        invitees=list(invitees),
        guests=list(guests),
        invited_organisations=list(invited_organisations),
    )
    template = agenda if agenda is not None else (series.agenda_template if series else [])
    for position, item in enumerate(_agenda_template(template), start=1):
        AgendaItem.objects.create(meeting=meeting, position=position, **item)
    ensure_action_review(meeting)
    return meeting


def _agenda_template(template: object) -> list[dict[str, Any]]:
    """The items of an agenda template ([{"title": ..., "planned_minutes": n}, ...]), checked."""
    message = _("Each agenda item needs a title of at most 200 characters and planned minutes.")
    if not isinstance(template, list | tuple) or len(template) > 100:
        raise ValidationError({"agenda": message})
    items = []
    for entry in template:
        if not isinstance(entry, dict):
            raise ValidationError({"agenda": message})
        item = AgendaItem(
            title=entry.get("title", ""), planned_minutes=entry.get("planned_minutes", 0)
        )
        try:
            item.full_clean(exclude=["meeting", "presenter"], validate_constraints=False)
        except ValidationError as error:
            raise ValidationError({"agenda": message}) from error
        refuse_nul_bytes({"agenda": item.title})
        items.append({"title": item.title, "planned_minutes": item.planned_minutes})
    return items


def _changed(meeting: Meeting, changes: dict[str, Any]) -> frozenset[str]:
    changed = set()
    for name, value in changes.items():
        if name in ("approvers", "invited_organisations", "invitees", "guests"):
            changed.add(name)
        elif name in ("organisation", "chair", "secretary"):
            if getattr(meeting, f"{name}_id") != (value.pk if value is not None else None):
                changed.add(name)
        elif getattr(meeting, name) != value:
            changed.add(name)
    return frozenset(changed)


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, actor: User, personal_data_reason: str = "", **changes: Any
) -> Meeting:
    """Change the given fields of a meeting the actor runs; a scheduled meeting's people are
    told, and its calendar entry gets a higher SEQUENCE."""
    unknown = set(changes) - set(MEETING_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed.") for name in sorted(unknown)}
        )
    meeting = _fresh(meeting)
    viewer = viewer_for(actor)
    require_run(viewer, meeting)
    changed = _changed(meeting, changes)
    organisation = changes.get("organisation")
    if "organisation" in changed and organisation is not None:
        if not may_author_for(viewer, meeting.network_id, organisation.pk):
            raise ValidationError(
                {"organisation": _("You may not hand this meeting to another organisation.")}
            )
        check_members(meeting.network, [organisation], "organisation")
    approvers = changes.pop("approvers", None)
    invited = changes.pop("invited_organisations", None)
    invitees = changes.pop("invitees", None)
    guests = changes.pop("guests", None)
    refuse_nul_bytes(changes)
    for name, value in changes.items():
        setattr(meeting, name, value)
    _check_times(meeting)
    current_invitations = list(meeting.invitations.select_related("user"))
    _check_people(
        meeting,
        chair=meeting.chair,
        secretary=meeting.secretary,
        approvers=list(approvers) if approvers is not None else list(meeting.approvers.all()),
        invitees=list(invitees)
        if invitees is not None
        else [i.user for i in current_invitations if not i.is_guest],
        guests=list(guests)
        if guests is not None
        else [i.user for i in current_invitations if i.is_guest],
        invited_organisations=list(invited)
        if invited is not None
        else list(meeting.invited_organisations.all()),
    )
    _guard(actor, meeting, meeting, personal_data_reason, "meeting")
    if changed & CALENDAR_FIELDS:
        meeting.sequence += 1
    meeting.save()
    _set_people(
        meeting,
        approvers=list(approvers) if approvers is not None else None,
        invitees=list(invitees) if invitees is not None else None,
        guests=list(guests) if guests is not None else None,
        invited_organisations=list(invited) if invited is not None else None,
    )
    if changed and meeting.state == State.SCHEDULED:
        publish({"event": "meeting.updated", "meeting": meeting.pk, "actor": actor.pk})
    return meeting


def _transition(meeting: Meeting, allowed_from: Iterable[str], message: str) -> None:
    if meeting.state not in allowed_from:
        raise Conflict(message)


@transaction.atomic
def meeting_schedule(*, meeting: Meeting, actor: User) -> Meeting:
    """Send out the invitations: ``draft`` → ``scheduled``."""
    meeting = _fresh(meeting)
    require_run(viewer_for(actor), meeting)
    _transition(meeting, [State.DRAFT], _("Only a draft is scheduled."))
    meeting.state = State.SCHEDULED
    meeting.sequence += 1
    meeting.save(update_fields=["state", "sequence", "updated_at"])
    ensure_action_review(meeting)
    publish({"event": "meeting.scheduled", "meeting": meeting.pk, "actor": actor.pk})
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User) -> Meeting:
    """``draft`` or ``scheduled`` → ``cancelled``; calendars receive a cancellation."""
    meeting = _fresh(meeting)
    require_run(viewer_for(actor), meeting)
    _transition(
        meeting, [State.DRAFT, State.SCHEDULED], _("A meeting that has been held is not cancelled.")
    )
    was_scheduled = meeting.state == State.SCHEDULED
    meeting.state = State.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["state", "sequence", "updated_at"])
    if was_scheduled:
        publish({"event": "meeting.updated", "meeting": meeting.pk, "actor": actor.pk})
    return meeting


def _next_numbers(network_id: int, year: int, count: int) -> list[int]:
    """The next ``count`` § numbers of the network's year, with the network row locked so that
    two meetings held at once do not take the same number."""
    Network.objects.select_for_update().filter(pk=network_id).first()
    last = (
        MinutesEntry.objects.filter(network_id=network_id, year=year).aggregate(Max("number"))[
            "number__max"
        ]
        or 0
    )
    return list(range(last + 1, last + 1 + count))


def _number_entries(meeting: Meeting, items: Sequence[AgendaItem]) -> None:
    """Give every agenda item its minutes entry, numbered in agenda order."""
    year = timezone.localtime(meeting.starts_at).year
    existing = {entry.agenda_item_id: entry for entry in meeting.minutes.all()}
    unnumbered = [
        item for item in items if existing.get(item.pk) is None or existing[item.pk].number is None
    ]
    numbers = _next_numbers(meeting.network_id, year, len(unnumbered))
    for item, number in zip(unnumbered, numbers, strict=True):
        entry = existing.get(item.pk) or MinutesEntry(
            meeting=meeting, agenda_item=item, network_id=meeting.network_id
        )
        entry.year = year
        entry.number = number
        entry.save()


@transaction.atomic
def meeting_hold(*, meeting: Meeting, actor: User) -> Meeting:
    """The meeting has taken place: ``scheduled`` → ``held``. Every agenda item gets its minutes
    entry, numbered § n in agenda order, continuing the network's numbering of the year."""
    meeting = _fresh(meeting)
    require_run(viewer_for(actor), meeting)
    _transition(meeting, [State.SCHEDULED], _("Only a scheduled meeting is held."))
    _number_entries(meeting, list(meeting.agenda_items.order_by("position", "pk")))
    meeting.state = State.HELD
    meeting.save(update_fields=["state", "updated_at"])
    return meeting


@transaction.atomic
def meeting_respond(*, meeting: Meeting, actor: User, response: str) -> Invitation:
    """The invited person's answer: yes, no or maybe."""
    require_respond(viewer_for(actor), meeting)
    if response not in (Invitation.Response.YES, Invitation.Response.NO, Invitation.Response.MAYBE):
        raise ValidationError({"response": _("Answer yes, no or maybe.")})
    invitation, _created = Invitation.objects.get_or_create(meeting=meeting, user=actor)
    invitation.response = response
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["response", "responded_at"])
    return invitation


# Attendance


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    actor: User,
    person: User,
    status: str,
    substitute_for: User | None = None,
) -> Attendance:
    """Record whether one person was there; their organisation is recorded with them."""
    meeting = _fresh(meeting)
    require_run(viewer_for(actor), meeting)
    if meeting.state not in (State.SCHEDULED, State.HELD):
        raise Conflict(_("Attendance is recorded for a scheduled or held meeting."))
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Choose present, excused, absent or substitute.")})
    if not meeting_audience(meeting).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("This person may not see the meeting.")})
    if person.organisation_id is None:
        raise ValidationError({"person": _("This person belongs to no organisation.")})
    if status == Attendance.Status.SUBSTITUTE:
        if substitute_for is None:
            raise ValidationError({"substitute_for": _("Say whom the substitute stands in for.")})
        if substitute_for.pk == person.pk:
            raise ValidationError(
                {"substitute_for": _("A person does not stand in for themselves.")}
            )
    else:
        substitute_for = None
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        user=person,
        defaults={
            "organisation_id": person.organisation_id,
            "status": status,
            "substitute_for": substitute_for,
        },
    )
    return attendance


# Agenda


def _agenda_item_check(item: AgendaItem) -> None:
    item.full_clean(exclude=["meeting", "presenter"], validate_constraints=False)


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    actor: User,
    title: str,
    description: str = "",
    presenter: User | None = None,
    planned_minutes: int = 0,
    personal_data_reason: str = "",
) -> AgendaItem:
    meeting = _fresh(meeting)
    require_run(viewer_for(actor), meeting)
    if presenter is not None and not meeting_audience(meeting).filter(pk=presenter.pk).exists():
        raise ValidationError({"presenter": _("This person may not see the meeting.")})
    last = meeting.agenda_items.aggregate(Max("position"))["position__max"] or 0
    item = AgendaItem(
        meeting=meeting,
        position=last + 1,
        title=title,
        description=description,
        presenter=presenter,
        planned_minutes=planned_minutes,
    )
    _agenda_item_check(item)
    _guard(actor, meeting, item, personal_data_reason, "agenda_item")
    item.save()
    if meeting.state == State.HELD:
        _number_entries(meeting, [item])  # an item added afterwards takes the next number
    return item


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, actor: User, personal_data_reason: str = "", **changes: Any
) -> AgendaItem:
    allowed = {"title", "description", "presenter", "planned_minutes"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed.") for name in sorted(unknown)}
        )
    meeting = item.meeting = _fresh(item.meeting)
    require_run(viewer_for(actor), meeting)
    presenter = changes.get("presenter")
    if presenter is not None and not meeting_audience(meeting).filter(pk=presenter.pk).exists():
        raise ValidationError({"presenter": _("This person may not see the meeting.")})
    for name, value in changes.items():
        setattr(item, name, value)
    _agenda_item_check(item)
    _guard(actor, meeting, item, personal_data_reason, "agenda_item")
    item.save()
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor: User) -> None:
    meeting = item.meeting = _fresh(item.meeting)
    require_run(viewer_for(actor), meeting)
    if MinutesEntry.objects.filter(agenda_item=item, number__isnull=False).exists():
        raise Conflict(_("A numbered paragraph of the minutes is not removed."))
    item.delete()


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, actor: User, order: Sequence[int]) -> list[AgendaItem]:
    """Put the agenda in the given order of item ids (every item, each once)."""
    meeting = _fresh(meeting)
    require_run(viewer_for(actor), meeting)
    if meeting.state == State.HELD:
        raise Conflict(_("The agenda of a held meeting keeps the order of its numbered minutes."))
    items = {item.pk: item for item in meeting.agenda_items.all()}
    if sorted(order) != sorted(items) or len(set(order)) != len(order):
        raise ValidationError({"order": _("Give every item of this agenda once.")})
    for position, pk in enumerate(order, start=1):
        items[pk].position = position
    AgendaItem.objects.bulk_update(items.values(), ["position"])
    return [items[pk] for pk in order]


# Minutes


@transaction.atomic
def minutes_write(
    *,
    item: AgendaItem,
    actor: User,
    text: str | None = None,
    outcome: str | None = None,
    decision: str | None = None,
    personal_data_reason: str = "",
) -> MinutesEntry:
    """Write the minutes of one agenda item, during the meeting or after it."""
    meeting = item.meeting = _fresh(item.meeting)
    require_run(viewer_for(actor), meeting)
    if meeting.state not in (State.SCHEDULED, State.HELD):
        raise Conflict(_("Minutes are written for a scheduled or held meeting."))
    entry = MinutesEntry.objects.filter(agenda_item=item).first() or MinutesEntry(
        meeting=meeting, agenda_item=item, network_id=meeting.network_id
    )
    if text is not None:
        entry.text = text
    if outcome is not None:
        entry.outcome = outcome
    if decision is not None:
        entry.decision = decision
    entry.full_clean(exclude=["meeting", "agenda_item", "network"], validate_constraints=False)
    _guard(actor, meeting, entry, personal_data_reason, "minutes")
    entry.save()
    return entry


# Action items


def _check_action_item(item: ActionItem, viewer: Viewer, *, linked: bool = True) -> None:
    """Check the item; ``linked``: also that the actor may see the activity it links to (when
    the link is given or changed, not when someone else moves the item on)."""
    meeting = item.meeting
    item.full_clean(
        exclude=["meeting", "entry", "owner_organisation", "owner", "activity", "direction"],
        validate_constraints=False,
    )
    check_members(meeting.network, [item.owner_organisation], "owner_organisation")
    if item.owner is not None:
        if item.owner.organisation_id != item.owner_organisation_id:
            raise ValidationError(
                {"owner": _("The responsible person belongs to the responsible organisation.")}
            )
        if not meeting_audience(meeting).filter(pk=item.owner.pk).exists():
            raise ValidationError({"owner": _("This person may not see the meeting.")})
    if (
        linked
        and item.activity is not None
        and (
            item.activity.network_id != meeting.network_id
            or not activity_is_visible(viewer, item.activity)
        )
    ):
        raise ValidationError({"activity": _("No such activity in this network.")})
    if item.entry is not None and item.entry.meeting_id != meeting.pk:
        raise ValidationError({"entry": _("The paragraph belongs to another meeting.")})


@transaction.atomic
def action_item_create(
    *,
    meeting: Meeting,
    actor: User,
    title: str,
    owner_organisation: Organisation,
    due_on: date,
    owner: User | None = None,
    description: str = "",
    entry: MinutesEntry | None = None,
    activity: Activity | None = None,
    direction: str | None = None,
    personal_data_reason: str = "",
) -> ActionItem:
    meeting = _fresh(meeting)
    viewer = viewer_for(actor)
    require_run(viewer, meeting)
    if meeting.state not in (State.SCHEDULED, State.HELD):
        raise Conflict(_("Action items are given at a scheduled or held meeting."))
    item = ActionItem(
        meeting=meeting,
        entry=entry,
        title=title,
        description=description,
        owner_organisation=owner_organisation,
        owner=owner,
        due_on=due_on,
        activity=activity,
        direction=directions_from_codes([direction], "direction")[0] if direction else None,
    )
    _check_action_item(item, viewer)
    _guard(actor, meeting, item, personal_data_reason, "action_item")
    item.save()
    publish({"event": "action_item.assigned", "action_item": item.pk, "actor": actor.pk})
    for later in _later_meetings(meeting):
        ensure_action_review(later)
    return item


@transaction.atomic
def action_item_update(
    *, item: ActionItem, actor: User, personal_data_reason: str = "", **changes: Any
) -> ActionItem:
    """Change an action item. Its status moves on after approval too (follow-up is not part of
    the approved minutes); its content is frozen with the minutes."""
    allowed = {*ACTION_ITEM_CONTENT_FIELDS, "status"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed.") for name in sorted(unknown)}
        )
    item.meeting = _fresh(item.meeting)
    viewer = viewer_for(actor)
    status = changes.pop("status", None)
    if "direction" in changes:
        code = changes["direction"]
        changes["direction"] = directions_from_codes([code], "direction")[0] if code else None
    content_changed = any(getattr(item, name) != value for name, value in changes.items())
    if content_changed:
        require_run(viewer, item.meeting)
    if status is not None and status != item.status:
        require_follow_up(viewer, item)
        if status not in ActionItem.Status.values:
            raise ValidationError({"status": _("Unknown status.")})
        item.status = status
        item.done_on = timezone.localdate() if status == ActionItem.Status.DONE else None
    elif not content_changed:
        require_meeting_visible(viewer, item.meeting)
    owner_before = item.owner_id
    for name, value in changes.items():
        setattr(item, name, value)
    _check_action_item(item, viewer, linked="activity" in changes)
    _guard(actor, item.meeting, item, personal_data_reason, "action_item")
    item.save()
    if item.owner_id is not None and item.owner_id != owner_before:
        publish({"event": "action_item.assigned", "action_item": item.pk, "actor": actor.pk})
    return item


def _same_line_q(meeting: Meeting) -> Q:
    """The meetings in the same line as this one: of its series, or, outside a series, of the
    same network and kind. Only those seen by the same people (the same visibility, and for an
    ``organisation`` meeting the same organisation) pass their action items on: a review never
    brings an item before people who may not see the meeting it was given at."""
    same = (
        Q(series_id=meeting.series_id)
        if meeting.series_id
        else Q(network_id=meeting.network_id, kind=meeting.kind, series__isnull=True)
    )
    same &= Q(visibility=meeting.visibility)
    if meeting.visibility == Visibility.ORGANISATION:
        same &= Q(organisation_id=meeting.organisation_id)
    return same & ~Q(pk=meeting.pk)


def _earlier_meetings_q(meeting: Meeting) -> Q:
    """The meetings whose open action items this one reviews."""
    return _same_line_q(meeting) & Q(starts_at__lt=meeting.starts_at)


def carried_action_items(meeting: Meeting) -> QuerySet[ActionItem]:
    """Open action items from earlier meetings, for the review on this meeting's agenda. Who
    reads them still sees only those of meetings they may see (``action_item_visible_q``)."""
    earlier = Meeting.objects.filter(_earlier_meetings_q(meeting)).exclude(state=State.CANCELLED)
    return ActionItem.objects.filter(
        meeting__in=earlier, status__in=ActionItem.OPEN_STATES
    ).select_related("owner_organisation", "owner", "meeting")


def _later_meetings(meeting: Meeting) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        _same_line_q(meeting),
        starts_at__gt=meeting.starts_at,
        state__in=[State.DRAFT, State.SCHEDULED],
    )


def ensure_action_review(meeting: Meeting) -> AgendaItem | None:
    """Put the review of open action items on the agenda, once, if there are any: after the
    first item (the opening of the meeting), or first on an empty agenda."""
    if meeting.state not in (State.DRAFT, State.SCHEDULED):
        return None
    existing = meeting.agenda_items.filter(kind=AgendaItem.Kind.ACTION_REVIEW).first()
    if existing is not None or not carried_action_items(meeting).exists():
        return existing
    opening = meeting.agenda_items.order_by("position", "pk").first()
    position = opening.position + 1 if opening is not None else 1
    try:
        with transaction.atomic():
            meeting.agenda_items.filter(position__gte=position).update(position=F("position") + 1)
            # Stored in the network's language: the agenda is a document, not a label.
            with override(settings.LANGUAGE_CODE):
                title = _("Review of open action items")
            return AgendaItem.objects.create(
                meeting=meeting,
                position=position,
                kind=AgendaItem.Kind.ACTION_REVIEW,
                title=title,
                planned_minutes=10,
            )
    except IntegrityError:  # another request put it there meanwhile
        return meeting.agenda_items.filter(kind=AgendaItem.Kind.ACTION_REVIEW).first()


# Approval (justering) and versions


def minutes_content(meeting: Meeting) -> dict[str, Any]:
    """What approval freezes: the meeting, who was there, the numbered minutes and the action
    items as given (not their later status), in a stable order."""
    people = {
        "chair": meeting.chair.get_full_name() or meeting.chair.username if meeting.chair else "",
        "secretary": (
            meeting.secretary.get_full_name() or meeting.secretary.username
            if meeting.secretary
            else ""
        ),
        "approvers": [
            user.get_full_name() or user.username
            for user in meeting.approvers.order_by("last_name", "first_name", "pk")
        ],
    }
    attendance = [
        {
            "organisation": row.organisation.name,
            "person": row.user.get_full_name() or row.user.username,
            "status": row.status,
            "substitute_for": (
                row.substitute_for.get_full_name() or row.substitute_for.username
                if row.substitute_for
                else ""
            ),
        }
        for row in meeting.attendance.select_related("organisation", "user", "substitute_for")
    ]
    entries = []
    for entry in meeting.minutes.select_related("agenda_item").order_by("number", "pk"):
        entries.append(
            {
                "number": entry.number,
                "title": entry.agenda_item.title,
                "text": entry.text,
                "outcome": entry.outcome,
                "decision": entry.decision,
                "action_items": [
                    {
                        "title": item.title,
                        "description": item.description,
                        "owner_organisation": item.owner_organisation.name,
                        "owner": (item.owner.get_full_name() or item.owner.username)
                        if item.owner
                        else "",
                        "due_on": item.due_on.isoformat(),
                    }
                    for item in entry.action_items.select_related(
                        "owner_organisation", "owner"
                    ).order_by("pk")
                ],
            }
        )
    return {
        "meeting": meeting.pk,
        "network": meeting.network.name,
        "title": meeting.title,
        "kind": meeting.kind,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "place": meeting.place,
        "organisation": meeting.organisation.name,
        "people": people,
        "attendance": attendance,
        "minutes": entries,
    }


def content_hash(content: dict[str, Any]) -> str:
    """SHA-256 of the content as canonical JSON (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def required_approvers(meeting: Meeting) -> list[int]:
    """The chair and the named approvers: all must approve."""
    ids = [meeting.chair_id] if meeting.chair_id else []
    return ids + [pk for pk in meeting.approvers.values_list("pk", flat=True) if pk not in ids]


@transaction.atomic
def meeting_approve(
    *, meeting: Meeting, actor: User, remote_addr: str | None = None
) -> MinutesVersion | None:
    """The actor's approval. When the last of the chair and the approvers has approved, the
    minutes are frozen as a version with its hash; returns that version, or None until then."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require_approve(viewer_for(actor), meeting)
    required = required_approvers(meeting)
    if meeting.chair_id is None:
        raise Conflict(_("The meeting has no chair to approve its minutes."))
    present = set(
        meeting.attendance.filter(
            status__in=[Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE]
        ).values_list("user_id", flat=True)
    )
    if actor.pk not in present:
        raise Conflict(_("Approvers are among those recorded present."))
    if MinutesApproval.objects.filter(
        meeting=meeting, user=actor, version=meeting.version
    ).exists():
        raise Conflict(_("You have already approved this version of the minutes."))
    MinutesApproval.objects.create(meeting=meeting, user=actor, version=meeting.version)
    audit_record(
        actor=actor,
        action="minutes.approval",
        obj=meeting,
        network=meeting.network,
        remote_addr=remote_addr,
        detail={"version": meeting.version},
    )
    approved = set(
        MinutesApproval.objects.filter(meeting=meeting, version=meeting.version).values_list(
            "user_id", flat=True
        )
    )
    if not set(required) <= approved:
        return None
    content = minutes_content(meeting)
    content["version"] = meeting.version
    content["approved_by"] = [
        user.get_full_name() or user.username
        for user in User.objects.filter(pk__in=required).order_by("last_name", "first_name", "pk")
    ]
    version = MinutesVersion.objects.create(
        meeting=meeting,
        number=meeting.version,
        content=content,
        sha256=content_hash(content),
        reason=meeting.revision_reason,
        approved_at=timezone.now(),
    )
    meeting.state = State.APPROVED
    meeting.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action="minutes.approved",
        obj=meeting,
        network=meeting.network,
        remote_addr=remote_addr,
        detail={"version": version.number, "sha256": version.sha256},
    )
    publish({"event": "minutes.approved", "meeting": meeting.pk, "actor": actor.pk})
    return version


@transaction.atomic
def meeting_revise(
    *, meeting: Meeting, actor: User, reason: str, remote_addr: str | None = None
) -> Meeting:
    """Open a new version of approved minutes, for a correction with a reason. The approved
    versions stay as they are; the new one is approved again by the same people."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require_revise(viewer_for(actor), meeting)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the approved minutes need a new version.")})
    refuse_nul_bytes({"reason": reason})
    meeting.state = State.HELD
    meeting.version += 1
    meeting.revision_reason = reason[:2000]
    meeting.save(update_fields=["state", "version", "revision_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="minutes.revised",
        obj=meeting,
        network=meeting.network,
        remote_addr=remote_addr,
        detail={"version": meeting.version, "reason": meeting.revision_reason},
    )
    return meeting


# Series


def _shifted(moment: datetime, series: MeetingSeries, times: int = 1) -> datetime:
    if series.unit == MeetingSeries.Unit.WEEKS:
        return moment + timedelta(weeks=series.interval * times)
    return moment + relativedelta(months=series.interval * times)


@transaction.atomic
def series_next(*, meeting: Meeting, actor: User) -> Meeting:
    """The next meeting of the series, made from this one: the same people and place, moved on
    by the series' interval, with the series' agenda template (and the review of open action
    items, when there are any)."""
    viewer = viewer_for(actor)
    require_meeting_visible(viewer, meeting)
    if not runs(viewer, meeting):
        raise Forbidden(_("Only those who run the meeting make the next one of its series."))
    series = meeting.series
    if series is None:
        raise ValidationError({"series": _("The meeting belongs to no series.")})
    invitations = list(meeting.invitations.select_related("user"))
    return meeting_create(
        author=actor,
        network=meeting.network,
        series=series,
        title=meeting.title,
        kind=meeting.kind,
        description=meeting.description,
        starts_at=_shifted(meeting.starts_at, series),
        ends_at=_shifted(meeting.ends_at, series),
        place=meeting.place,
        video_link=meeting.video_link,
        organisation=meeting.organisation,
        visibility=meeting.visibility,
        chair=meeting.chair,
        secretary=meeting.secretary,
        approvers=list(meeting.approvers.all()),
        invited_organisations=list(meeting.invited_organisations.all()),
        invitees=[i.user for i in invitations if not i.is_guest],
    )


# Reminders


def remind_overdue(today: date | None = None) -> int:
    """Tell the responsible people of each open action item past its due date, once.

    Safe to run twice, or twice at once: each item is claimed by a conditional update, and only
    the run whose update changed the row publishes.
    """
    today = today or timezone.localdate()
    due = ActionItem.objects.filter(
        status__in=ActionItem.OPEN_STATES,
        due_on__lt=today,
        overdue_notified_at__isnull=True,
    ).exclude(meeting__state=State.CANCELLED)
    sent = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = ActionItem.objects.filter(pk=pk, overdue_notified_at__isnull=True).update(
                overdue_notified_at=timezone.now()
            )
            if claimed:
                publish({"event": "action_item.overdue", "action_item": pk, "actor": None})
                sent += 1
    return sent


# Calendar feeds


@transaction.atomic
def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """A new secret address for the person; the old one, if any, stops working at once."""
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> bool:
    """The person's address stops working; True if there was one."""
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)
