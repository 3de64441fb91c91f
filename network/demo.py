"""The demo network of the Helsingborg model: organisations, people and realistic activities."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone, translation

from network.core import services as core_services
from network.directory.demo import seed_directory
from network.knowledge.demo import seed_knowledge
from network.meetings import services as meeting_services
from network.models import (
    ActionItem,
    Activity,
    ActivityTagging,
    Meeting,
    MeetingSeries,
    MinutesEntry,
    Network,
    Organisation,
    Role,
    StrategicDirection,
    Update,
    User,
    Visibility,
)
from network.situation.demo import seed_situation

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


# Meetings: a year of the network's work in the Helsingborg model. The texts describe the work
# and places, never individuals.

NETWORK_MEETING = "Nätverksmöte"
SAFETY_GROUP = "Arbetsgrupp trygghet i Drottninghög"
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
NETWORK_AGENDA = [
    {"title": "Mötets öppnande och val av justerare", "planned_minutes": 5},
    {"title": "Lägesbild från polisen", "planned_minutes": 20},
    {"title": "Aktuellt från förvaltningarna", "planned_minutes": 30},
    {"title": "Gemensamma insatser", "planned_minutes": 30},
    {"title": "Övriga frågor", "planned_minutes": 10},
]


@dataclass(frozen=True)
class MeetingTheme:
    """What one month's network meeting is about."""

    police: str
    departments: str
    joint: str
    decision: str
    task: str
    task_organisation: str
    task_owner: str | None
    direction: str


