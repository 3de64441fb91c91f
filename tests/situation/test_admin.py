"""Pictures, plans and indicator values in the admin: saves go through the services (a version is
kept, a measure still answers a problem of the department's picture, no identity number gets
in), the security chief reads, and what the rules leave out of the form is not in it at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils.translation import gettext, override

from network.errors import Conflict
from network.models import (
    ActionPlan,
    AuditEvent,
    IndicatorValue,
    Measure,
    Problem,
    SituationPicture,
    SituationPictureVersion,
    StrategicDirection,
)
from network.situation import services
from tests.conftest import World
from tests.network.test_admin import (
    AdminWorld,
    change_url,
    form_data,
    make_admin_world,
)

pytestmark = pytest.mark.django_db

SECRET_VENUE = "Källarlokalen vid torget"
PERSONNUMMER = "19811218-9876"


@dataclass
class Scene:
    aw: AdminWorld
    picture: SituationPicture
    other_picture: SituationPicture  # the social services' picture, same network
    plan: ActionPlan
    measure: Measure
    value: IndicatorValue

    @property
    def world(self) -> World:
        return self.aw.world

    def client(self, name: str) -> Client:
        return self.aw.client(name)


@pytest.fixture
def scene(world: World) -> Scene:
    aw = make_admin_world(world)
    picture = services.picture_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        period="2026",
        visibility="authorities",
        problems=[
            {"title": "Skolfrånvaro", "extent": "12 %", "consequences": "Betyg"},
            {"title": "Skadegörelse", "extent": "Helger", "consequences": "Kostnader"},
        ],
        cause_analysis="Få vuxna ute",
        recruitment_venues=SECRET_VENUE,
    )
    other_picture = services.picture_create(
        author=world.coordinator,
        network=world.net,
        department=world.social,
        period="2026",
        problems=[{"title": "Socialförvaltningens problem"}],
    )
    plan = services.plan_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        year=2026,
        title="Handlingsplan 2026",
        visibility="authorities",
        decided_on=date(2026, 1, 28),
    )
    measure = services.measure_add(
        plan=plan,
        actor=world.contact_person,
        direction="prevention",
        problem=picture.problems.get(title="Skolfrånvaro"),
        title="Läxhjälp",
        owner_organisation=world.school,
        indicator="Frånvaro i procent",
        baseline="12",
        target="8",
    )
    value = services.indicator_record(
        measure=measure, actor=world.contact_person, period="2026-Q1", value=Decimal("11")
    )
    return Scene(
        aw=aw,
        picture=picture,
        other_picture=other_picture,
        plan=plan,
        measure=measure,
        value=value,
    )


def _post(client: Client, obj: Any, **changes: Any) -> Any:
    page = client.get(change_url(obj))
    data = form_data(page)
    data.update(changes)
    return client.post(change_url(obj), data)


MEASURE_PROBLEM = "A measure answers a problem of the department's situational picture."


def _in_swedish(message: str) -> str:
    with override("sv"):
        return gettext(message)


def _messages(response: Any) -> list[str]:
    """The messages shown on the page a refusal was sent back to."""
    assert response.redirect_chain, "the refusal sends the person back to the form"
    return [str(m) for m in response.context["messages"]]


# Pictures


def test_the_coordinator_changes_a_picture_and_its_problems_as_one_new_version(
    scene: Scene,
) -> None:
    client = scene.client("coordinator")
    versions = SituationPictureVersion.objects.filter(picture=scene.picture).count()

    response = _post(
        client,
        scene.picture,
        cause_analysis="Fler vuxna behövs",
        **{"problems-0-title": "Skolfrånvaro i åk 9"},
    )

    assert response.status_code == 302
    scene.picture.refresh_from_db()
    assert scene.picture.cause_analysis == "Fler vuxna behövs"
    assert scene.picture.version == 2
    assert SituationPictureVersion.objects.filter(picture=scene.picture).count() == versions + 1
    titles = list(scene.picture.problems.order_by("position").values_list("title", flat=True))
    assert titles == ["Skolfrånvaro i åk 9", "Skadegörelse"]
    # The measure still answers the same problem: it was kept, not replaced.
    scene.measure.refresh_from_db()
    assert scene.measure.problem.title == "Skolfrånvaro i åk 9"


def test_a_save_without_changes_keeps_no_new_version(scene: Scene) -> None:
    response = _post(scene.client("coordinator"), scene.picture)

    assert response.status_code == 302
    scene.picture.refresh_from_db()
    assert scene.picture.version == 1


def test_removing_a_problem_a_measure_answers_is_refused_and_nothing_is_written(
    scene: Scene,
) -> None:
    client = scene.client("coordinator")
    page = client.get(change_url(scene.picture))
    data = form_data(page)
    answered = scene.measure.problem
    index = next(
        i
        for i, form in enumerate(page.context["inline_admin_formsets"][0].formset.forms)
        if form.instance.pk == answered.pk
    )
    data[f"problems-{index}-DELETE"] = "on"
    data["cause_analysis"] = "Ändrad"

    response = client.post(change_url(scene.picture), data)

    # The admin's form already names the measure that protects the problem.
    assert response.status_code == 200
    assert response.context["errors"]
    scene.picture.refresh_from_db()
    assert scene.picture.cause_analysis == "Få vuxna ute"
    assert scene.picture.version == 1
    assert Problem.objects.filter(pk=answered.pk).exists()


def test_an_identity_number_is_refused_in_the_admin_too(scene: Scene) -> None:
    response = _post(scene.client("coordinator"), scene.picture, groups=f"Gäller {PERSONNUMMER}")

    assert response.status_code == 302
    scene.picture.refresh_from_db()
    assert PERSONNUMMER not in scene.picture.groups
    assert scene.picture.version == 1


def test_the_security_chief_reads_the_picture_but_changes_nothing(scene: Scene) -> None:
    client = scene.client("security_chief")

    page = client.get(change_url(scene.picture))
    refused = client.post(change_url(scene.picture), {"cause_analysis": "Ändrad"})

    assert page.status_code == 200
    assert SECRET_VENUE in page.content.decode()
    assert page.context["adminform"].form.fields == {}
    assert refused.status_code == 403
    scene.picture.refresh_from_db()
    assert scene.picture.cause_analysis == "Få vuxna ute"


def test_the_coordinator_of_another_network_finds_no_such_picture(scene: Scene) -> None:
    client = scene.client("other_coordinator")

    listed = client.get("/admin/network/situationpicture/")
    page = client.get(change_url(scene.picture))

    assert listed.status_code == 200
    assert list(listed.context["cl"].result_list) == []
    assert page.status_code == 404
    assert not AuditEvent.objects.filter(
        actor=scene.aw.other_coordinator, action="situation_picture.read"
    ).exists()


def test_the_detailed_part_is_left_out_of_the_form_of_a_summary_reader(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever the rules let read the summary only gets a form without the detailed fields, not
    fields hidden by a style: the text is nowhere in the answer, and a post cannot change it."""
    monkeypatch.setattr(services, "reads_details", lambda viewer, picture: False)
    client = scene.client("coordinator")

    page = client.get(change_url(scene.picture))
    response = client.post(change_url(scene.picture), {**form_data(page), "areas": "Ny text"})

    html = page.content.decode()
    assert SECRET_VENUE not in html
    assert not set(SituationPicture.DETAIL_FIELDS) & set(page.context["adminform"].form.fields)
    assert 'name="recruitment_venues"' not in html
    assert response.status_code == 302
    scene.picture.refresh_from_db()
    assert scene.picture.areas == ""
    read = AuditEvent.objects.filter(action="situation_picture.read").latest("pk")
    assert read.detail["part"] == "summary"


