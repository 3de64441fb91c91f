"""Who is told of a meeting or an action item: its audience, narrowed to those it concerns."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import override

from network.access.meetings import meeting_audience
from network.models import ActionItem, Invitation, Meeting, User


def meeting_url(meeting_id: int) -> str:
    with override("sv"):
        return reverse("frontend:meeting_detail", args=[meeting_id])


def invited_q(meeting: Meeting) -> Q:
    """People (rows of ``User``) the meeting concerns: the invited organisations' people, those
    invited by name and the guests, and those who prepare and approve it."""
    preparing = [pk for pk in (meeting.organiser_id, meeting.chair_id, meeting.secretary_id) if pk]
    return (
        Q(organisation__in=meeting.invited_organisations.values("pk"))
        | Q(pk__in=Invitation.objects.filter(meeting=meeting).values("user_id"))
        | Q(pk__in=meeting.approvers.values("pk"))
        | Q(pk__in=preparing)
    )


def meeting_recipients(meeting: Meeting) -> QuerySet[User]:
    return meeting_audience(meeting).filter(invited_q(meeting))


def action_item_recipients(item: ActionItem) -> QuerySet[User]:
    """The responsible person, or, with none named, the responsible organisation's people."""
    if item.owner_id is not None:
        concerned = Q(pk=item.owner_id)
    else:
        concerned = Q(organisation_id=item.owner_organisation_id)
    return meeting_audience(item.meeting).filter(concerned)


def meeting_target(meeting_id: int) -> tuple[str, int, int, str, str, QuerySet[User]] | None:
    """What a meeting event is about and who is told; None if the meeting is gone."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return None
    url = meeting_url(meeting.pk)
    return (
        "meeting",
        meeting.pk,
        meeting.network_id,
        meeting.title,
        url,
        meeting_recipients(meeting),
    )


def action_item_target(item_id: int) -> tuple[str, int, int, str, str, QuerySet[User]] | None:
    item = ActionItem.objects.select_related("meeting").filter(pk=item_id).first()
    if item is None:
        return None
    url = f"{meeting_url(item.meeting_id)}#action-item-{item.pk}"
    return (
        "action_item",
        item.pk,
        item.meeting.network_id,
        item.title,
        url,
        action_item_recipients(item),
    )