THEMES = [
    MeetingTheme(
        police="Polisen redogjorde för läget i centrum. Ökad oro kring grupper av unga vid "
        "stationen sena fredagskvällar; inga nya incidenter av allvarligare slag.",
        departments="Skol- och fritidsförvaltningen berättade om fritidsgårdarnas förlängda "
        "öppettider. Socialförvaltningen har förstärkt fältarbetet på kvällstid.",
        joint="Nattvandringen behöver fler vuxna under helgerna. Nattvandrarna och "
        "Idrottsföreningen Framåt erbjuder sig att samordna schemat.",
        decision="Nätverket beslutar att förstärka nattvandringen i centrum fredag och lördag "
        "kväll under våren.",
        task="Ta fram ett gemensamt schema för vuxna på stan",
        task_organisation="Socialförvaltningen",
        task_owner="soc",
        direction="prevention",
    ),
    MeetingTheme(
        police="Lugnare läge än föregående månad. Polisen ser fortsatt behov av närvaro kring "
        "skolorna i Drottninghög efter skoltid.",
        departments="Arbetsmarknadsförvaltningen informerade om sommarjobb för unga 16–18 år; "
        "ansökan öppnar i mars.",
        joint="Förslag om en gemensam kompetensdag om rekrytering till kriminella nätverk för "
        "personal som möter unga.",
        decision="Nätverket beslutar att genomföra en kompetensdag under hösten.",
        task="Boka lokal och föreläsare till kompetensdagen",
        task_organisation="Skol- och fritidsförvaltningen",
        task_owner="skola",
        direction="competence",
    ),
    MeetingTheme(
        police="Polisen beskrev en oroshelg i Dalhem med skadegörelse. Samarbetet med "
        "fastighetsägaren fungerade väl.",
        departments="Helsingborgshem har förbättrat belysningen vid två gångtunnlar. "
        "Socialförvaltningen har startat föräldraträffar i området.",
        joint="Trygghetsvandring i Dalhem tillsammans med boende föreslås.",
        decision="Nätverket beslutar att genomföra en trygghetsvandring i Dalhem före sommaren.",
        task="Planera trygghetsvandringen i Dalhem med boende",
        task_organisation="Polisen",
        task_owner="polis",
        direction="coordination",
    ),
    MeetingTheme(
        police="Inför sommarlovet ser polisen behov av vuxennärvaro vid badplatserna och i "
        "parkerna på kvällstid.",
        departments="Skol- och fritidsförvaltningen presenterade sommarlovsaktiviteterna. "
        "Föreningarna får stöd för kvällsaktiviteter.",
        joint="Sommarlovsplaneringen samordnas så att aktiviteterna sprids över stadsdelarna.",
        decision="Nätverket ställer sig bakom den gemensamma sommarlovsplaneringen.",
        task="Sammanställa sommarlovets aktiviteter per stadsdel",
        task_organisation="Skol- och fritidsförvaltningen",
        task_owner="skola",
        direction="prevention",
    ),
    MeetingTheme(
        police="Sommaren har i stort varit lugn. Några tillfällen med oro vid Wilson Park "
        "hanterades tillsammans med fältarbetarna.",
        departments="Kriminalvården informerade om sitt arbete med unga i frivård och om "
        "samverkan kring återgång till skola och arbete.",
        joint="Uppföljning av sommarens insatser: god uppslutning, men färre aktiviteter i "
        "Ödåkra än planerat.",
        decision="Nätverket beslutar att ta med erfarenheterna i nästa års sommarplanering.",
        task="Skriva en kort uppföljning av sommarens insatser",
        task_organisation="Stadsledningsförvaltningen",
        task_owner="sakerhetschef",
        direction="evaluation",
    ),
    MeetingTheme(
        police="Inför skolstarten ser polisen behov av gemensam närvaro vid skolorna de "
        "första veckorna.",
        departments="Socialförvaltningen och skolan har gått igenom rutinerna för orosanmälan "
        "och samverkan i sociala insatsgrupper.",
        joint="Gemensam planering inför skolstarten; fältarbetarna prioriterar Närlunda och Söder.",
        decision="Nätverket beslutar om gemensam närvaro vid skolorna under skolstarten.",
        task="Informera skolornas rektorer om närvaron vid skolstarten",
        task_organisation="Skol- och fritidsförvaltningen",
        task_owner="skola",
        direction="coordination",
    ),
    MeetingTheme(
        police="Polisen redogjorde för den lokala lägesbilden på övergripande nivå: "
        "rekryteringsförsök till kriminella miljöer sker i sociala medier.",
        departments="Föräldraföreningen Trygg uppväxt vill ordna samtalskvällar om nätet och "
        "grupptryck.",
        joint="Förslag om föräldraträffar i samverkan mellan skola, föreningar och socialtjänst.",
        decision="Nätverket beslutar att erbjuda föräldraträffar i tre stadsdelar.",
        task="Ta fram inbjudan till föräldraträffar om nätet",
        task_organisation="Socialförvaltningen",
        task_owner="soc",
        direction="prevention",
    ),
    MeetingTheme(
        police="Oförändrat läge. Polisen lyfte vikten av att föreningar hör av sig tidigt när "
        "de ser oro i verksamheten.",
        departments="Helsingborgs interreligiösa råd informerade om sitt arbete mot "
        "våldsbejakande extremism och om kommande dialogmöten.",
        joint="Den lokala handlingsplanen ska revideras. Förvaltningarna lämnar underlag om "
        "sina åtgärder och indikatorer.",
        decision="Nätverket beslutar om tidplan för revideringen av handlingsplanen.",
        task="Lämna underlag till revideringen av handlingsplanen",
        task_organisation="Stadsledningsförvaltningen",
        task_owner="sakerhetschef",
        direction="evaluation",
    ),
    MeetingTheme(
        police="Inför jul och nyår planerar polisen extra närvaro i centrum. Samverkan med "
        "nattvandrarna fortsätter.",
        departments="Arbetsmarknadsförvaltningen berättade om praktikplatser för unga vuxna "
        "som vill lämna kriminella miljöer.",
        joint="Enkät om trygghet bland unga i årskurs 8 föreslås som underlag för lägesbilden.",
        decision="Nätverket beslutar att genomföra trygghetsenkäten under våren.",
        task="Ta fram frågorna till trygghetsenkäten",
        task_organisation="Skol- och fritidsförvaltningen",
        task_owner="skola",
        direction="evaluation",
    ),
]


def _second_tuesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7 + 7)


