"""Situational pictures and action plans: the strictest rules of the platform.

- Civil society reads nothing of them, not even that they exist: every predicate here is empty
  for a person of a civil-society organisation, whatever their role, share or visibility says.
- The summary of a picture is read by the owning department, the coordinator and the security
  chief; by every authority of the network when its visibility is ``authorities``; and by an
  authority the department shared it with (:class:`SituationPictureShare`).
- The detailed part (groups, areas, recruitment venues) is read only by the owning department,
  the coordinator and the security chief.
- An action plan and its measures are read like a picture's summary (without shares). The
  problem a measure answers is part of its picture's summary: a reader of the plan sees it only
  if they read that summary too (:func:`measure_problem_seen`).
- The department's contact persons and the coordinator write; the security chief approves
  action plans.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from network.access.rules import everything, fetch_visible, holds_role_q, nothing
from network.access.viewer import (
    COORDINATOR_ROLES,
    OVERSIGHT_ROLES,
    PARTICIPANT_ROLES,
    SECURITY_ROLES,
    Roles,
    Viewer,
)
from network.errors import Conflict, Forbidden, NotFound
from network.models import (
    ActionPlan,
    Measure,
    Problem,
    SituationPicture,
    SituationPictureShare,
    User,
)

KEEPER_ROLES = frozenset({Roles.CONTACT_PERSON})


def _department_read_q(viewer: Viewer, prefix: str, *, shares: bool) -> Q:
    """The rows of departments' documents (pictures, plans) the viewer reads the summary of."""
    if viewer.is_superuser:
        return everything(prefix)
    if viewer.is_anonymous or not viewer.is_authority:
        return nothing()  # civil society: nothing, whatever its roles
    p = prefix
    predicate = nothing()
    overseen = viewer.networks_with(OVERSIGHT_ROLES)
    if overseen:
        predicate |= Q(**{f"{p}network_id__in": overseen})
    taking_part = [n for n in viewer.networks_with(PARTICIPANT_ROLES) if n not in overseen]
    if taking_part and viewer.is_authority and viewer.organisation_id is not None:
        seen = Q(**{f"{p}department_id": viewer.organisation_id}) | Q(
            **{f"{p}visibility": "authorities"}
        )
        if shares:
            shared = SituationPictureShare.objects.filter(
                picture_id=OuterRef(f"{p}pk"), organisation_id=viewer.organisation_id
            )
            seen |= Q(Exists(shared))
        predicate |= Q(**{f"{p}network_id__in": taking_part}) & seen
    return predicate


def may_read_situation(viewer: Viewer) -> bool:
    """Whether the person reads any situational picture or action plan at all: for menus. An
    authority's people taking part in a network, and superusers; never civil society."""
    return viewer.is_superuser or (
        viewer.is_authority and bool(viewer.networks_with(PARTICIPANT_ROLES))
    )


def picture_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    """The pictures whose summary the viewer reads: one SQL predicate."""
    return _department_read_q(viewer, prefix, shares=True)


def picture_details_q(viewer: Viewer, prefix: str = "") -> Q:
    """The pictures whose detailed part the viewer reads too."""
    if viewer.is_superuser:
        return everything(prefix)
    if viewer.is_anonymous or not viewer.is_authority:
        return nothing()  # civil society: nothing, whatever its roles
    p = prefix
    predicate = nothing()
    overseen = viewer.networks_with(OVERSIGHT_ROLES)
    if overseen:
        predicate |= Q(**{f"{p}network_id__in": overseen})
    taking_part = viewer.networks_with(PARTICIPANT_ROLES)
    if taking_part and viewer.is_authority and viewer.organisation_id is not None:
        predicate |= Q(
            **{f"{p}network_id__in": taking_part, f"{p}department_id": viewer.organisation_id}
        )
    return predicate


def reads_details(viewer: Viewer, picture: SituationPicture) -> bool:
    if viewer.is_superuser:
        return True
    if not viewer.is_authority:
        return False
    if viewer.roles_in(picture.network_id) & OVERSIGHT_ROLES:
        return True
    return picture.department_id == viewer.organisation_id and bool(
        viewer.roles_in(picture.network_id) & PARTICIPANT_ROLES
    )


def keeps(viewer: Viewer, network_id: int, department_id: int) -> bool:
    """Writes the department's picture and plan: its contact persons, and the coordinator."""
    if viewer.is_superuser:
        return True
    if not viewer.is_authority:
        return False
    if viewer.has_role(network_id, COORDINATOR_ROLES):
        return True
    return viewer.organisation_id == department_id and bool(
        viewer.roles_in(network_id) & KEEPER_ROLES
    )