def test_nobody_adds_or_deletes_a_picture_or_a_plan_here(scene: Scene) -> None:
    client = scene.client("superuser")

    assert client.get("/admin/network/situationpicture/add/").status_code == 403
    assert client.get("/admin/network/actionplan/add/").status_code == 403
    deleted = client.post(
        f"/admin/network/situationpicture/{scene.picture.pk}/delete/", {"post": "yes"}
    )
    assert deleted.status_code == 403
    assert SituationPicture.objects.filter(pk=scene.picture.pk).exists()


# Action plans and their measures


def test_the_coordinator_changes_a_plan_through_the_service(scene: Scene) -> None:
    response = _post(scene.client("coordinator"), scene.plan, title="Reviderad plan", year="2030")

    assert response.status_code == 302
    scene.plan.refresh_from_db()
    assert scene.plan.title == "Reviderad plan"
    assert scene.plan.year == 2026  # the year stays: it is not a field of the form


def test_the_approval_cannot_be_written_here(scene: Scene) -> None:
    page = scene.client("coordinator").get(change_url(scene.plan))

    fields = set(page.context["adminform"].form.fields)
    assert not {"approved_by", "approved_at", "year", "department", "network"} & fields
    assert {"title", "visibility", "decided_by_body", "decided_on", "reference_number"} <= fields


