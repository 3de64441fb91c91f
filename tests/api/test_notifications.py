"""Notifications in the API: every persona, every endpoint, and only what the caller still sees.

The inbox gives every persona one notification about each object of the scene, as if each had
been told while it could see it. Each persona is then shown only those about objects it may see
now (the counts follow the scene's visibility table in ``tests/api/conftest.py``):

| persona        | activities | updates | listed |
|----------------|------------|---------|--------|
| coordinator    | 3          | 3       | 6      |
| security_chief | 3          | 3       | 6      |
| contact_person | 2          | 1       | 3      |
| police         | 3          | 3       | 6      |
| civil          | 1          | 1       | 2      |
| outsider       | 0          | 0       | 0      |
| other_member   | 1          | 1       | 2      |
"""

from collections.abc import Callable
from dataclasses import dataclass, fields

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from network.access import forget_viewer
from network.events.models import Notification
from network.models import Activity, Update, User, Visibility
from tests.api.conftest import Scene
from tests.api.personas import each_persona
from tests.conftest import PERSONAS, World

ClientFor = Callable[[str | None], APIClient]

# Every persona holds one notification about each object of the scene.
SCENE_OBJECTS = len(fields(Scene))
LIST = "/api/v1/notifications/"
READ_ALL = "/api/v1/notifications/read-all/"

LISTED = dict(
    coordinator=6,
    security_chief=6,
    contact_person=3,
    police=6,
    civil=2,
    outsider=0,
    other_member=2,
)
# The notification about the network-wide activity in ``net``.
ABOUT_THE_NETWORK_ACTIVITY = dict(
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
# Someone else's notification (the police member's), which that persona would see.
SOMEONE_ELSES = dict.fromkeys(PERSONAS, 404) | {
    "police": 200,
    "report_reader": 403,
    "anonymous": 401,
}


@dataclass
class Inbox:
    """Every persona's notifications, by persona name and then by scene object name."""

    by_persona: dict[str, dict[str, Notification]]

    def of(self, persona: str, about: str) -> Notification:
        return self.by_persona[persona][about]


@pytest.fixture
def inbox(world: World, scene: Scene) -> Inbox:
    objects = {name: obj for name, obj in vars(scene).items()}
    rows = [
        Notification(
            recipient=world.persona(persona),
            event="activity.updated" if isinstance(obj, Activity) else "update.posted",
            object_type="activity" if isinstance(obj, Activity) else "update",
            object_id=obj.pk,
            network_id=obj.network_id,
            title=f"{persona}: {name}",
            url=f"/insatser/{obj.pk}/",
        )
        for persona in PERSONAS
        for name, obj in objects.items()
    ]
    Notification.objects.bulk_create(rows)
    by_persona: dict[str, dict[str, Notification]] = {persona: {} for persona in PERSONAS}
    for notification in Notification.objects.all():
        persona, name = notification.title.split(": ")
        by_persona[persona][name] = notification
    return Inbox(by_persona)


def _unread(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# The list


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        **{name: (200, count) for name, count in LISTED.items()},
        report_reader=(403, None),
        anonymous=(401, None),
    ),
)
def test_the_list_shows_the_persona_own_notifications_about_what_it_still_sees(
    client_for: ClientFor, inbox: Inbox, persona: str | None, expected: tuple
) -> None:
    response = client_for(persona).get(LIST)

    assert (response.status_code, response.json().get("count")) == expected
    if response.status_code == 200:
        assert {row["title"].split(": ")[0] for row in response.json()["results"]} <= {persona}


def test_the_list_shows_exactly_the_objects_the_persona_may_see_newest_first(
    client_for: ClientFor, inbox: Inbox
) -> None:
    response = client_for("contact_person").get(LIST)

    results = response.json()["results"]
    assert {row["title"] for row in results} == {
        "contact_person: school_authorities",
        "contact_person: civil_network",
        "contact_person: civil_note",
    }
    assert [row["id"] for row in results] == sorted((row["id"] for row in results), reverse=True)


