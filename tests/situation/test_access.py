"""Who reads and writes situational pictures and action plans, through the services."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from network.access import viewer_for
from network.access.situation import (
    picture_details_q,
    picture_readers,
    picture_visible_q,
    plan_visible_q,
    reads_details,
)
from network.errors import Forbidden, NotFound
from network.models import AuditEvent, SituationPicture, User
from network.situation import services
from tests.conftest import PERSONAS, World

pytestmark = pytest.mark.django_db

PROBLEMS = [{"title": "Rekrytering i centrum", "extent": "Ökande", "consequences": "Otrygghet"}]


def _picture(world: World, visibility: str = "organisation") -> SituationPicture:
    return services.picture_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        period="2026",
        visibility=visibility,
        problems=PROBLEMS,
        cause_analysis="Brist på fritidsaktiviteter",
        recruitment_venues="Köpcentrets entré kvällstid",
    )


def _reads(user: User, picture: SituationPicture) -> tuple[bool, bool]:
    viewer = viewer_for(user)
    summary = SituationPicture.objects.filter(picture_visible_q(viewer), pk=picture.pk).exists()
    details = SituationPicture.objects.filter(picture_details_q(viewer), pk=picture.pk).exists()
    assert details == (summary and reads_details(viewer, picture))
    return summary, details


# (summary, details) per persona, for each way the department lets others read
EXPECTED = {
    "organisation": {
        "coordinator": (True, True),
        "security_chief": (True, True),
        "contact_person": (True, True),
        "police": (False, False),
        "civil": (False, False),
        "report_reader": (False, False),
        "outsider": (False, False),
        "other_member": (False, False),
    },
    "authorities": {
        "coordinator": (True, True),
        "security_chief": (True, True),
        "contact_person": (True, True),
        "police": (True, False),
        "civil": (False, False),
        "report_reader": (False, False),
        "outsider": (False, False),
        "other_member": (False, False),
    },
}


@pytest.mark.parametrize("visibility", ["organisation", "authorities"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reads_what_the_rule_says_and_the_readers_agree(
    world: World, visibility: str, persona: str
) -> None:
    picture = _picture(world, visibility)
    user = world.persona(persona)
    summary, details = _reads(user, picture)
    assert (summary, details) == EXPECTED[visibility][persona]
    assert picture_readers(picture).filter(pk=user.pk).exists() == summary
    assert picture_readers(picture, details=True).filter(pk=user.pk).exists() == details


def test_a_share_lets_one_authority_read_the_summary_never_the_details(world: World) -> None:
    picture = _picture(world)
    services.picture_share(
        picture=picture, actor=world.contact_person, organisation=world.police_org
    )
    assert _reads(world.police, picture) == (True, False)
    with pytest.raises(ValidationError):
        services.picture_share(
            picture=picture, actor=world.contact_person, organisation=world.association
        )
    assert _reads(world.civil, picture) == (False, False)


def test_a_civil_society_member_with_a_coordinator_role_still_reads_nothing(world: World) -> None:
    from network.models import Role

    picture = _picture(world, "authorities")
    Role.objects.create(user=world.civil, network=world.net, code=Role.Code.COORDINATOR)
    civil = User.objects.get(pk=world.civil.pk)
    assert _reads(civil, picture) == (False, False)
    assert not picture_readers(picture).filter(pk=civil.pk).exists()


def test_every_read_is_audited_with_the_part_read(world: World) -> None:
    picture = _picture(world, "authorities")
    _shown, details = services.picture_read(
        user=world.police, pk=picture.pk, remote_addr="10.0.0.1"
    )
    assert details is False
    _shown, details = services.picture_read(user=world.security_chief, pk=picture.pk)
    assert details is True
    events = AuditEvent.objects.filter(action="situation_picture.read", object_id=picture.pk)
    assert [(e.actor_id, e.detail["part"]) for e in events.order_by("pk")] == [
        (world.police.pk, "summary"),
        (world.security_chief.pk, "details"),
    ]
    with pytest.raises(NotFound):
        services.picture_read(user=world.civil, pk=picture.pk)
    assert events.count() == 2


def test_only_the_departments_contact_persons_and_the_coordinator_write(world: World) -> None:
    with pytest.raises(NotFound):
        services.picture_create(
            author=world.civil, network=world.net, department=world.school, period="2026"
        )
    with pytest.raises(Forbidden):
        services.picture_create(
            author=world.police, network=world.net, department=world.school, period="2026"
        )
    with pytest.raises(Forbidden):
        services.picture_create(
            author=world.contact_person, network=world.net, department=world.social, period="2026"
        )
    picture = services.picture_create(
        author=world.coordinator, network=world.net, department=world.school, period="2026-H1"
    )
    updated = services.picture_update(
        picture=picture, actor=world.contact_person, cause_analysis="Ny analys"
    )
    assert updated.version == 2
    assert list(updated.versions.values_list("number", flat=True)) == [2, 1]


@pytest.mark.parametrize("text", ["Gäller 19811218-9876 i området", "811218-9876"])
def test_a_personal_identity_number_is_refused_whatever_the_visibility(
    world: World, text: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.picture_create(
            author=world.contact_person,
            network=world.net,
            department=world.school,
            period="2026",
            groups=text,
        )
    assert "groups" in refused.value.message_dict
    assert not SituationPicture.objects.exists()


def test_a_measure_answers_a_problem_of_the_departments_own_picture(world: World) -> None:
    picture = _picture(world)
    other = services.picture_create(
        author=world.coordinator,
        network=world.net,
        department=world.social,
        period="2026",
        problems=PROBLEMS,
    )
    plan = services.plan_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        year=2026,
        title="Handlingsplan 2026",
        decided_on=date(2026, 2, 1),
    )
    assert plan.next_revision_due == date(2027, 2, 1)
    with pytest.raises(ValidationError) as refused:
        services.measure_add(
            plan=plan,
            actor=world.contact_person,
            direction="prevention",
            problem=None,
            title="Fältarbete",
            owner_organisation=world.school,
        )
    assert "problem" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.measure_add(
            plan=plan,
            actor=world.contact_person,
            direction="prevention",
            problem=other.problems.get(),
            title="Fältarbete",
            owner_organisation=world.school,
        )
    measure = services.measure_add(
        plan=plan,
        actor=world.contact_person,
        direction="prevention",
        problem=picture.problems.get(),
        title="Fältarbete",
        owner_organisation=world.school,
    )
    services.indicator_record(
        measure=measure, actor=world.contact_person, period="2026-Q1", value=Decimal("12")
    )
    assert measure.values.get().value == Decimal("12")
    viewer = viewer_for(world.civil)
    assert not type(plan).objects.filter(plan_visible_q(viewer)).exists()


def test_revision_reminders_are_sent_once_ahead_and_once_when_late(world: World) -> None:
    plan = services.plan_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        year=2026,
        title="Handlingsplan 2026",
        decided_on=date(2025, 3, 1),
    )
    assert services.remind_revisions(date(2026, 1, 1)) == 0
    assert services.remind_revisions(date(2026, 2, 20)) == 1
    assert services.remind_revisions(date(2026, 2, 21)) == 0
    assert services.remind_revisions(date(2026, 3, 5)) == 1
    assert services.remind_revisions(date(2026, 3, 6)) == 0
    services.plan_revise(plan=plan, actor=world.contact_person, revised_on=date(2026, 3, 6))
    assert services.remind_revisions(date(2026, 3, 7)) == 0