def picture_for_read(
    viewer: Viewer, pk: object, queryset: QuerySet[SituationPicture] | None = None
) -> SituationPicture:
    rows = (
        queryset
        if queryset is not None
        else SituationPicture.objects.select_related("network", "department")
    )
    return fetch_visible(
        rows.filter(picture_visible_q(viewer)), pk, _("No such situational picture.")
    )


def require_keep(viewer: Viewer, picture_or_plan: SituationPicture | ActionPlan) -> None:
    if not keeps(viewer, picture_or_plan.network_id, picture_or_plan.department_id):
        raise Forbidden(_("Only the department's contact persons and the coordinator write this."))


def require_keep_new(viewer: Viewer, network_id: int, department_id: int) -> None:
    """For a new picture or plan: not found for those who may not even see such documents."""
    if not (
        viewer.is_superuser
        or (viewer.is_authority and viewer.has_role(network_id, PARTICIPANT_ROLES))
    ):
        raise NotFound(_("No such department."))
    if not keeps(viewer, network_id, department_id):
        raise Forbidden(_("Only the department's contact persons and the coordinator write this."))


def picture_readers(picture: SituationPicture, *, details: bool = False) -> QuerySet[User]:
    """Everyone who reads the picture (its detailed part with ``details``), as one query."""
    network_id = picture.network_id
    own = Q(organisation_id=picture.department_id, organisation__is_authority=True)
    if not details:
        if picture.visibility == "authorities":
            own = Q(organisation__is_authority=True)
        own |= Q(
            organisation__is_authority=True,
            organisation__in=SituationPictureShare.objects.filter(picture=picture).values(
                "organisation_id"
            ),
        )
    return User.objects.filter(
        Q(is_active=True)
        & (
            Q(is_superuser=True)
            | (
                Q(organisation__is_authority=True)
                & (
                    holds_role_q(network_id, OVERSIGHT_ROLES)
                    | (holds_role_q(network_id, PARTICIPANT_ROLES) & own)
                )
            )
        )
    )


# Action plans and their measures


def plan_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    return _department_read_q(viewer, prefix, shares=False)


def measure_visible_q(viewer: Viewer) -> Q:
    return plan_visible_q(viewer, "plan__")


def measure_problem_seen(viewer: Viewer) -> Exists:
    """On measure rows: whether the viewer may see the problem the measure answers (its title,
    extent and consequences, and whatever else of its picture). A plan may be read more widely
    than the picture its measures answer (a plan for the authorities, a picture the department
    keeps to itself), and a problem is part of its picture's summary: only a reader of that
    summary sees it. Any other reader of the plan sees that the measure answers a problem of
    the department's picture, not which one, not even its id."""
    return Exists(
        Problem.objects.filter(picture_visible_q(viewer, "picture__"), pk=OuterRef("problem_id"))
    )


def problem_shown(measure: Measure) -> Problem | None:
    """The problem of a measure row annotated with :func:`measure_problem_seen` (as
    ``problem_seen``), if its reader may see it. A row without the annotation shows none,
    rather than one its reader may not read."""
    return measure.problem if getattr(measure, "problem_seen", False) else None


# Activities carrying measures out


def measure_linkable_q(viewer: Viewer) -> Q:
    """The measures the viewer may link an activity to: of a plan they read, where their
    organisation is the plan's department or the measure's owner, or they coordinate the
    network. Reading the plan alone is not enough: another department's plan is not theirs to
    report on."""
    if viewer.is_superuser:
        return everything()
    coordinated = viewer.networks_with(COORDINATOR_ROLES)
    linking = Q(plan__network_id__in=coordinated) if coordinated else nothing()
    taking_part = viewer.networks_with(PARTICIPANT_ROLES)
    if taking_part and viewer.organisation_id is not None:
        linking |= Q(plan__network_id__in=taking_part) & (
            Q(plan__department_id=viewer.organisation_id)
            | Q(owner_organisation_id=viewer.organisation_id)
        )
    return measure_visible_q(viewer) & linking