def _month(today: date, offset: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 + offset
    return index // 12, index % 12 + 1


def _at(day: date, hour: int, minutes: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minutes)))


@dataclass
class _Cast:
    coordinator: User
    secretary: User
    police: User
    school: User
    security: User
    association: User

    def get(self, username: str | None) -> User | None:
        by_name = {person.username: person for person in vars(self).values()}
        return by_name.get(username) if username else None


def _minutes_for(
    meeting: Meeting, actor: User, texts: dict[str, tuple[str, str, str]]
) -> dict[str, MinutesEntry]:
    """Write the minutes of each agenda item whose title is in ``texts``; review items get a
    summary of what was carried over. Returns the entries by agenda title."""
    entries = {}
    for item in meeting.agenda_items.order_by("position", "pk"):
        if item.kind == item.Kind.ACTION_REVIEW:
            carried = meeting_services.carried_action_items(meeting).count()
            text = (
                f"Genomgång av öppna uppdrag från tidigare möten: {carried} uppdrag följdes "
                "upp. Uppdrag som inte är klara står kvar till nästa möte."
            )
            outcome, decision = "information", ""
        elif item.title in texts:
            text, outcome, decision = texts[item.title]
        else:
            continue
        entries[item.title] = meeting_services.minutes_write(
            item=item, actor=actor, text=text, outcome=outcome, decision=decision
        )
    return entries


def _done(item: ActionItem, actor: User, on: date) -> None:
    """Mark an action item done, on the day it was done in the demo's story (the service
    stamps today)."""
    meeting_services.action_item_update(item=item, actor=actor, status=ActionItem.Status.DONE)
    ActionItem.objects.filter(pk=item.pk).update(done_on=on)


def _approve(meeting: Meeting, people: list[User], on: datetime) -> None:
    for person in people:
        meeting_services.meeting_approve(meeting=meeting, actor=person)
    # Approved about a week after the meeting, as in the demo's story: the hash covers the
    # content, not these times.
    meeting.versions.update(approved_at=on)
    meeting.approvals.update(approved_at=on)


def _network_meetings(
    network: Network, organisations: dict[str, Organisation], cast: _Cast, today: date
) -> None:
    series, _created = MeetingSeries.objects.get_or_create(
        network=network,
        title=NETWORK_MEETING,
        defaults={
            "interval": 1,
            "unit": MeetingSeries.Unit.MONTHS,
            "agenda_template": NETWORK_AGENDA,
        },
    )
    now = timezone.now()
    late: list[tuple[ActionItem, date]] = []
    for number, offset in enumerate(range(-9, 3)):
        day = _second_tuesday(*_month(today, offset))
        theme = THEMES[number % len(THEMES)]
        meeting = meeting_services.meeting_create(
            author=cast.coordinator,
            network=network,
            series=series,
            title=f"{NETWORK_MEETING} {MONTHS[day.month - 1]} {day.year}",
            description="Nätverkets månadsmöte: lägesbild, aktuellt från förvaltningarna och "
            "gemensamma insatser.",
            starts_at=_at(day, 9),
            ends_at=_at(day, 11, 30),
            place="Rådhuset, sammanträdesrum Kärnan",
            chair=cast.coordinator,
            secretary=cast.secretary,
            approvers=[cast.police, cast.school],
            invited_organisations=list(organisations.values()),
        )
        meeting_services.meeting_schedule(meeting=meeting, actor=cast.coordinator)
        if meeting.ends_at >= now:
            continue  # upcoming: scheduled, with the open action items on its agenda
        for person, status in (
            (cast.coordinator, "present"),
            (cast.secretary, "present"),
            (cast.police, "present"),
            (cast.school, "present"),
            (cast.security, "present" if number % 2 else "excused"),
            (cast.association, "absent" if number % 4 == 3 else "present"),
        ):
            meeting_services.attendance_record(
                meeting=meeting, actor=cast.secretary, person=person, status=status
            )
        entries = _minutes_for(
            meeting,
            cast.secretary,
            {
                "Mötets öppnande och val av justerare": (
                    "Ordföranden öppnade mötet. Till justerare valdes representanterna för "
                    "Polisen och Skol- och fritidsförvaltningen.",
                    "information",
                    "",
                ),
                "Lägesbild från polisen": (theme.police, "information", ""),
                "Aktuellt från förvaltningarna": (theme.departments, "information", ""),
                "Gemensamma insatser": (theme.joint, "decision", theme.decision),
                "Övriga frågor": ("Inga övriga frågor.", "information", ""),
            },
        )
        owner = cast.get(theme.task_owner)
        item = meeting_services.action_item_create(
            meeting=meeting,
            actor=cast.secretary,
            entry=entries["Gemensamma insatser"],
            title=theme.task,
            owner_organisation=organisations[theme.task_organisation],
            owner=owner,
            due_on=day + timedelta(days=24),
            direction=theme.direction,
        )
        meeting_services.meeting_hold(meeting=meeting, actor=cast.coordinator)
        # Items of earlier meetings that were late are done once this meeting reviewed them.
        for earlier, done_on in late:
            _done(earlier, cast.coordinator, min(done_on, today))
        late = []
        # One in three is done on time, one in three late (carried over once), one stays open.
        if number % 3 == 0:
            _done(item, cast.coordinator, min(item.due_on - timedelta(days=6), today))
        elif number % 3 == 1:
            late.append((item, item.due_on + timedelta(days=21)))
        next_day = _second_tuesday(*_month(today, offset + 1))
        if next_day > today:
            # The latest meeting held: the chair has approved, the approvers have not yet.
            meeting_services.meeting_approve(meeting=meeting, actor=cast.coordinator)
            continue
        _approve(
            meeting,
            [cast.coordinator, cast.police, cast.school],
            _at(day + timedelta(days=7), 15),
        )


