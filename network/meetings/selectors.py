"""Reads of meetings and action items, always through the access layer's predicates."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from network.access import viewer_for
from network.access.meetings import action_item_visible_q, meeting_visible_q
from network.access.viewer import Viewer
from network.models import ActionItem, Invitation, Meeting, User

State = Meeting.State


def meetings_for(viewer: Viewer) -> QuerySet[Meeting]:
    """The meetings the viewer may see, one statement, with what a list shows."""
    return (
        Meeting.objects.filter(meeting_visible_q(viewer))
        .select_related("network", "organisation")
        .prefetch_related("invited_organisations")
    )


def concerns_q(viewer: Viewer, prefix: str = "") -> Q:
    """Meetings that concern the viewer: invited (in person or through their organisation),
    or preparing it as organiser, chair, secretary or approver."""
    p = prefix
    if viewer.user_id is None:
        return Q(pk__in=[])
    mine = (
        Q(**{f"{p}organiser_id": viewer.user_id})
        | Q(**{f"{p}chair_id": viewer.user_id})
        | Q(**{f"{p}secretary_id": viewer.user_id})
        | Q(**{f"{p}approvers": viewer.user_id})
        | Q(
            **{f"{p}pk__in": Invitation.objects.filter(user_id=viewer.user_id).values("meeting_id")}
        )
    )
    if viewer.organisation_id is not None:
        mine |= Q(**{f"{p}invited_organisations": viewer.organisation_id})
    return mine


def meetings_filtered(
    viewer: Viewer,
    *,
    when: str | None = None,
    mine: bool = False,
    state: str | None = None,
    network: int | None = None,
    kind: str | None = None,
    now: datetime | None = None,
) -> QuerySet[Meeting]:
    """The visible meetings, filtered: ``when`` is ``upcoming`` (not ended, soonest first) or
    ``past`` (ended, latest first)."""
    now = now or timezone.now()
    rows = meetings_for(viewer)
    if network is not None:
        rows = rows.filter(network_id=network)
    if state:
        rows = rows.filter(state=state)
    if kind:
        rows = rows.filter(kind=kind)
    if mine:
        # A subquery, not a join: the joins through the many-to-many tables would repeat rows.
        rows = rows.filter(pk__in=Meeting.objects.filter(concerns_q(viewer)).values("pk"))
    if when == "upcoming":
        rows = (
            rows.filter(ends_at__gte=now).exclude(state=State.CANCELLED).order_by("starts_at", "pk")
        )
    elif when == "past":
        rows = rows.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return rows


def action_items_for(viewer: Viewer) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(action_item_visible_q(viewer)).select_related(
        "meeting", "owner_organisation", "owner", "direction", "entry"
    )


def action_items_filtered(
    viewer: Viewer,
    *,
    status: str | None = None,
    overdue: bool = False,
    mine: bool = False,
    organisation: int | None = None,
    meeting: int | None = None,
    today: datetime | None = None,
) -> QuerySet[ActionItem]:
    rows = action_items_for(viewer)
    if status:
        rows = rows.filter(status=status)
    if overdue:
        rows = rows.filter(
            status__in=ActionItem.OPEN_STATES, due_on__lt=(today or timezone.localdate())
        )
    if mine:
        own = Q(owner_id=viewer.user_id)
        if viewer.organisation_id is not None:
            own |= Q(owner__isnull=True, owner_organisation_id=viewer.organisation_id)
        rows = rows.filter(own)
    if organisation is not None:
        rows = rows.filter(owner_organisation_id=organisation)
    if meeting is not None:
        rows = rows.filter(meeting_id=meeting)
    return rows.exclude(meeting__state=State.CANCELLED).order_by("due_on", "pk")


def next_meetings(viewer: Viewer, limit: int = 5) -> list[Meeting]:
    """The start page's next meetings that concern the viewer."""
    return list(meetings_filtered(viewer, when="upcoming", mine=True)[:limit])


def open_action_items(viewer: Viewer, limit: int = 5) -> list[ActionItem]:
    """The start page's open action items of the viewer (or of their organisation, unowned)."""
    rows = action_items_filtered(viewer, mine=True).filter(status__in=ActionItem.OPEN_STATES)
    return list(rows[:limit])


# How far back the feed reaches; everything upcoming is in it.
FEED_PAST_DAYS = 90


def feed_meetings(owner: User) -> list[Meeting]:
    """What the owner's feed lists: the meetings the owner may see now, from the last 90 days
    and all upcoming ones. Drafts are not sent out; cancelled meetings are, so that calendars
    that hold them learn of the cancellation."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    rows = (
        meetings_for(viewer_for(owner))
        .filter(ends_at__gte=since)
        .exclude(state=Meeting.State.DRAFT)
        .select_related("organiser")
        .order_by("starts_at", "pk")
    )
    return list(rows)
