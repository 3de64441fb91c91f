"""Reads of situational pictures, action plans and the chain from problem to follow-up.

Lists of pictures show summaries only; a picture's detailed part is read through
:func:`network.situation.services.picture_read`, which writes the read to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from network.access.activities import activity_visible_q
from network.access.situation import measure_visible_q, picture_visible_q, plan_visible_q
from network.access.viewer import Viewer
from network.models import (
    ActionPlan,
    Activity,
    IndicatorValue,
    Measure,
    Problem,
    SituationPicture,
)


def pictures_for(viewer: Viewer) -> QuerySet[SituationPicture]:
    return SituationPicture.objects.filter(picture_visible_q(viewer)).select_related(
        "network", "department"
    )


def plans_for(viewer: Viewer) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(plan_visible_q(viewer)).select_related("network", "department")


def measures_for(viewer: Viewer) -> QuerySet[Measure]:
    return Measure.objects.filter(measure_visible_q(viewer)).select_related(
        "plan", "problem", "direction", "owner_organisation", "owner"
    )


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
        .select_related("picture", "picture__department")
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
