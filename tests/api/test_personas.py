"""Every endpoint, tried by every persona, with the exact status code (and what they see)."""

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from network.models import Activity, ActivityTagging, Update
from tests.api.conftest import Scene
from tests.api.personas import each_persona, the_same_for_everyone_signed_in
from tests.conftest import PERSONAS, World

ClientFor = Callable[[str | None], APIClient]

SEES_WHOLE_NET = dict(
    coordinator=200,
    security_chief=200,
    contact_person=200,
    police=200,
    civil=200,
    report_reader=403,
    outsider=404,
    other_member=404,
    anonymous=401,
)
# No one deletes or changes through these methods; a report reader is refused content outright.
NOT_ALLOWED = each_persona(
    **(dict.fromkeys(PERSONAS, 405) | {"report_reader": 403, "anonymous": 401})
)
# A report reader reads the names of its networks and their organisations, to label report rows.
READS_NETWORK_NAMES = SEES_WHOLE_NET | {"report_reader": 200}


@pytest.mark.parametrize(("persona", "expected"), the_same_for_everyone_signed_in(200))
def test_me_answers_everyone_signed_in(
    client_for: ClientFor, world: World, persona: str | None, expected: int
) -> None:
    response = client_for(persona).get("/api/v1/me/")

    assert response.status_code == expected
    if expected == 200:
        assert response.json()["username"] == world.persona(persona).username


# Networks and organisations


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=(200, 1),
        security_chief=(200, 1),
        contact_person=(200, 1),
        police=(200, 1),
        civil=(200, 1),
        report_reader=(200, 1),
        outsider=(200, 0),
        other_member=(200, 1),
        anonymous=(401, None),
    ),
)
def test_network_list_shows_the_networks_the_persona_takes_part_in(
    client_for: ClientFor, world: World, persona: str | None, expected: tuple
) -> None:
    response = client_for(persona).get("/api/v1/networks/")

    assert (response.status_code, response.json().get("count")) == expected


@pytest.mark.parametrize(("persona", "expected"), each_persona(**READS_NETWORK_NAMES))
def test_network_detail_is_found_by_its_members_only(
    client_for: ClientFor, world: World, persona: str | None, expected: int
) -> None:
    response = client_for(persona).get(f"/api/v1/networks/{world.net.pk}/")

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=(200, 5),
        security_chief=(200, 5),
        contact_person=(200, 5),
        police=(200, 5),
        civil=(200, 5),
        report_reader=(200, 5),
        outsider=(200, 1),
        other_member=(200, 1),
        anonymous=(401, None),
    ),
)
def test_organisation_list_shows_the_network_partners_and_the_persona_own(
    client_for: ClientFor, world: World, persona: str | None, expected: tuple
) -> None:
    response = client_for(persona).get("/api/v1/organisations/")

    assert (response.status_code, response.json().get("count")) == expected


@pytest.mark.parametrize(("persona", "expected"), each_persona(**READS_NETWORK_NAMES))
def test_organisation_detail_is_found_by_those_who_share_a_network(
    client_for: ClientFor, world: World, persona: str | None, expected: int
) -> None:
    response = client_for(persona).get(f"/api/v1/organisations/{world.police_org.pk}/")

    assert response.status_code == expected


# Directions: fixed, and not free text, so every signed-in caller reads them


@pytest.mark.parametrize(
    ("persona", "expected"), the_same_for_everyone_signed_in((200, 4), anonymous=(401, None))
)
def test_direction_list_shows_the_four_directions_to_everyone_signed_in(
    client_for: ClientFor, persona: str | None, expected: tuple
) -> None:
    response = client_for(persona).get("/api/v1/directions/")

    assert (response.status_code, response.json().get("count")) == expected


@pytest.mark.parametrize(("persona", "expected"), the_same_for_everyone_signed_in(200))
def test_direction_detail_is_found_by_code(
    client_for: ClientFor, persona: str | None, expected: int
) -> None:
    response = client_for(persona).get("/api/v1/directions/prevention/")

    assert response.status_code == expected