def test_a_report_reader_is_told_it_reads_reports_only(client_for: ClientFor, inbox: Inbox) -> None:
    response = client_for("report_reader").get(LIST)

    assert response.status_code == 403
    assert "report" in response.json()["detail"].lower() or "rapport" in response.json()["detail"]


def test_a_notification_has_the_fields_of_a_live_message_and_when_it_was_read(
    client_for: ClientFor, inbox: Inbox, scene: Scene
) -> None:
    notification = inbox.of("civil", "civil_network")

    response = client_for("civil").get(f"{LIST}{notification.pk}/")

    assert response.json() == {
        "id": notification.pk,
        "event": "activity.updated",
        "created_at": response.json()["created_at"],
        "object": {"type": "activity", "id": scene.civil_network.pk},
        "title": "civil: civil_network",
        "url": f"/insatser/{scene.civil_network.pk}/",
        "network": scene.civil_network.network_id,
        "read_at": None,
    }


# Filters


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"unread": "true"}, 5),
        ({"unread": "false"}, 1),
        ({"event": "update.posted"}, 3),
        ({"event": ["update.posted", "activity.updated"]}, 6),
        ({"event": "meeting.scheduled"}, 0),
        ({"event": "activity.updated", "unread": "false"}, 1),
    ],
)
def test_the_list_filters_by_unread_and_by_event(
    client_for: ClientFor, inbox: Inbox, query: dict, expected: int
) -> None:
    Notification.objects.filter(pk=inbox.of("police", "civil_network").pk).update(
        read_at=timezone.now()
    )

    response = client_for("police").get(LIST, query)

    assert (response.status_code, response.json()["count"]) == (200, expected)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"unread": "maybe"}, "unread"),
        ({"unread": ["true", "false"]}, "unread"),
        ({"event": "activity.deleted"}, "event"),
        ({"ordering": "title"}, "ordering"),
        ({"page_size": "0"}, "page_size"),
    ],
)
def test_a_bad_filter_is_refused_with_a_field_error(
    client_for: ClientFor, inbox: Inbox, query: dict, field: str
) -> None:
    response = client_for("police").get(LIST, query)

    assert response.status_code == 400
    assert field in response.json()


# One notification


@pytest.mark.parametrize(("persona", "expected"), each_persona(**ABOUT_THE_NETWORK_ACTIVITY))
def test_the_persona_own_notification_is_found_while_it_sees_the_object(
    client_for: ClientFor, inbox: Inbox, persona: str | None, expected: int
) -> None:
    notification = inbox.of(persona or "police", "civil_network")

    response = client_for(persona).get(f"{LIST}{notification.pk}/")

    assert response.status_code == expected


def test_a_notification_about_another_network_is_found_by_its_member(
    client_for: ClientFor, inbox: Inbox
) -> None:
    response = client_for("other_member").get(f"{LIST}{inbox.of('other_member', 'elsewhere').pk}/")

    assert response.status_code == 200


@pytest.mark.parametrize(("persona", "expected"), each_persona(**SOMEONE_ELSES))
def test_someone_else_notification_is_not_found(
    client_for: ClientFor, inbox: Inbox, persona: str | None, expected: int
) -> None:
    response = client_for(persona).get(f"{LIST}{inbox.of('police', 'civil_network').pk}/")

    assert response.status_code == expected