def may_link_measure(viewer: Viewer, measure: Measure) -> bool:
    """:func:`measure_linkable_q` for one measure the viewer already sees (its plan loaded)."""
    if viewer.is_superuser:
        return True
    network_id = measure.plan.network_id
    if viewer.has_role(network_id, COORDINATOR_ROLES):
        return True
    return (
        viewer.organisation_id is not None
        and viewer.organisation_id in (measure.plan.department_id, measure.owner_organisation_id)
        and bool(viewer.roles_in(network_id) & PARTICIPANT_ROLES)
    )


def measure_for_linking(viewer: Viewer, network_id: int, pk: object) -> Measure:
    """The measure an activity of the network may be linked to. Not found, with one message,
    for a measure that does not exist and one the viewer may not see: a link refused must not
    tell that a plan exists."""
    measure = measure_for_read(viewer, pk)
    if measure.plan.network_id != network_id:
        raise Forbidden(_("The measure belongs to another network's action plan."))
    if not may_link_measure(viewer, measure):
        raise Forbidden(
            _(
                "Only the department's people, the measure's owner organisation and the "
                "coordinator link activities to this measure."
            )
        )
    return measure


def activity_measure_seen(viewer: Viewer) -> Exists:
    """On activity rows: whether the viewer may see the measure the activity carries out (they
    read its plan). An activity shows its measure only to them; to anyone else it shows none."""
    return Exists(Measure.objects.filter(measure_visible_q(viewer), pk=OuterRef("measure_id")))


def measure_seen_on_activity(viewer: Viewer, measure_id: int | None) -> Measure | None:
    """The measure an activity carries out, with its plan, if the viewer reads that plan."""
    if measure_id is None:
        return None
    return (
        Measure.objects.filter(measure_visible_q(viewer), pk=measure_id)
        .select_related("plan", "plan__department")
        .first()
    )


def carrying_out_q(viewer: Viewer, measure_id: int) -> Q:
    """On activity rows: those carrying out the measure, if the viewer sees it; none otherwise,
    so that filtering by an unseen measure answers like filtering by one that does not exist."""
    return Q(
        measure__in=Measure.objects.filter(measure_visible_q(viewer), pk=measure_id).values("pk")
    )


def plan_for_read(
    viewer: Viewer, pk: object, queryset: QuerySet[ActionPlan] | None = None
) -> ActionPlan:
    rows = (
        queryset
        if queryset is not None
        else ActionPlan.objects.select_related("network", "department")
    )
    return fetch_visible(rows.filter(plan_visible_q(viewer)), pk, _("No such action plan."))


def measure_for_read(
    viewer: Viewer, pk: object, queryset: QuerySet[Measure] | None = None
) -> Measure:
    rows = (queryset if queryset is not None else Measure.objects).select_related(
        "plan", "plan__network", "problem"
    )
    return fetch_visible(rows.filter(measure_visible_q(viewer)), pk, _("No such measure."))


def require_approve_plan(viewer: Viewer, plan: ActionPlan) -> None:
    if not viewer.has_role(plan.network_id, SECURITY_ROLES):
        raise Forbidden(_("The security chief approves action plans."))


def reads_picture_log(viewer: Viewer, picture: SituationPicture) -> bool:
    """Whether the viewer reads who read and changed the picture: the security chief of its
    network (who reads the network's audit log), and superusers."""
    return viewer.has_role(picture.network_id, SECURITY_ROLES)


def require_picture_log(viewer: Viewer, picture: SituationPicture) -> None:
    """Refuse the picture's read log to a reader of the picture who does not read the audit
    log: the picture exists for them, its log does not."""
    if not reads_picture_log(viewer, picture):
        raise Forbidden(_("The security chief reads who read a situational picture."))


def require_plan_open(plan: ActionPlan) -> None:
    """What the security chief approved changes only through a revision, which asks for a new
    approval; the measures' follow-up goes on."""
    if plan.approved_at is not None:
        raise Conflict(
            _("The plan is approved: revise it to change it, and it needs a new approval.")
        )


def plan_readers(plan: ActionPlan) -> QuerySet[User]:
    own = Q(organisation_id=plan.department_id, organisation__is_authority=True)
    if plan.visibility == "authorities":
        own = Q(organisation__is_authority=True)
    return User.objects.filter(
        Q(is_active=True)
        & (
            Q(is_superuser=True)
            | (
                Q(organisation__is_authority=True)
                & (
                    holds_role_q(plan.network_id, OVERSIGHT_ROLES)
                    | (holds_role_q(plan.network_id, PARTICIPANT_ROLES) & own)
                )
            )
        )
    )
