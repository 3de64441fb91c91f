"""Meetings and their action items: who sees, runs, answers, approves, and who is told.

A meeting is seen by the visibility rule (an ``organisation`` meeting is its organising
organisation's own), and by its guests: people outside the invited organisations let into this
one meeting. A draft is seen only by those who prepare it (the organiser, the chair, the
secretary) and by the coordinator and the security chief. An action item is seen by whoever
sees its meeting.

Those who run a meeting (the coordinator, the organiser, the chair and the secretary) change it,
its agenda, its attendance and its minutes. The chair and the named approvers approve the
minutes. Approved minutes are frozen: every change is a conflict until a new version is opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from network.access.rules import (
    everything,
    fetch_visible,
    holds_role_q,
    nothing,
    parse_id,
    visibility_allows,
    visibility_audience_q,
    visibility_q,
)
from network.access.viewer import (
    AUTHOR_ROLES,
    COORDINATOR_ROLES,
    OVERSIGHT_ROLES,
    Viewer,
)
from network.errors import Conflict, Forbidden, NotFound
from network.models import ActionItem, CalendarFeed, Invitation, Meeting, MinutesVersion, User

State = Meeting.State


def _guest_q(viewer: Viewer, outer: str) -> Q:
    if viewer.user_id is None:
        return nothing()
    return Q(
        Exists(
            Invitation.objects.filter(
                meeting_id=OuterRef(outer), user_id=viewer.user_id, is_guest=True
            )
        )
    )


def meeting_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    """The meetings the viewer may see, as one SQL predicate (through ``prefix`` if given)."""
    if viewer.is_superuser:
        return everything(prefix)
    if viewer.is_anonymous:
        return nothing()
    p = prefix
    outer = f"{p}pk"
    draft = Q(**{f"{p}state": State.DRAFT})
    prepared = (
        Q(**{f"{p}organiser_id": viewer.user_id})
        | Q(**{f"{p}chair_id": viewer.user_id})
        | Q(**{f"{p}secretary_id": viewer.user_id})
    )
    overseen = viewer.networks_with(OVERSIGHT_ROLES)
    if overseen:
        prepared |= Q(**{f"{p}network_id__in": overseen})
    return (~draft & (visibility_q(viewer, p) | _guest_q(viewer, outer))) | (draft & prepared)


def _prepares(viewer: Viewer, meeting: Meeting) -> bool:
    return viewer.user_id is not None and viewer.user_id in (
        meeting.organiser_id,
        meeting.chair_id,
        meeting.secretary_id,
    )


def _is_guest(viewer: Viewer, meeting: Meeting) -> bool:
    if viewer.user_id is None or meeting.pk is None:
        return False
    return Invitation.objects.filter(
        meeting=meeting, user_id=viewer.user_id, is_guest=True
    ).exists()


def meeting_is_visible(viewer: Viewer, meeting: Meeting) -> bool:
    if viewer.is_superuser:
        return True
    if meeting.state == State.DRAFT:
        return _prepares(viewer, meeting) or bool(
            viewer.roles_in(meeting.network_id) & OVERSIGHT_ROLES
        )
    return visibility_allows(
        viewer,
        network_id=meeting.network_id,
        organisation_id=meeting.organisation_id,
        visibility=meeting.visibility,
    ) or _is_guest(viewer, meeting)


def meeting_audience_q(meeting: Meeting) -> Q:
    """People (rows of ``User``) who may see the meeting: the inverse of the predicate above."""
    if meeting.state == State.DRAFT:
        preparing = [
            pk for pk in (meeting.organiser_id, meeting.chair_id, meeting.secretary_id) if pk
        ]
        return Q(is_active=True) & (
            Q(is_superuser=True)
            | holds_role_q(meeting.network_id, OVERSIGHT_ROLES)
            | Q(pk__in=preparing)
        )
    guests = Invitation.objects.filter(meeting_id=meeting.pk, user_id=OuterRef("pk"), is_guest=True)
    return visibility_audience_q(
        network_id=meeting.network_id,
        organisation_id=meeting.organisation_id,
        visibility=meeting.visibility,
    ) | (Q(is_active=True) & Q(Exists(guests)))


def meeting_audience(meeting: Meeting) -> QuerySet[User]:
    """Everyone who may see the meeting, as one query."""
    return User.objects.filter(meeting_audience_q(meeting))


def may_see_under_rule(meeting: Meeting) -> QuerySet[User]:
    """People the visibility rule alone lets see the meeting once it is scheduled: those who
    may be invited by name. Anyone else is a guest."""
    return User.objects.filter(
        visibility_audience_q(
            network_id=meeting.network_id,
            organisation_id=meeting.organisation_id,
            visibility=meeting.visibility,
        )
    )


# What a viewer may do with a meeting they see


def runs(viewer: Viewer, meeting: Meeting) -> bool:
    """The coordinator, the organiser, the chair or the secretary."""
    return (
        viewer.is_superuser
        or viewer.has_role(meeting.network_id, COORDINATOR_ROLES)
        or _prepares(viewer, meeting)
    )


def _invited(viewer: Viewer, meeting: Meeting) -> bool:
    if viewer.user_id is None:
        return False
    if viewer.organisation_id is not None and (
        meeting.invited_organisations.filter(pk=viewer.organisation_id).exists()
    ):
        return True
    return Invitation.objects.filter(meeting=meeting, user_id=viewer.user_id).exists()


def approves(viewer: Viewer, meeting: Meeting) -> bool:
    """The chair or one of the named approvers."""
    if viewer.user_id is None:
        return False
    return viewer.user_id == meeting.chair_id or (
        meeting.approvers.filter(pk=viewer.user_id).exists()
    )


@dataclass(frozen=True)
class MeetingAbilities:
    """What the viewer may do with one meeting they see: for templates and payloads."""

    change: bool = False
    write_minutes: bool = False
    approve: bool = False
    respond: bool = False
    revise: bool = False
    frozen: bool = False


def meeting_abilities(viewer: Viewer, meeting: Meeting) -> MeetingAbilities:
    running = runs(viewer, meeting)
    frozen = meeting.is_frozen
    open_for_change = meeting.state in (State.DRAFT, State.SCHEDULED, State.HELD)
    return MeetingAbilities(
        change=running and open_for_change,
        write_minutes=running and meeting.state in (State.SCHEDULED, State.HELD),
        approve=meeting.state == State.HELD and approves(viewer, meeting),
        respond=meeting.state == State.SCHEDULED and _invited(viewer, meeting),
        revise=running and frozen,
        frozen=frozen,
    )


# Getters and checks for a change: not found, forbidden or conflict, each with its message.


def require_meeting_visible(viewer: Viewer, meeting: Meeting) -> None:
    if not meeting_is_visible(viewer, meeting):
        raise NotFound(_("No such meeting."))


def require_open(meeting: Meeting) -> None:
    """Approved minutes and cancelled meetings do not change."""
    if meeting.is_frozen:
        raise Conflict(
            _("The minutes are approved and cannot be changed; open a new version with a reason.")
        )
    if meeting.state == State.CANCELLED:
        raise Conflict(_("The meeting is cancelled."))


def require_run(viewer: Viewer, meeting: Meeting) -> None:
    """May the viewer change the meeting, its agenda, attendance or minutes now?"""
    require_meeting_visible(viewer, meeting)
    if not runs(viewer, meeting):
        raise Forbidden(_("Only those who run the meeting may change it."))
    require_open(meeting)


def require_revise(viewer: Viewer, meeting: Meeting) -> None:
    require_meeting_visible(viewer, meeting)
    if not runs(viewer, meeting):
        raise Forbidden(_("Only those who run the meeting may open a new version."))
    if not meeting.is_frozen:
        raise Conflict(_("Only approved minutes get a new version."))


def require_approve(viewer: Viewer, meeting: Meeting) -> None:
    require_meeting_visible(viewer, meeting)
    if not approves(viewer, meeting):
        raise Forbidden(_("Only the chair and the named approvers approve the minutes."))
    if meeting.is_frozen:
        raise Conflict(_("The minutes are already approved."))
    if meeting.state != State.HELD:
        raise Conflict(_("Minutes are approved once the meeting has been held."))


def require_respond(viewer: Viewer, meeting: Meeting) -> None:
    require_meeting_visible(viewer, meeting)
    if not _invited(viewer, meeting):
        raise Forbidden(_("Only those invited answer the invitation."))
    if meeting.state != State.SCHEDULED:
        raise Conflict(_("Only a scheduled meeting is answered."))


def require_create_meeting(viewer: Viewer, network_id: int) -> None:
    if not viewer.has_role(network_id, AUTHOR_ROLES):
        raise Forbidden(_("You may not arrange meetings in this network."))


def meeting_for_view(
    viewer: Viewer, pk: object, queryset: QuerySet[Meeting] | None = None
) -> Meeting:
    """The meeting, or not found whether it does not exist or is not visible."""
    rows = queryset if queryset is not None else Meeting.objects.select_related("network")
    return fetch_visible(rows.filter(meeting_visible_q(viewer)), pk, _("No such meeting."))


def meeting_for_change(
    viewer: Viewer, pk: object, queryset: QuerySet[Meeting] | None = None
) -> Meeting:
    meeting = meeting_for_view(viewer, pk, queryset)
    require_run(viewer, meeting)
    return meeting


# Action items: seen with their meeting


def action_item_visible_q(viewer: Viewer) -> Q:
    return meeting_visible_q(viewer, "meeting__")


def action_item_for_view(
    viewer: Viewer, pk: object, queryset: QuerySet[ActionItem] | None = None
) -> ActionItem:
    rows = queryset if queryset is not None else ActionItem.objects.select_related("meeting")
    return fetch_visible(rows.filter(action_item_visible_q(viewer)), pk, _("No such action item."))


def may_follow_up(viewer: Viewer, item: ActionItem) -> bool:
    """Who moves an action item on (its status): those who run its meeting, the responsible
    person, and the people of the responsible organisation who author in the network."""
    meeting = item.meeting
    return (
        runs(viewer, meeting)
        or (viewer.user_id is not None and viewer.user_id == item.owner_id)
        or (
            viewer.organisation_id == item.owner_organisation_id
            and viewer.has_role(meeting.network_id, AUTHOR_ROLES)
        )
    )


def require_follow_up(viewer: Viewer, item: ActionItem) -> None:
    require_meeting_visible(viewer, item.meeting)
    if not may_follow_up(viewer, item):
        raise Forbidden(_("You may not change this action item."))
    if item.meeting.state == State.CANCELLED:
        raise Conflict(_("The meeting is cancelled."))


def minutes_version_for_view(viewer: Viewer, pk: object, number: object) -> MinutesVersion:
    """One approved version of a meeting's minutes: not found when the meeting is not visible
    or the version was never approved."""
    meeting = meeting_for_view(viewer, pk)
    version = parse_id(number)
    found = (
        MinutesVersion.objects.filter(meeting=meeting, number=version).first()
        if version is not None
        else None
    )
    if found is None:
        raise NotFound(_("No such version of the minutes."))
    found.meeting = meeting
    return found


# A calendar feed's address is its only credential.
FEED_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def calendar_feed_owner(token: str) -> User:
    """The person whose feed the secret address is: not found for an address of the wrong
    shape, an unknown or revoked one, or a deactivated account. What the feed lists is then
    decided with that person's viewer, as for any of their reads."""
    if not FEED_TOKEN_SHAPE.fullmatch(token):
        raise NotFound(_("No such calendar."))
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise NotFound(_("No such calendar."))
    return feed.user
