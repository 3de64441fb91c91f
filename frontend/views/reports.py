"""Reports: activities per period, as a chart and a table with the same figures; the follow-up
figures of meetings (attendance, action items) and the competence-raising figures (trainings)."""

from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from frontend.forms import GROUPING_LABELS, PERIOD_LABELS, ReportForm
from frontend.labels import direction_names, untagged_label
from network.access import require_networks_for_reports, viewer_for
from network.activities.reports import GROUPINGS, ReportQuery, report_for
from network.meetings.models import MeetingKind
from network.meetings.reports import (
    FollowUpQuery,
    action_item_report,
    attendance_report,
    parse_follow_up_query,
    training_report,
)
from network.models import Network, Organisation, StrategicDirection

REPORT_CSV_URL = "/api/v1/reports/activities/"
ATTENDANCE_CSV_URL = "/api/v1/reports/attendance/"
ACTION_ITEMS_CSV_URL = "/api/v1/reports/action-items/"
TRAININGS_CSV_URL = "/api/v1/reports/trainings/"
# The follow-up figures' own parameters, chosen apart from the activity report's fields.
FOLLOW_UP_PARAMETERS = ("year", "kind")


def _default_report_range() -> tuple[date, date]:
    today = timezone.localdate()
    return date(today.year - 1, 1, 1), date(today.year, 12, 31)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    networks = require_networks_for_reports(viewer_for(request.user))
    start, end = _default_report_range()
    activity_params = request.GET.copy()
    for name in FOLLOW_UP_PARAMETERS:
        activity_params.pop(name, None)
    form = ReportForm(activity_params or None, networks=networks)
    query: ReportQuery | None
    if form.is_bound:
        query = form.query if form.is_valid() else None
    else:
        query = ReportQuery(
            period="quarter",
            date_from=start,
            date_to=end,
            group_by=("direction",),
            network_id=networks[0].pk,
        )
        form = ReportForm(
            networks=networks,
            initial={
                "network": networks[0].pk,
                "period": query.period,
                "group_by": list(query.group_by),
                "from": start,
                "to": end,
            },
        )
    context: dict[str, Any] = {"form": form, "params": query}
    if query is not None:
        context.update(_report_figures(request, query))
    network_id = query.network_id if query is not None and query.network_id else networks[0].pk
    context.update(_follow_up_figures(request, networks, network_id))
    return render(request, "frontend/report.html", context)


# Below this attendance rate a partner is flagged: it comes to fewer than half of its meetings.
LOW_ATTENDANCE = 0.5


def _percent(rate: float | None) -> int | None:
    return round(rate * 100) if rate is not None else None


def _follow_up_figures(
    request: HttpRequest, networks: list[Network], network_id: int
) -> dict[str, Any]:
    """Attendance (of one kind of meeting, or of all), action items and trainings of one year,
    over the meetings the person may count."""
    kind = request.GET.get("kind", "")
    context: dict[str, Any] = {
        "kind_choices": [("", _("Every kind")), *MeetingKind.choices],
        "follow_up_kind": kind[:20],
        "follow_up_network": network_id,
    }
    try:
        follow_up = parse_follow_up_query(
            {"year": request.GET.get("year", ""), "network": str(network_id), "kind": kind},
            by_kind=True,
        )
    except ValidationError as error:
        errors = error.message_dict
        return {
            **context,
            "follow_up_error": " ".join(errors.get("year", [])),
            "kind_error": " ".join(errors.get("kind", [])),
            "follow_up_year": request.GET.get("year", "")[:10],
        }
    attendance = [
        {
            **row,
            "rate_percent": _percent(row["attendance_rate"]),
            "low": row["attendance_rate"] is not None and row["attendance_rate"] < LOW_ATTENDANCE,
        }
        for row in attendance_report(request.user, follow_up)
    ]
    items = [
        {**row, "rate_percent": _percent(row["on_time_rate"])}
        for row in action_item_report(request.user, follow_up)
    ]
    csv_query = urlencode({"format": "csv", "year": follow_up.year, "network": network_id})
    attendance_query = urlencode(
        {"format": "csv", "year": follow_up.year, "network": network_id}
        | ({"kind": follow_up.kind} if follow_up.kind else {})
    )
    return {
        **context,
        "follow_up_year": follow_up.year,
        "follow_up_kind_name": dict(MeetingKind.choices).get(follow_up.kind or "", ""),
        "follow_up_network_name": next((n.name for n in networks if n.pk == network_id), ""),
        "attendance": attendance,
        "action_items": items,
        "attendance_csv_url": f"{ATTENDANCE_CSV_URL}?{attendance_query}",
        "action_items_csv_url": f"{ACTION_ITEMS_CSV_URL}?{csv_query}",
        **_training_figures(request, follow_up, csv_query),
    }


