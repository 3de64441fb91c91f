"""The demo network of the Helsingborg model: organisations, people and realistic activities."""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from network.core import services as core_services
from network.models import (
    Activity,
    ActivityTagging,
    Network,
    Organisation,
    Role,
    StrategicDirection,
    Update,
    User,
    Visibility,
)

NETWORK_NAME = "Att avbryta och förhindra kriminalitet och våldsbejakande extremistiska miljöer"
NETWORK_SLUG = "avbryta-och-forhindra"

Kind = Organisation.Kind
ORGANISATIONS = [
    ("Socialförvaltningen", Kind.CITY_DEPARTMENT),
    ("Skol- och fritidsförvaltningen", Kind.CITY_DEPARTMENT),
    ("Arbetsmarknadsförvaltningen", Kind.CITY_DEPARTMENT),
    ("Stadsledningsförvaltningen", Kind.CITY_DEPARTMENT),
    ("Polisen", Kind.POLICE),
    ("Kriminalvården", Kind.PRISON_PROBATION),
    ("Helsingborgshem", Kind.MUNICIPAL_COMPANY),
    ("Idrottsföreningen Framåt", Kind.ASSOCIATION),
    ("Föräldraföreningen Trygg uppväxt", Kind.ASSOCIATION),
    ("Helsingborgs interreligiösa råd", Kind.FAITH_COMMUNITY),
    ("Nattvandrarna i Helsingborg", Kind.VOLUNTARY),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    organisation: str | None
    role: str
    staff: bool = False


Code = Role.Code
USERS = [
    DemoUser(
        "samordnare", "Sara", "Samordnare", "Socialförvaltningen", Code.COORDINATOR, staff=True
    ),
    DemoUser(
        "sakerhetschef",
        "Sven",
        "Säkerhetschef",
        "Stadsledningsförvaltningen",
        Code.SECURITY_CHIEF,
        staff=True,
    ),
    DemoUser("soc", "Sofia", "Kontaktperson", "Socialförvaltningen", Code.CONTACT_PERSON),
    DemoUser(
        "skola", "Karim", "Kontaktperson", "Skol- och fritidsförvaltningen", Code.CONTACT_PERSON
    ),
    DemoUser("polis", "Petra", "Polis", "Polisen", Code.MEMBER),
    DemoUser("forening", "Farid", "Föreningsledare", "Idrottsföreningen Framåt", Code.MEMBER),
    DemoUser("rapport", "Rapport", "Läsare", None, Code.REPORT_READER),
]

AREAS = [
    "Drottninghög",
    "Dalhem",
    "Planteringen",
    "Närlunda",
    "Fredriksdal",
    "Söder",
    "Centrum",
    "Husensjö",
    "Ödåkra",
    "Råå",
    "Wilson Park",
    "Miatorp",
    "Hela staden",
]
TARGET_GROUPS = [
    "Unga 13–17 år",
    "Unga vuxna 18–25 år",
    "Föräldrar",
    "Skolpersonal",
    "Föreningsledare",
    "Fältarbetare",
    "Personal inom socialtjänsten",
    "Boende i området",
]
ACTIVITY_KINDS = [
    ("Nattvandring i {area}", "prevention", "Vuxna på stan fredag och lördag kväll i {area}."),
    (
        "Trygghetsvandring i {area}",
        "prevention",
        "Gemensam vandring med boende för att hitta otrygga platser i {area}.",
    ),
    (
        "Sommarlovsaktiviteter i {area}",
        "prevention",
        "Kostnadsfria aktiviteter för unga under sommarlovet.",
    ),
    (
        "Mentorsprogram för unga i {area}",
        "prevention",
        "Unga matchas med vuxna förebilder under en termin.",
    ),
    (
        "Föräldraträffar om nätet och grupptryck",
        "prevention",
        "Samtalsträffar för föräldrar om risker på nätet.",
    ),
    (
        "Utbildning om våldsbejakande extremism",
        "competence",
        "Halvdagsutbildning för personal som möter unga.",
    ),
    (
        "Kompetensdag om rekrytering till kriminella nätverk",
        "competence",
        "Föreläsning och workshop om tidiga tecken.",
    ),
    (
        "Handledning för fältarbetare",
        "competence",
        "Gemensam handledning för fältarbetare i flera förvaltningar.",
    ),
    (
        "Samverkansmöte om lägesbilden i {area}",
        "coordination",
        "Avstämning mellan förvaltningar, polis och föreningar.",
    ),
    (
        "Gemensam planering inför skolstarten",
        "coordination",
        "Skola, socialtjänst och polis planerar insatser.",
    ),
    (
        "Sociala insatsgrupper: rutiner",
        "coordination",
        "Översyn av rutiner för samverkan i sociala insatsgrupper.",
    ),
    (
        "Uppföljning av insatser i {area}",
        "evaluation",
        "Sammanställning av genomförda insatser och deltagande.",
    ),
    (
        "Enkät om trygghet bland unga",
        "evaluation",
        "Enkät till elever i årskurs 8 om upplevd trygghet.",
    ),
    ("Utvärdering av nattvandringen", "evaluation", "Intervjuer med nattvandrare och boende."),
]
UPDATE_TEXTS = [
    "Bra uppslutning i kväll, lugnt i området.",
    "Vi behöver fler vuxna till helgens pass.",
    "Lokalen är bokad, inbjudan skickas ut i veckan.",
    "Återkoppling från skolan: positivt mottagande.",
    "Insatsen är genomförd, sammanställning kommer.",
    "Flyttat till nästa vecka på grund av sjukdom.",
]


def _seed_people(network: Network, password: str) -> dict[str, Organisation]:
    organisations = {}
    for name, kind in ORGANISATIONS:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            organisation = core_services.organisation_create(name=name, kind=kind)
        core_services.network_add_organisation(network=network, organisation=organisation)
        organisations[name] = organisation

    network_perms = Permission.objects.filter(content_type__app_label="network")
    for spec in USERS:
        user, _created = User.objects.get_or_create(username=spec.username)
        user.first_name, user.last_name = spec.first_name, spec.last_name
        user.email = f"{spec.username}@example.org"
        user.is_staff = spec.staff
        user.set_password(password)
        user.save()
        organisation = organisations[spec.organisation] if spec.organisation else None
        if user.organisation_id != (organisation.pk if organisation else None):
            core_services.user_set_organisation(user=user, organisation=organisation)
        elif organisation is not None:
            user.groups.add(organisation.group_id)
        core_services.role_grant(user=user, network=network, code=spec.role)
        if spec.role == Code.COORDINATOR:
            user.user_permissions.set(network_perms.exclude(content_type__model="auditevent"))
        elif spec.role == Code.SECURITY_CHIEF:
            user.user_permissions.set(network_perms.filter(codename__startswith="view_"))
    return organisations


def _activity_rows(
    network: Network,
    organisations: list[Organisation],
    authors: dict[int, User],
    count: int,
    rng: random.Random,
) -> list[tuple[Activity, list[int], list[str], list[str]]]:
    today = timezone.localdate()
    two_years = 730
    rows = []
    for _ in range(count):
        organisation = rng.choice(organisations)
        title, direction, description = rng.choice(ACTIVITY_KINDS)
        area = rng.choice(AREAS)
        starts_on = today - timedelta(days=rng.randrange(-60, two_years))
        ends_on = starts_on + timedelta(days=rng.choice([0, 0, 1, 7, 30, 90]))
        if ends_on < today:
            status = Activity.Status.CANCELLED if rng.random() < 0.07 else Activity.Status.COMPLETED
        elif starts_on <= today:
            status = Activity.Status.ONGOING
        else:
            status = Activity.Status.PLANNED
        visibility = rng.choices(
            [Visibility.NETWORK, Visibility.AUTHORITIES, Visibility.ORGANISATION], weights=[5, 3, 2]
        )[0]
        if not organisation.is_authority and visibility == Visibility.AUTHORITIES:
            visibility = Visibility.NETWORK
        others = [o.pk for o in organisations if o.pk != organisation.pk]
        partners = rng.sample(others, k=rng.choice([0, 1, 1, 2, 3]))
        suggested = [direction] if rng.random() < 0.8 else []
        if rng.random() < 0.2:
            suggested.append(rng.choice(StrategicDirection.Code.values))
        tagged: list[str] = []
        if starts_on < today - timedelta(days=14) and rng.random() < 0.75:
            tagged = list(dict.fromkeys(suggested or [direction]))
        activity = Activity(
            network=network,
            title=title.format(area=area),
            description=description.format(area=area),
            organisation=organisation,
            status=status,
            starts_on=starts_on,
            ends_on=ends_on,
            place=area,
            target_groups=", ".join(rng.sample(TARGET_GROUPS, k=rng.choice([1, 2]))),
            participants_count=rng.randrange(5, 120) if status == Activity.Status.COMPLETED else 0,
            outcome="Genomförd enligt plan." if status == Activity.Status.COMPLETED else "",
            visibility=visibility,
            created_by=authors.get(organisation.pk),
        )
        rows.append((activity, partners, list(dict.fromkeys(suggested)), tagged))
    return rows


@transaction.atomic
def seed_activities(
    network: Network, organisations: dict[str, Organisation], wanted: int, *, batch: int = 2000
) -> int:
    """Top the network up to ``wanted`` activities, in bulk. Returns how many were created."""
    missing = wanted - Activity.objects.filter(network=network).count()
    if missing <= 0:
        return 0
    rng = random.Random(f"{NETWORK_SLUG}:{wanted}")  # noqa: S311 - demo data, not security
    directions = {d.code: d.pk for d in StrategicDirection.objects.all()}
    coordinator = User.objects.filter(username="samordnare").first()
    authors = {
        u.organisation_id: u
        for u in User.objects.filter(organisation__isnull=False).order_by("-pk")
        if u.organisation_id is not None
    }
    orgs = list(organisations.values())
    Partners = Activity.partners.through
    Suggested = Activity.suggested_directions.through
    Tagged = Activity.directions.through
    created = 0
    while created < missing:
        size = min(batch, missing - created)
        rows = _activity_rows(network, orgs, authors, size, rng)
        for activity, _partners, _suggested, tagged in rows:
            if tagged:
                activity.tagged_by = coordinator
                activity.tagged_at = timezone.make_aware(
                    datetime.combine(activity.starts_on + timedelta(days=7), time(10, 0))
                )
        activities = Activity.objects.bulk_create([row[0] for row in rows])
        Partners.objects.bulk_create(
            [
                Partners(activity_id=a.pk, organisation_id=pk)
                for a, (_, partners, _s, _t) in zip(activities, rows, strict=True)
                for pk in partners
            ]
        )
        Suggested.objects.bulk_create(
            [
                Suggested(activity_id=a.pk, strategicdirection_id=directions[code])
                for a, (_, _p, suggested, _t) in zip(activities, rows, strict=True)
                for code in suggested
            ]
        )
        Tagged.objects.bulk_create(
            [
                Tagged(activity_id=a.pk, strategicdirection_id=directions[code])
                for a, (_, _p, _s, tagged) in zip(activities, rows, strict=True)
                for code in tagged
            ]
        )
        ActivityTagging.objects.bulk_create(
            [
                ActivityTagging(
                    activity=a, directions=tagged, tagged_by=coordinator, tagged_at=a.tagged_at
                )
                for a, (_, _p, _s, tagged) in zip(activities, rows, strict=True)
                if tagged and a.tagged_at is not None
            ]
        )
        Update.objects.bulk_create(
            [
                Update(
                    network=network,
                    activity=a,
                    organisation=a.organisation,
                    author=a.created_by,
                    body=rng.choice(UPDATE_TEXTS),
                    visibility=a.visibility,
                )
                for a in activities[::4]
            ]
        )
        created += size
    return created


@transaction.atomic
def seed_demo(*, password: str, activities: int) -> tuple[Network, int]:
    network, _created = Network.objects.get_or_create(
        slug=NETWORK_SLUG,
        defaults={
            "name": NETWORK_NAME,
            "description": "Helsingborgsmodellen: myndigheter och civilsamhälle i samverkan.",
        },
    )
    organisations = _seed_people(network, password)
    created = seed_activities(network, organisations, activities)
    return network, created
