"""Every situational picture and action plan page, tried by every persona: the exact status code,
the audit event each read writes, and the refusals shown with the typed text kept.

404 for whoever may not read the picture or plan (civil society sees nothing, not even a link),
403 for one they read but may not change, 302 to the sign-in page for anonymous visitors.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.activities.services import activity_create
from network.models import (
    ActionPlan,
    AuditEvent,
    Measure,
    Problem,
    SituationPicture,
)
from network.situation import services
from tests.conftest import PERSONAS, World

pytestmark = pytest.mark.django_db

PROBLEMS = [
    {"title": "Skolfrånvaro", "extent": "12 % i åk 9", "consequences": "Sämre betyg"},
    {"title": "Rekrytering vid köpcentret", "extent": "Ökande", "consequences": "Otrygghet"},
]
SECRET_VENUE = "Köpcentrets entré kvällstid"
PERSONNUMMER = "19811218-9876"


@dataclass
class Chain:
    picture: SituationPicture  # the school's, read by every authority (summary)
    own: SituationPicture  # the school's own-only picture
    plan: ActionPlan
    measure: Measure
    absence: Problem
    recruitment: Problem


@pytest.fixture
def chain(world: World) -> Chain:
    picture = services.picture_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        period="2026",
        visibility="authorities",
        problems=PROBLEMS,
        cause_analysis="Brist på fritidsaktiviteter",
        recruitment_venues=SECRET_VENUE,
    )
    services.picture_update(picture=picture, actor=world.contact_person, areas="Centrum")
    own = services.picture_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        period="2025",
        problems=[{"title": "Äldre problem"}],
    )
    absence, recruitment = picture.problems.order_by("position")
    plan = services.plan_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        year=2026,
        title="Handlingsplan 2026",
        visibility="authorities",  # the police read the summary
        decided_on=date(2026, 2, 1),
    )
    measure = services.measure_add(
        plan=plan,
        actor=world.contact_person,
        direction="prevention",
        problem=absence,
        title="Närvaroteam",
        owner_organisation=world.school,
    )
    return Chain(picture, own, plan, measure, absence, recruitment)


def _client(world: World, name: str | None) -> Client:
    client = Client()
    if name is not None:
        client.force_login(world.persona(name))
    return client


def _expect(**table: int) -> dict[str, int]:
    assert set(table) == set(PERSONAS)
    return table


READERS = _expect(
    coordinator=200,
    security_chief=200,
    contact_person=200,
    police=200,
    civil=404,
    report_reader=404,
    outsider=404,
    other_member=200,  # an authority of the other network: its own (empty) lists
)
PICTURE = _expect(
    coordinator=200,
    security_chief=200,
    contact_person=200,
    police=200,  # the summary, visibility authorities
    civil=404,
    report_reader=404,
    outsider=404,
    other_member=404,
)
OWN_PICTURE = _expect(
    coordinator=200,
    security_chief=200,
    contact_person=200,
    police=404,
    civil=404,
    report_reader=404,
    outsider=404,
    other_member=404,
)
KEEP_PICTURE = _expect(
    coordinator=200,
    security_chief=403,
    contact_person=200,
    police=403,
    civil=404,
    report_reader=404,
    outsider=404,
    other_member=404,
)
CREATE = _expect(
    coordinator=200,
    security_chief=403,
    contact_person=200,
    police=403,
    civil=404,
    report_reader=404,
    outsider=404,
    other_member=403,
)
KEEP_PLAN = KEEP_PICTURE
APPROVE = _expect(
    coordinator=403,
    security_chief=302,
    contact_person=403,
    police=403,
    civil=404,
    report_reader=404,
    outsider=404,
    other_member=404,
)


def _pages(chain: Chain) -> dict[str, tuple[str, dict[str, int]]]:
    plan, measure = chain.plan.pk, chain.measure.pk
    return {
        "picture_list": (reverse("frontend:situation_picture_list"), READERS),
        "plan_list": (reverse("frontend:action_plan_list"), READERS),
        "gaps": (reverse("frontend:gaps"), READERS),
        "picture_create": (reverse("frontend:situation_picture_create"), CREATE),
        "plan_create": (reverse("frontend:action_plan_create"), CREATE),
        "picture": (reverse("frontend:situation_picture_detail", args=[chain.picture.pk]), PICTURE),
        "own_picture": (
            reverse("frontend:situation_picture_detail", args=[chain.own.pk]),
            OWN_PICTURE,
        ),
        "versions": (
            reverse("frontend:situation_picture_versions", args=[chain.picture.pk]) + "?a=1&b=2",
            PICTURE,
        ),
        "picture_edit": (
            reverse("frontend:situation_picture_edit", args=[chain.picture.pk]),
            KEEP_PICTURE,
        ),
        "plan": (reverse("frontend:action_plan_detail", args=[plan]), PICTURE),
        "plan_revise": (reverse("frontend:action_plan_revise", args=[plan]), KEEP_PLAN),
        "measure_add": (reverse("frontend:action_plan_measure_add", args=[plan]), KEEP_PLAN),
        "measure_edit": (
            reverse("frontend:action_plan_measure_edit", args=[plan, measure]),
            KEEP_PLAN,
        ),
        "value_add": (reverse("frontend:action_plan_value_add", args=[plan, measure]), KEEP_PLAN),
    }


PAGES = (
    "picture_list",
    "plan_list",
    "gaps",
    "picture_create",
    "plan_create",
    "picture",
    "own_picture",
    "versions",
    "picture_edit",
    "plan",
    "plan_revise",
    "measure_add",
    "measure_edit",
    "value_add",
)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_gets_the_exact_status_on_every_page(
    world: World, chain: Chain, persona: str, page: str
) -> None:
    url, expected = _pages(chain)[page]
    response = _client(world, persona).get(url)
    assert response.status_code == expected[persona], (persona, page)


@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(world: World, chain: Chain, page: str) -> None:
    url, _expected = _pages(chain)[page]
    response = Client().get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_security_chief_approves_a_plan(world: World, chain: Chain, persona: str) -> None:
    url = reverse("frontend:action_plan_approve", args=[chain.plan.pk])
    response = _client(world, persona).post(url)
    assert response.status_code == APPROVE[persona]
    chain.plan.refresh_from_db()
    assert (chain.plan.approved_by_id is not None) == (APPROVE[persona] == 302)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_menu_offers_the_pictures_only_to_those_who_read_them(
    world: World, chain: Chain, persona: str
) -> None:
    response = _client(world, persona).get(reverse("frontend:home"))
    html = response.content.decode()
    offered = reverse("frontend:situation_picture_list") in html
    assert offered == (READERS[persona] == 200)


@pytest.mark.parametrize("persona", ["civil", "outsider", "report_reader"])
def test_those_who_read_no_picture_learn_nothing_of_them(
    world: World, chain: Chain, persona: str
) -> None:
    client = _client(world, persona)
    for path in ("frontend:home", "frontend:activity_list", "frontend:meeting_list"):
        response = client.get(reverse(path))
        html = response.content.decode()
        for word in ("Lägesbild", "lägesbild", "Handlingsplan", "Skolfrånvaro"):
            assert word not in html or response.status_code == 404, (path, word)
    assert not AuditEvent.objects.filter(
        actor=world.persona(persona), action__startswith="situation_picture"
    ).exists()


def _events(user: object, action: str, picture: SituationPicture) -> list[dict]:
    return [
        dict(e.detail, remote_addr=e.remote_addr)
        for e in AuditEvent.objects.filter(
            actor=user, action=action, object_id=picture.pk
        ).order_by("pk")
    ]


def test_reading_a_picture_page_writes_the_part_read_and_the_address(
    world: World, chain: Chain
) -> None:
    url = reverse("frontend:situation_picture_detail", args=[chain.picture.pk])
    police = _client(world, "police").get(url, REMOTE_ADDR="10.1.2.3")
    assert SECRET_VENUE not in police.content.decode()
    assert "Skolfrånvaro" in police.content.decode()
    coordinator = _client(world, "coordinator").get(url, REMOTE_ADDR="10.9.9.9")
    assert SECRET_VENUE in coordinator.content.decode()
    read = "situation_picture.read"
    assert _events(world.police, read, chain.picture) == [
        {
            "part": "summary",
            "what": "picture",
            "version": 2,
            "via": "page",
            "remote_addr": "10.1.2.3",
        }
    ]
    assert _events(world.coordinator, read, chain.picture) == [
        {
            "part": "details",
            "what": "picture",
            "version": 2,
            "via": "page",
            "remote_addr": "10.9.9.9",
        }
    ]


def test_the_versions_page_and_the_edit_page_are_reads_too(world: World, chain: Chain) -> None:
    client = _client(world, "contact_person")
    client.get(reverse("frontend:situation_picture_versions", args=[chain.picture.pk]))
    client.get(reverse("frontend:situation_picture_edit", args=[chain.picture.pk]))
    events = _events(world.contact_person, "situation_picture.read", chain.picture)
    assert [(e["what"], e["part"]) for e in events] == [
        ("versions", "details"),
        ("picture", "details"),
    ]


def test_the_list_writes_one_listed_event_per_picture_shown(world: World, chain: Chain) -> None:
    _client(world, "police").get(reverse("frontend:situation_picture_list"), REMOTE_ADDR="10.0.0.7")
    listed = AuditEvent.objects.filter(actor=world.police, action="situation_picture.listed")
    assert list(listed.values_list("object_id", "remote_addr")) == [
        (str(chain.picture.pk), "10.0.0.7")
    ] or list(listed.values_list("object_id", "remote_addr")) == [(chain.picture.pk, "10.0.0.7")]


def test_the_gap_page_lists_the_pictures_whose_problems_it_shows(
    world: World, chain: Chain
) -> None:
    response = _client(world, "coordinator").get(reverse("frontend:gaps"), {"period": "2026-Q1"})
    html = response.content.decode()
    assert "Rekrytering vid köpcentret" in html
    assert "Närvaroteam" in html
    assert _events(world.coordinator, "situation_picture.listed", chain.picture)


def test_the_versions_page_marks_changed_fields_in_text_and_hides_details_from_the_summary_reader(
    world: World, chain: Chain
) -> None:
    url = reverse("frontend:situation_picture_versions", args=[chain.picture.pk]) + "?a=1&b=2"
    coordinator = _client(world, "coordinator").get(url).content.decode()
    assert "Ändrad" in coordinator or "Changed" in coordinator
    assert "Centrum" in coordinator
    police = _client(world, "police").get(url).content.decode()
    assert "Centrum" not in police
    assert SECRET_VENUE not in police


def _picture_post(**changes: str) -> dict[str, str]:
    data = {
        "kept_for": "",
        "period": "2026-H2",
        "visibility": "organisation",
        "other_information": "",
        "cause_analysis": "Få fritidsaktiviteter i området",
        "sources_used": "Polisens lägesbild",
        "sources_left_out": "",
        "groups": "",
        "areas": "",
        "recruitment_venues": "",
        "problems-TOTAL_FORMS": "3",
        "problems-INITIAL_FORMS": "0",
        "problems-MIN_NUM_FORMS": "0",
        "problems-MAX_NUM_FORMS": "50",
        "problems-0-title": "Klotter",
        "problems-0-extent": "40 anmälningar",
        "problems-0-consequences": "Otrygghet",
        "problems-1-title": "Narkotikaförsäljning",
        "problems-1-extent": "",
        "problems-1-consequences": "",
    }
    data.update(changes)
    return data


def test_the_contact_person_writes_a_picture_with_problems(world: World) -> None:
    client = _client(world, "contact_person")
    data = _picture_post(kept_for=f"{world.net.pk}-{world.school.pk}")
    response = client.post(reverse("frontend:situation_picture_create"), data)
    assert response.status_code == 302
    picture = SituationPicture.objects.get(period="2026-H2")
    assert picture.department == world.school
    assert list(picture.problems.values_list("title", flat=True)) == [
        "Klotter",
        "Narkotikaförsäljning",
    ]


def test_an_identity_number_is_refused_at_its_field_and_the_typed_text_is_kept(
    world: World,
) -> None:
    client = _client(world, "contact_person")
    typed = f"Gruppen kring {PERSONNUMMER} samlas vid torget"
    data = _picture_post(
        kept_for=f"{world.net.pk}-{world.school.pk}",
        groups=typed,
        **{"problems-1-extent": f"Gäller {PERSONNUMMER}"},
    )
    response = client.post(reverse("frontend:situation_picture_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert typed in html
    assert f"Gäller {PERSONNUMMER}" in html
    assert "Få fritidsaktiviteter i området" in html
    assert 'id="id_groups_error"' in html or "id_groups" in html
    assert 'href="#id_problems-1-extent"' in html
    assert 'href="#id_groups"' in html
    assert not SituationPicture.objects.filter(period="2026-H2").exists()


def test_the_edit_page_keeps_the_problems_that_measures_answer(world: World, chain: Chain) -> None:
    client = _client(world, "contact_person")
    data = _picture_post(
        period="2026",
        visibility="authorities",
        **{
            "problems-INITIAL_FORMS": "2",
            "problems-0-id": str(chain.absence.pk),
            "problems-0-title": "Skolfrånvaro, uppdaterad",
            "problems-1-id": str(chain.recruitment.pk),
            "problems-1-title": "Rekrytering vid köpcentret",
            "problems-1-remove": "on",
        },
    )
    url = reverse("frontend:situation_picture_edit", args=[chain.picture.pk])
    response = client.post(url, data)
    assert response.status_code == 302
    titles = list(chain.picture.problems.order_by("position").values_list("title", flat=True))
    assert titles == ["Skolfrånvaro, uppdaterad"]
    chain.measure.refresh_from_db()
    assert chain.measure.problem_id == chain.absence.pk

    # The problem a measure answers cannot be removed: refused, with the text kept.
    data["problems-0-remove"] = "on"
    data["problems-INITIAL_FORMS"] = "1"
    data.pop("problems-1-id")
    data.pop("problems-1-remove")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Få fritidsaktiviteter i området" in response.content.decode()


def test_a_plan_a_measure_and_a_value_are_written_through_the_pages(
    world: World, chain: Chain
) -> None:
    client = _client(world, "contact_person")
    response = client.post(
        reverse("frontend:action_plan_create"),
        {
            "kept_for": f"{world.net.pk}-{world.school.pk}",
            "year": "2027",
            "title": "Handlingsplan 2027",
            "visibility": "authorities",
            "decided_by_body": "Skol- och fritidsnämnden",
            "decided_on": "2026-03-01",
            "reference_number": "SFN 2026/12",
        },
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get(year=2027)
    assert plan.next_revision_due == date(2027, 3, 1)
    measure_data = {
        "problem": str(chain.recruitment.pk),
        "title": "Fältgrupp kvällstid",
        "owner_organisation": str(world.school.pk),
        "owner": "",
        "direction": "prevention",
        "expected_effect": "Färre unga i miljön",
        "horizon": "short",
        "indicator": "Antal kontakter",
        "baseline": "0",
        "target": "100",
        "comparison": "Samma period förra året",
        "status": "yellow",
        "status_comment": "Sen start",
    }
    response = client.post(
        reverse("frontend:action_plan_measure_add", args=[plan.pk]), measure_data
    )
    assert response.status_code == 302
    measure = plan.measures.get()
    assert measure.problem == chain.recruitment
    response = client.post(
        reverse("frontend:action_plan_value_add", args=[plan.pk, measure.pk]),
        {"period": "2026-Q1", "value": "42", "kind": "follow_up", "note": ""},
    )
    assert response.status_code == 302
    assert measure.values.get().value == Decimal("42")
    detail = client.get(reverse("frontend:action_plan_detail", args=[plan.pk])).content.decode()
    assert "Fältgrupp kvällstid" in detail
    assert "Uppföljning" in detail or "Follow-up" in detail

    # A measure of another department's problem is refused at the problem field.
    other = services.picture_create(
        author=world.coordinator,
        network=world.net,
        department=world.social,
        period="2026",
        problems=[{"title": "Annat"}],
    )
    measure_data["problem"] = str(other.problems.get().pk)
    response = client.post(
        reverse("frontend:action_plan_measure_add", args=[plan.pk]), measure_data
    )
    assert response.status_code == 200
    assert "Fältgrupp kvällstid" in response.content.decode()


def test_the_plan_page_shows_the_chain_with_status_in_text(world: World, chain: Chain) -> None:
    activity = activity_create(
        author=world.contact_person,
        network=world.net,
        title="Närvarocoacher",
        starts_on=date(2026, 2, 1),
    )
    activity.measure = chain.measure
    activity.save()
    services.indicator_record(
        measure=chain.measure,
        actor=world.contact_person,
        period="2026-Q1",
        value=Decimal("85.5"),
        kind="evaluation",
    )
    html = (
        _client(world, "coordinator")
        .get(reverse("frontend:action_plan_detail", args=[chain.plan.pk]))
        .content.decode()
    )
    assert "Skolfrånvaro" in html
    assert "Närvarocoacher" in html
    assert "85,50" in html or "85.50" in html
    assert 'class="measure-status status-green"' in html


def test_the_plan_page_links_a_problem_only_for_a_reader_of_its_picture(
    world: World, chain: Chain
) -> None:
    picture_url = reverse("frontend:situation_picture_detail", args=[chain.picture.pk])
    services.picture_update(
        picture=chain.picture, actor=world.contact_person, visibility="organisation"
    )
    url = reverse("frontend:action_plan_detail", args=[chain.plan.pk])
    assert picture_url not in _client(world, "police").get(url).content.decode()
    assert picture_url in _client(world, "coordinator").get(url).content.decode()


def test_the_english_paths_answer_in_english(world: World, chain: Chain) -> None:
    client = _client(world, "coordinator")
    response = client.get(f"/en/situation-pictures/{chain.picture.pk}/")
    assert response.status_code == 200
    assert "Mapping of problems" in response.content.decode()
    assert client.get("/en/action-plans/gaps/").status_code == 200


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_measures(world: World, chain: Chain, count: int, problem: Problem | None = None) -> None:
    for number in range(count):
        measure = services.measure_add(
            plan=chain.plan,
            actor=world.contact_person,
            direction="competence",
            problem=problem or chain.recruitment,
            title=f"Åtgärd {number}",
            owner_organisation=world.school,
            owner=world.contact_person,
        )
        services.indicator_record(
            measure=measure, actor=world.contact_person, period="2026-Q1", value=Decimal(number)
        )
        activity = activity_create(
            author=world.contact_person,
            network=world.net,
            title=f"Insats {number}",
            starts_on=date(2026, 2, 1),
        )
        activity.measure = measure
        activity.save()


def test_the_plan_page_costs_the_same_queries_whatever_the_number_of_measures(
    world: World, chain: Chain
) -> None:
    client = _client(world, "coordinator")
    url = reverse("frontend:action_plan_detail", args=[chain.plan.pk])
    client.get(url)
    few = _queries(client, url)
    _more_measures(world, chain, 3)
    assert _queries(client, url) == few


def test_the_lists_and_the_gap_page_cost_the_same_queries_at_two_sizes(
    world: World, chain: Chain
) -> None:
    client = _client(world, "coordinator")
    urls = [
        reverse("frontend:action_plan_list"),
        reverse("frontend:gaps") + "?period=2026-Q2",
        reverse("frontend:situation_picture_list"),
    ]
    for url in urls:
        client.get(url)
    few = [_queries(client, url) for url in urls]
    # The recruitment problem stays without measures: its picture is listed (audited) both times.
    _more_measures(world, chain, 3, chain.absence)
    for year in (2024, 2025):
        services.plan_create(
            author=world.coordinator,
            network=world.net,
            department=world.social,
            year=year,
            title=f"Plan {year}",
        )
        services.picture_create(
            author=world.coordinator, network=world.net, department=world.social, period=str(year)
        )
    assert [_queries(client, url) for url in urls] == few


SHARE = _expect(
    coordinator=302,
    security_chief=403,
    contact_person=302,
    police=404,  # the own-only picture: not even seen
    civil=404,
    report_reader=404,
    outsider=404,
    other_member=404,
)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_keepers_share_a_picture_with_another_authority(
    world: World, chain: Chain, persona: str
) -> None:
    url = reverse("frontend:situation_picture_share", args=[chain.own.pk])
    response = _client(world, persona).post(url, {"organisation": world.police_org.pk})
    assert response.status_code == SHARE[persona]
    shared = chain.own.shares.filter(organisation=world.police_org).exists()
    assert shared == (SHARE[persona] == 302)


def test_a_shared_picture_is_read_as_a_summary_and_civil_society_is_refused(
    world: World, chain: Chain
) -> None:
    client = _client(world, "contact_person")
    url = reverse("frontend:situation_picture_share", args=[chain.own.pk])
    detail = reverse("frontend:situation_picture_detail", args=[chain.own.pk])
    assert _client(world, "police").get(detail).status_code == 404
    refused = client.post(url, {"organisation": world.association.pk})
    assert refused.status_code == 400
    assert not chain.own.shares.exists()
    assert client.post(url, {"organisation": world.police_org.pk}).status_code == 302
    police = _client(world, "police").get(detail)
    assert police.status_code == 200
    assert "Äldre problem" in police.content.decode()
    assert client.post(url, {"organisation": world.police_org.pk, "shared": "0"}).status_code == 302
    assert _client(world, "police").get(detail).status_code == 404