def test_a_measure_for_another_departments_problem_is_refused(scene: Scene) -> None:
    client = scene.client("coordinator")
    page = client.get(change_url(scene.plan))
    data = form_data(page)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    data[f"{prefix}-TOTAL_FORMS"] = "2"
    prevention = StrategicDirection.objects.get(code="prevention")
    new = {
        "title": "Fel problem",
        "problem": str(scene.other_picture.problems.get().pk),
        "owner_organisation": str(scene.world.school.pk),
        "direction": str(prevention.pk),
        "horizon": "short",
        "status": "green",
    }
    data.update({f"{prefix}-1-{key}": value for key, value in new.items()})
    data[f"{prefix}-1-plan"] = str(scene.plan.pk)

    refused = client.post(change_url(scene.plan), data, follow=True)

    assert _in_swedish(MEASURE_PROBLEM) in _messages(refused)
    assert not Measure.objects.filter(title="Fel problem").exists()

    data[f"{prefix}-1-problem"] = str(scene.picture.problems.get(title="Skadegörelse").pk)
    data[f"{prefix}-1-title"] = "Rätt problem"
    accepted = client.post(change_url(scene.plan), data)

    assert accepted.status_code == 302
    added = Measure.objects.get(title="Rätt problem")
    assert (added.plan, added.direction.code) == (scene.plan, "prevention")


def test_the_coordinator_changes_a_measure_in_the_plan(scene: Scene) -> None:
    client = scene.client("coordinator")
    page = client.get(change_url(scene.plan))
    prefix = page.context["inline_admin_formsets"][0].formset.prefix

    response = _post(client, scene.plan, **{f"{prefix}-0-status": "red"})

    assert response.status_code == 302
    scene.measure.refresh_from_db()
    assert scene.measure.status == "red"


# Indicator values


def test_an_indicator_value_changes_through_the_service_and_keeps_its_period(
    scene: Scene,
) -> None:
    response = _post(scene.client("coordinator"), scene.value, value="7.50", period="2020")

    assert response.status_code == 302
    scene.value.refresh_from_db()
    assert (scene.value.value, scene.value.period) == (Decimal("7.50"), "2026-Q1")
    assert scene.value.created_by == scene.world.coordinator


@pytest.mark.parametrize(
    "path", ["situationpicture", "actionplan", "indicatorvalue", "situationpicture/add"]
)
def test_a_staff_member_who_reads_no_picture_here_finds_nothing_at_all(
    scene: Scene, path: str
) -> None:
    response = scene.client("staff_member").get(f"/admin/network/{path}/")

    assert response.status_code == 404


def test_an_approved_plan_is_read_only_here_but_its_measures_are_followed_up(
    scene: Scene,
) -> None:
    services.plan_approve(plan=scene.plan, actor=scene.world.security_chief)
    client = scene.client("coordinator")
    page = client.get(change_url(scene.plan))
    prefix = page.context["inline_admin_formsets"][0].formset.prefix

    response = _post(client, scene.plan, title="Ändrad", **{f"{prefix}-0-status": "red"})

    assert "title" not in page.context["adminform"].form.fields
    assert response.status_code == 302
    scene.plan.refresh_from_db()
    scene.measure.refresh_from_db()
    assert (scene.plan.title, scene.measure.status) == ("Handlingsplan 2026", "red")
    assert scene.plan.approved_at is not None


def test_the_service_refuses_to_change_an_approved_plan(scene: Scene) -> None:
    services.plan_approve(plan=scene.plan, actor=scene.world.security_chief)

    with pytest.raises(Conflict):
        services.plan_update(plan=scene.plan, actor=scene.world.coordinator, title="Ändrad")

    revised = services.plan_revise(
        plan=scene.plan, actor=scene.world.coordinator, revised_on=date(2026, 2, 1)
    )
    services.plan_update(plan=revised, actor=scene.world.coordinator, title="Ändrad")
    scene.plan.refresh_from_db()
    assert (scene.plan.title, scene.plan.approved_at) == ("Ändrad", None)
