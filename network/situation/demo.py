"""The demo departments' situational pictures and action plans, linked to their activities.

Made through the services, once per network: the social services' and the school department's
pictures for this year, each with its problems; a plan for each with measures answering them,
a year of quarterly indicator values, and some of the department's activities carrying the
measures out. One problem of each picture is left without a measure, so that the gap page has
something to show. Aggregates only, never individuals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from network.models import Activity, Network, Organisation, SituationPicture, User
from network.situation import services


@dataclass(frozen=True)
class DemoMeasure:
    problem: int  # the index of the problem it answers
    title: str
    direction: str
    indicator: str
    baseline: str
    target: str
    values: tuple[int, ...]  # one per quarter, oldest first
    status: str = "green"


@dataclass(frozen=True)
class DemoDepartment:
    department: str
    keeper: str  # the contact person who writes
    body: str  # the committee that decides the plan
    visibility: str
    problems: tuple[tuple[str, str, str], ...]  # title, extent, consequences
    cause_analysis: str
    sources_used: str
    sources_left_out: str
    groups: str
    areas: str
    recruitment_venues: str
    measures: tuple[DemoMeasure, ...]


DEPARTMENTS = (
    DemoDepartment(
        department="Socialförvaltningen",
        keeper="soc",
        body="Socialnämnden",
        visibility="authorities",
        problems=(
            (
                "Unga som rekryteras till kriminella nätverk",
                "Ett tiotal orosanmälningar per kvartal rör rekrytering, de flesta 14–17 år.",
                "Ökad otrygghet i centrum, fler unga i narkotikaförsäljning.",
            ),
            (
                "Våldsbejakande budskap i sociala medier",
                "Skolor och fritidsgårdar rapporterar spridning i flera klasser.",
                "Polarisering och hot mot enskilda grupper.",
            ),
            (
                "Föräldrar som saknar stöd",
                "Föräldraträffarna når en liten andel av de berörda familjerna.",
                "Tidiga signaler fångas sent.",
            ),
        ),
        cause_analysis="Brist på meningsfull fritid kvällstid, svag skolanknytning och "
        "etablerade äldre förebilder i kriminella miljöer.",
        sources_used="Orosanmälningar (sammanställda), polisens lägesbild, skolornas "
        "elevhälsa, fältgruppens iakttagelser.",
        sources_left_out="Uppgifter från Kriminalvården saknas för perioden, vilket gör "
        "bilden av återfall osäker.",
        groups="Två etablerade nätverk med kopplingar till narkotikahandel; en lös "
        "gruppering med våldsbejakande budskap på nätet.",
        areas="Centrum, Drottninghög och Dalhem.",
        recruitment_venues="Köpcentrets entré kvällstid, idrottsplatsen efter träningstid.",
        measures=(
            DemoMeasure(
                0,
                "Fältgrupp kvällstid i centrum",
                "prevention",
                "Antal samtal med unga per kvartal",
                "40 samtal",
                "80 samtal",
                (38, 52, 61, 74),
            ),
            DemoMeasure(
                1,
                "Utbildning om våldsbejakande budskap för fritidsledare",
                "competence",
                "Andel fritidsledare som gått utbildningen (%)",
                "10 %",
                "75 %",
                (10, 25, 40, 48),
                status="yellow",
            ),
        ),
    ),
    DemoDepartment(
        department="Skol- och fritidsförvaltningen",
        keeper="skola",
        body="Skol- och fritidsnämnden",
        visibility="organisation",
        problems=(
            (
                "Hög frånvaro på högstadiet",
                "Ogiltig frånvaro över 15 % på tre skolor.",
                "Svagare skolanknytning och ökad risk för rekrytering.",
            ),
            (
                "Otrygga skolvägar",
                "Elevenkäten visar att var femte elev känner sig otrygg på väg hem.",
                "Elever undviker fritidsaktiviteter kvällstid.",
            ),
        ),
        cause_analysis="Bristande samverkan mellan skola och socialtjänst kring frånvaro.",
        sources_used="Frånvarostatistik, elevenkäten, trygghetsvandringar.",
        sources_left_out="Friskolornas frånvaro ingår inte.",
        groups="Grupper av äldre ungdomar som uppehåller sig vid skolorna efter skoltid.",
        areas="Närområdena kring tre högstadieskolor.",
        recruitment_venues="Fritidsgården i Dalhem, busshållplatsen vid Drottninghög.",
        measures=(
            DemoMeasure(
                0,
                "Närvaroteam på tre skolor",
                "prevention",
                "Ogiltig frånvaro (%)",
                "15 %",
                "8 %",
                (15, 14, 12, 11),
            ),
        ),
    ),
)


def _last_quarters(count: int) -> list[str]:
    """The ``count`` quarters before the present one, oldest first: ``["2025-Q4", ...]``."""
    today = timezone.localdate()
    index = today.year * 4 + (today.month - 1) // 3  # the present quarter
    return [f"{i // 4}-Q{i % 4 + 1}" for i in range(index - count, index)]


def seed_situation(network: Network) -> int:
    """The demo pictures and plans, made once: returns how many pictures were made."""
    year = timezone.localdate().year
    if SituationPicture.objects.filter(network=network, period=str(year)).exists():
        return 0
    made = 0
    for spec in DEPARTMENTS:
        department = Organisation.objects.filter(name=spec.department).first()
        keeper = User.objects.filter(username=spec.keeper).first()
        if department is None or keeper is None:
            continue
        picture = services.picture_create(
            author=keeper,
            network=network,
            department=department,
            period=str(year),
            visibility=spec.visibility,
            problems=[
                {"title": title, "extent": extent, "consequences": consequences}
                for title, extent, consequences in spec.problems
            ],
            cause_analysis=spec.cause_analysis,
            sources_used=spec.sources_used,
            sources_left_out=spec.sources_left_out,
            groups=spec.groups,
            areas=spec.areas,
            recruitment_venues=spec.recruitment_venues,
        )
        problems = list(picture.problems.order_by("position"))
        plan = services.plan_create(
            author=keeper,
            network=network,
            department=department,
            year=year,
            title=f"Lokal handlingsplan {year}",
            visibility=spec.visibility,
            decided_by_body=spec.body,
            decided_on=date(year, 1, 25),
            reference_number=f"{spec.keeper.upper()} {year}/12",
        )
        activities = list(
            Activity.objects.filter(network=network, organisation=department, measure__isnull=True)
            .order_by("-starts_on", "pk")
            .values_list("pk", flat=True)[: 2 * len(spec.measures)]
        )
        for index, measure_spec in enumerate(spec.measures):
            measure = services.measure_add(
                plan=plan,
                actor=keeper,
                direction=measure_spec.direction,
                problem=problems[measure_spec.problem],
                title=measure_spec.title,
                owner_organisation=department,
                owner=keeper,
                indicator=measure_spec.indicator,
                baseline=measure_spec.baseline,
                target=measure_spec.target,
                status=measure_spec.status,
            )
            quarters = _last_quarters(len(measure_spec.values))
            for number, (period, value) in enumerate(
                zip(quarters, measure_spec.values, strict=True)
            ):
                last = number == len(quarters) - 1
                services.indicator_record(
                    measure=measure,
                    actor=keeper,
                    period=period,
                    value=Decimal(value),
                    kind="evaluation" if last else "follow_up",
                )
            # The activities carrying it out: the department's own, two a measure.
            carrying = activities[2 * index : 2 * index + 2]
            Activity.objects.filter(pk__in=carrying).update(measure=measure)
        made += 1
    return made
