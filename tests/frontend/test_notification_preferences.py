"""The notification settings page: every persona opens and saves their own, nobody else's."""

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from network.activities import services as activity_services
from network.events.models import Notification, NotificationPreference, NotificationSettings
from network.events.preferences import (
    CHOOSABLE_EVENTS,
    language_for,
    notification_settings_for,
    preferences_for,
)
from network.models import User, Visibility
from tests.conftest import PERSONAS, World

URL = "/installningar/notiser/"
SAVED = {event.value: "live" for event in CHOOSABLE_EVENTS} | {
    "activity.created": "immediate",
    "activity.updated": "digest",
    "activity.tagged": "none",
}
CHOICE = {event.replace(".", "_"): delivery for event, delivery in SAVED.items()} | {
    "language": "en"
}
# One fieldset for each event, one for the language and one for network-wide news.
FIELDSETS = len(CHOOSABLE_EVENTS) + 2
NEWS_CHECKBOX = 'type="checkbox" name="all_new_activities"'


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
    assert page.content.decode().count("<fieldset") == FIELDSETS
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
    assert html.count("<legend>") == FIELDSETS
    assert html.count('type="radio"') + html.count('type="checkbox"') == html.count("<label for=")
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


# Network-wide news


def _news_checkbox(html: str) -> str:
    start = html.index(NEWS_CHECKBOX)
    return html[html.rindex("<input", 0, start) : html.index(">", start) + 1]


def test_network_wide_news_is_a_checkbox_in_a_fieldset_with_a_legend_and_a_label(
    web_client_for: Any,
) -> None:
    html = web_client_for("civil").get(URL).content.decode()
    checkbox = _news_checkbox(html)
    assert 'id="id_all_new_activities"' in checkbox
    assert 'aria-describedby="id_all_new_activities_helptext"' in checkbox
    assert "checked" not in checkbox  # off until chosen
    assert 'id="id_all_new_activities_helptext"' in html
    fieldset = html[html.rindex("<fieldset", 0, html.index(NEWS_CHECKBOX)) :]
    assert fieldset.index("<legend>") < fieldset.index(NEWS_CHECKBOX)
    assert fieldset.index(NEWS_CHECKBOX) < fieldset.index('<label for="id_all_new_activities">')
    assert fieldset.index('<label for="id_all_new_activities">') < fieldset.index("</fieldset>")
    with translation.override("en"):
        english = web_client_for("civil").get("/en/settings/notifications/").content.decode()
    assert "Tell me about every new activity I may see in my networks" in english


@pytest.mark.parametrize("name", PERSONAS)
def test_every_persona_turns_network_wide_news_on_and_off_again(
    web_client_for: Any, world: World, name: str
) -> None:
    client = web_client_for(name)
    user = world.persona(name)

    # A ticked checkbox sends "on"; the form works without JavaScript.
    assert client.post(URL, CHOICE | {"all_new_activities": "on"}).status_code == 302
    assert notification_settings_for(user)["all_new_activities"] is True
    assert "checked" in _news_checkbox(client.get(URL).content.decode())

    # An unticked one sends nothing at all.
    assert client.post(URL, CHOICE).status_code == 302
    assert notification_settings_for(user)["all_new_activities"] is False
    assert "checked" not in _news_checkbox(client.get(URL).content.decode())
    # The other choices were saved along with it both times.
    assert preferences_for(user) == SAVED
    assert language_for(user) == "en"


def test_a_refused_save_does_not_turn_network_wide_news_on(
    web_client_for: Any, world: World
) -> None:
    client = web_client_for("civil")
    response = client.post(URL, CHOICE | {"all_new_activities": "on", "language": "de"})
    assert response.status_code == 400
    assert "checked" in _news_checkbox(response.content.decode())  # what was sent is shown
    assert notification_settings_for(world.civil)["all_new_activities"] is False
    assert not NotificationSettings.objects.exists()


def _create(world: World, visibility: str, django_capture_on_commit_callbacks: Any) -> set[int]:
    """The police create an activity without partners; who was told of it."""
    with django_capture_on_commit_callbacks(execute=True):
        activity = activity_services.activity_create(
            author=world.police,
            network=world.net,
            title="Nattvandring",
            starts_on=date(2026, 5, 4),
            visibility=visibility,
        )
    return set(
        Notification.objects.filter(
            event="activity.created", object_type="activity", object_id=activity.pk
        ).values_list("recipient_id", flat=True)
    )


def _choose_news(web_client_for: Any, *people: str) -> None:
    for name in people:
        response = web_client_for(name).post(URL, CHOICE | {"all_new_activities": "on"})
        assert response.status_code == 302


def test_a_person_who_chose_network_wide_news_is_told_of_another_organisations_activity(
    web_client_for: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _choose_news(web_client_for, "civil")
    told = _create(world, Visibility.NETWORK, django_capture_on_commit_callbacks)
    assert world.civil.pk in told
    # The contact person did not choose it, and the police's activity does not concern them.
    assert world.contact_person.pk not in told


def test_a_person_who_did_not_choose_network_wide_news_is_not_told_of_it(
    web_client_for: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _choose_news(web_client_for, "civil")
    web_client_for("civil").post(URL, CHOICE)  # and turned it off again
    told = _create(world, Visibility.NETWORK, django_capture_on_commit_callbacks)
    assert world.civil.pk not in told
    assert world.coordinator.pk in told  # the tagging queue grew: told anyway


def test_a_civil_society_member_who_chose_network_wide_news_is_told_nothing_of_authorities(
    web_client_for: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _choose_news(web_client_for, "civil", "contact_person")
    told = _create(world, Visibility.AUTHORITIES, django_capture_on_commit_callbacks)
    assert world.civil.pk not in told
    assert world.contact_person.pk in told  # an authority's member who chose it is told
    assert not Notification.objects.filter(recipient=world.civil).exists()


def test_network_wide_news_changes_nothing_for_another_person(
    web_client_for: Any, world: World
) -> None:
    _choose_news(web_client_for, "civil")
    others: list[User] = [world.persona(name) for name in PERSONAS if name != "civil"]
    assert not any(notification_settings_for(user)["all_new_activities"] for user in others)
