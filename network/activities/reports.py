"""Aggregated activity reports: counts and sums only, computed in the database.

An activity counts in the period in which it starts, once under each direction the coordinator
tagged it with; an untagged activity counts once, with direction ``None``.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, TypedDict, cast

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth, TruncQuarter, TruncYear
from django.utils.translation import gettext as _

from network.access import Person, reportable_activities_q, viewer_for
from network.access.rules import parse_id
from network.models import Activity, Network

Period = Literal["month", "quarter", "year"]
Grouping = Literal["direction", "organisation"]
PERIODS: tuple[Period, ...] = ("month", "quarter", "year")
GROUPINGS: tuple[Grouping, ...] = ("direction", "organisation")
_TRUNC = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}


@dataclass(frozen=True)
class ReportQuery:
    """What a report is asked for: parsed once, from the API's query or the report page's."""

    period: Period = "quarter"
    date_from: date | None = None
    date_to: date | None = None
    group_by: tuple[Grouping, ...] = ()
    network_id: int | None = None


def _values(params: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(params, "getlist", None)
    raw = getlist(name) if getlist is not None else params.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, list | tuple) else [raw]
    return [str(item) for item in items]


def _one(params: Mapping[str, Any], name: str) -> str:
    values = _values(params, name)
    return values[-1].strip() if values else ""


def parse_report_query(params: Mapping[str, Any]) -> ReportQuery:
    """``period``, ``from``, ``to``, ``group_by`` (repeated or comma-separated) and ``network``.

    Raises ``ValidationError`` with the errors by parameter name; never anything else.
    """
    errors: dict[str, list[str]] = {
        name: [_("Give this parameter once.")]
        for name in ("period", "from", "to", "network")
        if len(_values(params, name)) > 1
    }
    period = _one(params, "period") or "quarter"
    if period not in PERIODS and "period" not in errors:
        errors["period"] = [
            _("Unknown period: %(value)s. Choose from %(choices)s.")
            % {"value": period[:50], "choices": ", ".join(PERIODS)}
        ]
    dates: dict[str, date | None] = {}
    for name in ("from", "to"):
        text = _one(params, name)
        try:
            if text and not (text.isascii() and len(text) == 10):
                raise ValueError(text)
            dates[name] = date.fromisoformat(text) if text else None
        except ValueError:
            dates[name] = None
            errors[name] = [_("Enter a date as YYYY-MM-DD.")]
    if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
        errors["to"] = [_("The end date cannot be before the start date.")]
    names = [name.strip() for item in _values(params, "group_by") for name in item.split(",")]
    names = [name for name in names if name]
    unknown = [name for name in names if name not in GROUPINGS]
    if unknown or len(names) > 10:
        errors["group_by"] = [
            _("Unknown grouping: %(names)s. Choose from %(choices)s.")
            % {"names": ", ".join(unknown)[:200], "choices": ", ".join(GROUPINGS)}
        ]
    network_text = _one(params, "network")
    network_id = None
    if network_text:
        network_id = parse_id(network_text)
        if network_id is None:
            errors["network"] = [_("Enter the id of a network.")]
    if errors:
        raise ValidationError(errors)
    return ReportQuery(
        period=cast(Period, period),
        date_from=dates["from"],
        date_to=dates["to"],
        group_by=cast(tuple[Grouping, ...], tuple(dict.fromkeys(names))),
        network_id=network_id,
    )


class ReportRow(TypedDict, total=False):
    period: str
    direction: str | None
    organisation: int
    activities: int
    completed: int
    participants: int


def reportable_activities(user: Person, network_id: int | None = None) -> QuerySet[Activity]:
    """What a user's report counts (see :func:`network.access.reportable_activities_q`)."""
    return Activity.objects.filter(reportable_activities_q(viewer_for(user), network_id))


def report_for(user: Person, query: ReportQuery) -> list[ReportRow]:
    """The report a parsed query asks for, counted over what the user's report may count."""
    return _report(
        reportable_activities(user, query.network_id),
        period=query.period,
        date_from=query.date_from,
        date_to=query.date_to,
        group_by=query.group_by,
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
    queryset = reportable_activities(user, network.pk if network is not None else None)
    return _report(queryset, period=period, date_from=date_from, date_to=date_to, group_by=group_by)


def _report(
    queryset: QuerySet[Activity],
    *,
    period: Period,
    date_from: date | None,
    date_to: date | None,
    group_by: Sequence[Grouping],
) -> list[ReportRow]:
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