def _working_groups(
    network: Network, organisations: dict[str, Organisation], cast: _Cast, today: date
) -> None:
    now = timezone.now()
    authorities = [o for o in organisations.values() if o.is_authority]
    series, _created = MeetingSeries.objects.get_or_create(
        network=network, title=SAFETY_GROUP, defaults={"interval": 3}
    )
    for offset in (-7, -4, -1, 1):
        day = _second_tuesday(*_month(today, offset)) + timedelta(days=2)
        meeting = meeting_services.meeting_create(
            author=cast.coordinator,
            network=network,
            kind=Meeting.Kind.WORKING_GROUP,
            series=series,
            title=SAFETY_GROUP,
            description="Myndigheternas arbetsgrupp för tryggheten i Drottninghög.",
            starts_at=_at(day, 13),
            ends_at=_at(day, 14, 30),
            place="Drottninghögs bibliotek, grupprummet",
            visibility=Visibility.AUTHORITIES,
            chair=cast.coordinator,
            secretary=cast.secretary,
            approvers=[cast.police],
            invited_organisations=authorities,
            agenda=[
                {"title": "Läget i området sedan förra mötet", "planned_minutes": 30},
                {"title": "Platser som upplevs otrygga", "planned_minutes": 30},
                {"title": "Nästa steg", "planned_minutes": 15},
            ],
        )
        meeting_services.meeting_schedule(meeting=meeting, actor=cast.coordinator)
        if meeting.ends_at >= now:
            continue
        for person in (cast.coordinator, cast.secretary, cast.police, cast.school):
            meeting_services.attendance_record(
                meeting=meeting, actor=cast.secretary, person=person, status="present"
            )
        entries = _minutes_for(
            meeting,
            cast.secretary,
            {
                "Läget i området sedan förra mötet": (
                    "Polisen och fältarbetarna beskrev läget som något lugnare. Oro kvarstår "
                    "kring torget sena kvällar.",
                    "information",
                    "",
                ),
                "Platser som upplevs otrygga": (
                    "Gångvägen mot skolan och parkeringen vid torget upplevs otrygga. "
                    "Helsingborgshem ser över belysningen.",
                    "action_item",
                    "",
                ),
                "Nästa steg": (
                    "Arbetsgruppen fortsätter att följa läget och återrapporterar till "
                    "nätverksmötet.",
                    "decision",
                    "Arbetsgruppen återrapporterar till nästa nätverksmöte.",
                ),
            },
        )
        item = meeting_services.action_item_create(
            meeting=meeting,
            actor=cast.secretary,
            entry=entries["Platser som upplevs otrygga"],
            title="Se över belysningen vid gångvägen och torget",
            owner_organisation=organisations["Helsingborgshem"],
            due_on=day + timedelta(days=45),
            direction="prevention",
        )
        meeting_services.meeting_hold(meeting=meeting, actor=cast.coordinator)
        if offset < -1:
            _done(item, cast.coordinator, min(item.due_on, today))
        _approve(meeting, [cast.coordinator, cast.police], _at(day + timedelta(days=5), 10))

    parents = "Arbetsgrupp föräldrastöd och fritid"
    for offset, state in ((-5, "approved"), (1, "cancelled")):
        day = _second_tuesday(*_month(today, offset)) + timedelta(days=9)
        meeting = meeting_services.meeting_create(
            author=cast.coordinator,
            network=network,
            kind=Meeting.Kind.WORKING_GROUP,
            title=parents,
            description="Skola, socialtjänst och föreningar om stöd till föräldrar och "
            "meningsfull fritid.",
            starts_at=_at(day, 17),
            ends_at=_at(day, 18, 30),
            place="Dalhems fritidsgård",
            chair=cast.coordinator,
            secretary=cast.school,
            approvers=[cast.association],
            invited_organisations=[
                organisations[name]
                for name in (
                    "Socialförvaltningen",
                    "Skol- och fritidsförvaltningen",
                    "Idrottsföreningen Framåt",
                    "Föräldraföreningen Trygg uppväxt",
                    "Nattvandrarna i Helsingborg",
                )
            ],
            agenda=[
                {"title": "Föräldraträffarna i höst", "planned_minutes": 40},
                {"title": "Kvällsöppet i föreningarnas lokaler", "planned_minutes": 30},
            ],
        )
        meeting_services.meeting_schedule(meeting=meeting, actor=cast.coordinator)
        if state == "cancelled":
            meeting_services.meeting_cancel(meeting=meeting, actor=cast.coordinator)
            continue
        for person in (cast.coordinator, cast.school, cast.association, cast.secretary):
            meeting_services.attendance_record(
                meeting=meeting, actor=cast.school, person=person, status="present"
            )
        _minutes_for(
            meeting,
            cast.school,
            {
                "Föräldraträffarna i höst": (
                    "Tre träffar planeras, på svenska, arabiska och somaliska, med tolk vid behov.",
                    "decision",
                    "Arbetsgruppen genomför tre föräldraträffar under hösten.",
                ),
                "Kvällsöppet i föreningarnas lokaler": (
                    "Idrottsföreningen Framåt kan hålla öppet två kvällar i veckan med stöd "
                    "av fritidsledare.",
                    "information",
                    "",
                ),
            },
        )
        meeting_services.meeting_hold(meeting=meeting, actor=cast.coordinator)
        _approve(meeting, [cast.coordinator, cast.association], _at(day + timedelta(days=4), 9))


