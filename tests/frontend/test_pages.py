"""What the pages show and do: forms, errors, filters, the tagging queue, the report."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from network.activities import services as activity_services
from network.models import Activity, ActivityTagging, AuditEvent, Update, Visibility
from tests.conftest import World
from tests.factories import ActivityFactory
from tests.frontend.conftest import Activities

IDENTITY_NUMBER = "811218-9876"  # a valid personnummer (the tax agency's example)


def _activity_data(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "network": world.net.pk,
        "title": "Fotbollskvällar",
        "description": "Öppen hall fredagar.",
        "organisation": world.school.pk,
        "status": "planned",
        "starts_on": "2026-05-08",
        "participants_count": "40",
        "visibility": "network",
        "suggested_directions": ["prevention"],
    }
    data.update(overrides)
    return data


def test_contact_person_logs_an_activity_with_a_suggested_direction(
    web_client_for: object, world: World
) -> None:
    response = web_client_for("contact_person").post(
        reverse("frontend:activity_create"), _activity_data(world, partners=[world.police_org.pk])
    )
    activity = Activity.objects.get(title="Fotbollskvällar")
    assert response.status_code == 302
    assert response["Location"] == reverse("frontend:activity_detail", args=[activity.pk])
    assert activity.organisation == world.school
    assert activity.created_by == world.contact_person
    assert [d.code for d in activity.suggested_directions.all()] == ["prevention"]
    assert list(activity.partners.all()) == [world.police_org]
    assert activity.tagged_at is None


def test_form_errors_are_shown_next_to_the_fields_with_a_summary(
    web_client_for: object, world: World
) -> None:
    response = web_client_for("contact_person").post(
        reverse("frontend:activity_create"),
        _activity_data(world, title="", starts_on="not a date", participants_count="-1"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert 'class="error-summary"' in page
    assert '<a href="#id_title">' in page
    assert 'id="id_title_error"' in page
    assert 'id="id_starts_on_error"' in page
    assert 'id="id_participants_count_error"' in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_title_error"' in page
    assert "<title>Fel:" in page


def test_service_refusal_is_shown_at_its_field(web_client_for: object, world: World) -> None:
    response = web_client_for("contact_person").post(
        reverse("frontend:activity_create"),
        _activity_data(world, starts_on="2026-05-08", ends_on="2026-05-01"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_ends_on_error"' in page
    assert "Slutdatumet kan inte ligga före startdatumet." in page
    assert not Activity.objects.exists()


def test_member_cannot_log_for_another_organisation(web_client_for: object, world: World) -> None:
    response = web_client_for("civil").post(
        reverse("frontend:activity_create"), _activity_data(world)
    )
    assert response.status_code == 200
    assert 'id="id_organisation_error"' in response.content.decode()
    assert not Activity.objects.exists()


def test_identity_number_at_network_visibility_needs_a_reason(
    web_client_for: object, world: World
) -> None:
    client = web_client_for("contact_person")
    data = _activity_data(world, description=f"Samtal med {IDENTITY_NUMBER}.")
    refused = client.post(reverse("frontend:activity_create"), data)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert 'id="id_description_error"' in page
    assert 'id="id_personal_data_reason_error"' in page
    assert not Activity.objects.exists()

    data["personal_data_reason"] = "Uppgiften behövs för samordningen."
    accepted = client.post(reverse("frontend:activity_create"), data)
    assert accepted.status_code == 302
    assert Activity.objects.count() == 1
    assert AuditEvent.objects.filter(action="personal_data.published").count() == 1


def test_forms_load_the_personal_data_warning_script(
    web_client_for: object, activities: Activities
) -> None:
    client = web_client_for("contact_person")
    form = client.get(reverse("frontend:activity_create")).content.decode()
    detail = client.get(
        reverse("frontend:activity_detail", args=[activities.school_network.pk])
    ).content.decode()
    for page in (form, detail):
        assert "frontend/personal-data.js" in page
        assert "data-personal-data-form" in page
        assert 'id="id_personal_data_reason' in page or 'id="id_update-personal_data_reason' in page


def test_owner_edits_an_activity(web_client_for: object, activities: Activities) -> None:
    activity = activities.school_network
    client = web_client_for("contact_person")
    page = client.get(reverse("frontend:activity_edit", args=[activity.pk])).content.decode()
    assert 'value="Läxhjälp på fritidsgården"' in page
    response = client.post(
        reverse("frontend:activity_edit", args=[activity.pk]),
        {
            "title": "Läxhjälp och fika",
            "organisation": activity.organisation_id,
            "status": "completed",
            "starts_on": "2026-02-10",
            "participants_count": "12",
            "visibility": "network",
            "suggested_directions": ["prevention", "competence"],
        },
    )
    activity.refresh_from_db()
    assert response.status_code == 302
    assert activity.title == "Läxhjälp och fika"
    assert activity.status == Activity.Status.COMPLETED
    assert activity.participants_count == 12
    assert sorted(d.code for d in activity.suggested_directions.all()) == [
        "competence",
        "prevention",
    ]


def test_update_is_posted_and_shown_on_the_activity(
    web_client_for: object, activities: Activities
) -> None:
    url = reverse("frontend:activity_detail", args=[activities.school_network.pk])
    client = web_client_for("police")
    response = client.post(
        reverse("frontend:update_create", args=[activities.school_network.pk]),
        {"update-body": "Lugnt vid fritidsgården.", "update-visibility": "network"},
    )
    assert response.status_code == 302
    assert response["Location"] == url + "#updates"
    assert "Lugnt vid fritidsgården." in client.get(url).content.decode()
    assert Update.objects.get().organisation.name == "Polisen"


def test_empty_update_shows_the_error_and_posts_nothing(
    web_client_for: object, activities: Activities
) -> None:
    response = web_client_for("police").post(
        reverse("frontend:update_create", args=[activities.school_network.pk]),
        {"update-body": "", "update-visibility": "network"},
    )
    assert response.status_code == 200
    assert 'id="id_update-body_error"' in response.content.decode()
    assert not Update.objects.exists()


def test_edit_and_tag_controls_are_shown_only_to_those_who_may_use_them(
    web_client_for: object, activities: Activities
) -> None:
    pk = activities.school_network.pk
    url = reverse("frontend:activity_detail", args=[pk])
    edit_url = reverse("frontend:activity_edit", args=[pk])
    tag_url = reverse("frontend:activity_tag", args=[pk])
    update_url = reverse("frontend:update_create", args=[pk])
    seen = {
        name: web_client_for(name).get(url).content.decode()
        for name in ("coordinator", "security_chief", "contact_person", "civil")
    }
    assert edit_url in seen["coordinator"] and tag_url in seen["coordinator"]
    assert edit_url in seen["contact_person"] and tag_url not in seen["contact_person"]
    assert edit_url not in seen["civil"] and tag_url not in seen["civil"]
    assert update_url in seen["civil"]
    assert edit_url not in seen["security_chief"] and update_url not in seen["security_chief"]


def test_tag_history_is_visible_on_the_activity(
    web_client_for: object, activities: Activities, world: World
) -> None:
    activity = activities.school_network
    activity_services.activity_tag(
        activity=activity, actor=world.coordinator, directions=["prevention"]
    )
    activity_services.activity_tag(
        activity=activity, actor=world.coordinator, directions=["prevention", "competence"]
    )
    page = (
        web_client_for("civil")
        .get(reverse("frontend:activity_detail", args=[activity.pk]))
        .content.decode()
    )
    assert ActivityTagging.objects.filter(activity=activity).count() == 2
    assert page.count("<td>samordnare</td>") == 2
    assert "Förebyggande insatser, Kompetenshöjande insatser" in page


# The tagging queue


def test_queue_lists_untagged_activities_with_suggestions_first_and_pre_ticked(
    web_client_for: object, activities: Activities
) -> None:
    page = web_client_for("coordinator").get(reverse("frontend:tagging_queue")).content.decode()
    suggested = activities.school_network.pk
    assert page.index(f'id="row-{suggested}"') < page.index(
        f'id="row-{activities.police_authorities.pk}"'
    )
    assert f'id="row-{activities.other_network.pk}"' not in page
    assert f'value="prevention" id="directions-{suggested}-prevention" checked' in page
    assert f'value="competence" id="directions-{suggested}-competence">' in page


def test_coordinator_tags_several_activities_at_once(
    web_client_for: object, activities: Activities
) -> None:
    first, second = activities.school_network.pk, activities.police_authorities.pk
    client = web_client_for("coordinator")
    response = client.post(
        reverse("frontend:tagging_queue"),
        {
            "activity": [first, second],
            f"directions-{first}": ["prevention"],
            f"directions-{second}": ["coordination", "evaluation"],
            f"directions-{activities.social_own.pk}": ["competence"],  # not included: untouched
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("frontend:tagging_queue") + "#queue-heading"
    assert [d.code for d in Activity.objects.get(pk=first).directions.all()] == ["prevention"]
    assert sorted(d.code for d in Activity.objects.get(pk=second).directions.all()) == [
        "coordination",
        "evaluation",
    ]
    assert Activity.objects.get(pk=activities.social_own.pk).tagged_at is None
    page = client.get(reverse("frontend:tagging_queue")).content.decode()
    assert "2 insatser taggades." in page
    assert f'id="row-{first}"' not in page
    assert f'id="row-{activities.social_own.pk}"' in page


def test_queue_row_without_directions_shows_its_error_and_tags_the_others(
    web_client_for: object, activities: Activities
) -> None:
    first, second = activities.school_network.pk, activities.police_authorities.pk
    response = web_client_for("coordinator").post(
        reverse("frontend:tagging_queue"),
        {"activity": [first, second], f"directions-{first}": ["prevention"]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="errors-{second}"' in page
    assert "Välj minst en inriktning." in page
    assert Activity.objects.get(pk=first).tagged_at is not None
    assert Activity.objects.get(pk=second).tagged_at is None


def test_queue_post_without_rows_explains_what_to_do(
    web_client_for: object, activities: Activities
) -> None:
    response = web_client_for("coordinator").post(reverse("frontend:tagging_queue"), {})
    assert response.status_code == 200
    assert "Ta med" in response.content.decode()
    assert not Activity.objects.filter(tagged_at__isnull=False).exists()


# The activity list


def test_list_shows_only_what_the_person_may_see(
    web_client_for: object, activities: Activities
) -> None:
    page = web_client_for("civil").get(reverse("frontend:activity_list")).content.decode()
    assert "Läxhjälp på fritidsgården" in page
    assert "Gemensam lägesgenomgång" not in page
    assert "Intern planering" not in page
    assert "Grannkommunens insats" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "läxhjälp"}, {"Läxhjälp på fritidsgården"}),
        ({"visibility": "authorities"}, {"Gemensam lägesgenomgång"}),
        ({"status": "completed"}, set()),
        ({"from": "2026-03-01", "to": "2026-03-31"}, {"Gemensam lägesgenomgång"}),
        ({"direction": "prevention"}, {"Läxhjälp på fritidsgården"}),
        (
            {"direction": "none"},
            {"Gemensam lägesgenomgång", "Intern planering"},
        ),
    ],
)
def test_list_filters_narrow_the_rows(
    web_client_for: object,
    activities: Activities,
    world: World,
    query: dict[str, str],
    expected: set[str],
) -> None:
    activity_services.activity_tag(
        activity=activities.school_network, actor=world.coordinator, directions=["prevention"]
    )
    response = web_client_for("coordinator").get(reverse("frontend:activity_list"), query)
    titles = {a.title for a in response.context["page"].object_list}
    assert response.status_code == 200
    assert titles == expected


def test_list_filter_by_organisation(
    web_client_for: object, activities: Activities, world: World
) -> None:
    response = web_client_for("coordinator").get(
        reverse("frontend:activity_list"), {"organisation": world.police_org.pk}
    )
    assert [a.title for a in response.context["page"].object_list] == ["Gemensam lägesgenomgång"]


def test_bad_filter_value_is_reported_not_a_server_error(
    web_client_for: object, activities: Activities
) -> None:
    response = web_client_for("coordinator").get(
        reverse("frontend:activity_list"), {"from": "yesterday", "status": "nonsense"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_from_error"' in page
    assert 'id="id_status_error"' in page


def test_list_is_paginated_by_25_and_keeps_the_filters(
    web_client_for: object, world: World
) -> None:
    for index in range(30):
        ActivityFactory(network=world.net, organisation=world.school, title=f"Insats {index}")
    client = web_client_for("police")
    first = client.get(reverse("frontend:activity_list"), {"q": "Insats"})
    second = client.get(reverse("frontend:activity_list"), {"q": "Insats", "page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert "?q=Insats&amp;page=2" in first.content.decode()


def _list_queries(
    client: Client, django_assert_num_queries: object, monkeypatch: pytest.MonkeyPatch, size: int
) -> int:
    monkeypatch.setattr("frontend.views.activities.PAGE_SIZE", size)
    client.get(reverse("frontend:activity_list"))  # warm the session
    with django_assert_num_queries(LIST_QUERIES) as captured:
        response = client.get(reverse("frontend:activity_list"))
    assert len(response.context["page"].object_list) == size
    return len(captured)


# session, user, roles, organisation, organisations (filter), directions (filter), count, rows,
# networks, partners, suggested directions, tagged directions.
LIST_QUERIES = 14  # twelve for the list, one for the unread badge in the header


@pytest.mark.parametrize("persona", ["police", "coordinator"])
def test_list_query_count_does_not_grow_with_the_page_size(
    web_client_for: object,
    world: World,
    django_assert_num_queries: object,
    monkeypatch: pytest.MonkeyPatch,
    persona: str,
) -> None:
    for index in range(30):
        activity = ActivityFactory(network=world.net, organisation=world.school, title=f"I {index}")
        activity.partners.set([world.police_org, world.association])
        activity_services.activity_tag(
            activity=activity, actor=world.coordinator, directions=["prevention"]
        )
    client = web_client_for(persona)
    assert _list_queries(client, django_assert_num_queries, monkeypatch, 5) == _list_queries(
        client, django_assert_num_queries, monkeypatch, 25
    )


# The report


def test_report_counts_a_tagged_activity_under_its_direction_and_period(
    web_client_for: object, activities: Activities, world: World
) -> None:
    activity_services.activity_tag(
        activity=activities.school_network, actor=world.coordinator, directions=["prevention"]
    )
    response = web_client_for("coordinator").get(
        reverse("frontend:report"),
        {"period": "quarter", "from": "2026-01-01", "to": "2026-12-31", "group_by": "direction"},
    )
    rows = {(r["period"], r["direction"]): r["activities"] for r in response.context["table"]}
    assert response.status_code == 200
    assert rows[("2026-Q1", "Förebyggande insatser")] == 1
    page = response.content.decode()
    assert '<table id="report-table">' in page
    assert 'role="img"' in page
    assert "frontend/vendor/chartjs/chart.umd.min.js" in page
    assert (
        "/api/v1/reports/activities/?format=csv&amp;period=quarter&amp;from=2026-01-01"
        "&amp;to=2026-12-31&amp;group_by=direction"
    ) in page


def test_report_names_organisations_and_directions_in_english_at_en(
    web_client_for: object, activities: Activities, world: World
) -> None:
    activity_services.activity_tag(
        activity=activities.police_authorities, actor=world.coordinator, directions=["evaluation"]
    )
    response = web_client_for("coordinator").get(
        "/en/reports/",
        {
            "period": "year",
            "from": "2026-01-01",
            "to": "2026-12-31",
            "group_by": ["direction", "organisation"],
        },
    )
    rows = {(r["period"], r["direction"], r["organisation"]) for r in response.context["table"]}
    assert ("2026", "Follow-up and evaluation", "Polisen") in rows
    assert ("2026", "Not tagged", "Skol- och fritidsförvaltningen") in rows


def test_report_for_a_member_counts_only_what_they_may_see(
    web_client_for: object, activities: Activities
) -> None:
    response = web_client_for("civil").get(
        reverse("frontend:report"), {"period": "year", "from": "2026-01-01", "to": "2026-12-31"}
    )
    assert sum(row["activities"] for row in response.context["table"]) == 1


def test_report_with_dates_in_the_wrong_order_shows_the_error(
    web_client_for: object, activities: Activities
) -> None:
    response = web_client_for("report_reader").get(
        reverse("frontend:report"), {"period": "month", "from": "2026-12-01", "to": "2026-01-01"}
    )
    assert response.status_code == 200
    assert 'id="id_to_error"' in response.content.decode()
    assert "table" not in response.context


# Languages


def test_pages_are_swedish_at_the_root_and_english_under_en(
    web_client_for: object, activities: Activities
) -> None:
    client = web_client_for("coordinator")
    swedish = client.get("/insatser/").content.decode()
    english = client.get("/en/activities/").content.decode()
    assert '<html lang="sv">' in swedish
    assert "<h1>Insatser</h1>" in swedish
    assert "Hoppa till innehållet" in swedish
    assert '<html lang="en">' in english
    assert "<h1>Activities</h1>" in english
    assert "Skip to content" in english
    assert 'href="/en/activities/"' in swedish  # the language switch keeps the page


def test_every_page_has_swedish_and_english_paths() -> None:
    with translation.override("sv"):
        swedish = [reverse("frontend:activity_list"), reverse("frontend:report")]
    with translation.override("en"):
        english = [reverse("frontend:activity_list"), reverse("frontend:report")]
    assert swedish == ["/insatser/", "/rapporter/"]
    assert english == ["/en/activities/", "/en/reports/"]


def test_not_found_page_is_translated(web_client_for: object, activities: Activities) -> None:
    client = web_client_for("civil")
    url = f"/insatser/{activities.police_authorities.pk}/"
    assert "Sidan finns inte" in client.get(url).content.decode()
    en_url = f"/en/activities/{activities.police_authorities.pk}/"
    assert "Page not found" in client.get(en_url).content.decode()


def test_admin_speaks_swedish(client: Client, world: World) -> None:
    world.coordinator.is_staff = world.coordinator.is_superuser = True
    world.coordinator.save()
    client.force_login(world.coordinator)
    index = client.get("/admin/").content.decode()
    changelist = client.get("/admin/network/activity/").content.decode()
    assert "Strategiska inriktningar" in index
    assert "Insatser" in index
    assert "Välj insats att ändra" in changelist


def test_home_page_links_to_the_pages_the_person_may_use(
    web_client_for: object, world: World
) -> None:
    coordinator = web_client_for("coordinator").get("/").content.decode()
    reader = web_client_for("report_reader").get("/").content.decode()
    assert reverse("frontend:tagging_queue") in coordinator
    assert reverse("frontend:activity_create") in coordinator
    assert reverse("frontend:report") in reader
    assert reverse("frontend:activity_list") not in reader


def test_visibility_choices_are_explained(web_client_for: object, world: World) -> None:
    page = web_client_for("civil").get(reverse("frontend:activity_create")).content.decode()
    with translation.override("sv"):
        labels = [str(label) for label in Visibility.labels]
    assert all(f">{label}</label>" in page for label in labels)
    assert "Hela nätverket: alla medlemmar, även civilsamhället." in page
