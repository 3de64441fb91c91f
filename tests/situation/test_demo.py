"""The demo's situational pictures and plans: made once, linked, and never shown to civil society."""

import pytest

from network.access import viewer_for
from network.demo import seed_demo
from network.models import (
    ActionPlan,
    Activity,
    IndicatorValue,
    Measure,
    SituationPicture,
    User,
)
from network.situation import selectors
from network.situation.demo import DEPARTMENTS, _last_quarters

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        SituationPicture.objects.count(),
        ActionPlan.objects.count(),
        Measure.objects.count(),
        IndicatorValue.objects.count(),
        Activity.objects.filter(measure__isnull=False).count(),
    )


def test_the_demo_makes_the_chain_once_with_a_gap_in_each_department() -> None:
    network, _created = seed_demo(password="demo", activities=60, meetings=False)
    first = _counts()
    seed_demo(password="demo", activities=60, meetings=False)

    assert _counts() == first
    measures = sum(len(spec.measures) for spec in DEPARTMENTS)
    assert first[:4] == (2, 2, measures, 4 * measures)
    assert first[4] > 0  # activities carry measures out

    coordinator = viewer_for(User.objects.get(username="samordnare"))
    gaps = selectors.gaps(coordinator, network.pk, _last_quarters(1)[0])
    assert len(gaps.problems_without_measures) == sum(
        len(spec.problems) - len({m.problem for m in spec.measures}) for spec in DEPARTMENTS
    )
    assert gaps.measures_without_values == []

    civil = viewer_for(User.objects.get(username="forening"))
    assert not selectors.pictures_for(civil).exists()
    assert not selectors.plans_for(civil).exists()
    police = viewer_for(User.objects.get(username="polis"))
    assert [p.department.name for p in selectors.pictures_for(police)] == ["Socialförvaltningen"]
