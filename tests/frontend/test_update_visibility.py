"""A new update is, unless the author widens it, no more visible than its activity."""

import re
from typing import Any

import pytest
from django.urls import reverse

from frontend.forms import UpdateForm
from network.models import Activity, Update, Visibility
from tests.frontend.conftest import Activities


def _checked(page: str, name: str = "update-visibility") -> list[str]:
    radios = re.findall(rf'<input type="radio" name="{name}"[^>]*>', page)
    return [re.search(r'value="([^"]+)"', r).group(1) for r in radios if " checked" in r]


@pytest.mark.parametrize(
    ("persona", "which", "visibility"),
    [
        ("police", "police_authorities", Visibility.AUTHORITIES),
        ("coordinator", "social_own", Visibility.ORGANISATION),
        ("civil", "school_network", Visibility.NETWORK),
    ],
)
def test_update_form_starts_at_the_activitys_visibility(
    web_client_for: Any, activities: Activities, persona: str, which: str, visibility: str
) -> None:
    activity: Activity = getattr(activities, which)
    page = web_client_for(persona).get(reverse("frontend:activity_detail", args=[activity.pk]))
    assert _checked(page.content.decode()) == [visibility]


@pytest.mark.parametrize(
    ("persona", "which"),
    [("police", "police_authorities"), ("coordinator", "social_own")],
)
def test_update_posted_without_a_visibility_takes_the_activitys(
    web_client_for: Any, activities: Activities, persona: str, which: str
) -> None:
    activity: Activity = getattr(activities, which)
    response = web_client_for(persona).post(
        reverse("frontend:update_create", args=[activity.pk]), {"update-body": "Lugnt i kväll."}
    )
    assert response.status_code == 302
    assert Update.objects.get().visibility == activity.visibility


def test_update_form_without_an_activity_starts_at_the_own_organisation() -> None:
    form = UpdateForm()
    assert form["visibility"].value() == Visibility.ORGANISATION
    posted = UpdateForm({"update-body": "Lugnt i kväll."})
    assert posted.is_valid(), posted.errors
    assert posted.cleaned_data["visibility"] == Visibility.ORGANISATION


def test_update_form_keeps_the_visibility_the_author_chose(activities: Activities) -> None:
    form = UpdateForm(
        {"update-body": "Lugnt i kväll.", "update-visibility": "organisation"},
        activity=activities.school_network,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["visibility"] == Visibility.ORGANISATION