@pytest.mark.parametrize(
    "bad_id",
    [
        "99999999999999999999",  # 20 digits: beyond any primary key
        "9223372036854775808",  # one past the largest primary key
        "0",
        "１２",  # fullwidth digits
        "١٢",  # Arabic-Indic digits
        "1_0",
        "12abc",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_id_is_not_found(
    client_for: ClientFor, inbox: Inbox, bad_id: str, method: str
) -> None:
    path = f"{LIST}{bad_id}/" if method == "get" else f"{LIST}{bad_id}/read/"

    response = getattr(client_for("police"), method)(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_a_notification_about_an_object_since_hidden_is_no_longer_shown(
    client_for: ClientFor, inbox: Inbox, scene: Scene, world: World
) -> None:
    notification = inbox.of("police", "civil_network")
    Activity.objects.filter(pk=scene.civil_network.pk).update(visibility=Visibility.ORGANISATION)
    client = client_for("police")

    listed = client.get(LIST).json()
    found = client.get(f"{LIST}{notification.pk}/")
    marked = client.post(f"{LIST}{notification.pk}/read/")
    me = client.get("/api/v1/me/").json()

    assert notification.pk not in {row["id"] for row in listed["results"]}
    assert listed["count"] == LISTED["police"] - 1
    assert (found.status_code, marked.status_code) == (404, 404)
    assert me["unread_notifications"] == LISTED["police"] - 1


def test_notifications_are_no_longer_shown_once_the_membership_ends(
    client_for: ClientFor, inbox: Inbox, world: World
) -> None:
    world.civil.roles.all().delete()
    forget_viewer(world.civil)  # a real request reads the user afresh

    response = client_for("civil").get(LIST)

    assert (response.status_code, response.json()["count"]) == (200, 0)


def test_a_notification_about_an_update_since_narrowed_is_no_longer_shown(
    client_for: ClientFor, inbox: Inbox, scene: Scene
) -> None:
    Update.objects.filter(pk=scene.civil_note.pk).update(visibility=Visibility.ORGANISATION)

    response = client_for("contact_person").get(LIST)

    assert {row["title"] for row in response.json()["results"]} == {
        "contact_person: school_authorities",
        "contact_person: civil_network",
    }


# Marking read


@pytest.mark.parametrize(("persona", "expected"), each_persona(**ABOUT_THE_NETWORK_ACTIVITY))
def test_the_persona_marks_its_own_notification_read(
    client_for: ClientFor, inbox: Inbox, persona: str | None, expected: int
) -> None:
    notification = inbox.of(persona or "police", "civil_network")

    response = client_for(persona).post(f"{LIST}{notification.pk}/read/")

    assert response.status_code == expected
    notification.refresh_from_db()
    assert (notification.read_at is not None) == (expected == 200)
    if expected == 200:
        assert response.json()["id"] == notification.pk
        assert response.json()["read_at"] is not None


@pytest.mark.parametrize(("persona", "expected"), each_persona(**SOMEONE_ELSES))
def test_someone_else_notification_is_not_marked_read(
    client_for: ClientFor, inbox: Inbox, persona: str | None, expected: int
) -> None:
    notification = inbox.of("police", "civil_network")

    response = client_for(persona).post(f"{LIST}{notification.pk}/read/")

    assert response.status_code == expected
    notification.refresh_from_db()
    assert (notification.read_at is not None) == (persona == "police")


def test_marking_read_twice_keeps_the_moment_it_was_first_read(
    client_for: ClientFor, inbox: Inbox
) -> None:
    client = client_for("police")
    path = f"{LIST}{inbox.of('police', 'civil_network').pk}/read/"

    first = client.post(path)
    second = client.post(path)

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json() == second.json()
    assert _unread(User.objects.get(username="polis")) == SCENE_OBJECTS - 1


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        **{name: (200, count) for name, count in LISTED.items()},
        report_reader=(403, None),
        anonymous=(401, None),
    ),
)
def test_read_all_marks_every_notification_the_persona_is_shown(
    client_for: ClientFor, inbox: Inbox, world: World, persona: str | None, expected: tuple
) -> None:
    response = client_for(persona).post(READ_ALL)

    assert (response.status_code, response.json().get("marked")) == expected
    if persona is not None:
        # Those about objects the persona may no longer see stay as they were, uncounted.
        assert _unread(world.persona(persona)) == SCENE_OBJECTS - (expected[1] or 0)


def test_read_all_twice_marks_nothing_the_second_time(client_for: ClientFor, inbox: Inbox) -> None:
    client = client_for("civil")

    first = client.post(READ_ALL)
    second = client.post(READ_ALL)

    assert (first.status_code, first.json()) == (200, {"marked": LISTED["civil"]})
    assert (second.status_code, second.json()) == (200, {"marked": 0})


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(**(dict.fromkeys(PERSONAS, 405) | {"report_reader": 403, "anonymous": 401})),
)
def test_notifications_are_not_changed_or_deleted_through_other_methods(
    client_for: ClientFor, inbox: Inbox, persona: str | None, expected: int, method: str
) -> None:
    notification = inbox.of(persona or "police", "civil_network")

    response = getattr(client_for(persona), method)(f"{LIST}{notification.pk}/")

    assert response.status_code == expected
    assert Notification.objects.filter(pk=notification.pk, read_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(**(dict.fromkeys(PERSONAS, 405) | {"report_reader": 403, "anonymous": 401})),
)
def test_notifications_are_not_created_through_the_api(
    client_for: ClientFor, inbox: Inbox, persona: str | None, expected: int
) -> None:
    before = Notification.objects.count()

    response = client_for(persona).post(LIST, {"title": "Falsk notis"})

    assert response.status_code == expected
    assert Notification.objects.count() == before


