"""Writes and audited reads of situational pictures, action plans, measures and indicator values.

Every path calls these. A situational picture holds aggregates, never individuals: text with a
Swedish personal identity number is refused outright, whatever the visibility or reason. Every
read of a picture is written to the audit log, with the part read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from network.access import viewer_for
from network.access.situation import (
    measure_for_read,
    picture_for_read,
    plan_for_read,
    reads_details,
    require_approve_plan,
    require_keep,
    require_keep_new,
    require_plan_open,
)
from network.access.viewer import Viewer
from network.audit.chain import AuditEntry, audit_record, audit_record_many
from network.core.checks import check_members, directions_from_codes, refuse_nul_bytes
from network.events.publish import publish
from network.models import (
    ActionPlan,
    IndicatorValue,
    Measure,
    Network,
    Organisation,
    Problem,
    SituationPicture,
    SituationPictureShare,
    SituationPictureVersion,
    User,
)
from network.personal_data import contains_identity_number

PICTURE_FIELDS = ("period", "visibility", *SituationPicture.TEXT_FIELDS)
MAX_PROBLEMS = 50
# How long ahead of the due date the contact persons are told a revision is near.
REVISION_NOTICE_DAYS = 30


def refuse_individuals(texts: Mapping[str, str]) -> None:
    """Aggregates only: no identity number in any text, whatever the reason."""
    refuse_nul_bytes(texts)
    flagged = sorted(
        name for name, text in texts.items() if text and contains_identity_number(text)
    )
    if flagged:
        message = _(
            "A situational picture describes groups and places, never individuals: remove the "
            "personal identity number."
        )
        raise ValidationError({name: message for name in flagged})


def _department(network: Network, department: Organisation) -> None:
    check_members(network, [department], "department")
    if not department.is_authority:
        raise ValidationError({"department": _("Situational pictures are kept by authorities.")})


def _problems(rows: Iterable[Mapping[str, Any]]) -> list[Problem]:
    problems = []
    for position, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise ValidationError(
                {"problems": _("Each problem has a title, extent and consequences.")}
            )
        problem = Problem(
            position=position,
            title=row.get("title", ""),
            extent=row.get("extent", ""),
            consequences=row.get("consequences", ""),
        )
        try:
            problem.full_clean(exclude=["picture"])
        except ValidationError as error:
            raise ValidationError({"problems": error.messages}) from error
        problems.append(problem)
    if len(problems) > MAX_PROBLEMS:
        raise ValidationError({"problems": _("At most 50 problems.")})
    return problems


def picture_content(picture: SituationPicture) -> dict[str, Any]:
    """The picture as it stands, for its version history."""
    return {
        "period": picture.period,
        "visibility": picture.visibility,
        **{name: getattr(picture, name) for name in SituationPicture.TEXT_FIELDS},
        "problems": [
            {
                "id": problem.pk,
                "title": problem.title,
                "extent": problem.extent,
                "consequences": problem.consequences,
            }
            for problem in picture.problems.order_by("position", "pk")
        ],
    }


def _keep_version(picture: SituationPicture, actor: User) -> SituationPictureVersion:
    return SituationPictureVersion.objects.create(
        picture=picture, number=picture.version, content=picture_content(picture), changed_by=actor
    )


@transaction.atomic
def picture_create(
    *,
    author: User,
    network: Network,
    department: Organisation,
    period: str,
    visibility: str = "organisation",
    problems: Iterable[Mapping[str, Any]] = (),
    **texts: str,
) -> SituationPicture:
    unknown = set(texts) - set(SituationPicture.TEXT_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    require_keep_new(viewer_for(author), network.pk, department.pk)
    _department(network, department)
    picture = SituationPicture(
        network=network,
        department=department,
        period=period,
        visibility=visibility,
        created_by=author,
        **texts,
    )
    picture.full_clean(exclude=["network", "department", "created_by"], validate_constraints=False)
    rows = _problems(problems)
    refuse_individuals(
        {
            **{name: getattr(picture, name) for name in SituationPicture.TEXT_FIELDS},
            **{
                f"problems.{i}": f"{p.title} {p.extent} {p.consequences}"
                for i, p in enumerate(rows)
            },
        }
    )
    if SituationPicture.objects.filter(
        network=network, department=department, period=period
    ).exists():
        raise ValidationError(
            {"period": _("The department already has a picture for this period.")}
        )
    picture.save()
    for problem in rows:
        problem.picture = picture
    Problem.objects.bulk_create(rows)
    _keep_version(picture, author)
    return picture


@transaction.atomic
def picture_update(
    *,
    picture: SituationPicture,
    actor: User,
    problems: Iterable[Mapping[str, Any]] | None = None,
    **changes: Any,
) -> SituationPicture:
    """Change the picture; a new version is kept. Problems given replace the mapping: a problem
    given with its ``id`` is kept (its measures stay linked), one left out is removed unless a
    measure answers it."""
    unknown = set(changes) - set(PICTURE_FIELDS)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed.") for name in sorted(unknown)}
        )
    viewer = viewer_for(actor)
    picture = picture_for_read(viewer, picture.pk, SituationPicture.objects.select_for_update())
    require_keep(viewer, picture)
    for name, value in changes.items():
        setattr(picture, name, value)
    picture.full_clean(exclude=["network", "department", "created_by"], validate_constraints=False)
    texts = {name: getattr(picture, name) for name in SituationPicture.TEXT_FIELDS}
    if problems is not None:
        problems = list(problems)
        rows = _problems(problems)
        texts.update(
            {f"problems.{i}": f"{p.title} {p.extent} {p.consequences}" for i, p in enumerate(rows)}
        )
    refuse_individuals(texts)
    if problems is not None:
        _replace_problems(picture, problems, rows)
    picture.version += 1
    picture.save()
    _keep_version(picture, actor)
    publish(
        {"event": "situation_picture.updated", "situation_picture": picture.pk, "actor": actor.pk}
    )
    return picture


def _replace_problems(
    picture: SituationPicture, given: list[Mapping[str, Any]], rows: list[Problem]
) -> None:
    existing = {problem.pk: problem for problem in picture.problems.all()}
    kept: set[int] = set()
    for data, row in zip(given, rows, strict=True):
        pk = data.get("id")
        if isinstance(pk, int) and pk in existing:
            problem = existing[pk]
            problem.position, problem.title = row.position, row.title
            problem.extent, problem.consequences = row.extent, row.consequences
            problem.save()
            kept.add(pk)
        else:
            row.picture = picture
            row.save()
    removed = [pk for pk in existing if pk not in kept]
    if Measure.objects.filter(problem_id__in=removed).exists():
        raise ValidationError(
            {"problems": _("A problem that a measure answers cannot be removed.")}
        )
    Problem.objects.filter(pk__in=removed).delete()


# Reading, audited


def _via(detail: dict[str, Any], via: str | None) -> dict[str, Any]:
    """The path a read came through (``page``, ``api``, ``admin``), where the caller says it:
    the address alone does not tell a printed export from a glance at the admin."""
    return {**detail, "via": via} if via else detail


def picture_read(
    *,
    user: User,
    pk: object,
    remote_addr: str | None = None,
    part: str | None = None,
    what: str = "picture",
    via: str | None = None,
    queryset: QuerySet[SituationPicture] | None = None,
) -> tuple[SituationPicture, bool]:
    """The picture for reading, and whether the reader sees its detailed part; the read is
    written to the audit log (who, which picture, which part, from where, through which path).

    ``part`` narrows what is read to ``summary``; by default the reader reads all they may.
    ``what`` says what was read of it: the ``picture`` as it stands, its ``versions``, or an
    ``export`` (a print copy). ``queryset`` narrows further where a path shows fewer pictures
    than the reader reads (the admin shows those of the networks the reader oversees).
    """
    viewer = viewer_for(user)
    picture = picture_for_read(viewer, pk, queryset)
    details = reads_details(viewer, picture) and part != "summary"
    audit_record(
        actor=user,
        action="situation_picture.read",
        obj=picture,
        network=picture.network,
        remote_addr=remote_addr,
        detail=_via(
            {
                "part": "details" if details else "summary",
                "what": what,
                "version": picture.version,
            },
            via,
        ),
    )
    return picture, details


def pictures_listed(
    *,
    user: User,
    pictures: Iterable[SituationPicture],
    remote_addr: str | None,
    via: str | None = None,
) -> None:
    """A list shows each picture's summary: one audit event per picture shown, written
    together, so that a page of the list costs the same whatever its length."""
    audit_record_many(
        [
            AuditEntry(
                actor=user,
                action="situation_picture.listed",
                obj=picture,
                network=picture.network,
                remote_addr=remote_addr,
                detail=_via({"part": "summary"}, via),
            )
            for picture in pictures
        ]
    )


def plan_exported(
    *, user: User, plan: ActionPlan, remote_addr: str | None, via: str | None = None
) -> None:
    """An export leaves the platform as a file: who took which plan, from where, is kept."""
    audit_record(
        actor=user,
        action="action_plan.read",
        obj=plan,
        network=plan.network,
        remote_addr=remote_addr,
        detail=_via({"what": "export"}, via),
    )


@transaction.atomic
def picture_share(
    *, picture: SituationPicture, actor: User, organisation: Organisation, shared: bool = True
) -> None:
    """Let one other authority of the network read the summary (or stop it)."""
    viewer = viewer_for(actor)
    picture = picture_for_read(viewer, picture.pk)
    require_keep(viewer, picture)
    if shared:
        check_members(picture.network, [organisation], "organisation")
        if not organisation.is_authority:
            raise ValidationError(
                {"organisation": _("A situational picture is shared with authorities only.")}
            )
        SituationPictureShare.objects.get_or_create(
            picture=picture, organisation=organisation, defaults={"shared_by": actor}
        )
    else:
        SituationPictureShare.objects.filter(picture=picture, organisation=organisation).delete()
    audit_record(
        actor=actor,
        action="situation_picture.shared" if shared else "situation_picture.unshared",
        obj=picture,
        network=picture.network,
        detail={"organisation": organisation.pk},
    )


# Action plans


def _next_revision(revised_on: date) -> date:
    return revised_on + relativedelta(years=1)


@transaction.atomic
def plan_create(
    *,
    author: User,
    network: Network,
    department: Organisation,
    year: int,
    title: str,
    visibility: str = "organisation",
    decided_by_body: str = "",
    decided_on: date | None = None,
    reference_number: str = "",
) -> ActionPlan:
    require_keep_new(viewer_for(author), network.pk, department.pk)
    _department(network, department)
    revised_on = decided_on or timezone.localdate()
    plan = ActionPlan(
        network=network,
        department=department,
        year=year,
        title=title,
        visibility=visibility,
        decided_by_body=decided_by_body,
        decided_on=decided_on,
        reference_number=reference_number,
        revised_on=revised_on,
        next_revision_due=_next_revision(revised_on),
        created_by=author,
    )
    plan.full_clean(exclude=["network", "department", "created_by"], validate_constraints=False)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give a year between 2000 and 2100.")})
    refuse_individuals({name: getattr(plan, name) for name in ActionPlan.TEXT_FIELDS})
    if ActionPlan.objects.filter(network=network, department=department, year=year).exists():
        raise ValidationError({"year": _("The department already has a plan for this year.")})
    plan.save()
    return plan


@transaction.atomic
def plan_revise(
    *,
    plan: ActionPlan,
    actor: User,
    revised_on: date,
    decided_by_body: str | None = None,
    reference_number: str | None = None,
) -> ActionPlan:
    """The yearly revision: the next is due a year later, and a new approval is needed."""
    viewer = viewer_for(actor)
    plan = plan_for_read(viewer, plan.pk, ActionPlan.objects.select_for_update())
    require_keep(viewer, plan)
    if revised_on > timezone.localdate():
        raise ValidationError({"revised_on": _("A revision is dated today or earlier.")})
    plan.revised_on = revised_on
    plan.decided_on = revised_on
    plan.next_revision_due = _next_revision(revised_on)
    if decided_by_body is not None:
        plan.decided_by_body = decided_by_body
    if reference_number is not None:
        plan.reference_number = reference_number
    plan.approved_by = None
    plan.approved_at = None
    refuse_individuals({name: getattr(plan, name) for name in ActionPlan.TEXT_FIELDS})
    plan.full_clean(
        exclude=["network", "department", "created_by", "approved_by"], validate_constraints=False
    )
    plan.save()
    return plan


PLAN_FIELDS = ("title", "visibility", "decided_by_body", "decided_on", "reference_number")


@transaction.atomic
def plan_update(*, plan: ActionPlan, actor: User, **changes: Any) -> ActionPlan:
    """Change the plan's title, visibility or decision; the year and department stay, and an
    approved plan changes only through a revision (:func:`plan_revise`)."""
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed.") for name in sorted(unknown)}
        )
    viewer = viewer_for(actor)
    plan = plan_for_read(viewer, plan.pk, ActionPlan.objects.select_for_update())
    require_keep(viewer, plan)
    require_plan_open(plan)
    for name, value in changes.items():
        setattr(plan, name, value)
    plan.full_clean(
        exclude=["network", "department", "created_by", "approved_by"], validate_constraints=False
    )
    refuse_individuals({name: getattr(plan, name) for name in ActionPlan.TEXT_FIELDS})
    plan.save()
    return plan


@transaction.atomic
def plan_approve(*, plan: ActionPlan, actor: User) -> ActionPlan:
    viewer = viewer_for(actor)
    plan = plan_for_read(viewer, plan.pk, ActionPlan.objects.select_for_update())
    require_approve_plan(viewer, plan)
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    plan.save(update_fields=["approved_by", "approved_at", "updated_at"])
    audit_record(actor=actor, action="action_plan.approved", obj=plan, network=plan.network)
    return plan


MEASURE_FIELDS = (
    "problem",
    "title",
    "owner_organisation",
    "owner",
    "direction",
    "expected_effect",
    "horizon",
    "indicator",
    "baseline",
    "target",
    "comparison",
    "status",
    "status_comment",
)


def _check_measure(measure: Measure) -> None:
    plan = measure.plan
    if measure.problem_id is None:
        raise ValidationError(
            {"problem": _("A measure answers a problem of the department's situational picture.")}
        )
    problem = measure.problem
    if (
        problem.picture.department_id != plan.department_id
        or problem.picture.network_id != plan.network_id
    ):
        raise ValidationError(
            {"problem": _("A measure answers a problem of the department's situational picture.")}
        )
    check_members(plan.network, [measure.owner_organisation], "owner_organisation")
    if measure.owner is not None and measure.owner.organisation_id != measure.owner_organisation_id:
        raise ValidationError(
            {"owner": _("The responsible person belongs to the responsible organisation.")}
        )
    measure.full_clean(
        exclude=["plan", "problem", "owner_organisation", "owner", "direction"],
        validate_constraints=False,
    )
    refuse_individuals({name: getattr(measure, name) for name in Measure.TEXT_FIELDS})


@transaction.atomic
def measure_add(
    *, plan: ActionPlan, actor: User, direction: str, problem: Problem | None, **fields: Any
) -> Measure:
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    viewer = viewer_for(actor)
    plan = plan_for_read(viewer, plan.pk)
    require_keep(viewer, plan)
    measure = Measure(
        plan=plan,
        problem=problem,
        direction=directions_from_codes([direction], "direction")[0],
        **fields,
    )
    _check_measure(measure)
    measure.save()
    return measure


def _measure_for_change(viewer: Viewer, measure: Measure) -> Measure:
    """The measure as it stands, locked until the write commits, if the viewer keeps its plan."""
    current = measure_for_read(viewer, measure.pk, Measure.objects.select_for_update())
    require_keep(viewer, current.plan)
    return current


@transaction.atomic
def measure_update(*, measure: Measure, actor: User, **changes: Any) -> Measure:
    unknown = set(changes) - set(MEASURE_FIELDS)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed.") for name in sorted(unknown)}
        )
    viewer = viewer_for(actor)
    measure = _measure_for_change(viewer, measure)
    if "direction" in changes:
        changes["direction"] = directions_from_codes([changes["direction"]], "direction")[0]
    for name, value in changes.items():
        setattr(measure, name, value)
    _check_measure(measure)
    measure.save()
    return measure


@transaction.atomic
def indicator_record(
    *,
    measure: Measure,
    actor: User,
    period: str,
    value: Decimal,
    kind: str = IndicatorValue.Kind.FOLLOW_UP,
    note: str = "",
) -> IndicatorValue:
    """One reading of the indicator for a period; a second for the same period replaces it."""
    viewer = viewer_for(actor)
    measure = _measure_for_change(viewer, measure)
    reading = IndicatorValue.objects.filter(measure=measure, period=period, kind=kind).first()
    reading = reading or IndicatorValue(measure=measure, period=period, kind=kind)
    reading.value = value
    reading.note = note
    reading.created_by = actor
    reading.full_clean(exclude=["measure", "created_by"], validate_constraints=False)
    refuse_individuals({"note": note})
    reading.save()
    return reading


def remind_revisions(today: date | None = None) -> int:
    """Tell the contact persons and the coordinator that a plan's revision is near (within
    :data:`REVISION_NOTICE_DAYS`) and again when it is late; each once per due date, safe to run
    twice, or twice at once."""
    today = today or timezone.localdate()
    sent = 0
    near = ActionPlan.objects.filter(
        next_revision_due__lte=today + timedelta(days=REVISION_NOTICE_DAYS)
    )
    for pk, due in list(near.values_list("pk", "next_revision_due")):
        field = "revision_overdue_reminded_for" if due < today else "revision_reminded_for"
        with transaction.atomic():
            claimed = (
                ActionPlan.objects.filter(pk=pk, next_revision_due=due)
                .exclude(**{field: due})
                .update(**{field: due})
            )
            if claimed:
                publish({"event": "action_plan.revision_due", "action_plan": pk, "actor": None})
                sent += 1
    return sent