# Activities


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=(200, {"police_only", "school_authorities", "civil_network"}),
        security_chief=(200, {"police_only", "school_authorities", "civil_network"}),
        contact_person=(200, {"school_authorities", "civil_network"}),
        police=(200, {"police_only", "school_authorities", "civil_network"}),
        civil=(200, {"civil_network"}),
        report_reader=(403, None),
        outsider=(200, set()),
        other_member=(200, {"elsewhere"}),
        anonymous=(401, None),
    ),
)
def test_activity_list_shows_exactly_what_the_persona_may_see(
    client_for: ClientFor, scene: Scene, persona: str | None, expected: tuple
) -> None:
    response = client_for(persona).get("/api/v1/activities/")

    names = {obj.pk: name for name, obj in vars(scene).items() if isinstance(obj, Activity)}
    seen = (
        {names[row["id"]] for row in response.json()["results"]}
        if response.status_code == 200
        else None
    )
    assert (response.status_code, seen) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator={"police_only": 200, "school_authorities": 200, "civil_network": 200},
        security_chief={"police_only": 200, "school_authorities": 200, "civil_network": 200},
        contact_person={"police_only": 404, "school_authorities": 200, "civil_network": 200},
        police={"police_only": 200, "school_authorities": 200, "civil_network": 200},
        civil={"police_only": 404, "school_authorities": 404, "civil_network": 200},
        report_reader={"police_only": 403, "school_authorities": 403, "civil_network": 403},
        outsider={"police_only": 404, "school_authorities": 404, "civil_network": 404},
        other_member={"police_only": 404, "school_authorities": 404, "civil_network": 404},
        anonymous={"police_only": 401, "school_authorities": 401, "civil_network": 401},
    ),
)
def test_activity_detail_is_404_for_whoever_may_not_see_it(
    client_for: ClientFor, scene: Scene, persona: str | None, expected: dict
) -> None:
    client = client_for(persona)

    answers = {
        name: client.get(f"/api/v1/activities/{getattr(scene, name).pk}/").status_code
        for name in expected
    }

    assert answers == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=201,
        security_chief=403,
        contact_person=201,
        police=201,
        civil=201,
        report_reader=403,
        outsider=400,
        other_member=400,
        anonymous=401,
    ),
)
def test_activity_create_is_for_those_who_log_work_in_the_network(
    client_for: ClientFor, world: World, persona: str | None, expected: int
) -> None:
    before = Activity.objects.count()

    response = client_for(persona).post(
        "/api/v1/activities/",
        {"network": world.net.pk, "title": "Ny insats", "starts_on": "2026-05-01"},
    )

    assert response.status_code == expected
    assert Activity.objects.count() == before + (1 if expected == 201 else 0)
    if expected == 201:
        body = response.json()
        assert body["organisation"] == world.persona(persona).organisation_id
        assert body["created_by"] == world.persona(persona).pk
    if expected == 400:
        assert "network" in response.json()


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=200,
        security_chief=403,
        contact_person=403,
        police=403,
        civil=200,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),
)
def test_network_activity_is_changed_by_its_organisation_and_the_coordinator_only(
    client_for: ClientFor, scene: Scene, persona: str | None, expected: int
) -> None:
    activity = scene.civil_network

    response = client_for(persona).patch(
        f"/api/v1/activities/{activity.pk}/", {"participants_count": 99}
    )

    assert response.status_code == expected
    activity.refresh_from_db()
    assert activity.participants_count == (99 if expected == 200 else 8)


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=200,
        security_chief=403,
        contact_person=404,
        police=200,
        civil=404,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),
)
def test_organisation_only_activity_is_replaced_by_its_organisation_and_the_coordinator(
    client_for: ClientFor, scene: Scene, persona: str | None, expected: int
) -> None:
    activity = scene.police_only

    response = client_for(persona).put(
        f"/api/v1/activities/{activity.pk}/",
        {"title": "Nytt namn", "starts_on": "2026-02-10", "visibility": "organisation"},
    )

    assert response.status_code == expected
    activity.refresh_from_db()
    assert activity.title == ("Nytt namn" if expected == 200 else "Samtal med unga i centrum")


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=200,
        security_chief=403,
        contact_person=403,
        police=403,
        civil=403,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),
)
def test_only_the_coordinator_tags_an_activity(
    client_for: ClientFor, scene: Scene, persona: str | None, expected: int
) -> None:
    activity = scene.civil_network

    response = client_for(persona).post(
        f"/api/v1/activities/{activity.pk}/tag/", {"directions": ["coordination"]}
    )

    assert response.status_code == expected
    codes = list(activity.directions.values_list("code", flat=True))
    assert codes == (["coordination"] if expected == 200 else [])
    assert ActivityTagging.objects.filter(activity=activity).count() == (
        1 if expected == 200 else 0
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=200,
        security_chief=200,
        contact_person=404,
        police=200,
        civil=404,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),
)
def test_tag_history_is_read_by_whoever_sees_the_activity(
    client_for: ClientFor, scene: Scene, world: World, persona: str | None, expected: int
) -> None:
    response = client_for(persona).get(f"/api/v1/activities/{scene.police_only.pk}/tags/")

    assert response.status_code == expected
    if expected == 200:
        [tagging] = response.json()["results"]
        assert tagging["directions"] == ["prevention", "competence"]
        assert tagging["tagged_by"] == world.coordinator.pk


