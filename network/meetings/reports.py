"""Follow-up figures of meetings: counts only, aggregated in the database, one query each.

- **Attendance** per organisation and year, over the meetings that took place (held or
  approved): the meetings it was expected at (invited, organising, or recorded there), the meetings at least one of its people attended
  (present or as a substitute), its people's attendance by status, the attendance rate (meetings
  attended per meeting invited to) and the day of the last meeting it attended up to the end of
  the year, so that a partner that stopped coming shows at a glance.
- **Action items** per responsible organisation and year of their due date: how many were due,
  done on time, done late, and still open past their due date.
- **Trainings** (meetings of kind ``training``), the competence-raising figures: per
  organisation and year, the trainings held that it was expected at, those at least one of its
  people attended, and how many of its people were trained (distinct people present or
  substitute at a training).

The attendance can be counted for one kind of meeting (``kind``), so that the attendance at
trainings reads like that at network meetings.

The figures count the meetings the caller may see; the coordinator, the security chief and a
report reader count every meeting of the network (:func:`reportable_meetings_q`). Only counts
and dates leave this module, never a title or a line of the minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from network.access import Person, viewer_for
from network.access.reports import reportable_meetings_q
from network.access.rules import parse_id
from network.meetings.models import MeetingKind
from network.models import ActionItem, Attendance, Meeting, Organisation

State = Meeting.State
Status = Attendance.Status
# Meetings that took place: their attendance is recorded.
TOOK_PLACE = (State.HELD, State.APPROVED)
ATTENDED = (Status.PRESENT, Status.SUBSTITUTE)
FIRST_YEAR, LAST_YEAR = 2000, 2999

ATTENDANCE_COLUMNS = (
    "year",
    "organisation",
    "organisation_name",
    "invited",
    "attended",
    "present",
    "excused",
    "absent",
    "substitute",
    "attendance_rate",
    "last_attended",
)
ACTION_ITEM_COLUMNS = (
    "year",
    "organisation",
    "organisation_name",
    "due",
    "done_on_time",
    "done_late",
    "open_overdue",
    "on_time_rate",
)
TRAINING_COLUMNS = (
    "year",
    "organisation",
    "organisation_name",
    "trainings_invited",
    "trainings_attended",
    "people_trained",
)


class AttendanceRow(TypedDict):
    year: int
    organisation: int
    organisation_name: str
    invited: int
    attended: int
    present: int
    excused: int
    absent: int
    substitute: int
    attendance_rate: float | None
    last_attended: str | None


class ActionItemRow(TypedDict):
    year: int
    organisation: int
    organisation_name: str
    due: int
    done_on_time: int
    done_late: int
    open_overdue: int
    on_time_rate: float | None


class TrainingRow(TypedDict):
    year: int
    organisation: int
    organisation_name: str
    trainings_invited: int
    trainings_attended: int
    people_trained: int


@dataclass(frozen=True)
class FollowUpQuery:
    year: int
    network_id: int | None = None
    # One kind of meeting (MeetingKind), or every kind.
    kind: str | None = None


def _values(params: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(params, "getlist", None)
    raw = getlist(name) if getlist is not None else params.get(name)
    if raw is None:
        return []
    return [str(item) for item in (raw if isinstance(raw, list | tuple) else [raw])]


def parse_follow_up_query(
    params: Mapping[str, Any], today: date | None = None, *, by_kind: bool = False
) -> FollowUpQuery:
    """``year`` (this year when left out) and ``network``, and with ``by_kind`` the ``kind`` of
    meeting (every kind when left out); raises ``ValidationError`` with the errors by parameter
    name, never anything else."""
    names = ("year", "network", "kind") if by_kind else ("year", "network")
    errors: dict[str, list[str]] = {
        name: [_("Give this parameter once.")] for name in names if len(_values(params, name)) > 1
    }
    year_text = (_values(params, "year") or [""])[-1].strip()
    year = (today or timezone.localdate()).year
    if year_text and "year" not in errors:
        if not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4):
            errors["year"] = [_("Enter a year as YYYY.")]
        elif not FIRST_YEAR <= int(year_text) <= LAST_YEAR:
            errors["year"] = [
                _("Enter a year from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            ]
        else:
            year = int(year_text)
    network_id = None
    network_text = (_values(params, "network") or [""])[-1].strip()
    if network_text and "network" not in errors:
        network_id = parse_id(network_text)
        if network_id is None:
            errors["network"] = [_("Enter the id of a network.")]
    kind = None
    kind_text = (_values(params, "kind") or [""])[-1].strip() if by_kind else ""
    if kind_text and "kind" not in errors:
        if kind_text in MeetingKind.values:
            kind = kind_text
        else:
            errors["kind"] = [
                _("Choose one of these kinds of meeting: %(kinds)s.")
                % {"kinds": ", ".join(MeetingKind.values)}
            ]
    if errors:
        raise ValidationError(errors)
    return FollowUpQuery(year=year, network_id=network_id, kind=kind)


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(date(year, 1, 1), time.min, tzinfo=zone)
    return start, datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=zone)


class _Count(Func):
    """``COUNT(...)`` of a correlated subquery's rows, as one column with no GROUP BY."""

    function = "COUNT"
    output_field = IntegerField()


