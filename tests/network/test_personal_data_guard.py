"""The identity-number guard as every write meets it: through the activity service."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from network.activities import services as activity_services
from network.models import Activity, AuditEvent, Visibility

EN_DASH_NUMBER = "121212\u20131212"


def _create(world, **fields) -> Activity:
    values = {
        "title": "Nattvandring",
        "starts_on": date(2026, 5, 1),
        "visibility": Visibility.NETWORK,
    } | fields
    return activity_services.activity_create(author=world.police, network=world.net, **values)


@pytest.mark.parametrize(
    "text",
    [
        f"Kontakt: {EN_DASH_NUMBER}",
        "Kontakt: 12\u00ad1212-1212",
        "Kontakt: 1212\u200b12\u22121212",
        "Kontakt: \uff11\uff12\uff11\uff12\uff11\uff12\uff0d\uff11\uff12\uff11\uff12",
        "Kontakt: 12.12.12-1212",
    ],
    ids=["en dash", "soft hyphen", "zero-width space and minus", "fullwidth", "dotted date"],
)
def test_a_typographic_number_at_network_visibility_is_refused_and_nothing_saved(world, text):
    with pytest.raises(ValidationError) as refused:
        _create(world, description=text)

    assert "description" in refused.value.message_dict
    assert not Activity.objects.exists()
    assert not AuditEvent.objects.filter(action="personal_data.published").exists()


def test_every_field_holding_a_number_is_named(world):
    with pytest.raises(ValidationError) as refused:
        _create(world, title=f"Möte med {EN_DASH_NUMBER}", place=EN_DASH_NUMBER)

    assert {"title", "place"} <= set(refused.value.message_dict)
    assert not Activity.objects.exists()


def test_with_a_reason_it_is_published_and_the_reason_audited(world):
    activity = _create(
        world, description=f"Kontakt: {EN_DASH_NUMBER}", personal_data_reason="Beslut i nämnd"
    )

    assert Activity.objects.filter(pk=activity.pk).exists()
    event = AuditEvent.objects.get(action="personal_data.published")
    assert event.detail["fields"] == ["description"]
    assert EN_DASH_NUMBER not in str(event.detail)


def test_a_narrower_visibility_is_not_refused(world):
    activity = _create(
        world, description=f"Kontakt: {EN_DASH_NUMBER}", visibility=Visibility.ORGANISATION
    )

    assert Activity.objects.filter(pk=activity.pk).exists()


def test_a_date_range_is_not_refused(world):
    activity = _create(world, description="Projektet pågår 2024-08-01 \u2013 2025-06-30.")

    assert Activity.objects.filter(pk=activity.pk).exists()
