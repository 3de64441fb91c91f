"""Reports: activities per period, as a chart and a table with the same figures."""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from frontend.forms import GROUPING_LABELS, PERIOD_LABELS, ReportForm
from frontend.labels import direction_names, untagged_label
from network.access import require_networks_for_reports, viewer_for
from network.activities.reports import GROUPINGS, ReportQuery, report_for
from network.meetings.reports import (
    action_item_report,
    attendance_report,
    parse_follow_up_query,
)
from network.models import Network, Organisation

REPORT_CSV_URL = "/api/v1/reports/activities/"
ATTENDANCE_CSV_URL = "/api/v1/reports/attendance/"
ACTION_ITEMS_CSV_URL = "/api/v1/reports/action-items/"


def _default_report_range() -> tuple[date, date]:
    today = timezone.localdate()
    return date(today.year - 1, 1, 1), date(today.year, 12, 31)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    networks = require_networks_for_reports(viewer_for(request.user))
    start, end = _default_report_range()
    # The year of the follow-up figures is chosen apart from the activity report's fields.
    activity_params = request.GET.copy()
    activity_params.pop("year", None)
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
    """Attendance and action items of one year, over the meetings the person may count."""
    try:
        follow_up = parse_follow_up_query(
            {"year": request.GET.get("year", ""), "network": str(network_id)}
        )
    except ValidationError as error:
        return {
            "follow_up_error": " ".join(error.message_dict.get("year", error.messages)),
            "follow_up_year": request.GET.get("year", "")[:10],
            "follow_up_network": network_id,
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
    return {
        "follow_up_year": follow_up.year,
        "follow_up_network": network_id,
        "follow_up_network_name": next((n.name for n in networks if n.pk == network_id), ""),
        "attendance": attendance,
        "action_items": items,
        "attendance_csv_url": f"{ATTENDANCE_CSV_URL}?{csv_query}",
        "action_items_csv_url": f"{ACTION_ITEMS_CSV_URL}?{csv_query}",
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


def _chart_data(table: list[dict[str, Any]], group_by: list[str]) -> dict[str, Any]:
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
