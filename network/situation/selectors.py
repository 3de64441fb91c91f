"""Reads of situational pictures, action plans and the chain from problem to follow-up.

Lists of pictures show summaries only; a picture's detailed part is read through
:func:`network.situation.services.picture_read`, which writes the read to the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from network.access.activities import activity_visible_q
from network.access.situation import (
    measure_problem_seen,
    measure_visible_q,
    picture_details_q,
    picture_visible_q,
    plan_visible_q,
    problem_shown,
)
from network.access.viewer import Viewer
from network.models import (
    ActionPlan,
    Activity,
    AuditEvent,
    IndicatorValue,
    Measure,
    Problem,
    SituationPicture,
)


def pictures_for(viewer: Viewer) -> QuerySet[SituationPicture]:
    return SituationPicture.objects.filter(picture_visible_q(viewer)).select_related(
        "network", "department"
    )


# A search holds at most this many words: each is one more condition on every row.
MAX_SEARCH_WORDS = 10
# What every reader of a picture may search: its summary, the titles of its problems, and the
# department and period that name it in every list.
SUMMARY_SEARCH = ("department__name", "period", *SituationPicture.SUMMARY_FIELDS)


def _words(text: str) -> list[str]:
    return (text or "").split()[:MAX_SEARCH_WORDS]


def _any_contains(fields: tuple[str, ...], word: str) -> Q:
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__icontains": word})
    return found


def pictures_matching(
    viewer: Viewer, rows: QuerySet[SituationPicture], text: str
) -> QuerySet[SituationPicture]:
    """The pictures of ``rows`` in which every word of ``text`` occurs, in any letter case.

    The summary and the problems' titles are searched for every reader; the detailed part only
    where the viewer reads it (:func:`picture_details_q`). Otherwise a search would answer
    whether a hidden text holds a word: an oracle on the very part it may not read.
    """
    for word in _words(text):
        in_problems = Problem.objects.filter(picture_id=OuterRef("pk"), title__icontains=word)
        in_details = picture_details_q(viewer) & _any_contains(SituationPicture.DETAIL_FIELDS, word)
        rows = rows.filter(
            _any_contains(SUMMARY_SEARCH, word) | Q(Exists(in_problems)) | in_details
        )
    return rows


def plans_matching(rows: QuerySet[ActionPlan], text: str) -> QuerySet[ActionPlan]:
    """The plans of ``rows`` in whose title or measures' titles every word of ``text`` occurs.
    A plan's reader reads all its measures, so nothing here is narrower than the plan."""
    for word in _words(text):
        in_measures = Measure.objects.filter(plan_id=OuterRef("pk"), title__icontains=word)
        rows = rows.filter(
            _any_contains(("title", "department__name"), word) | Q(Exists(in_measures))
        )
    return rows


def plans_for(viewer: Viewer) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(plan_visible_q(viewer)).select_related("network", "department")


# A measure's problem comes with its picture and network, to audit the pictures whose problems
# are shown at no cost per row; the picture's texts stay in the database.
PROBLEM_PICTURE_TEXTS = tuple(f"problem__picture__{name}" for name in SituationPicture.TEXT_FIELDS)


def measures_for(viewer: Viewer) -> QuerySet[Measure]:
    """The measures of the plans the viewer reads, each annotated with whether the viewer may
    see the problem it answers (read it with :func:`network.access.situation.problem_shown`)."""
    return (
        Measure.objects.filter(measure_visible_q(viewer))
        .select_related(
            "plan", "problem__picture__network", "direction", "owner_organisation", "owner"
        )
        .defer(*PROBLEM_PICTURE_TEXTS)
        .annotate(problem_seen=measure_problem_seen(viewer))
    )


def pictures_shown_by(measures: Iterable[Measure]) -> list[SituationPicture]:
    """The pictures whose problems ``measures`` show their reader, each once, in order. A
    problem is part of its picture's summary: showing it is a read of that summary, which the
    caller writes to the audit log as a list writes it (``services.pictures_listed``)."""
    shown: dict[int, SituationPicture] = {}
    for measure in measures:
        problem = problem_shown(measure)
        if problem is not None:
            shown.setdefault(problem.picture_id, problem.picture)
    return list(shown.values())


def plan_chain(viewer: Viewer, plan: ActionPlan) -> QuerySet[Measure]:
    """The plan's measures with their problem, the activities carrying them out that the viewer
    may see, and their indicator values: the chain at a glance, in a fixed number of queries."""
    activities = Activity.objects.filter(activity_visible_q(viewer)).order_by("starts_on", "pk")
    return (
        measures_for(viewer)
        .filter(plan=plan)
        .prefetch_related(
            Prefetch("activities", queryset=activities),
            Prefetch("values", queryset=IndicatorValue.objects.order_by("period", "kind")),
        )
        .order_by("problem__position", "pk")
    )


@dataclass(frozen=True)
class Gaps:
    """Where the chain breaks, for one network and one period of follow-up."""

    problems_without_measures: list[Problem]
    measures_without_activities: list[Measure]
    measures_without_values: list[Measure]


def gaps(viewer: Viewer, network_id: int, period: str) -> Gaps:
    """Problems without measures, measures without activities the viewer may see, and measures
    with no indicator value for ``period``; each only of what the viewer may read."""
    problems = (
        Problem.objects.filter(
            picture_visible_q(viewer, "picture__"), picture__network_id=network_id
        )
        .annotate(measure_count=Count("measures"))
        .filter(measure_count=0)
        .select_related("picture__department", "picture__network")
        .order_by("picture__department__name", "position", "pk")
    )
    measures = measures_for(viewer).filter(plan__network_id=network_id)
    carried = Activity.objects.filter(activity_visible_q(viewer), measure_id=OuterRef("pk"))
    valued = IndicatorValue.objects.filter(measure_id=OuterRef("pk"), period=period)
    order = ("direction__position", "plan__department__name", "pk")
    return Gaps(
        problems_without_measures=list(problems),
        measures_without_activities=list(
            measures.filter(~Q(Exists(carried))).select_related("plan__department").order_by(*order)
        ),
        measures_without_values=list(
            measures.filter(~Q(Exists(valued))).select_related("plan__department").order_by(*order)
        ),
    )


def picture_log(picture: SituationPicture) -> QuerySet[AuditEvent]:
    """Who read, listed, shared or changed the picture, from where and through which path,
    newest first: the picture's part of the audit log."""
    return (
        AuditEvent.objects.filter(
            object_type=SituationPicture._meta.model_name, object_id=picture.pk
        )
        .select_related("actor__organisation")
        .order_by("-pk")
    )
