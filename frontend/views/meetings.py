"""Meetings: the list and month calendar, the meeting page that is used during the meeting
(agenda, attendance, minutes per item, action items), approval, and my action items.

Every write goes through ``network.meetings.services``, which asks the access layer: a meeting
the person may not see is not found, one they may not change is forbidden, and approved minutes
answer with a conflict (rendered once, by ``frontend.middleware.ConflictMiddleware``).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.meeting_forms import (
    ActionItemFilterForm,
    ActionItemForm,
    ActionItemStatusForm,
    AgendaItemForm,
    AttendanceForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    ReorderForm,
    RespondForm,
    ReviseForm,
)
from network.access import (
    meeting_abilities,
    meeting_for_change,
    meeting_for_view,
    networks_for_logging,
    require_takes_part,
    viewer_for,
)
from network.access.meetings import (
    action_item_for_view,
    may_follow_up,
    require_revise,
    require_run,
)
from network.errors import Forbidden, NotFound
from network.meetings import services
from network.meetings.selectors import action_items_filtered, meetings_filtered
from network.models import (
    AgendaItem,
    Invitation,
    Meeting,
    MinutesApproval,
    MinutesEntry,
    User,
)

PAGE_SIZE = 20
State = Meeting.State


# Helpers


def _actor(request: HttpRequest) -> User:
    """The signed-in person: every view here is behind ``login_required``."""
    return cast(User, request.user)


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _detail_url(meeting: Meeting, fragment: str = "") -> str:
    return reverse("frontend:meeting_detail", args=[meeting.pk]) + fragment


def _optional_url(name: str, *args: object) -> str:
    """A link to a page that may not be installed: "" when it does not resolve."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _agenda_item(meeting: Meeting, item_pk: int) -> AgendaItem:
    item = meeting.agenda_items.select_related("presenter").filter(pk=item_pk).first()
    if item is None:
        raise NotFound(_("No such agenda item."))
    item.meeting = meeting
    return item


def _people(users: Any) -> str:
    return ", ".join(u.get_full_name() or u.username for u in users)


def _service_errors_json(error: ValidationError) -> JsonResponse:
    if hasattr(error, "error_dict"):
        errors = {name: list(msgs) for name, msgs in error.message_dict.items()}
    else:
        errors = {"__all__": list(error.messages)}
    return JsonResponse({"saved": False, "errors": errors}, status=400)


# The list and the month calendar


def _month_calendar(
    request: HttpRequest, rows: Any, month: date, query: dict[str, str]
) -> dict[str, Any]:
    zone = timezone.get_current_timezone()
    first = month.replace(day=1)
    days = calendar.monthrange(first.year, first.month)[1]
    start = datetime(first.year, first.month, 1, tzinfo=zone)
    end = start + timedelta(days=days)
    by_day: dict[date, list[Meeting]] = {}
    for meeting in rows.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at"):
        by_day.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
    weeks: list[list[dict[str, Any]]] = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                {"day": day, "in_month": day.month == first.month, "meetings": by_day.get(day, [])}
                for day in week
            ]
        )
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)

    def link(target: date) -> str:
        params = {**query, "view": "calendar", "month": target.strftime("%Y-%m")}
        return "?" + urlencode(params)

    weekdays = [formats.date_format(cell["day"], "l") for cell in weeks[0]]
    return {
        "weeks": weeks,
        "weekdays": weekdays,
        "month": first,
        "previous_url": link(previous),
        "next_url": link(following),
        "today": timezone.localdate(),
    }


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_takes_part(viewer)
    form = MeetingFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        filters = form.cleaned_data
    view = filters.get("view") or "list"
    rows = meetings_filtered(
        viewer,
        when=filters.get("when") or None,
        mine=bool(filters.get("mine")),
        state=filters.get("state") or None,
        kind=filters.get("kind") or None,
    )
    query = {
        name: str(request.GET.get(name, ""))
        for name in ("when", "mine", "state", "kind")
        if request.GET.get(name)
    }
    context: dict[str, Any] = {
        "form": form,
        "view": view,
        "can_create": bool(networks_for_logging(viewer)),
        "list_query": urlencode(query),
    }
    if view == "calendar":
        month = filters.get("month") or timezone.localdate().replace(day=1)
        context["calendar"] = _month_calendar(request, rows, month, query)
    else:
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        context.update(page=page, filters_query=params.urlencode())
    return render(request, "frontend/meeting_list.html", context)


