"""The public page: in Swedish and English, the four numbers as tel: links, the built-in lines
until the coordinator stores its own, without a session; and the coordinator's edit page, which
keeps what was submitted in order and refuses hostile input with the form's errors."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from network.directory import defaults, selectors, services
from network.models import AuditEvent, Network, SupportLine, SupportPage
from tests.conftest import World

CITY_LINE = {
    "name_sv": "Helsingborgs stads stödlinje",
    "name_en": "The City of Helsingborg's support line",
    "phone": "040-628 04 10",
    "url": "",
    "note_sv": "Vardagar 8–17.",
    "note_en": "Weekdays 8–17.",
}


def _lines_data(lines: list[dict[str, str]], *, extra: int = 0) -> dict[str, str]:
    data = {
        "lines-TOTAL_FORMS": str(len(lines) + extra),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        for name, value in line.items():
            data[f"lines-{index}-{name}"] = value
    return data


def _page_data(lines: list[dict[str, str]], **overrides: str) -> dict[str, str]:
    data = {"intro_sv": "Hit vänder du dig.", "intro_en": "This is where to turn."}
    data.update(_lines_data(lines))
    data.update(overrides)
    return data


def _with_positions(lines: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{**line, "position": str(n)} for n, line in enumerate(lines, start=1)]


def _store_demo_page(world: World) -> SupportPage:
    return services.support_page_update(
        actor=world.coordinator,
        network=world.net,
        intro_sv=defaults.INTRO_SV,
        intro_en=defaults.INTRO_EN,
        lines=[*defaults.line_rows(), CITY_LINE],
    )


def _only_network(world: World) -> None:
    """Leave one network, so that the bare address shows its page."""
    Network.objects.filter(pk=world.other_net.pk).delete()


# The public page


def test_the_public_page_shows_the_four_numbers_as_tel_links_in_swedish(
    world: World,
) -> None:
    _store_demo_page(world)
    _only_network(world)

    response = Client().get("/stod/")
    page = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="sv">' in page
    for name, phone, href in (
        ("Polisen", "114 14", "tel:11414"),
        ("Säkerhetspolisen", "010-568 70 00", "tel:0105687000"),
        ("Center mot våldsbejakande extremism, stödtelefon", "08-527 442 90", "tel:0852744290"),
        ("Helsingborgs stads stödlinje", "040-628 04 10", "tel:0406280410"),
    ):
        assert f"<h2>{name}</h2>" in page
        assert re.search(rf'href="{href}">.*?{re.escape(phone)}</a>', page), name
    assert "Vid akut fara: ring 112." in page
    assert 'href="tel:112"' in page


def test_the_public_page_is_in_english_under_en(world: World) -> None:
    _store_demo_page(world)

    response = Client().get("/en/support/hbg/")
    page = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="en">' in page
    for name, href in (
        ("The police", "tel:11414"),
        ("The Swedish Security Service", "tel:0105687000"),
        ("Centre for Preventing Violent Extremism, support line", "tel:0852744290"),
        ("The City of Helsingborg&#x27;s support line", "tel:0406280410"),
    ):
        assert f"<h2>{name}</h2>" in page
        assert f'href="{href}"' in page
    assert "In an emergency: call 112." in page
    assert "Polisen" not in page
    assert defaults.INTRO_EN in page


def test_the_built_in_lines_are_shown_when_nothing_is_stored(world: World) -> None:
    page = Client().get(reverse("frontend:support_network", args=["hbg"])).content.decode()

    assert not SupportPage.objects.exists()
    assert defaults.INTRO_SV in page
    for line in defaults.LINES:
        assert f"<h2>{line.name_sv}</h2>" in page
        assert line.phone in page
    assert 'href="tel:11414"' in page
    assert 'href="tel:0105687000"' in page
    assert 'href="tel:0852744290"' in page
    # The city's own line comes only from the coordinator.
    assert "stödlinje" not in page


def test_the_selector_falls_back_to_the_built_in_lines_in_both_languages(world: World) -> None:
    swedish = selectors.support_page_of(world.net, "sv")
    english = selectors.support_page_of(world.net, "en")

    assert not swedish.stored
    assert [line.name for line in swedish.lines] == [d.name_sv for d in defaults.LINES]
    assert [line.name for line in english.lines] == [d.name_en for d in defaults.LINES]
    assert [line.phone for line in english.lines] == ["114 14", "010-568 70 00", "08-527 442 90"]


def test_the_bare_address_lists_the_networks_when_there_are_several(world: World) -> None:
    page = Client().get(reverse("frontend:support")).content.decode()

    assert f'href="{reverse("frontend:support_network", args=["hbg"])}"' in page
    assert f'href="{reverse("frontend:support_network", args=["granne"])}"' in page
    assert 'href="tel:112"' in page


def test_the_public_page_sets_no_cookie_and_opens_no_session(world: World) -> None:
    _only_network(world)
    client = Client()

    for url in ("/stod/", "/stod/hbg/", "/en/support/", "/en/support/hbg/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url  # no session, no CSRF, no message cookie
        assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not client.cookies


def test_the_public_page_reads_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: Any
) -> None:
    _store_demo_page(world)
    client = Client()

    # The network, whether there are others (for the way back to the list), the page, its lines.
    with django_assert_num_queries(4):
        assert client.get("/stod/hbg/").status_code == 200


def test_the_footer_and_the_sign_in_page_link_to_the_public_page(
    web_client_for: Any, world: World
) -> None:
    support = reverse("frontend:support")
    sign_in = Client().get(reverse("frontend:login")).content.decode()
    directory = web_client_for("civil").get(reverse("frontend:directory")).content.decode()

    assert sign_in.count(f'href="{support}"') == 2  # on the page and in the footer
    assert f'href="{support}"' in directory


def test_the_coordinator_is_offered_the_edit_link_and_no_one_else(
    web_client_for: Any, world: World
) -> None:
    edit = reverse("frontend:support_edit", args=["hbg"])
    url = reverse("frontend:support_network", args=["hbg"])

    assert edit in web_client_for("coordinator").get(url).content.decode()
    for name in ("security_chief", "contact_person", "civil", None):
        assert edit not in web_client_for(name).get(url).content.decode()


# Editing the page


def test_the_edit_page_starts_from_the_built_in_lines(web_client_for: Any, world: World) -> None:
    page = web_client_for("coordinator").get(reverse("frontend:support_edit", args=["hbg"]))
    html = page.content.decode()

    assert page.status_code == 200
    assert 'value="Polisen"' in html
    assert 'value="The Swedish Security Service"' in html
    assert 'value="08-527 442 90"' in html
    assert 'name="lines-TOTAL_FORMS" value="5"' in html  # three lines and two blank rows


def test_the_coordinator_adds_the_citys_line_and_the_public_page_shows_it(
    web_client_for: Any, world: World
) -> None:
    lines = _with_positions([*defaults.line_rows(), CITY_LINE])
    client = web_client_for("coordinator")

    response = client.post(
        reverse("frontend:support_edit", args=["hbg"]), _page_data(lines, intro_sv="Ny text.")
    )

    assert response.status_code == 302
    page = SupportPage.objects.get(network=world.net)
    assert page.updated_by == world.coordinator
    assert page.intro_sv == "Ny text."
    assert [line.name_sv for line in page.lines.all()] == [
        "Polisen",
        "Säkerhetspolisen",
        "Center mot våldsbejakande extremism, stödtelefon",
        "Helsingborgs stads stödlinje",
    ]
    assert AuditEvent.objects.filter(action="support_page.updated", network=world.net).count() == 1
    public = Client().get(reverse("frontend:support_network", args=["hbg"])).content.decode()
    assert "Ny text." in public
    assert 'href="tel:0406280410"' in public
    assert "Vardagar 8–17." in public


def test_lines_are_kept_in_the_order_of_their_positions_and_removed_when_ticked(
    web_client_for: Any, world: World
) -> None:
    lines = [
        {**CITY_LINE, "position": "1"},
        {**defaults.line_rows()[0], "position": "3"},
        {**defaults.line_rows()[1], "position": "2"},
        {**defaults.line_rows()[2], "position": "4", "remove": "on"},
    ]
    data = _page_data(lines)
    data.update(_lines_data(lines, extra=1))  # and a blank row, left out

    response = web_client_for("coordinator").post(
        reverse("frontend:support_edit", args=["hbg"]), data
    )

    assert response.status_code == 302
    stored = list(SupportLine.objects.filter(page__network=world.net))
    assert [(line.position, line.name_sv) for line in stored] == [
        (1, "Helsingborgs stads stödlinje"),
        (2, "Säkerhetspolisen"),
        (3, "Polisen"),
    ]
    english = Client().get("/en/support/hbg/").content.decode()
    order = [english.index(name) for name in ("Helsingborg", "Security Service", "The police")]
    assert order == sorted(order)


def test_the_service_keeps_exactly_what_was_submitted(world: World) -> None:
    rows = [
        {
            "name_sv": "  Stödlinjen  ",
            "name_en": "Line",
            "phone": "+46 42 10 50 00",
            "url": "https://helsingborg.se/stod",
            "note_sv": "Öppet dygnet runt",
            "note_en": "",
        }
    ]

    services.support_page_update(
        actor=world.coordinator, network=world.net, intro_sv="", intro_en="", lines=rows
    )

    line = SupportLine.objects.get()
    assert {name: getattr(line, name) for name in rows[0]} == rows[0]
    assert line.position == 1
    page = Client().get("/stod/hbg/").content.decode()
    assert 'href="tel:+46421050000"' not in page
    assert 'href="tel:+4642105000"' in page


# Hostile input


LOOK_ALIKES = [
    "١١٤ ١٤",  # Arabic-Indic digits
    "۱۱۴ ۱۴",  # Extended Arabic-Indic (Persian) digits
    "１１４ １４",  # fullwidth digits
    "114\u00a014",  # a no-break space
    "114 14<script>",
    "tel:11414",
    "114 14\n112",
]


@pytest.mark.parametrize("phone", LOOK_ALIKES)
def test_a_number_with_anything_but_ascii_digits_is_refused_and_nothing_changes(
    web_client_for: Any, world: World, phone: str
) -> None:
    stored = _store_demo_page(world)
    before = list(SupportLine.objects.values_list("name_sv", "phone"))
    lines = _with_positions([{**CITY_LINE, "phone": phone}])

    response = web_client_for("coordinator").post(
        reverse("frontend:support_edit", args=["hbg"]), _page_data(lines, intro_sv="Ändrad.")
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'id="id_lines-0-phone_error"' in html
    assert list(SupportLine.objects.values_list("name_sv", "phone")) == before
    assert SupportPage.objects.get().intro_sv == stored.intro_sv


@pytest.mark.parametrize("phone", LOOK_ALIKES)
def test_the_service_refuses_look_alike_digits_too(world: World, phone: str) -> None:
    with pytest.raises(services.ValidationError) as refused:
        services.support_page_update(
            actor=world.coordinator,
            network=world.net,
            intro_sv="",
            intro_en="",
            lines=[{**CITY_LINE, "phone": phone}],
        )

    assert "lines.0.phone" in refused.value.message_dict
    assert not SupportPage.objects.exists()


def test_huge_text_is_refused_with_the_forms_errors(web_client_for: Any, world: World) -> None:
    lines = _with_positions([{**CITY_LINE, "name_sv": "x" * 5000, "note_en": "y" * 100_000}])

    response = web_client_for("coordinator").post(
        reverse("frontend:support_edit", args=["hbg"]),
        _page_data(lines, intro_sv="z" * 1_000_000),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_intro_sv_error"' in html
    assert 'id="id_lines-0-name_sv_error"' in html
    assert 'id="id_lines-0-note_en_error"' in html
    assert not SupportPage.objects.exists()


def test_too_many_lines_are_refused(web_client_for: Any, world: World) -> None:
    lines = _with_positions([CITY_LINE] * 40)

    response = web_client_for("coordinator").post(
        reverse("frontend:support_edit", args=["hbg"]), _page_data(lines)
    )

    assert response.status_code == 400
    assert not SupportPage.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"lines-TOTAL_FORMS": "banana"},
        {"lines-TOTAL_FORMS": "99999999999999999999"},
        {"lines-0-position": "٣"},
        {"lines-0-position": "1e9"},
        {"lines-0-url": "javascript:alert(1)"},
        {"lines-0-name_sv": "nul\x00byte"},
        {"intro_en": "nul\x00byte"},
        {"lines-0-name_en": ""},
    ],
    ids=[
        "total-not-a-number",
        "total-huge",
        "position-arabic",
        "position-float",
        "javascript-url",
        "nul-in-name",
        "nul-in-intro",
        "missing-english-name",
    ],
)
def test_malformed_input_is_answered_with_the_form_never_a_server_error(
    web_client_for: Any, world: World, overrides: dict[str, str]
) -> None:
    lines = _with_positions([CITY_LINE])

    response = web_client_for("coordinator").post(
        reverse("frontend:support_edit", args=["hbg"]), _page_data(lines, **overrides)
    )

    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not SupportPage.objects.exists()


def test_a_script_tag_is_shown_as_text(web_client_for: Any, world: World) -> None:
    script = "<script>alert('x')</script>"
    lines = _with_positions([{**CITY_LINE, "name_sv": script, "note_sv": script}])

    response = web_client_for("coordinator").post(
        reverse("frontend:support_edit", args=["hbg"]), _page_data(lines, intro_sv=script)
    )
    public = Client().get("/stod/hbg/").content.decode()

    assert response.status_code == 302
    assert "<script>alert" not in public
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in public


def test_a_refused_edit_by_someone_else_changes_nothing(web_client_for: Any, world: World) -> None:
    _store_demo_page(world)
    before = list(SupportLine.objects.values_list("pk", "name_sv", "phone"))
    lines = _with_positions([{**CITY_LINE, "name_sv": "Kapad"}])

    for name in ("security_chief", "contact_person", "civil", "other_member"):
        response = web_client_for(name).post(
            reverse("frontend:support_edit", args=["hbg"]), _page_data(lines)
        )
        assert response.status_code == 403

    assert list(SupportLine.objects.values_list("pk", "name_sv", "phone")) == before
    assert AuditEvent.objects.filter(action="support_page.updated").count() == 1


def test_a_line_ticked_for_removal_stays_ticked_when_another_line_is_refused(
    web_client_for: Any, world: World
) -> None:
    lines = [
        {**CITY_LINE, "position": "1", "remove": "on"},
        {**CITY_LINE, "position": "2", "phone": "١١٤"},
    ]

    response = web_client_for("coordinator").post(
        reverse("frontend:support_edit", args=["hbg"]), _page_data(lines)
    )
    html = response.content.decode()

    assert response.status_code == 400
    assert re.search(r'<input type="checkbox" name="lines-0-remove"[^>]* checked', html)
    assert 'id="id_lines-0-phone_error"' not in html
    assert 'id="id_lines-1-phone_error"' in html