def _training_figures(
    request: HttpRequest, follow_up: FollowUpQuery, csv_query: str
) -> dict[str, Any]:
    """The competence-raising part: trainings per organisation in the year, their totals, and
    the ways to the trainings themselves on the meetings list."""
    rows = training_report(request.user, follow_up)
    meetings = reverse("frontend:meeting_list")
    kind = MeetingKind.TRAINING.value
    return {
        "competence_name": StrategicDirection.Code.COMPETENCE.label,
        "trainings": rows,
        "trainings_total": {"people_trained": sum(row["people_trained"] for row in rows)},
        "trainings_csv_url": f"{TRAININGS_CSV_URL}?{csv_query}",
        "trainings_held_url": f"{meetings}?{urlencode({'kind': kind, 'when': 'past'})}",
        "trainings_upcoming_url": f"{meetings}?{urlencode({'kind': kind, 'when': 'upcoming'})}",
        "attendance_at_trainings_url": "?"
        + urlencode([(k, v) for k, v in request.GET.items() if k != "kind"] + [("kind", kind)]),
    }


def _report_figures(request: HttpRequest, query: ReportQuery) -> dict[str, Any]:
    group_by = [g for g in GROUPINGS if g in query.group_by]
    rows = report_for(request.user, query)
    names = direction_names()
    organisation_ids = {row["organisation"] for row in rows if "organisation" in row}
    organisations = dict(
        Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name")
    )
    table = []
    for row in rows:
        entry: dict[str, Any] = {
            "period": row["period"],
            "activities": row["activities"],
            "completed": row["completed"],
            "participants": row["participants"],
        }
        if "direction" in group_by:
            code = row.get("direction")
            entry["direction"] = names.get(code, code) if code else untagged_label()
        if "organisation" in group_by:
            entry["organisation"] = organisations.get(row["organisation"], row["organisation"])
        table.append(entry)
    csv_query = {"format": "csv", "period": query.period}
    if query.date_from:
        csv_query["from"] = query.date_from.isoformat()
    if query.date_to:
        csv_query["to"] = query.date_to.isoformat()
    if group_by:
        csv_query["group_by"] = ",".join(group_by)
    # The figures of the network shown, not of every network the person reads.
    if query.network_id is not None:
        csv_query["network"] = str(query.network_id)
    return {
        "group_by": group_by,
        "grouping_labels": [str(GROUPING_LABELS[g]) for g in group_by],
        "table": table,
        "chart": _chart_data(table, group_by),
        "csv_url": f"{REPORT_CSV_URL}?{urlencode(csv_query)}",
        "period_name": str(PERIOD_LABELS[query.period]).lower(),
    }


def _chart_data(table: list[dict[str, Any]], group_by: Sequence[str]) -> dict[str, Any]:
    """Activities per period, one series per group: the same figures as the table."""
    periods = list(dict.fromkeys(row["period"] for row in table))
    series: dict[str, dict[str, int]] = {}
    for row in table:
        label = " · ".join(str(row[g]) for g in group_by) or _("Activities")
        series.setdefault(label, {})[row["period"]] = row["activities"]
    return {
        "labels": periods,
        "datasets": [
            {"label": label, "data": [values.get(p, 0) for p in periods]}
            for label, values in series.items()
        ],
        "y_title": _("Activities"),
        "x_title": _("Period"),
    }