@pytest.mark.parametrize(("persona", "expected"), NOT_ALLOWED)
def test_activities_are_not_deleted_through_the_api(
    client_for: ClientFor, scene: Scene, persona: str | None, expected: int
) -> None:
    response = client_for(persona).delete(f"/api/v1/activities/{scene.civil_network.pk}/")

    assert response.status_code == expected
    assert Activity.objects.filter(pk=scene.civil_network.pk).exists()


# Updates


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=(200, {"police_note", "civil_note", "on_police_only"}),
        security_chief=(200, {"police_note", "civil_note", "on_police_only"}),
        contact_person=(200, {"civil_note"}),
        police=(200, {"police_note", "civil_note", "on_police_only"}),
        civil=(200, {"civil_note"}),
        report_reader=(403, None),
        outsider=(200, set()),
        other_member=(200, {"elsewhere_note"}),
        anonymous=(401, None),
    ),
)
def test_update_list_shows_exactly_what_the_persona_may_see(
    client_for: ClientFor, scene: Scene, persona: str | None, expected: tuple
) -> None:
    response = client_for(persona).get("/api/v1/updates/")

    names = {obj.pk: name for name, obj in vars(scene).items() if isinstance(obj, Update)}
    seen = (
        {names[row["id"]] for row in response.json()["results"]}
        if response.status_code == 200
        else None
    )
    assert (response.status_code, seen) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=200,
        security_chief=200,
        contact_person=404,
        police=200,
        civil=404,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),
)
def test_update_on_a_hidden_activity_is_404_although_posted_to_the_network(
    client_for: ClientFor, scene: Scene, persona: str | None, expected: int
) -> None:
    response = client_for(persona).get(f"/api/v1/updates/{scene.on_police_only.pk}/")

    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), each_persona(**SEES_WHOLE_NET))
def test_network_update_detail_is_found_by_the_network_members(
    client_for: ClientFor, scene: Scene, persona: str | None, expected: int
) -> None:
    response = client_for(persona).get(f"/api/v1/updates/{scene.civil_note.pk}/")

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=201,
        security_chief=403,
        contact_person=201,
        police=201,
        civil=201,
        report_reader=403,
        outsider=400,
        other_member=400,
        anonymous=401,
    ),
)
def test_update_post_is_for_those_who_log_work_in_the_network(
    client_for: ClientFor, world: World, persona: str | None, expected: int
) -> None:
    before = Update.objects.count()

    response = client_for(persona).post(
        "/api/v1/updates/",
        {"network": world.net.pk, "body": "Möte på torsdag.", "visibility": "network"},
    )

    assert response.status_code == expected
    assert Update.objects.count() == before + (1 if expected == 201 else 0)


@pytest.mark.parametrize(("persona", "expected"), NOT_ALLOWED)
def test_updates_are_not_changed_through_the_api(
    client_for: ClientFor, scene: Scene, persona: str | None, expected: int
) -> None:
    response = client_for(persona).patch(
        f"/api/v1/updates/{scene.civil_note.pk}/", {"body": "Ändrat"}
    )

    assert response.status_code == expected
    scene.civil_note.refresh_from_db()
    assert scene.civil_note.body == "Vi behöver fler vuxna."


# Reports


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=(200, 3),
        security_chief=(200, 3),
        contact_person=(200, 2),
        police=(200, 3),
        civil=(200, 1),
        report_reader=(200, 3),
        outsider=(200, 0),
        other_member=(200, 1),
        anonymous=(401, None),
    ),
)
def test_report_counts_the_network_for_report_readers_and_what_others_may_see(
    client_for: ClientFor, scene: Scene, persona: str | None, expected: tuple
) -> None:
    response = client_for(persona).get("/api/v1/reports/activities/", {"period": "year"})

    total = (
        sum(row["activities"] for row in response.json()["results"])
        if response.status_code == 200
        else None
    )
    assert (response.status_code, total) == expected
