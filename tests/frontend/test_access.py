"""Every page, tried by every persona: the exact status code.

404 for what a person may not see (or a page that does not exist for them), 403 for what they
see but may not change, 302 to the sign-in page for anonymous visitors.
"""

import pytest
from django.test import Client
from django.urls import reverse

from network.models import Activity, Update
from tests.conftest import World
from tests.frontend.conftest import Activities

EVERYONE = (
    "coordinator",
    "security_chief",
    "contact_person",
    "police",
    "civil",
    "report_reader",
    "outsider",
    "other_member",
)


def _expect(table: dict[str, int]) -> list[tuple[str, int]]:
    assert set(table) == set(EVERYONE)
    return list(table.items())


def _assert_sign_in_redirect(client: Client, method: str, url: str) -> None:
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:login") + "?next=")


PAGES_WITHOUT_OBJECT = {
    "frontend:home": _expect(
        {name: 200 for name in EVERYONE},
    ),
    "frontend:activity_list": _expect(
        {
            "coordinator": 200,
            "security_chief": 200,
            "contact_person": 200,
            "police": 200,
            "civil": 200,
            "report_reader": 404,
            "outsider": 404,
            "other_member": 200,
        }
    ),
    "frontend:activity_create": _expect(
        {
            "coordinator": 200,
            "security_chief": 403,
            "contact_person": 200,
            "police": 200,
            "civil": 200,
            "report_reader": 404,
            "outsider": 404,
            "other_member": 200,
        }
    ),
    "frontend:tagging_queue": _expect(
        {
            "coordinator": 200,
            "security_chief": 404,
            "contact_person": 404,
            "police": 404,
            "civil": 404,
            "report_reader": 404,
            "outsider": 404,
            "other_member": 404,
        }
    ),
    "frontend:report": _expect(
        {
            "coordinator": 200,
            "security_chief": 200,
            "contact_person": 200,
            "police": 200,
            "civil": 200,
            "report_reader": 200,
            "outsider": 404,
            "other_member": 200,
        }
    ),
}


@pytest.mark.parametrize(
    ("url_name", "persona", "status"),
    [
        (url, persona, status)
        for url, table in PAGES_WITHOUT_OBJECT.items()
        for persona, status in table
    ],
)
def test_each_persona_gets_the_exact_status_of_each_page(
    web_client_for: object, activities: Activities, url_name: str, persona: str, status: int
) -> None:
    assert web_client_for(persona).get(reverse(url_name)).status_code == status


@pytest.mark.parametrize("url_name", list(PAGES_WITHOUT_OBJECT))
def test_anonymous_visitor_is_sent_to_sign_in(
    web_client_for: object, activities: Activities, url_name: str
) -> None:
    _assert_sign_in_redirect(web_client_for(None), "get", reverse(url_name))


AUTHORITIES_ACTIVITY_PAGE = _expect(
    {
        "coordinator": 200,
        "security_chief": 200,
        "contact_person": 200,
        "police": 200,
        "civil": 404,
        "report_reader": 404,
        "outsider": 404,
        "other_member": 404,
    }
)


@pytest.mark.parametrize(("persona", "status"), AUTHORITIES_ACTIVITY_PAGE)
def test_authorities_activity_page_is_seen_by_authorities_and_oversight_only(
    web_client_for: object, activities: Activities, persona: str, status: int
) -> None:
    url = reverse("frontend:activity_detail", args=[activities.police_authorities.pk])
    response = web_client_for(persona).get(url)
    assert response.status_code == status
    if status == 404:
        assert "Gemensam lägesgenomgång" not in response.content.decode()


ORGANISATION_ACTIVITY_PAGE = _expect(
    {
        "coordinator": 200,
        "security_chief": 200,
        "contact_person": 404,
        "police": 404,
        "civil": 404,
        "report_reader": 404,
        "outsider": 404,
        "other_member": 404,
    }
)


@pytest.mark.parametrize(("persona", "status"), ORGANISATION_ACTIVITY_PAGE)
def test_own_organisation_activity_page_is_hidden_from_other_organisations(
    web_client_for: object, activities: Activities, persona: str, status: int
) -> None:
    url = reverse("frontend:activity_detail", args=[activities.social_own.pk])
    assert web_client_for(persona).get(url).status_code == status


def test_activity_that_does_not_exist_is_a_404_like_a_hidden_one(
    web_client_for: object, activities: Activities
) -> None:
    client = web_client_for("coordinator")
    assert client.get(reverse("frontend:activity_detail", args=[999_999])).status_code == 404
    assert client.get("/insatser/not-a-number/").status_code == 404


EDIT_NETWORK_ACTIVITY = _expect(
    {
        "coordinator": 200,
        "security_chief": 403,
        "contact_person": 200,
        "police": 403,
        "civil": 403,
        "report_reader": 404,
        "outsider": 404,
        "other_member": 404,
    }
)


