"""Action plans whose measures activities carry out, written through the services.

| plan        | department (visibility)            | read by (in ``net``)                             |
|-------------|------------------------------------|--------------------------------------------------|
| school_plan | Skol- och fritid (authorities)     | coordinator, security chief, contact person,     |
|             |                                    | police; never civil society                      |
| social_plan | Socialförvaltningen (organisation) | coordinator (of Socialförvaltningen), security   |
|             |                                    | chief                                            |
| other_plan  | Grannkommunen, in ``other_net``    | nobody of ``net``                                |

Measures: ``attendance`` (school plan, the school responsible), ``patrols`` (school plan, the
police responsible), ``outreach`` (social plan) and ``elsewhere`` (other plan).
"""

from dataclasses import dataclass

from network.models import ActionPlan, Measure, Problem, SituationPicture, StrategicDirection
from network.situation import services
from tests.conftest import World


@dataclass
class Plans:
    school_plan: ActionPlan
    social_plan: ActionPlan
    other_plan: ActionPlan
    attendance: Measure
    patrols: Measure
    outreach: Measure
    elsewhere: Measure


def make_plans(world: World) -> Plans:
    school_picture = services.picture_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        period="2026",
        visibility="authorities",
        problems=[{"title": "Skolfrånvaro"}, {"title": "Oro vid köpcentret"}],
    )
    absence, unrest = school_picture.problems.order_by("position")
    school_plan = services.plan_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        year=2026,
        title="Skolans handlingsplan",
        visibility="authorities",
    )
    attendance = services.measure_add(
        plan=school_plan,
        actor=world.contact_person,
        direction="prevention",
        problem=absence,
        title="Närvaroteam",
        owner_organisation=world.school,
    )
    patrols = services.measure_add(
        plan=school_plan,
        actor=world.contact_person,
        direction="prevention",
        problem=unrest,
        title="Kvällspatrullering",
        owner_organisation=world.police_org,
    )
    social_picture = services.picture_create(
        author=world.coordinator,
        network=world.net,
        department=world.social,
        period="2026",
        problems=[{"title": "Unga i riskmiljöer"}],
    )
    social_plan = services.plan_create(
        author=world.coordinator,
        network=world.net,
        department=world.social,
        year=2026,
        title="Socialtjänstens handlingsplan",
    )
    outreach = services.measure_add(
        plan=social_plan,
        actor=world.coordinator,
        direction="competence",
        problem=social_picture.problems.get(),
        title="Uppsökande arbete",
        owner_organisation=world.social,
    )
    # No one of the other network keeps plans: written as the database holds them.
    other_picture = SituationPicture.objects.create(
        network=world.other_net, department=world.other_org, period="2026"
    )
    other_plan = ActionPlan.objects.create(
        network=world.other_net,
        department=world.other_org,
        year=2026,
        title="Grannkommunens plan",
        revised_on="2026-01-01",
        next_revision_due="2027-01-01",
    )
    elsewhere = Measure.objects.create(
        plan=other_plan,
        problem=Problem.objects.create(picture=other_picture, title="Otrygghet"),
        title="Grannkommunens åtgärd",
        owner_organisation=world.other_org,
        direction=StrategicDirection.objects.get(code="prevention"),
    )
    return Plans(
        school_plan=school_plan,
        social_plan=social_plan,
        other_plan=other_plan,
        attendance=attendance,
        patrols=patrols,
        outreach=outreach,
        elsewhere=elsewhere,
    )
