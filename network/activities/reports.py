"""Aggregated activity reports: counts and sums only, computed in the database.

An activity counts in the period in which it starts, once under each direction the coordinator
tagged it with; an untagged activity counts once, with direction ``None``.
"""

from collections.abc import Sequence
from datetime import date
from typing import Literal, TypedDict

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth, TruncQuarter, TruncYear

from network.access import Person, reportable_activities_q, viewer_for
from network.models import Activity, Network

Period = Literal["month", "quarter", "year"]
Grouping = Literal["direction", "organisation"]
PERIODS: tuple[Period, ...] = ("month", "quarter", "year")
GROUPINGS: tuple[Grouping, ...] = ("direction", "organisation")
_TRUNC = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}


class ReportRow(TypedDict, total=False):
    period: str
    direction: str | None
    organisation: int
    activities: int
    completed: int
    participants: int


def reportable_activities(user: Person, network: Network | None = None) -> QuerySet[Activity]:
    """What a user's report counts (see :func:`network.access.reportable_activities_q`)."""
    viewer = viewer_for(user)
    return Activity.objects.filter(
        reportable_activities_q(viewer, network.pk if network is not None else None)
    )


def period_label(period: Period, starts: date) -> str:
    if period == "month":
        return f"{starts:%Y-%m}"
    if period == "quarter":
        return f"{starts.year}-Q{(starts.month - 1) // 3 + 1}"
    return f"{starts.year}"


def activity_report(
    *,
    user: Person,
    period: Period = "quarter",
    date_from: date | None = None,
    date_to: date | None = None,
    group_by: Sequence[Grouping] = (),
    network: Network | None = None,
) -> list[ReportRow]:
    queryset = reportable_activities(user, network)
    if date_from is not None:
        queryset = queryset.filter(starts_on__gte=date_from)
    if date_to is not None:
        queryset = queryset.filter(starts_on__lte=date_to)
    keys: dict[str, object] = {"bucket": _TRUNC[period]("starts_on")}
    if "direction" in group_by:
        # One row per tagged direction (a LEFT JOIN), so that untagged activities keep a null
        # direction. An activity appears once per direction, so counting rows needs no DISTINCT.
        # The position goes along (one per code) so that directions come in their fixed order.
        keys["direction_position"] = F("directions__position")
        keys["direction_code"] = F("directions__code")
    if "organisation" in group_by:
        keys["organisation_key"] = F("organisation_id")
    rows = (
        queryset.annotate(**keys)
        .values(*keys)
        .annotate(
            activities=Count("pk"),
            completed=Count("pk", filter=Q(status=Activity.Status.COMPLETED)),
            participants=Coalesce(Sum("participants_count"), 0),
        )
        .order_by(*(F(key).asc(nulls_last=True) for key in keys))
    )
    report: list[ReportRow] = []
    for row in rows:
        bucket = row["bucket"]
        entry: ReportRow = {"period": period_label(period, bucket)}
        if "direction" in group_by:
            entry["direction"] = row["direction_code"]
        if "organisation" in group_by:
            entry["organisation"] = row["organisation_key"]
        entry["activities"] = row["activities"]
        entry["completed"] = row["completed"]
        entry["participants"] = row["participants"]
        report.append(entry)
    return report
