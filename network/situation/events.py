"""Who is told of a situational picture or an action plan: only those who may read it."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import override

from network.access.rules import holds_role_q
from network.access.situation import KEEPER_ROLES, picture_readers, plan_readers
from network.access.viewer import COORDINATOR_ROLES
from network.models import ActionPlan, SituationPicture, User

Target = tuple[str, int, int, str, str, QuerySet[User]]


def _url(name: str, pk: int) -> str:
    with override("sv"):
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            return reverse("frontend:home")


def picture_target(picture_id: int) -> Target | None:
    """Everyone who reads the picture is told it changed. The title names the department and
    the period, nothing of the content."""
    picture = SituationPicture.objects.select_related("department").filter(pk=picture_id).first()
    if picture is None:
        return None
    title = f"{picture.department.name} · {picture.period}"
    url = _url("frontend:situation_picture_detail", picture.pk)
    return (
        "situation_picture",
        picture.pk,
        picture.network_id,
        title,
        url,
        picture_readers(picture),
    )


def plan_target(plan_id: int) -> Target | None:
    """A revision due: the department's contact persons and the coordinator, among readers."""
    plan = ActionPlan.objects.select_related("department").filter(pk=plan_id).first()
    if plan is None:
        return None
    concerned = (
        Q(organisation_id=plan.department_id) & holds_role_q(plan.network_id, KEEPER_ROLES)
    ) | holds_role_q(plan.network_id, COORDINATOR_ROLES)
    title = f"{plan.title} ({plan.department.name}, {plan.year})"
    url = _url("frontend:action_plan_detail", plan.pk)
    return (
        "action_plan",
        plan.pk,
        plan.network_id,
        title,
        url,
        plan_readers(plan).filter(concerned),
    )
