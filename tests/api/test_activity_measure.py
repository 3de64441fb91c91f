"""The measure an activity carries out, through the API: every persona reading and linking, a
civil-society partner that never learns a measure exists, and the ``?measure=`` filter.

The plans are those of ``tests/situation/plans.py``. ``linked`` is the association's activity,
seen by the whole network with the school as partner, carrying out the school's measure
``attendance`` (its plan read by every authority, never by civil society).
"""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from network.activities import services as activity_services
from network.models import Activity, Visibility
from tests.api.personas import each_persona
from tests.conftest import World
from tests.situation.plans import Plans, make_plans

ClientFor = Callable[[str | None], APIClient]
NOT_FOUND = {"measure": ["No such measure."]}


@pytest.fixture
def plans(world: World) -> Plans:
    return make_plans(world)


@pytest.fixture
def linked(world: World, plans: Plans) -> Activity:
    activity = activity_services.activity_create(
        author=world.civil,
        network=world.net,
        title="Läxhjälp i föreningslokalen",
        starts_on=date(2026, 3, 2),
        partners=[world.school],
        visibility=Visibility.NETWORK,
    )
    return activity_services.activity_update(
        activity=activity, actor=world.coordinator, measure=plans.attendance
    )


def _measure_or_status(response: Any) -> Any:
    return response.json()["measure"] if response.status_code == 200 else response.status_code


READING = each_persona(
    coordinator="measure",
    security_chief="measure",
    contact_person="measure",
    police="measure",
    civil=None,
    report_reader=403,
    outsider=404,
    other_member=404,
    anonymous=401,
)


@pytest.mark.parametrize(("persona", "expected"), READING)
def test_each_persona_reads_the_measure_of_an_activity_only_if_it_reads_the_plan(
    client_for: ClientFor,
    plans: Plans,
    linked: Activity,
    persona: str | None,
    expected: Any,
) -> None:
    response = client_for(persona).get(f"/api/v1/activities/{linked.pk}/")

    wanted = plans.attendance.pk if expected == "measure" else expected
    assert _measure_or_status(response) == wanted


