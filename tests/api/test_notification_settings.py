"""Notification settings in the API: every persona reads and changes their own, strictly.

``GET`` and ``PATCH /api/v1/notifications/settings/`` answer the same settings as the settings
page (``tests/frontend/test_notification_preferences.py``), through the same service. A change that
is refused in any part changes nothing at all.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from network.accounts.tokens import expiry_in, issue_token
from network.events.models import NotificationPreference, NotificationSettings
from network.events.preferences import (
    CHOOSABLE_EVENTS,
    notification_preferences_set,
    notification_settings_for,
)
from tests.api.personas import each_persona
from tests.conftest import PERSONAS, World

ClientFor = Callable[[str | None], APIClient]

URL = "/api/v1/notifications/settings/"
DEFAULTS = {
    "language": "sv",
    "all_new_activities": False,
    "events": {event.value: "live" for event in CHOOSABLE_EVENTS},
}
CHANGE = {
    "language": "en",
    "all_new_activities": True,
    "events": {"activity.created": "immediate", "update.posted": "none"},
}
CHANGED = {
    "language": "en",
    "all_new_activities": True,
    "events": DEFAULTS["events"] | {"activity.created": "immediate", "update.posted": "none"},
}
REFUSED = dict.fromkeys(PERSONAS, 200) | {"report_reader": 403, "anonymous": 401}


def _nothing_stored() -> bool:
    return not NotificationPreference.objects.exists() and not NotificationSettings.objects.exists()


# Every persona


@pytest.mark.parametrize(("persona", "expected"), each_persona(**REFUSED))
def test_every_persona_reads_their_settings_with_the_defaults_filled_in(
    client_for: ClientFor, world: World, persona: str | None, expected: int
) -> None:
    response = client_for(persona).get(URL)
    assert response.status_code == expected
    if expected == 200:
        assert response.json() == DEFAULTS
    assert _nothing_stored()  # reading writes nothing


@pytest.mark.parametrize(("persona", "expected"), each_persona(**REFUSED))
def test_every_persona_changes_their_own_settings_and_nobody_elses(
    client_for: ClientFor, world: World, persona: str | None, expected: int
) -> None:
    client = client_for(persona)
    response = client.patch(URL, CHANGE, format="json")
    assert response.status_code == expected
    if expected != 200:
        assert _nothing_stored()
        return
    assert response.json() == CHANGED
    assert client.get(URL).json() == CHANGED
    user = world.persona(persona)
    assert notification_settings_for(user) == CHANGED
    assert set(NotificationSettings.objects.values_list("user_id", flat=True)) == {user.pk}
    assert set(NotificationPreference.objects.values_list("user_id", flat=True)) == {user.pk}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("method", ["get", "patch"])
def test_a_report_reader_is_told_it_reads_reports_only(
    client_for: ClientFor, method: str, language: str
) -> None:
    response = getattr(client_for("report_reader"), method)(
        URL, CHANGE, format="json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 403
    with translation.override(language):
        expected = gettext("A report reader reads the aggregated reports only.")
    assert response.json() == {"detail": expected}
    assert _nothing_stored()


def test_token_authentication_works_too(world: World) -> None:
    client = APIClient()
    _token, key = issue_token(world.civil, "tests", expiry_in())
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(URL).status_code == 200
    assert client.patch(URL, {"language": "en"}, format="json").status_code == 200
    assert notification_settings_for(world.civil)["language"] == "en"


# A change names only what it changes


def test_a_change_keeps_what_it_does_not_name(client_for: ClientFor, world: World) -> None:
    client = client_for("civil")
    client.patch(URL, CHANGE, format="json")

    response = client.patch(URL, {"all_new_activities": False}, format="json")

    assert response.status_code == 200
    assert response.json() == CHANGED | {"all_new_activities": False}
    response = client.patch(URL, {"events": {"activity.updated": "digest"}}, format="json")
    assert response.json()["events"] == CHANGED["events"] | {"activity.updated": "digest"}
    assert response.json()["language"] == "en"


def test_an_empty_change_changes_nothing(client_for: ClientFor) -> None:
    response = client_for("civil").patch(URL, {}, format="json")
    assert response.status_code == 200
    assert response.json() == DEFAULTS
    assert _nothing_stored()


def test_the_page_sees_what_the_api_chose(client_for: ClientFor, world: World, client: Any) -> None:
    client_for("police").patch(URL, CHANGE, format="json")
    client.force_login(world.police)
    html = client.get("/installningar/notiser/").content.decode()
    assert 'name="all_new_activities" aria-describedby="id_all_new_activities_helptext" ' in html
    assert 'id="id_all_new_activities" checked' in html
    assert 'value="immediate" id="id_activity_created_1" required checked' in html


def test_the_settings_are_not_taken_for_a_notification_id(client_for: ClientFor) -> None:
    # The notifications' detail route must not answer the settings' path, nor the reverse.
    assert client_for("civil").get(URL).json() == DEFAULTS
    assert client_for("civil").get("/api/v1/notifications/settings2/").status_code == 404


# Bad input: 400 with the field errors, and nothing changed


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        pytest.param(
            {"events": {"meeting.bogus": "live"}},
            {"events": {"meeting.bogus": ["Not an event you can choose for."]}},
            id="unknown event",
        ),
        pytest.param(
            {"events": {"Minutes.Approved": "live"}},
            {"events": {"Minutes.Approved": ["Not an event you can choose for."]}},
            id="an event in other letter case",
        ),
        pytest.param(
            {"events": {"activity.created": "fax"}},
            {"events": {"activity.created": ['"fax" is not a valid choice.']}},
            id="unknown delivery",
        ),
        pytest.param(
            {"events": {"activity.created": ["live"]}},
            None,
            id="delivery not a string",
        ),
        pytest.param(
            {"events": {"activity.created": None}},
            None,
            id="null delivery",
        ),
        pytest.param({"events": ["activity.created"]}, None, id="events not an object"),
        pytest.param({"events": "live"}, None, id="events a string"),
        pytest.param({"events": None}, None, id="events null"),
        pytest.param(
            {"all_new_activities": "true"},
            {"all_new_activities": ["Must be a valid boolean."]},
            id="the string true",
        ),
        pytest.param({"all_new_activities": 1}, None, id="one"),
        pytest.param({"all_new_activities": 0}, None, id="zero"),
        pytest.param({"all_new_activities": "on"}, None, id="on"),
        pytest.param({"all_new_activities": None}, None, id="null boolean"),
        pytest.param(
            {"language": "de"},
            {"language": ['"de" is not a valid choice.']},
            id="unknown language",
        ),
        pytest.param({"language": ["sv"]}, None, id="language a list"),
        pytest.param({"language": None}, None, id="null language"),
        pytest.param({"language": ""}, None, id="empty language"),
        pytest.param({"colour": "red"}, {"colour": ["This field cannot be set."]}, id="unknown"),
        pytest.param(["language", "sv"], None, id="a list"),
        pytest.param("sv", None, id="a string"),
        pytest.param(42, None, id="a number"),
    ],
)
def test_bad_input_is_refused_with_field_errors_and_changes_nothing(
    client_for: ClientFor, world: World, body: Any, errors: Any
) -> None:
    client = client_for("civil")
    # Valid parts sent along with the bad one are not saved either.
    if isinstance(body, dict):
        body = CHANGE | body if "events" not in body else {**CHANGE, **body}
    response = client.patch(URL, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    answer = response.json()
    assert isinstance(answer, dict) and answer
    if errors is not None:
        assert answer == errors
    assert _nothing_stored()
    assert client.get(URL).json() == DEFAULTS


def test_each_bad_part_is_named_at_once(client_for: ClientFor) -> None:
    response = client_for("civil").patch(
        URL,
        {
            "language": "de",
            "all_new_activities": "true",
            "events": {"activity.created": "fax", "nope": "live", "update.posted": "digest"},
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"language", "all_new_activities", "events"}
    assert set(response.json()["events"]) == {"activity.created", "nope"}
    assert _nothing_stored()


def test_a_refused_change_keeps_earlier_choices(client_for: ClientFor, world: World) -> None:
    client = client_for("civil")
    client.patch(URL, CHANGE, format="json")
    refused = client.patch(
        URL,
        {"all_new_activities": False, "events": {"activity.created": "digest", "x": "live"}},
        format="json",
    )
    assert refused.status_code == 400
    assert notification_settings_for(world.civil) == CHANGED


@pytest.mark.parametrize("raw", [b'{"language": ', b"null", b'"sv"', b"[]", b"true"])
def test_a_body_that_is_no_json_object_is_refused(client_for: ClientFor, raw: bytes) -> None:
    response = client_for("civil").patch(URL, raw, content_type="application/json")
    assert response.status_code == 400
    assert isinstance(response.json(), dict)
    assert _nothing_stored()


def test_a_form_body_cannot_set_the_boolean(client_for: ClientFor) -> None:
    # A form sends text, and "true" is not a boolean here.
    response = client_for("civil").patch(
        URL, "all_new_activities=true", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert _nothing_stored()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_other_methods_are_not_allowed(client_for: ClientFor, method: str) -> None:
    response = getattr(client_for("civil"), method)(URL, CHANGE, format="json")
    assert response.status_code == 405
    assert _nothing_stored()


def test_reading_takes_few_queries(
    client_for: ClientFor, django_assert_max_num_queries: Any
) -> None:
    client = client_for("civil")
    client.patch(URL, CHANGE, format="json")
    with django_assert_max_num_queries(4):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize(
    "bad",
    [
        {"all_new_activities": "true"},
        {"language": ["sv"]},
        {"deliveries": {"activity.created": "immediate", "update.posted": ["live"]}},
        {"deliveries": {"activity.created": "immediate", "nope": "live"}},
    ],
)
def test_the_service_itself_is_strict_and_saves_all_or_nothing(
    world: World, bad: dict[str, Any]
) -> None:
    # The page and the API both call it; it does not rely on either having checked first.
    chosen: dict[str, Any] = {
        "deliveries": {"activity.created": "immediate"},
        "language": "en",
        "all_new_activities": True,
    }
    with pytest.raises(ValidationError):
        notification_preferences_set(user=world.civil, **(chosen | bad))
    assert _nothing_stored()
