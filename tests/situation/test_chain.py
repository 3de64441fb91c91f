"""The chain from problem to measure to activity to follow-up, and where it breaks."""

from datetime import date
from decimal import Decimal

import pytest

from network.access import viewer_for
from network.activities.services import activity_create
from network.situation import selectors, services
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_gaps_name_each_broken_link_and_close_as_the_chain_is_made(world: World) -> None:
    picture = services.picture_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        period="2026",
        problems=[{"title": "Skolfrånvaro"}, {"title": "Rekrytering vid köpcentret"}],
    )
    absence, recruitment = picture.problems.order_by("position")
    plan = services.plan_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        year=2026,
        title="Handlingsplan",
    )
    measure = services.measure_add(
        plan=plan,
        actor=world.contact_person,
        direction="prevention",
        problem=absence,
        title="Närvaroteam",
        owner_organisation=world.school,
    )
    coordinator = viewer_for(world.coordinator)

    found = selectors.gaps(coordinator, world.net.pk, "2026-Q1")
    assert found.problems_without_measures == [recruitment]
    assert found.measures_without_activities == [measure]
    assert found.measures_without_values == [measure]

    activity = activity_create(
        author=world.contact_person,
        network=world.net,
        title="Närvarocoacher",
        starts_on=date(2026, 2, 1),
    )
    activity.measure = measure
    activity.save()
    services.indicator_record(
        measure=measure, actor=world.contact_person, period="2026-Q1", value=Decimal("85.5")
    )
    found = selectors.gaps(coordinator, world.net.pk, "2026-Q1")
    assert found.measures_without_activities == []
    assert found.measures_without_values == []
    assert selectors.gaps(coordinator, world.net.pk, "2026-Q2").measures_without_values == [measure]

    chain = list(selectors.plan_chain(coordinator, plan))
    assert chain == [measure]
    assert list(chain[0].activities.all()) == [activity]

    civil = selectors.gaps(viewer_for(world.civil), world.net.pk, "2026-Q1")
    assert civil.problems_without_measures == []
    assert civil.measures_without_values == []