class _CountDistinct(_Count):
    template = "COUNT(DISTINCT %(expressions)s)"


def _count(rows: QuerySet[Any], field: str = "pk", *, distinct: bool = False) -> Coalesce:
    counted = (_CountDistinct if distinct else _Count)(F(field))
    return Coalesce(Subquery(rows.order_by().annotate(n=counted).values("n")[:1]), 0)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _took_place(user: Person, query: FollowUpQuery) -> QuerySet[Meeting]:
    """The meetings that took place that the person counts, of the query's kind."""
    seen = Meeting.objects.filter(
        reportable_meetings_q(viewer_for(user), query.network_id), state__in=TOOK_PLACE
    )
    return seen.filter(kind=query.kind) if query.kind else seen


def _expected_at(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings the outer organisation was expected at: invited, organising it, or
    recorded there (a person invited by name brings their organisation along), so that a rate
    of attended per expected never exceeds one."""
    return meetings.filter(
        Q(organisation_id=OuterRef("pk"))
        | Q(invited_organisations=OuterRef("pk"))
        | Q(attendance__organisation_id=OuterRef("pk"))
    )


def attendance_report(user: Person, query: FollowUpQuery) -> list[AttendanceRow]:
    """Attendance per organisation in the year, one query."""
    start, end = _year_bounds(query.year)
    seen = _took_place(user, query)
    in_year = seen.filter(starts_at__gte=start, starts_at__lt=end)
    invited = _expected_at(in_year)
    recorded = Attendance.objects.filter(
        organisation_id=OuterRef("pk"), meeting__in=in_year.values("pk")
    )
    attended_until_end = Attendance.objects.filter(
        organisation_id=OuterRef("pk"),
        status__in=ATTENDED,
        meeting__in=seen.filter(starts_at__lt=end).values("pk"),
    )
    last = (
        attended_until_end.order_by()
        .values("organisation_id")
        .annotate(last=Max("meeting__starts_at"))
        .values("last")
    )
    rows = (
        Organisation.objects.filter(Exists(invited))
        .annotate(
            invited_count=_count(invited, "pk", distinct=True),
            attended_count=_count(
                recorded.filter(status__in=ATTENDED), "meeting_id", distinct=True
            ),
            present_count=_count(recorded.filter(status=Status.PRESENT)),
            excused_count=_count(recorded.filter(status=Status.EXCUSED)),
            absent_count=_count(recorded.filter(status=Status.ABSENT)),
            substitute_count=_count(recorded.filter(status=Status.SUBSTITUTE)),
            last_attended_at=Subquery(last[:1]),
        )
        .order_by("name", "pk")
        .values(
            "pk",
            "name",
            "invited_count",
            "attended_count",
            "present_count",
            "excused_count",
            "absent_count",
            "substitute_count",
            "last_attended_at",
        )
    )
    report: list[AttendanceRow] = []
    for row in rows:
        last_at = row["last_attended_at"]
        report.append(
            {
                "year": query.year,
                "organisation": row["pk"],
                "organisation_name": row["name"],
                "invited": row["invited_count"],
                "attended": row["attended_count"],
                "present": row["present_count"],
                "excused": row["excused_count"],
                "absent": row["absent_count"],
                "substitute": row["substitute_count"],
                "attendance_rate": _rate(row["attended_count"], row["invited_count"]),
                "last_attended": (
                    timezone.localtime(last_at).date().isoformat() if last_at else None
                ),
            }
        )
    return report


def training_report(user: Person, query: FollowUpQuery) -> list[TrainingRow]:
    """The competence-raising figures of the year per organisation, one query: trainings it
    was expected at, trainings at least one of its people attended, and its people trained
    (each person once, however many trainings they attended). Counts only, never names."""
    start, end = _year_bounds(query.year)
    trainings = _took_place(user, replace(query, kind=MeetingKind.TRAINING)).filter(
        starts_at__gte=start, starts_at__lt=end
    )
    invited = _expected_at(trainings)
    trained = Attendance.objects.filter(
        organisation_id=OuterRef("pk"),
        status__in=ATTENDED,
        meeting__in=trainings.values("pk"),
    )
    rows = (
        Organisation.objects.filter(Exists(invited))
        .annotate(
            invited_count=_count(invited, "pk", distinct=True),
            attended_count=_count(trained, "meeting_id", distinct=True),
            people_count=_count(trained, "user_id", distinct=True),
        )
        .order_by("name", "pk")
        .values("pk", "name", "invited_count", "attended_count", "people_count")
    )
    return [
        {
            "year": query.year,
            "organisation": row["pk"],
            "organisation_name": row["name"],
            "trainings_invited": row["invited_count"],
            "trainings_attended": row["attended_count"],
            "people_trained": row["people_count"],
        }
        for row in rows
    ]


def action_item_report(
    user: Person, query: FollowUpQuery, today: date | None = None
) -> list[ActionItemRow]:
    """Action items due in the year per responsible organisation, one query."""
    today = today or timezone.localdate()
    seen = Meeting.objects.filter(
        reportable_meetings_q(viewer_for(user), query.network_id)
    ).exclude(state=State.CANCELLED)
    done = Q(status=ActionItem.Status.DONE, done_on__isnull=False)
    rows = (
        ActionItem.objects.filter(
            meeting__in=seen.values("pk"),
            due_on__gte=date(query.year, 1, 1),
            due_on__lte=date(query.year, 12, 31),
        )
        .exclude(status=ActionItem.Status.CANCELLED)
        .values("owner_organisation_id", "owner_organisation__name")
        .annotate(
            due=Count("pk"),
            done_on_time=Count("pk", filter=done & Q(done_on__lte=F("due_on"))),
            done_late=Count("pk", filter=done & Q(done_on__gt=F("due_on"))),
            open_overdue=Count("pk", filter=Q(status__in=ActionItem.OPEN_STATES, due_on__lt=today)),
        )
        .order_by("owner_organisation__name", "owner_organisation_id")
    )
    return [
        {
            "year": query.year,
            "organisation": row["owner_organisation_id"],
            "organisation_name": row["owner_organisation__name"],
            "due": row["due"],
            "done_on_time": row["done_on_time"],
            "done_late": row["done_late"],
            "open_overdue": row["open_overdue"],
            "on_time_rate": _rate(row["done_on_time"], row["due"]),
        }
        for row in rows
    ]
