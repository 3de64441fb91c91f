"""The notification settings page: every persona opens and saves their own, nobody else's."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from network.events.models import NotificationPreference, NotificationSettings
from network.events.preferences import CHOOSABLE_EVENTS, language_for, preferences_for
from tests.conftest import PERSONAS, World

URL = "/installningar/notiser/"
CHOICE = {
    "activity_created": "immediate",
    "activity_updated": "digest",
    "activity_tagged": "none",
    "update_posted": "live",
    "language": "en",
}
SAVED = {
    "activity.created": "immediate",
    "activity.updated": "digest",
    "activity.tagged": "none",
    "update.posted": "live",
}


def test_the_page_has_a_swedish_path_and_an_english_one() -> None:
    assert reverse("frontend:notification_preferences") == URL
    with translation.override("en"):
        assert reverse("frontend:notification_preferences") == "/en/settings/notifications/"


@pytest.mark.parametrize("name", PERSONAS)
def test_every_persona_opens_and_saves_their_own_settings(
    web_client_for: Any, world: World, name: str
) -> None:
    client = web_client_for(name)
    page = client.get(URL)
    assert page.status_code == 200
    assert page.content.decode().count("<fieldset") == len(CHOOSABLE_EVENTS) + 1
    saved = client.post(URL, CHOICE)
    assert saved.status_code == 302
    assert saved["Location"] == URL
    user = world.persona(name)
    assert preferences_for(user) == SAVED
    assert language_for(user) == "en"
    # Only their own rows were written.
    assert set(NotificationPreference.objects.values_list("user_id", flat=True)) == {user.pk}


def test_the_page_shows_what_was_chosen(web_client_for: Any, world: World) -> None:
    client = web_client_for("civil")
    client.post(URL, CHOICE)
    html = client.get(URL).content.decode()
    assert 'value="digest" id="id_activity_updated_2" required checked' in html
    assert 'value="none" id="id_activity_tagged_3" required checked' in html
    assert 'value="en" id="id_language_1" required checked' in html


def test_the_english_page_saves_too(web_client_for: Any, world: World) -> None:
    response = web_client_for("police").post("/en/settings/notifications/", CHOICE)
    assert response.status_code == 302
    assert language_for(world.police) == "en"


def test_the_page_is_accessible_with_legends_and_labels(web_client_for: Any) -> None:
    html = web_client_for("civil").get(URL).content.decode()
    assert html.count("<legend>") == len(CHOOSABLE_EVENTS) + 1
    assert html.count('type="radio"') == html.count("<label for=")
    assert "Ny insats" in html  # the event's Swedish name is the legend
    assert "Språk i e-post" in html


@pytest.mark.parametrize(
    "bad",
    [
        {"activity_created": "fax"},
        {"language": "de"},
        {"update_posted": ""},
        {"activity_tagged": "digest\x00"},
    ],
)
def test_bad_values_are_refused_with_the_errors_and_change_nothing(
    web_client_for: Any, world: World, bad: dict[str, str]
) -> None:
    client = web_client_for("civil")
    response = client.post(URL, CHOICE | bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html
    assert 'class="errorlist' in html
    assert 'aria-invalid="true"' in html or "has-error" in html
    assert not NotificationPreference.objects.exists()
    assert not NotificationSettings.objects.exists()


def test_a_missing_event_is_refused(web_client_for: Any) -> None:
    data = {k: v for k, v in CHOICE.items() if k != "update_posted"}
    response = web_client_for("civil").post(URL, data)
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_an_empty_post_is_refused(web_client_for: Any) -> None:
    assert web_client_for("civil").post(URL, {}).status_code == 400


@pytest.mark.parametrize("method", ["get", "post"])
def test_signing_in_is_required(web_client_for: Any, world: World, method: str) -> None:
    response = getattr(web_client_for(None), method)(URL, CHOICE)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not NotificationPreference.objects.exists()


def test_the_start_page_links_to_the_settings(web_client_for: Any, world: World) -> None:
    html = web_client_for("civil").get("/").content.decode()
    assert f'href="{URL}"' in html