def _trainings(
    network: Network, organisations: dict[str, Organisation], cast: _Cast, today: date
) -> None:
    invited = list(organisations.values())
    past = _second_tuesday(*_month(today, -2)) + timedelta(days=1)
    training = meeting_services.meeting_create(
        author=cast.coordinator,
        network=network,
        kind=Meeting.Kind.TRAINING,
        title="Utbildning: tidiga tecken på rekrytering till kriminella nätverk",
        description="Halvdag för personal och föreningsledare som möter unga.",
        starts_at=_at(past, 8, 30),
        ends_at=_at(past, 12),
        place="Dunkers kulturhus, hörsalen",
        chair=cast.coordinator,
        secretary=cast.secretary,
        invited_organisations=invited,
        agenda=[
            {"title": "Hur rekrytering går till", "planned_minutes": 60},
            {"title": "Att agera vid oro", "planned_minutes": 60},
        ],
    )
    meeting_services.meeting_schedule(meeting=training, actor=cast.coordinator)
    for person in (cast.coordinator, cast.secretary, cast.school, cast.association):
        meeting_services.attendance_record(
            meeting=training, actor=cast.secretary, person=person, status="present"
        )
    _minutes_for(
        training,
        cast.secretary,
        {
            "Hur rekrytering går till": (
                "Föreläsning om hur unga kontaktas via sociala medier och i närmiljön.",
                "information",
                "",
            ),
            "Att agera vid oro": (
                "Genomgång av vart personal vänder sig vid oro, och av rutinen för orosanmälan.",
                "information",
                "",
            ),
        },
    )
    meeting_services.meeting_hold(meeting=training, actor=cast.coordinator)

    coming = _second_tuesday(*_month(today, 2)) + timedelta(days=8)
    upcoming = meeting_services.meeting_create(
        author=cast.coordinator,
        network=network,
        kind=Meeting.Kind.TRAINING,
        title="Utbildning om våldsbejakande extremism för fältarbetare",
        description="Kompetenshöjande halvdag i samarbete med Helsingborgs interreligiösa råd.",
        starts_at=_at(coming, 13),
        ends_at=_at(coming, 16),
        place="Dunkers kulturhus, hörsalen",
        chair=cast.coordinator,
        invited_organisations=invited,
        agenda=[{"title": "Föreläsning och samtal", "planned_minutes": 150}],
    )
    meeting_services.meeting_schedule(meeting=upcoming, actor=cast.coordinator)

    planning = _second_tuesday(*_month(today, 3)) + timedelta(days=3)
    meeting_services.meeting_create(
        author=cast.coordinator,
        network=network,
        kind=Meeting.Kind.WORKING_GROUP,
        title="Planeringsdag inför nästa års handlingsplan",
        starts_at=_at(planning, 9),
        ends_at=_at(planning, 15),
        place="Stadshuset",
        visibility=Visibility.AUTHORITIES,
        chair=cast.coordinator,
        secretary=cast.secretary,
        invited_organisations=[o for o in organisations.values() if o.is_authority],
        agenda=[{"title": "Erfarenheter från året", "planned_minutes": 90}],
    )  # stays a draft