# Creating and editing


def _meeting_changes(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"],
        "kind": data["kind"],
        "description": data["description"],
        "starts_at": data["starts_at"],
        "ends_at": data["ends_at"],
        "place": data["place"],
        "video_link": data["video_link"],
        "organisation": data["organisation"],
        "visibility": data["visibility"],
        "chair": data["chair"],
        "secretary": data["secretary"],
        "approvers": list(data["approvers"]),
        "invited_organisations": list(data["invited_organisations"]),
        "invitees": list(data["invitees"]),
        "guests": list(data["guests"]),
    }


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    networks = networks_for_logging(viewer)
    if not networks:
        if viewer.takes_part_anywhere:
            raise Forbidden(_("You may not arrange meetings."))
        raise NotFound(_("Nothing here."))
    form = MeetingForm(request.POST or None, user=_actor(request), networks=networks)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                author=_actor(request),
                network=data["network"],
                personal_data_reason=data["personal_data_reason"],
                **_meeting_changes(data),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The meeting was created as a draft."))
            return redirect("frontend:meeting_detail", pk=meeting.pk)
    return render(request, "frontend/meeting_form.html", {"form": form, "meeting": None})


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    meeting = meeting_for_change(viewer, pk)
    form = MeetingForm(
        request.POST or None,
        user=_actor(request),
        networks=[meeting.network],
        meeting=meeting,
        initial=MeetingForm.initial_for(meeting),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_update(
                meeting=meeting,
                actor=_actor(request),
                personal_data_reason=data["personal_data_reason"],
                **_meeting_changes(data),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("frontend:meeting_detail", pk=meeting.pk)
    return render(request, "frontend/meeting_form.html", {"form": form, "meeting": meeting})


# The meeting page


def _agenda_rows(meeting: Meeting, items: list[AgendaItem]) -> tuple[list[dict[str, Any]], int]:
    length = meeting.length_minutes
    running = 0
    rows = []
    for index, item in enumerate(items):
        start = running
        running += item.planned_minutes
        rows.append(
            {
                "item": item,
                "start": start,
                "end": running,
                "over": running > length,
                "over_by": running - length,
                "first": index == 0,
                "last": index == len(items) - 1,
            }
        )
    return rows, running


def _carried(request: HttpRequest, meeting: Meeting) -> list[dict[str, Any]]:
    viewer = viewer_for(request.user)
    visible = action_items_filtered(viewer).filter(
        pk__in=services.carried_action_items(meeting).values("pk")
    )
    return [
        {
            "item": item,
            "may_follow_up": may_follow_up(viewer, item),
            "form": ActionItemStatusForm(initial={"status": item.status}, prefix=f"ai{item.pk}"),
        }
        for item in visible.select_related("meeting")
    ]


def _render_meeting(
    request: HttpRequest,
    meeting: Meeting,
    *,
    status: int = 200,
    agenda_form: AgendaItemForm | None = None,
    minutes_forms: dict[int, MinutesForm] | None = None,
    action_forms: dict[int, ActionItemForm] | None = None,
    attendance_form: AttendanceForm | None = None,
    revise_form: ReviseForm | None = None,
) -> HttpResponse:
    user = _actor(request)
    viewer = viewer_for(user)
    abilities = meeting_abilities(viewer, meeting)
    items = list(meeting.agenda_items.select_related("presenter").order_by("position", "pk"))
    entries = {
        e.agenda_item_id: e for e in MinutesEntry.objects.filter(meeting=meeting).order_by("pk")
    }
    action_items = list(
        action_items_filtered(viewer, meeting=meeting.pk).select_related("owner_organisation")
    )
    rows, total = _agenda_rows(meeting, items)
    minutes_forms = minutes_forms or {}
    action_forms = action_forms or {}
    sections = []
    for row in rows:
        item = row["item"]
        entry = entries.get(item.pk)
        section: dict[str, Any] = {
            **row,
            "entry": entry,
            "action_items": [a for a in action_items if entry and a.entry_id == entry.pk],
        }
        if abilities.write_minutes:
            section["minutes_form"] = minutes_forms.get(item.pk) or MinutesForm(
                prefix=f"m{item.pk}",
                initial={
                    "text": entry.text if entry else "",
                    "outcome": entry.outcome if entry else MinutesEntry.Outcome.INFORMATION,
                    "decision": entry.decision if entry else "",
                },
            )
            section["action_form"] = action_forms.get(item.pk) or ActionItemForm(
                prefix=f"a{item.pk}", meeting=meeting, user=user
            )
        if item.kind == AgendaItem.Kind.ACTION_REVIEW:
            section["carried"] = _carried(request, meeting)
        sections.append(section)
    unlinked = [a for a in action_items if a.entry_id is None]
    invitation = Invitation.objects.filter(meeting=meeting, user=user).first()
    approvals = list(
        MinutesApproval.objects.filter(meeting=meeting, version=meeting.version).select_related(
            "user"
        )
    )
    required = services.required_approvers(meeting)
    approved_ids = {a.user_id for a in approvals}
    waiting = [u for u in User.objects.filter(pk__in=required) if u.pk not in approved_ids]
    versions = [
        {
            "number": version.number,
            "approved_at": version.approved_at,
            "sha256": version.sha256,
            "reason": version.reason,
            "print_url": _optional_url("frontend:minutes_print", meeting.pk, version.number),
            "pdf_url": _optional_url("frontend:minutes_pdf", meeting.pk, version.number),
        }
        for version in meeting.versions.order_by("-number")
    ]
    show_attendance_form = abilities.change and meeting.state in (State.SCHEDULED, State.HELD)
    if show_attendance_form and attendance_form is None:
        attendance_form = AttendanceForm(meeting=meeting)
    context = {
        "meeting": meeting,
        "abilities": abilities,
        "sections": sections,
        "agenda_total": total,
        "agenda_over": total > meeting.length_minutes,
        "agenda_over_by": total - meeting.length_minutes,
        "reorderable": abilities.change and meeting.state in (State.DRAFT, State.SCHEDULED),
        "agenda_form": (agenda_form or AgendaItemForm(meeting=meeting))
        if abilities.change
        else None,
        "attendance_form": attendance_form if show_attendance_form else None,
        "attendance": list(
            meeting.attendance.select_related("user", "organisation", "substitute_for")
        ),
        "unlinked_action_items": unlinked,
        "invitation": invitation,
        "respond_form": RespondForm() if abilities.respond else None,
        "approvals": approvals,
        "waiting": waiting,
        "already_approved": user.pk in approved_ids,
        "versions": versions,
        "latest_version": versions[0] if versions else None,
        "revise_form": (revise_form or ReviseForm()) if abilities.revise else None,
        "approvers": _people(meeting.approvers.all()),
        "invited_organisations": list(meeting.invited_organisations.order_by("name")),
        "invitations": list(meeting.invitations.select_related("user").order_by("user__username")),
        "calendar_feed_url": _optional_url("frontend:calendar_feed_settings"),
        "may_next": meeting.series_id is not None and abilities.change,
    }
    return render(request, "frontend/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_view(
        viewer_for(request.user),
        pk,
        Meeting.objects.select_related(
            "network", "organisation", "organiser", "chair", "secretary"
        ),
    )
    return _render_meeting(request, meeting)


def _visible_meeting(request: HttpRequest, pk: int) -> Meeting:
    return meeting_for_view(viewer_for(request.user), pk)


# Changes of state


@login_required
@require_POST
def meeting_state(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Schedule, hold or cancel: the service decides whether the change is allowed now."""
    meeting = _visible_meeting(request, pk)
    if action == "schedule":
        services.meeting_schedule(meeting=meeting, actor=_actor(request))
        messages.success(request, _("The meeting was scheduled and the invitations sent."))
    elif action == "hold":
        services.meeting_hold(meeting=meeting, actor=_actor(request))
        messages.success(request, _("The meeting was marked held and the minutes numbered."))
    elif action == "cancel":
        services.meeting_cancel(meeting=meeting, actor=_actor(request))
        messages.success(request, _("The meeting was cancelled."))
    else:
        raise Http404
    return redirect(_detail_url(meeting))


@login_required
@require_POST
def meeting_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_meeting(request, pk)
    version = services.meeting_approve(
        meeting=meeting, actor=_actor(request), remote_addr=request.META.get("REMOTE_ADDR")
    )
    if version is None:
        messages.success(request, _("Your approval was recorded."))
    else:
        messages.success(request, _("The minutes are approved."))
    return redirect(_detail_url(meeting, "#approval"))


@login_required
@require_POST
def meeting_revise(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_meeting(request, pk)
    form = ReviseForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_revise(
                meeting=meeting,
                actor=_actor(request),
                reason=form.cleaned_data["reason"],
                remote_addr=request.META.get("REMOTE_ADDR"),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("A new version of the minutes was opened."))
            return redirect(_detail_url(meeting))
    else:
        # The access layer decides first: an invalid form from someone who may not revise is
        # refused as such, not shown as a form error.
        require_revise(viewer_for(request.user), meeting)
    return _render_meeting(request, meeting, revise_form=form, status=400)


@login_required
@require_POST
def meeting_respond(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_meeting(request, pk)
    form = RespondForm(request.POST)
    response = form.cleaned_data["response"] if form.is_valid() else ""
    try:
        services.meeting_respond(meeting=meeting, actor=_actor(request), response=response)
    except ValidationError:
        messages.error(request, _("Answer yes, no or maybe."))
    else:
        messages.success(request, _("Your answer was saved."))
    return redirect(_detail_url(meeting, "#rsvp"))


@login_required
@require_POST
def meeting_next(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_meeting(request, pk)
    try:
        created = services.series_next(meeting=meeting, actor=_actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_detail_url(meeting))
    messages.success(request, _("The next meeting of the series was created as a draft."))
    return redirect(_detail_url(created))


# Attendance


@login_required
@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_change(viewer_for(request.user), pk)
    form = AttendanceForm(request.POST, meeting=meeting)
    if form.is_valid():
        people = {p.pk: p for p in User.objects.filter(pk__in=[p.pk for p in form.people])}
        try:
            for person, status, substitute_for in form.changes():
                services.attendance_record(
                    meeting=meeting,
                    actor=_actor(request),
                    person=person,
                    status=status,
                    substitute_for=people.get(substitute_for) if substitute_for else None,
                )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The attendance was saved."))
            return redirect(_detail_url(meeting, "#attendance"))
    return _render_meeting(request, meeting, attendance_form=form, status=400)


# Agenda


@login_required
@require_POST
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_change(viewer_for(request.user), pk)
    form = AgendaItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, actor=_actor(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The agenda item was added."))
            return redirect(_detail_url(meeting, "#agenda"))
    return _render_meeting(request, meeting, agenda_form=form, status=400)


@login_required
def agenda_item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = meeting_for_change(viewer_for(request.user), pk)
    item = _agenda_item(meeting, item_pk)
    form = AgendaItemForm(
        request.POST or None,
        meeting=meeting,
        initial={
            "title": item.title,
            "description": item.description,
            "presenter": item.presenter_id,
            "planned_minutes": item.planned_minutes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(item=item, actor=_actor(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The agenda item was saved."))
            return redirect(_detail_url(meeting, "#agenda"))
    return render(
        request,
        "frontend/meeting_agenda_item_form.html",
        {"form": form, "meeting": meeting, "item": item},
    )


@login_required
@require_POST
def agenda_item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = meeting_for_change(viewer_for(request.user), pk)
    item = _agenda_item(meeting, item_pk)
    services.agenda_item_delete(item=item, actor=_actor(request))
    messages.success(request, _("The agenda item was removed."))
    return redirect(_detail_url(meeting, "#agenda"))


@login_required
@require_POST
def agenda_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_meeting(request, pk)
    form = ReorderForm(request.POST)
    current = list(meeting.agenda_items.order_by("position", "pk").values_list("pk", flat=True))
    order = form.new_order(current) if form.is_valid() else None
    if order is None:
        order = []
    try:
        services.agenda_reorder(meeting=meeting, actor=_actor(request), order=order)
    except ValidationError as error:
        if _wants_json(request):
            return _service_errors_json(error)
        messages.error(request, " ".join(error.messages))
        return redirect(_detail_url(meeting, "#agenda"))
    if _wants_json(request):
        meeting = _visible_meeting(request, pk)
        items = list(meeting.agenda_items.select_related("presenter").order_by("position", "pk"))
        rows, total = _agenda_rows(meeting, items)
        html = render_to_string(
            "frontend/meeting_agenda.html",
            {
                "meeting": meeting,
                "sections": rows,
                "reorderable": True,
                "abilities": meeting_abilities(viewer_for(request.user), meeting),
                "agenda_total": total,
                "agenda_over": total > meeting.length_minutes,
                "agenda_over_by": total - meeting.length_minutes,
            },
            request=request,
        )
        return JsonResponse({"saved": True, "order": [i.pk for i in items], "html": html})
    messages.success(request, _("The agenda was reordered."))
    moved = form.cleaned_data.get("item") if form.is_valid() else None
    return redirect(_detail_url(meeting, f"#agenda-item-{moved}" if moved else "#agenda"))


# Minutes and action items


@login_required
@require_POST
def minutes_save(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _visible_meeting(request, pk)
    item = _agenda_item(meeting, item_pk)
    form = MinutesForm(request.POST, prefix=f"m{item.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.minutes_write(
                item=item,
                actor=_actor(request),
                text=data["text"],
                outcome=data["outcome"],
                decision=data["decision"],
                personal_data_reason=data["personal_data_reason"],
            )
        except ValidationError as error:
            if _wants_json(request):
                return _service_errors_json(error)
            form.add_service_errors(error)
        else:
            if _wants_json(request):
                saved_at = timezone.localtime(entry.updated_at)
                return JsonResponse({"saved": True, "saved_at": saved_at.strftime("%H:%M:%S")})
            messages.success(request, _("The minutes were saved."))
            return redirect(_detail_url(meeting, f"#minutes-{item.pk}"))
    else:
        # Whoever may not write is refused as such, whatever the form holds.
        require_run(viewer_for(request.user), meeting)
        if _wants_json(request):
            errors = {name: list(msgs) for name, msgs in form.errors.items()}
            return JsonResponse({"saved": False, "errors": errors}, status=400)
    return _render_meeting(request, meeting, minutes_forms={item.pk: form}, status=400)


@login_required
@require_POST
def action_item_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _visible_meeting(request, pk)
    item = _agenda_item(meeting, item_pk)
    form = ActionItemForm(request.POST, prefix=f"a{item.pk}", meeting=meeting, user=_actor(request))
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = MinutesEntry.objects.filter(agenda_item=item).first()
            if entry is None:
                entry = services.minutes_write(item=item, actor=_actor(request))
            services.action_item_create(
                meeting=meeting,
                actor=_actor(request),
                entry=entry,
                title=data["title"],
                description=data["description"],
                owner_organisation=data["owner_organisation"],
                owner=data["owner"],
                due_on=data["due_on"],
                direction=data["direction"] or None,
                personal_data_reason=data["personal_data_reason"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The action item was added."))
            return redirect(_detail_url(meeting, f"#minutes-{item.pk}"))
    else:
        require_run(viewer_for(request.user), meeting)
    return _render_meeting(request, meeting, action_forms={item.pk: form}, status=400)


# Action items


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
@require_POST
def action_item_status(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    item = action_item_for_view(viewer, pk)
    form = ActionItemStatusForm(request.POST, prefix=f"ai{item.pk}")
    if not form.is_valid():
        form = ActionItemStatusForm(request.POST)
    if form.is_valid():
        services.action_item_update(
            item=item, actor=_actor(request), status=form.cleaned_data["status"]
        )
        messages.success(request, _("The status of the action item was saved."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect(_safe_next(request, reverse("frontend:action_item_list")))


@login_required
def action_item_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_takes_part(viewer)
    if "filtered" in request.GET:
        form = ActionItemFilterForm(request.GET)
        form.is_valid()
        filters = form.cleaned_data
    else:
        form = ActionItemFilterForm(initial={"mine": True, "filtered": "1"})
        filters = {"mine": True}
    rows = action_items_filtered(
        viewer,
        mine=bool(filters.get("mine")),
        overdue=bool(filters.get("overdue")),
        status=filters.get("status") or None,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    today = timezone.localdate()
    entries = [
        {
            "item": item,
            "overdue": item.is_open and item.due_on < today,
            "may_follow_up": may_follow_up(viewer, item),
            "form": ActionItemStatusForm(initial={"status": item.status}, prefix=f"ai{item.pk}"),
        }
        for item in page
    ]
    return render(
        request,
        "frontend/action_item_list.html",
        {
            "form": form,
            "page": page,
            "entries": entries,
            "filters_query": params.urlencode(),
            "here": request.get_full_path(),
        },
    )
