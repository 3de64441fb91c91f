"""The reason for publishing a personal identity number can always be given, script or not."""

import re
from typing import Any

from django.urls import reverse

from network.models import Update
from tests.frontend.conftest import Activities

IDENTITY_NUMBER = "811218-9876"


def _reason_field(page: str, prefix: str = "") -> str:
    """The reason's field, from its wrapper to the end of its textarea."""
    name = f"id_{prefix}personal_data_reason"
    match = re.search(
        rf'<div class="personal-data">.*?<textarea[^>]*id="{name}"[^>]*>', page, re.DOTALL
    )
    assert match is not None, f"no {name} in the page"
    return match.group(0)


def test_reason_field_is_in_the_activity_form_with_its_help(web_client_for: Any) -> None:
    page = web_client_for("contact_person").get(reverse("frontend:activity_create")).content
    field = _reason_field(page.decode())
    assert '<label for="id_personal_data_reason">Skäl att publicera ett personnummer' in field
    assert 'id="id_personal_data_reason_helptext"' in field
    assert "hidden" not in field
    assert "display: none" not in field and "display:none" not in field


def test_reason_field_is_in_the_update_form_with_its_help(
    web_client_for: Any, activities: Activities
) -> None:
    url = reverse("frontend:activity_detail", args=[activities.school_network.pk])
    field = _reason_field(web_client_for("civil").get(url).content.decode(), "update-")
    assert 'id="id_update-personal_data_reason_helptext"' in field
    assert "hidden" not in field


def test_update_with_an_identity_number_is_published_with_a_reason(
    web_client_for: Any, activities: Activities
) -> None:
    client = web_client_for("civil")
    url = reverse("frontend:update_create", args=[activities.school_network.pk])
    data = {"update-body": f"Samtal med {IDENTITY_NUMBER}.", "update-visibility": "network"}

    refused = client.post(url, data)
    accepted = client.post(url, {**data, "update-personal_data_reason": "Behövs för samordning."})

    assert refused.status_code == 200
    assert 'id="id_update-personal_data_reason_error"' in refused.content.decode()
    assert accepted.status_code == 302
    assert Update.objects.count() == 1
