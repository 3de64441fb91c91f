"""Hostile input to every page form and filter: an error on the page, never a server error,
and nothing written."""

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from frontend.forms import IdChoiceField, form_id
from network.access.rules import MAX_ID
from network.models import Activity, ActivityTagging, Organisation, Update
from tests.conftest import World
from tests.frontend.conftest import Activities

TWENTY_DIGITS = "9" * 20
# Values that are no id, no number, no date and no choice, whatever the field.
HOSTILE = {
    "twenty-digits": TWENTY_DIGITS,
    "negative": "-1",
    "huge-float": "1e9999",
    "nul": "1\x00",
    "arabic-indic-digits": "١٢",
    "long": "9" * 10_000,
    "list": [TWENTY_DIGITS, "-1"],
}
# Free text takes most of the above as text: only these are refused there.
HOSTILE_TEXT = {"nul": "Text\x00", "long": "x" * 10_000}


@dataclass(frozen=True)
class Target:
    name: str
    method: str
    url: str  # "list", "create", "edit", "detail", "update", "tag", "queue", "report"
    field: str
    values: dict[str, Any] = field(default_factory=lambda: HOSTILE)


ACTIVITY_CHOICES = (
    "organisation",
    "partners",
    "status",
    "starts_on",
    "participants_count",
    "visibility",
    "suggested_directions",
)
TARGETS = [
    # The activity form, new and edited.
    *(Target(f"create-{name}", "post", "create", name) for name in ACTIVITY_CHOICES),
    Target("create-network", "post", "create", "network"),
    *(
        Target(f"create-{name}", "post", "create", name, HOSTILE_TEXT)
        for name in ("title", "place", "personal_data_reason")
    ),
    Target("create-description", "post", "create", "description", {"nul": "A\x00"}),
    *(
        Target(f"edit-{name}", "post", "edit", name)
        for name in ("organisation", "partners", "participants_count", "ends_on")
    ),
    Target("edit-title", "post", "edit", "title", HOSTILE_TEXT),
    # An update, and the tagging on an activity's page.
    Target("update-body", "post", "update", "update-body", HOSTILE_TEXT),
    Target("update-visibility", "post", "update", "update-visibility"),
    Target("tag-directions", "post", "tag", "directions"),
    # The tagging queue.
    Target("queue-only", "post", "queue", "only"),
    Target("queue-activity", "post", "queue", "activity"),
    Target("queue-directions", "post", "queue", "directions"),
    Target("queue-page", "get", "queue", "page"),
    # The list's filters and pages, the way back from an activity, the report's choices.
    *(
        Target(f"list-{name}", "get", "list", name)
        for name in ("q", "status", "organisation", "direction", "visibility", "from", "to", "page")
    ),
    Target("detail-back", "get", "detail", "back"),
    *(
        Target(f"report-{name}", "get", "report", name)
        for name in ("network", "period", "from", "to", "group_by")
    ),
]


def _activity_data(world: World, activity: Activity | None) -> dict[str, Any]:
    """A form that would be accepted as it is: each case spoils one field."""
    data: dict[str, Any] = {
        "title": "Fotbollskvällar",
        "description": "Öppen hall fredagar.",
        "organisation": (activity.organisation_id if activity else world.social.pk),
        "partners": [world.school.pk],
        "status": "completed",
        "starts_on": "2026-05-08",
        "participants_count": "40",
        "visibility": "authorities",
        "suggested_directions": ["prevention"],
    }
    if activity is None:
        data["network"] = world.net.pk
    return data