def seed_meetings(network: Network, organisations: dict[str, Organisation]) -> int:
    """A year of the network's meetings, made once: held and approved ones with attendance,
    numbered minutes, decisions and action items, and upcoming ones. Returns how many were
    made (0 when the network has them already)."""
    if MeetingSeries.objects.filter(network=network, title=NETWORK_MEETING).exists():
        return 0
    people = {u.username: u for u in User.objects.filter(username__in=[s.username for s in USERS])}
    cast = _Cast(
        coordinator=people["samordnare"],
        secretary=people["soc"],
        police=people["polis"],
        school=people["skola"],
        security=people["sakerhetschef"],
        association=people["forening"],
    )
    today = timezone.localdate()
    before = Meeting.objects.filter(network=network).count()
    # What the services write in words of their own (the review item's title) is Swedish.
    with translation.override("sv"):
        _network_meetings(network, organisations, cast, today)
        _working_groups(network, organisations, cast, today)
        _trainings(network, organisations, cast, today)
    return Meeting.objects.filter(network=network).count() - before


@transaction.atomic
def seed_demo(*, password: str, activities: int, meetings: bool = True) -> tuple[Network, int]:
    network, _created = Network.objects.get_or_create(
        slug=NETWORK_SLUG,
        defaults={
            "name": NETWORK_NAME,
            "description": "Helsingborgsmodellen: myndigheter och civilsamhälle i samverkan.",
        },
    )
    organisations = _seed_people(network, password)
    created = seed_activities(network, organisations, activities)
    if meetings:
        seed_meetings(network, organisations)
    seed_situation(network)
    seed_knowledge(network)
    seed_directory(network)
    return network, created