# The unread count in me/


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(**LISTED, report_reader=0, anonymous=None),
)
def test_me_carries_the_unread_count_of_what_the_persona_is_shown(
    client_for: ClientFor, inbox: Inbox, persona: str | None, expected: int | None
) -> None:
    response = client_for(persona).get("/api/v1/me/")

    assert response.status_code == (401 if persona is None else 200)
    assert response.json().get("unread_notifications") == expected


def test_the_unread_count_falls_as_notifications_are_read(
    client_for: ClientFor, inbox: Inbox
) -> None:
    client = client_for("police")

    before = client.get("/api/v1/me/").json()["unread_notifications"]
    client.post(f"{LIST}{inbox.of('police', 'civil_network').pk}/read/")
    after_one = client.get("/api/v1/me/").json()["unread_notifications"]
    client.post(READ_ALL)
    after_all = client.get("/api/v1/me/").json()["unread_notifications"]

    assert (before, after_one, after_all) == (6, 5, 0)


# Query counts: the same at every page size

TOKEN = 1
VIEWER = 2


@pytest.fixture
def many(world: World, scene: Scene) -> None:
    Notification.objects.bulk_create(
        Notification(
            recipient=world.police,
            event="activity.updated" if number % 2 else "update.posted",
            object_type="activity" if number % 2 else "update",
            object_id=(scene.civil_network if number % 2 else scene.on_police_only).pk,
            network=world.net,
            title=f"Notis {number}",
            url="/insatser/1/",
        )
        for number in range(24)
    )


@pytest.mark.parametrize("page_size", [2, 10])
@pytest.mark.parametrize("query", [{}, {"unread": "true", "event": "update.posted"}])
def test_the_list_costs_the_same_number_of_queries_at_every_page_size(
    token_client: ClientFor,
    many: None,
    django_assert_num_queries: Callable,
    page_size: int,
    query: dict,
) -> None:
    client = token_client("police")

    with django_assert_num_queries(TOKEN + VIEWER + 2):  # count, page
        response = client.get(LIST, {"page_size": page_size, **query})

    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize(
    ("path", "method", "queries"),
    [
        pytest.param("{list}{pk}/", "get", 1, id="detail"),
        pytest.param("{list}{pk}/read/", "post", 2, id="read"),  # find, mark
        pytest.param(READ_ALL, "post", 1, id="read-all"),  # one update
    ],
)
def test_one_notification_costs_a_fixed_number_of_queries(
    token_client: ClientFor, many: None, world: World, path: str, method: str, queries: int
) -> None:
    client = token_client("police")
    pk = Notification.objects.filter(recipient=world.police).values_list("pk", flat=True)[0]

    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path.format(list=LIST, pk=pk))

    assert response.status_code == 200
    # Savepoints stand in for the transaction a service opens, which the test already holds.
    statements = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == TOKEN + VIEWER + queries, statements