def _request(
    target: Target, value: Any, world: World, activities: Activities, persona: str
) -> tuple[str, dict[str, Any]]:
    # Each persona's own activity, which it may change.
    own = activities.police_authorities if persona == "police" else activities.social_own
    data: dict[str, Any]
    if target.url in ("create", "edit"):
        activity = own if target.url == "edit" else None
        data = _activity_data(world, activity)
        if persona == "police" and activity is None:
            data["organisation"] = world.police_org.pk
        url = (
            reverse("frontend:activity_edit", args=[own.pk])
            if activity
            else reverse("frontend:activity_create")
        )
    elif target.url == "update":
        data = {"update-body": "Lugnt i kväll.", "update-visibility": "authorities"}
        url = reverse("frontend:update_create", args=[own.pk])
    elif target.url == "tag":
        data = {"directions": ["prevention"]}
        url = reverse("frontend:activity_tag", args=[own.pk])
    elif target.url == "queue":
        pk = own.pk
        data = {"only": str(pk), f"directions-{pk}": ["prevention"]}
        if target.field == "directions":
            data[f"directions-{pk}"] = value
            return reverse("frontend:tagging_queue"), data
        url = reverse("frontend:tagging_queue")
    elif target.url == "list":
        data, url = {}, reverse("frontend:activity_list")
    elif target.url == "detail":
        data, url = {}, reverse("frontend:activity_detail", args=[own.pk])
    else:
        data = {"period": "quarter", "from": "2026-01-01", "to": "2026-12-31"}
        url = reverse("frontend:report")
    data[target.field] = value
    return url, data


def _state() -> dict[str, Any]:
    """Everything a page could write."""
    return {
        "activities": list(Activity.objects.order_by("pk").values()),
        "partners": sorted(
            Activity.partners.through.objects.values_list("activity_id", "organisation_id")
        ),
        "suggested": sorted(
            Activity.suggested_directions.through.objects.values_list(
                "activity_id", "strategicdirection_id"
            )
        ),
        "directions": sorted(
            Activity.directions.through.objects.values_list("activity_id", "strategicdirection_id")
        ),
        "updates": list(Update.objects.order_by("pk").values()),
        "taggings": list(ActivityTagging.objects.order_by("pk").values()),
        "organisations": list(Organisation.objects.order_by("pk").values()),
    }


@pytest.mark.parametrize("target", TARGETS, ids=[target.name for target in TARGETS])
def test_hostile_input_is_refused_on_the_page_and_changes_nothing(
    web_client_for: Any, world: World, activities: Activities, target: Target
) -> None:
    before = _state()
    failures = []
    for persona in ("coordinator", "police"):
        client: Client = web_client_for(persona)
        may_tag = persona == "coordinator" or target.url not in ("tag", "queue")
        for label, value in target.values.items():
            url, data = _request(target, value, world, activities, persona)

            response = getattr(client, target.method)(url, data)

            page = response.content.decode()
            refused_on_the_page = (
                target.method == "get"
                or not may_tag
                or (response.status_code in (200, 400) and 'class="error-summary"' in page)
            )
            if response.status_code >= 500 or not refused_on_the_page or _state() != before:
                failures.append((persona, label, response.status_code))
    assert failures == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        (str(MAX_ID), MAX_ID),
        (MAX_ID, MAX_ID),
        (str(MAX_ID + 1), None),
        (TWENTY_DIGITS, None),
        ("0", None),
        ("-1", None),
        ("+1", None),
        ("1.0", None),
        ("1e3", None),
        ("١٢", None),
        ("1\x00", None),
        ("", None),
        (None, None),
        (True, None),
        ([1], None),
    ],
)
def test_an_id_is_ascii_digits_within_the_database_range(value: Any, expected: int | None) -> None:
    assert form_id(value) == expected


def test_id_choice_field_refuses_an_overflowing_id_before_the_lookup(
    world: World, django_assert_num_queries: Any
) -> None:
    field = IdChoiceField(queryset=Organisation.objects.all())
    with django_assert_num_queries(0), pytest.raises(Exception) as refused:
        field.clean(TWENTY_DIGITS)
    assert refused.typename == "ValidationError"
    assert field.clean(str(world.police_org.pk)) == world.police_org
