"""A request that contradicts an object's state answers a 409 page that says why."""

from typing import Any

import pytest
from django.urls import reverse

from network.errors import Conflict
from tests.frontend.conftest import Activities


def _conflict(*args: object, **kwargs: object) -> None:
    raise Conflict("Protokollet är justerat och kan inte ändras.")


def test_conflict_on_a_page_answers_409_with_its_message(
    web_client_for: Any, activities: Activities, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("frontend.views.activities.activity_get_for_user", _conflict)
    response = web_client_for("police").get(
        reverse("frontend:activity_detail", args=[activities.school_network.pk])
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Protokollet är justerat och kan inte ändras." in page
    assert "<h1>Det går inte just nu</h1>" in page
    assert '<html lang="sv">' in page


def test_conflict_page_is_in_english_at_en(
    web_client_for: Any, activities: Activities, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("frontend.views.activities.activity_get_for_user", _conflict)
    response = web_client_for("police").get(f"/en/activities/{activities.school_network.pk}/")
    assert response.status_code == 409
    assert "<h1>This cannot be done now</h1>" in response.content.decode()
