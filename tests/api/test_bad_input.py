"""Bad input gets 400 with field errors, never a server error and never a silent default.

Every write endpoint is sent, field by field, huge numbers, look-alike Unicode digits and
letters, NUL bytes, lists where one value is expected and one value where a list is, nested
objects, and fields it may not set. Every list is sent the same in each query parameter it reads.
Each must answer 400 naming the field, and change nothing.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from network.activities import services
from network.models import Activity, ActivityTagging, Update
from tests.api.conftest import Scene
from tests.conftest import World

ClientFor = Callable[[str | None], APIClient]

HUGE = 10**20  # 21 digits: beyond every primary key and every counter
FULLWIDTH_ONE = "\uff11"  # "１"
ARABIC_INDIC_TWELVE = "\u0661\u0662"  # "١٢"
CYRILLIC_E = "\u0435"  # looks like "e"


def nested(depth: int, leaf: Any = 1) -> Any:
    """A list ``depth`` levels deep."""
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


# What each kind of field is sent. A value that is valid for the field never appears here.

ID_ATTACKS = [
    HUGE, -HUGE, str(HUGE), FULLWIDTH_ONE, ARABIC_INDIC_TWELVE, "1_0", "1\x00", "\x00", 0, -1,
    1.5, True, [1], {"id": 1}, nested(20),
]  # fmt: skip
COUNT_ATTACKS = [
    HUGE, str(HUGE), -1, FULLWIDTH_ONE + "2", ARABIC_INDIC_TWELVE, "1_000", "\x00", 1.5, True,
    [1], {"n": 1}, nested(20),
]  # fmt: skip
DATE_ATTACKS = [
    "\uff12\uff10\uff12\uff16-05-01", "2026-05-01\x00", "\x00", "2026-02-30", "0000-01-01",
    "99999-01-01", HUGE, ["2026-05-01"], {"date": "2026-05-01"}, nested(20, "2026-05-01"),
]  # fmt: skip
TEXT_ATTACKS = ["a\x00b", "\x00", ["Titel"], {"text": "Titel"}, nested(20, "Titel")]
CHOICE_ATTACKS = [
    f"n{CYRILLIC_E}twork", "network\x00", "\x00", "NETWORK", ["network"], {"v": "network"}, 1,
    nested(20, "network"),
]  # fmt: skip
STATUS_ATTACKS = [f"plann{CYRILLIC_E}d", "planned\x00", "PLANNED", ["planned"], {"s": "planned"}]
DIRECTIONS_ATTACKS = [
    "prevention", f"pr{CYRILLIC_E}vention", [f"pr{CYRILLIC_E}vention"], ["prevention\x00"],
    [["prevention"]], [{"code": "prevention"}], {"prevention": True}, [HUGE],
    ["prevention"] * 5 + ["competence"],
]  # fmt: skip
ID_LIST_ATTACKS = [
    5, "5", [HUGE], [str(HUGE)], [FULLWIDTH_ONE], ["1_0"], ["\x00"], [[1]], [{"id": 1}],
    {"1": 1}, [True], list(range(1, 60)),
]  # fmt: skip

CANNOT_BE_SET = ["This field cannot be set."]


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str  # may hold {activity}
    persona: str | None
    valid: dict[str, Any]
    fields: dict[str, list[Any]]
    refused: tuple[str, ...]  # fields the client may not set


ACTIVITY_FIELDS = {
    "title": TEXT_ATTACKS,
    "description": TEXT_ATTACKS,
    "organisation": ID_ATTACKS,
    "partners": ID_LIST_ATTACKS,
    "status": STATUS_ATTACKS,
    "starts_on": DATE_ATTACKS,
    "ends_on": DATE_ATTACKS,
    "place": TEXT_ATTACKS,
    "target_groups": TEXT_ATTACKS,
    "participants_count": COUNT_ATTACKS,
    "outcome": TEXT_ATTACKS,
    "visibility": CHOICE_ATTACKS,
    "suggested_directions": DIRECTIONS_ATTACKS,
    "personal_data_reason": TEXT_ATTACKS,
}
ACTIVITY_READ_ONLY = (
    "id", "directions", "tagged_by", "tagged_at", "created_by", "created_at", "updated_at",
    "is_locked", "nosuchfield",
)  # fmt: skip
VALID_ACTIVITY = {"title": "Trygghetsvandring", "starts_on": "2026-05-01"}

ENDPOINTS = [
    Endpoint(
        "create an activity", "post", "/api/v1/activities/", "coordinator", VALID_ACTIVITY,
        {**ACTIVITY_FIELDS, "network": ID_ATTACKS}, ACTIVITY_READ_ONLY,
    ),
    Endpoint(
        "replace an activity", "put", "/api/v1/activities/{activity}/", "coordinator",
        VALID_ACTIVITY, ACTIVITY_FIELDS, (*ACTIVITY_READ_ONLY, "network"),
    ),
    Endpoint(
        "change an activity", "patch", "/api/v1/activities/{activity}/", "coordinator", {},
        ACTIVITY_FIELDS, (*ACTIVITY_READ_ONLY, "network"),
    ),
    Endpoint(
        "tag an activity", "post", "/api/v1/activities/{activity}/tag/", "coordinator",
        {"directions": ["prevention"]}, {"directions": DIRECTIONS_ATTACKS},
        ("id", "tagged_by", "tagged_at", "title"),
    ),
    Endpoint(
        "post an update", "post", "/api/v1/updates/", "coordinator",
        {"body": "Lugnt i helgen.", "visibility": "network"},
        {
            "network": ID_ATTACKS, "activity": ID_ATTACKS, "organisation": ID_ATTACKS,
            "body": TEXT_ATTACKS, "visibility": CHOICE_ATTACKS,
            "personal_data_reason": TEXT_ATTACKS,
        },
        ("id", "author", "created_at", "nosuchfield"),
    ),
    Endpoint(
        "get a token", "post", "/api/v1/auth/token/", None,
        {"username": "samordnare", "password": "pw-for-tests"},
        {"username": TEXT_ATTACKS, "password": TEXT_ATTACKS},
        ("token", "remember_me"),
    ),
]  # fmt: skip


def _state() -> tuple[Any, ...]:
    """Everything a write could have changed."""
    return (
        list(Activity.objects.order_by("pk").values()),
        list(Activity.suggested_directions.through.objects.order_by("pk").values()),
        list(Activity.partners.through.objects.order_by("pk").values()),
        list(ActivityTagging.objects.order_by("pk").values("pk")),
        list(Update.objects.order_by("pk").values()),
    )


def _send(client: APIClient, endpoint: Endpoint, scene: Scene, body: Any, **extra: Any) -> Any:
    path = endpoint.path.format(activity=scene.civil_network.pk)
    return getattr(client, endpoint.method)(path, body, format="json", **extra)


@pytest.mark.parametrize(
    ("endpoint", "field"),
    [
        pytest.param(endpoint, field, id=f"{endpoint.name}: {field}")
        for endpoint in ENDPOINTS
        for field in endpoint.fields
    ],
)
def test_every_bad_value_of_every_field_is_refused_with_a_field_error_and_changes_nothing(
    client_for: ClientFor, scene: Scene, endpoint: Endpoint, field: str
) -> None:
    client = client_for(endpoint.persona)
    before = _state()

    for value in endpoint.fields[field]:
        response = _send(client, endpoint, scene, {**endpoint.valid, field: value})

        assert response.status_code == 400, (value, response.content)
        assert response["Content-Type"] == "application/json"
        assert field in response.json(), (value, response.json())
    assert _state() == before


@pytest.mark.parametrize(
    ("endpoint", "field"),
    [
        pytest.param(endpoint, field, id=f"{endpoint.name}: {field}")
        for endpoint in ENDPOINTS
        for field in endpoint.refused
    ],
)
def test_a_field_the_client_may_not_set_is_refused_not_ignored(
    client_for: ClientFor, scene: Scene, endpoint: Endpoint, field: str
) -> None:
    before = _state()

    response = _send(
        client_for(endpoint.persona),
        endpoint,
        scene,
        {**endpoint.valid, field: 1},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {field: CANNOT_BE_SET}
    assert _state() == before


def test_fields_that_cannot_be_set_are_refused_together_with_the_other_field_errors(
    client_for: ClientFor, scene: Scene
) -> None:
    response = client_for("coordinator").patch(
        f"/api/v1/activities/{scene.civil_network.pk}/",
        {"id": 1, "created_at": "2020-01-01T00:00:00Z", "status": "finished"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {
        "id": CANNOT_BE_SET,
        "created_at": CANNOT_BE_SET,
        "status": ['"finished" is not a valid choice.'],
    }


def test_a_field_that_cannot_be_set_is_refused_in_swedish_by_default(
    client_for: ClientFor, scene: Scene
) -> None:
    response = client_for("coordinator").patch(
        f"/api/v1/activities/{scene.civil_network.pk}/", {"directions": ["prevention"]}
    )

    assert response.status_code == 400
    assert response.json() == {"directions": ["Det här fältet kan inte anges."]}


def test_a_form_field_given_twice_is_refused_rather_than_the_last_value_winning(
    client_for: ClientFor, world: World
) -> None:
    response = client_for("coordinator").post(
        "/api/v1/activities/",
        "title=Insats&title=Annan+insats&starts_on=2026-05-01",
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {"title": ["Give this parameter once."]}
    assert not Activity.objects.exists()


def test_a_repeated_list_field_in_a_form_is_a_list(client_for: ClientFor, world: World) -> None:
    response = client_for("coordinator").post(
        "/api/v1/activities/",
        f"title=Insats&starts_on=2026-05-01&partners={world.school.pk}&partners={world.police_org.pk}",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 201
    assert set(response.json()["partners"]) == {world.school.pk, world.police_org.pk}


@pytest.mark.parametrize("value", ["1.0", " 1 ", "+1"])
def test_a_whole_number_in_plain_ascii_is_still_a_number(
    client_for: ClientFor, world: World, value: str
) -> None:
    response = client_for("coordinator").post(
        "/api/v1/activities/",
        {**VALID_ACTIVITY, "participants_count": value, "network": str(world.net.pk)},
    )

    assert response.status_code == 201
    assert response.json()["participants_count"] == 1


# Lists: every query parameter


@dataclass(frozen=True)
class ListQuery:
    path: str
    parameters: dict[str, list[Any]]


ID_PARAMETER = [
    str(HUGE), FULLWIDTH_ONE, ARABIC_INDIC_TWELVE, "1_0", "\x00", "-1", "0", "abc", "1.5",
    ["1", "2"],
]  # fmt: skip
DATE_PARAMETER = [
    "\uff12\uff10\uff12\uff16-01-01",
    "0000-01-01",
    "2026-13-01",
    "\x00",
    ["2026-01-01", "2026-02-01"],
]
BOOLEAN_PARAMETER = ["perhaps", "\x00", "\uff54rue", "2", ["true", "false"]]
SEARCH_PARAMETER = ["a\x00b", "x" * 201, ["a", "b"]]
PAGING = {
    "page": [str(HUGE), FULLWIDTH_ONE, "0", "-1", "abc", "\x00", "1.5", "last", ["1", "1"]],
    "page_size": [str(HUGE), "201", ARABIC_INDIC_TWELVE, "0", "-1", "abc", "\x00", ["2", "3"]],
    "format": ["AAA", "\x00", "js\u03bfn", "api", ["json", "json"]],
}


def _choice(valid: str) -> list[Any]:
    return [valid.upper(), valid[:-1] + CYRILLIC_E, f"{valid}\x00", "\x00"]


def _ordering(field: str) -> list[Any]:
    look_alike = field.replace("a", "\u0430").replace("e", "\u0435").replace("i", "\u0456")
    return ["nosuchfield", look_alike, "\x00", f"{field},-", [field, field]]


LISTS = [
    ListQuery(
        "/api/v1/activities/",
        {
            "network": ID_PARAMETER, "organisation": ID_PARAMETER, "partner": ID_PARAMETER,
            "direction": _choice("prevention"), "tagged": BOOLEAN_PARAMETER,
            "status": _choice("planned"), "visibility": _choice("network"),
            "from": DATE_PARAMETER, "to": DATE_PARAMETER, "search": SEARCH_PARAMETER,
            "ordering": _ordering("title"), **PAGING,
        },
    ),
    ListQuery(
        "/api/v1/updates/",
        {
            "network": ID_PARAMETER, "organisation": ID_PARAMETER, "activity": ID_PARAMETER,
            "visibility": _choice("network"), "from": DATE_PARAMETER, "to": DATE_PARAMETER,
            "search": SEARCH_PARAMETER, "ordering": _ordering("created_at"), **PAGING,
        },
    ),
    ListQuery(
        "/api/v1/networks/",
        {"search": SEARCH_PARAMETER, "ordering": _ordering("name"), **PAGING},
    ),
    ListQuery(
        "/api/v1/organisations/",
        {
            "network": ID_PARAMETER, "kind": _choice("police"), "is_authority": BOOLEAN_PARAMETER,
            "search": SEARCH_PARAMETER, "ordering": _ordering("name"), **PAGING,
        },
    ),
    ListQuery("/api/v1/directions/", PAGING),
    ListQuery("/api/v1/activities/{activity}/tags/", PAGING),
    ListQuery(
        "/api/v1/reports/activities/",
        {
            "period": [*_choice("quarter"), ["month", "year"]],
            "from": DATE_PARAMETER, "to": DATE_PARAMETER, "network": ID_PARAMETER,
            "group_by": ["nosuch", f"dir{CYRILLIC_E}ction", "direction\x00", ["direction"] * 11],
            "format": ["AAA", "\x00", "c\u0455v", ["csv", "csv"]],
        },
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "parameter", "values"),
    [
        pytest.param(query.path, name, values, id=f"{query.path} {name}")
        for query in LISTS
        for name, values in query.parameters.items()
    ],
)
def test_every_bad_value_of_every_query_parameter_is_refused_with_a_field_error(
    client_for: ClientFor, scene: Scene, path: str, parameter: str, values: list[Any]
) -> None:
    client = client_for("coordinator")
    url = path.format(activity=scene.police_only.pk)

    for value in values:
        response = client.get(url, {parameter: value})

        assert response.status_code == 400, (value, response.content)
        assert response["Content-Type"] == "application/json"
        assert parameter in response.json(), (value, response.json())


@pytest.mark.parametrize(
    "pk", [str(HUGE), FULLWIDTH_ONE, ARABIC_INDIC_TWELVE, "1_0", "%00", "-1", "0", "1.0"]
)
@pytest.mark.parametrize(
    "path", ["activities/{}/", "activities/{}/tags/", "updates/{}/", "networks/{}/"]
)
def test_an_id_in_the_path_that_is_not_plain_digits_is_a_json_404(
    client_for: ClientFor, scene: Scene, path: str, pk: str
) -> None:
    response = client_for("coordinator").get(f"/api/v1/{path.format(pk)}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_a_look_alike_digit_does_not_find_the_activity_whose_id_it_resembles(
    client_for: ClientFor, world: World
) -> None:
    activity = services.activity_create(
        author=world.coordinator, network=world.net, title="Första", starts_on=date(2026, 5, 1)
    )
    look_alike = str(activity.pk).translate(str.maketrans("0123456789", "０１２３４５６７８９"))

    response = client_for("coordinator").get(f"/api/v1/activities/{look_alike}/")

    assert response.status_code == 404


# Request bodies the parser refuses


DEEP = "[" * 5_000 + "]" * 5_000


@pytest.mark.parametrize(
    ("method", "path", "persona"),
    [
        ("post", "/api/v1/auth/token/", None),
        ("post", "/api/v1/activities/", "coordinator"),
        ("put", "/api/v1/activities/{activity}/", "coordinator"),
        ("patch", "/api/v1/activities/{activity}/", "coordinator"),
        ("post", "/api/v1/activities/{activity}/tag/", "coordinator"),
        ("post", "/api/v1/updates/", "coordinator"),
    ],
)
@pytest.mark.parametrize(
    "body",
    [DEEP, json.dumps({"title": nested(40)}), json.dumps(nested(33))],
    ids=["5000 deep", "40 deep in a field", "33 deep"],
)
def test_json_nested_too_deeply_is_refused_with_400(
    client_for: ClientFor, scene: Scene, method: str, path: str, persona: str | None, body: str
) -> None:
    client = client_for(persona)

    response = getattr(client, method)(
        path.format(activity=scene.civil_network.pk),
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The JSON is nested more than 32 levels deep."}


def test_json_32_levels_deep_reaches_the_fields(client_for: ClientFor, world: World) -> None:
    response = client_for("coordinator").post(
        "/api/v1/activities/",
        json.dumps({**VALID_ACTIVITY, "title": nested(31, "Titel")}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {"title": ["Not a valid string."]}


def test_a_json_body_over_the_size_limit_is_refused_with_400(
    client_for: ClientFor, world: World, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000

    response = client_for("coordinator").post(
        "/api/v1/activities/",
        {**VALID_ACTIVITY, "description": "x" * 2_000},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is larger than 1000 bytes."}
    assert not Activity.objects.exists()


def test_a_json_body_is_bounded_even_when_django_bounds_none(
    client_for: ClientFor, world: World, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None

    response = client_for("coordinator").post(
        "/api/v1/activities/",
        {**VALID_ACTIVITY, "description": "x" * 2_700_000},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is larger than 2621440 bytes."}


def test_a_form_body_over_the_size_limit_is_refused_with_400_in_json(
    client_for: ClientFor, world: World, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000

    response = client_for("coordinator").post(
        "/api/v1/activities/",
        f"title=Insats&starts_on=2026-05-01&description={'x' * 2_000}",
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is larger than 1000 bytes."}


def test_too_many_query_parameters_are_refused_with_400_in_json(
    client_for: ClientFor, world: World, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = "&".join(f"p{number}=1" for number in range(20))

    response = client_for("coordinator").get(
        f"/api/v1/activities/?{query}", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The request has too many fields."}


def test_json_in_a_charset_that_is_no_text_encoding_is_refused(
    client_for: ClientFor, world: World
) -> None:
    response = client_for("coordinator").post(
        "/api/v1/activities/",
        b"BZh9",
        content_type="application/json; charset=bz2_codec",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Unsupported charset in the Content-Type header."}


REQUIRED = {"directions": ["This field is required."]}
NO_BOUNDARY = {"detail": "Multipart form parse error - Invalid boundary in multipart: None"}


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"", "multipart/form-data; boundary=abc", REQUIRED),
        (b"", "multipart/form-data", REQUIRED),
        (b"--abc--\r\n", "multipart/form-data; boundary=abc", REQUIRED),
        (b"--abc\r\nno headers\r\n--abc--\r\n", "multipart/form-data; boundary=abc", REQUIRED),
        (b"--abc--\r\n", "multipart/form-data", NO_BOUNDARY),
        (b"\x00" * 10, "multipart/form-data", NO_BOUNDARY),
    ],
    ids=["empty", "empty without boundary", "no parts", "a part without headers",
         "no boundary", "NUL bytes"],
)  # fmt: skip
def test_a_bad_multipart_body_on_tag_is_answered_in_json(
    client_for: ClientFor, scene: Scene, body: bytes, content_type: str, expected: dict
) -> None:
    response = client_for("coordinator").generic(
        "POST",
        f"/api/v1/activities/{scene.police_only.pk}/tag/",
        body,
        content_type=content_type,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == expected
    assert scene.police_only.taggings.count() == 1


def test_a_recursion_error_while_handling_input_is_a_400_not_a_server_error(
    client_for: ClientFor, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def recurse(**kwargs: Any) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(services, "activity_create", recurse)

    response = client_for("coordinator").post(
        "/api/v1/activities/", VALID_ACTIVITY, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The JSON is nested more than 32 levels deep."}


# ?format=


@pytest.mark.parametrize(
    ("path", "formats"),
    [("/api/v1/reports/activities/", "json, csv"), ("/api/v1/activities/", "json")],
)
def test_an_unknown_format_is_a_field_error_naming_the_formats_offered(
    client_for: ClientFor, world: World, path: str, formats: str
) -> None:
    response = client_for("coordinator").get(path, {"format": "AAA"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"format": [f"Choose one of these formats: {formats}."]}


def test_an_unknown_format_is_explained_in_swedish_by_default(
    client_for: ClientFor, world: World
) -> None:
    response = client_for("report_reader").get("/api/v1/reports/activities/", {"format": "AAA"})

    assert response.status_code == 400
    assert response.json() == {"format": ["Välj ett av dessa format: json, csv."]}


def test_a_known_format_is_still_served(client_for: ClientFor, world: World) -> None:
    response = client_for("report_reader").get("/api/v1/reports/activities/", {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
