"""Meetings as iCalendar (RFC 5545), for a download of one meeting and for calendar feeds.

The UID of a meeting does not depend on the host that serves it, so that a calendar program
recognises an updated or cancelled meeting as the same entry; SEQUENCE is the meeting's own
counter, raised by the services on every change a calendar must see.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC

import icalendar
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from network.events.mail import absolute_url
from network.models import Meeting

PRODID = "-//Samverkan//Meetings//SV"
UID_DOMAIN = "samverkan"

_STATUS: dict[str, str] = {
    Meeting.State.DRAFT: "TENTATIVE",
    Meeting.State.CANCELLED: "CANCELLED",
}


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{UID_DOMAIN}"


def meeting_page(meeting: Meeting) -> str | None:
    """The meeting's page as a full address (a calendar program opens no relative link), in
    Swedish, or None while there is no such page."""
    with translation.override("sv"):
        try:
            return absolute_url(reverse("frontend:meeting_detail", args=[meeting.pk]), "sv")
        except NoReverseMatch:
            return None


def _name(user: object) -> str:
    full_name = getattr(user, "get_full_name", lambda: "")()
    return full_name or str(getattr(user, "username", ""))


def meeting_event(meeting: Meeting) -> icalendar.Event:
    """One meeting as a VEVENT, its times in UTC."""
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", meeting.updated_at.astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting.title)
    location = meeting.place or meeting.video_link
    if location:
        event.add("location", location)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    page = meeting_page(meeting)
    description = "\n\n".join(part for part in (meeting.description, page) if part)
    if description:
        event.add("description", description)
    event.add("sequence", meeting.sequence)
    event.add("status", _STATUS.get(meeting.state, "CONFIRMED"))
    if meeting.organiser is not None:
        email = meeting.organiser.email
        organizer = icalendar.vCalAddress(f"mailto:{email}" if email else "invalid:nomail")
        organizer.params["cn"] = icalendar.vText(_name(meeting.organiser))
        event.add("organizer", organizer)
    return event


def calendar_for(meetings: Iterable[Meeting], *, method: str = "PUBLISH") -> bytes:
    """A VCALENDAR holding the meetings, as bytes ready to serve as ``text/calendar``."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add("calscale", "GREGORIAN")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    return calendar.to_ical()


def meeting_calendar(meeting: Meeting) -> bytes:
    """One meeting to download: a cancelled meeting is sent as a cancellation."""
    method = "CANCEL" if meeting.state == Meeting.State.CANCELLED else "PUBLISH"
    return calendar_for([meeting], method=method)