@pytest.mark.parametrize(("persona", "expected"), READING)
def test_each_persona_reads_the_measure_in_the_list_as_in_the_detail(
    client_for: ClientFor,
    plans: Plans,
    linked: Activity,
    persona: str | None,
    expected: Any,
) -> None:
    response = client_for(persona).get("/api/v1/activities/")

    if expected in ("measure", None):
        (row,) = [row for row in response.json()["results"] if row["id"] == linked.pk]
        assert row["measure"] == (plans.attendance.pk if expected == "measure" else None)
    elif expected == 404:
        assert response.status_code == 200
        assert linked.pk not in {row["id"] for row in response.json()["results"]}
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=201,
        security_chief=403,
        contact_person=201,
        police={"measure": ["not theirs"]},
        civil=NOT_FOUND,
        report_reader=403,
        outsider=400,
        other_member=400,
        anonymous=401,
    ),
)
def test_each_persona_logs_an_activity_carrying_out_the_school_measure_or_is_refused(
    client_for: ClientFor,
    world: World,
    plans: Plans,
    persona: str | None,
    expected: Any,
) -> None:
    response = client_for(persona).post(
        "/api/v1/activities/",
        {
            "network": world.net.pk,
            "title": "Närvarocoacher",
            "starts_on": "2026-04-01",
            "measure": plans.attendance.pk,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    if expected == 201:
        assert response.status_code == 201
        assert response.json()["measure"] == plans.attendance.pk
        assert Activity.objects.get().measure_id == plans.attendance.pk
        return
    assert not Activity.objects.exists()
    if expected == NOT_FOUND:
        assert (response.status_code, response.json()) == (400, NOT_FOUND)
    elif isinstance(expected, dict):
        assert response.status_code == 400
        assert set(response.json()) == {"measure"}
    else:
        assert response.status_code == expected


def test_the_police_link_their_own_activity_to_the_measure_they_are_responsible_for(
    client_for: ClientFor, world: World, plans: Plans
) -> None:
    activity = activity_services.activity_create(
        author=world.police, network=world.net, title="Patrull", starts_on=date(2026, 4, 1)
    )

    response = client_for("police").patch(
        f"/api/v1/activities/{activity.pk}/", {"measure": plans.patrols.pk}, format="json"
    )

    assert (response.status_code, response.json()["measure"]) == (200, plans.patrols.pk)


def test_a_civil_society_partner_cannot_tell_a_hidden_measure_from_one_that_does_not_exist(
    client_for: ClientFor, plans: Plans, linked: Activity
) -> None:
    civil = client_for("civil")
    answers = [
        civil.patch(
            f"/api/v1/activities/{linked.pk}/",
            {"measure": value},
            format="json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        for value in (plans.attendance.pk, plans.patrols.pk, plans.outreach.pk, 987_654, 2**70, 0)
    ]

    assert [(a.status_code, a.json()) for a in answers] == [(400, NOT_FOUND)] * 6
    assert Activity.objects.get(pk=linked.pk).measure_id == plans.attendance.pk


def test_a_civil_society_client_sending_back_what_it_read_keeps_the_measure(
    client_for: ClientFor, plans: Plans, linked: Activity
) -> None:
    civil = client_for("civil")
    body = civil.get(f"/api/v1/activities/{linked.pk}/").json()
    assert body["measure"] is None
    writable = (
        "title", "description", "organisation", "partners", "status", "starts_on", "ends_on",
        "place", "target_groups", "participants_count", "outcome", "visibility",
        "suggested_directions", "measure",
    )  # fmt: skip

    response = civil.put(
        f"/api/v1/activities/{linked.pk}/",
        {name: body[name] for name in writable},
        format="json",
    )

    assert (response.status_code, response.json()["measure"]) == (200, None)
    assert Activity.objects.get(pk=linked.pk).measure_id == plans.attendance.pk


def test_a_measure_left_out_of_a_replacement_stays(
    client_for: ClientFor, plans: Plans, linked: Activity
) -> None:
    response = client_for("coordinator").patch(
        f"/api/v1/activities/{linked.pk}/", {"title": "Ny titel"}, format="json"
    )

    assert (response.status_code, response.json()["measure"]) == (200, plans.attendance.pk)


def test_the_coordinator_unlinks_a_measure_with_null(
    client_for: ClientFor, linked: Activity
) -> None:
    response = client_for("coordinator").patch(
        f"/api/v1/activities/{linked.pk}/", {"measure": None}, format="json"
    )

    assert (response.status_code, response.json()["measure"]) == (200, None)
    assert Activity.objects.get(pk=linked.pk).measure_id is None


@pytest.mark.parametrize("value", ["abc", "1.5", [1], {"id": 1}])
def test_a_measure_that_is_no_id_is_refused_with_a_field_error(
    client_for: ClientFor, linked: Activity, value: Any
) -> None:
    response = client_for("coordinator").patch(
        f"/api/v1/activities/{linked.pk}/", {"measure": value}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"measure"}


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=True,
        security_chief=True,
        contact_person=True,
        police=True,
        civil=False,
        report_reader=403,
        outsider=False,
        other_member=False,
        anonymous=401,
    ),
)
def test_the_list_filters_by_a_measure_only_for_those_who_read_it(
    client_for: ClientFor,
    world: World,
    plans: Plans,
    linked: Activity,
    persona: str | None,
    expected: Any,
) -> None:
    activity_services.activity_create(
        author=world.civil,
        network=world.net,
        title="Utan åtgärd",
        starts_on=date(2026, 3, 3),
        visibility=Visibility.NETWORK,
    )

    response = client_for(persona).get("/api/v1/activities/", {"measure": plans.attendance.pk})

    if isinstance(expected, bool):
        assert response.status_code == 200
        ids = [row["id"] for row in response.json()["results"]]
        assert ids == ([linked.pk] if expected else [])
    else:
        assert response.status_code == expected


def test_filtering_by_a_measure_that_does_not_exist_gives_an_empty_list(
    client_for: ClientFor, linked: Activity
) -> None:
    response = client_for("coordinator").get("/api/v1/activities/", {"measure": 987_654})

    assert (response.status_code, response.json()["count"]) == (200, 0)


@pytest.mark.parametrize("value", ["abc", "0", "-1", str(2**70), "١"])
def test_a_bad_measure_filter_is_refused_with_a_field_error(
    client_for: ClientFor, value: str
) -> None:
    response = client_for("coordinator").get("/api/v1/activities/", {"measure": value})

    assert response.status_code == 400
    assert set(response.json()) == {"measure"}


def test_the_measure_costs_no_query_per_row(
    client_for: ClientFor, world: World, plans: Plans, linked: Activity
) -> None:
    client = client_for("police")
    client.get("/api/v1/activities/")  # the viewer is read once; count what follows
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/activities/")
    for n in range(5):
        activity_services.activity_create(
            author=world.police,
            network=world.net,
            title=f"Patrull {n}",
            starts_on=date(2026, 4, n + 1),
            measure=plans.patrols,
        )
    with CaptureQueriesContext(connection) as six:
        response = client.get("/api/v1/activities/")

    assert {row["measure"] for row in response.json()["results"]} == {
        plans.attendance.pk,
        plans.patrols.pk,
    }
    assert len(six.captured_queries) == len(one.captured_queries)