@pytest.mark.parametrize(("persona", "status"), EDIT_NETWORK_ACTIVITY)
def test_edit_page_is_for_the_owning_organisation_and_the_coordinator(
    web_client_for: object, activities: Activities, persona: str, status: int
) -> None:
    url = reverse("frontend:activity_edit", args=[activities.school_network.pk])
    assert web_client_for(persona).get(url).status_code == status


@pytest.mark.parametrize(("persona", "status"), EDIT_NETWORK_ACTIVITY)
def test_refused_edit_changes_nothing(
    web_client_for: object, activities: Activities, persona: str, status: int
) -> None:
    activity = activities.school_network
    url = reverse("frontend:activity_edit", args=[activity.pk])
    response = web_client_for(persona).post(
        url,
        {
            "title": "Ändrad titel",
            "organisation": activity.organisation_id,
            "status": "ongoing",
            "starts_on": "2026-02-10",
            "participants_count": "3",
            "visibility": "network",
        },
    )
    activity.refresh_from_db()
    if status == 200:
        assert response.status_code == 302
        assert activity.title == "Ändrad titel"
    else:
        assert response.status_code == status
        assert activity.title == "Läxhjälp på fritidsgården"


POST_UPDATE = _expect(
    {
        "coordinator": 302,
        "security_chief": 403,
        "contact_person": 302,
        "police": 302,
        "civil": 302,
        "report_reader": 404,
        "outsider": 404,
        "other_member": 404,
    }
)


@pytest.mark.parametrize(("persona", "status"), POST_UPDATE)
def test_posting_an_update_needs_a_visible_activity_and_an_author_role(
    web_client_for: object, activities: Activities, persona: str, status: int
) -> None:
    url = reverse("frontend:update_create", args=[activities.school_network.pk])
    response = web_client_for(persona).post(
        url, {"update-body": "Bra uppslutning i kväll.", "update-visibility": "network"}
    )
    assert response.status_code == status
    assert Update.objects.filter(activity=activities.school_network).count() == (
        1 if status == 302 else 0
    )


TAG_ACTIVITY = _expect(
    {
        "coordinator": 302,
        "security_chief": 403,
        "contact_person": 403,
        "police": 403,
        "civil": 403,
        "report_reader": 404,
        "outsider": 404,
        "other_member": 404,
    }
)


@pytest.mark.parametrize(("persona", "status"), TAG_ACTIVITY)
def test_only_the_coordinator_tags_an_activity(
    web_client_for: object, activities: Activities, persona: str, status: int
) -> None:
    url = reverse("frontend:activity_tag", args=[activities.school_network.pk])
    response = web_client_for(persona).post(url, {"directions": ["prevention"]})
    assert response.status_code == status
    activity = Activity.objects.get(pk=activities.school_network.pk)
    assert (activity.tagged_at is not None) == (status == 302)


@pytest.mark.parametrize(("persona", "status"), TAG_ACTIVITY)
def test_only_the_coordinator_tags_from_the_queue(
    web_client_for: object, activities: Activities, persona: str, status: int
) -> None:
    pk = activities.school_network.pk
    response = web_client_for(persona).post(
        reverse("frontend:tagging_queue"), {"only": pk, f"directions-{pk}": ["prevention"]}
    )
    assert response.status_code == (302 if status == 302 else 404)
    assert (Activity.objects.get(pk=pk).tagged_at is not None) == (status == 302)


@pytest.mark.parametrize(
    ("method", "url_name", "needs_pk"),
    [
        ("get", "frontend:activity_detail", True),
        ("get", "frontend:activity_edit", True),
        ("post", "frontend:update_create", True),
        ("post", "frontend:activity_tag", True),
        ("post", "frontend:activity_create", False),
        ("post", "frontend:tagging_queue", False),
    ],
)
def test_anonymous_visitor_is_sent_to_sign_in_from_every_object_page(
    web_client_for: object, activities: Activities, method: str, url_name: str, needs_pk: bool
) -> None:
    args = [activities.school_network.pk] if needs_pk else []
    _assert_sign_in_redirect(web_client_for(None), method, reverse(url_name, args=args))


def test_update_page_only_takes_posts(web_client_for: object, activities: Activities) -> None:
    url = reverse("frontend:update_create", args=[activities.school_network.pk])
    assert web_client_for("contact_person").get(url).status_code == 405


def test_locked_activity_cannot_be_edited_or_tagged(
    web_client_for: object, activities: Activities, world: World
) -> None:
    world.net.reporting_closed_until = activities.school_network.starts_on
    world.net.save()
    pk = activities.school_network.pk
    client = web_client_for("coordinator")
    assert client.get(reverse("frontend:activity_edit", args=[pk])).status_code == 403
    response = client.post(
        reverse("frontend:activity_tag", args=[pk]), {"directions": ["prevention"]}
    )
    assert response.status_code == 403
    page = client.get(reverse("frontend:activity_detail", args=[pk])).content.decode()
    assert reverse("frontend:activity_edit", args=[pk]) not in page
    assert Activity.objects.get(pk=pk).tagged_at is None
