"""The accessibility statement: public in Swedish and English, linked from every page's footer,
naming the supervisory authority; its feedback form stores what is right and nothing else; and
the reports in the admin, read and marked handled by the coordinator and nobody else."""

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from network.core import services as core_services
from network.core.models import LONG_TEXT
from network.models import AccessibilityFeedback, User
from tests.api.personas import each_persona
from tests.conftest import World
from tests.network.test_admin import make_coordinator_staff

DIGG = "https://www.digg.se/"
CHANGELIST = "/admin/network/accessibilityfeedback/"
ADMIN_SIGN_IN = 302  # the admin sends those who are not staff to its own sign-in


def _url(language: str = "sv") -> str:
    with translation.override(language):
        return reverse("frontend:accessibility")


def _send(client: Client | None = None, language: str = "en", **fields: str) -> Any:
    data = {"message": "The menu button cannot be reached with the keyboard.", **fields}
    return (client or Client()).post(_url(language), data)


def _field_error(response: Any, name: str) -> bool:
    """The field is marked invalid and points at its own error message."""
    html = response.content.decode()
    tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html)
    assert tag is not None, name
    return (
        'aria-invalid="true"' in tag.group(0)
        and f"id_{name}_error" in tag.group(0)
        and f'id="id_{name}_error"' in html
    )


# The page


@pytest.mark.parametrize(("language", "lang"), [("sv", "sv"), ("en", "en")])
def test_the_statement_is_public_in_both_languages(db: None, language: str, lang: str) -> None:
    response = Client().get(_url(language))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert "sessionid" not in response.cookies  # no session for the anonymous reader
    assert html.count("<h1>") == 1
    assert 'name="message"' in html and 'name="page_url"' in html and 'name="email"' in html


def test_the_swedish_statement_is_written_in_swedish(db: None) -> None:
    html = Client().get(_url("sv")).content.decode()

    assert "Tillgänglighets&shy;redogörelse" in html
    assert "lagen (2018:1937) om tillgänglighet till digital offentlig service" in html
    assert "delvis förenlig" in html  # the known shortcomings: not claimed fully compliant


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_statement_names_digg_and_links_to_it(db: None, language: str) -> None:
    html = Client().get(_url(language)).content.decode()

    assert "Myndigheten för digital förvaltning" in html
    assert f'href="{DIGG}"' in html
    assert "Anmäl bristande tillgänglighet" in html
    # No other address of Digg's is made up.
    assert re.findall(r'href="(https?://[^"]*digg[^"]*)"', html) == [DIGG]


def test_the_statement_dates_and_names_what_the_settings_say(db: None, settings: Any) -> None:
    from datetime import date

    settings.ACCESSIBILITY_STATEMENT_DATE = date(2026, 11, 25)
    settings.ACCESSIBILITY_ORGANISATION = "Helsingborgs stad"
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@example.org"

    sv = Client().get(_url("sv")).content.decode()
    en = Client().get(_url("en")).content.decode()

    assert "25 november 2026" in sv
    assert "25 November 2026" in en
    assert "Helsingborgs stad står bakom" in sv
    assert 'href="mailto:tillganglighet@example.org"' in sv
    assert 'href="mailto:tillganglighet@example.org"' in en


def test_without_a_contact_address_no_mail_link_is_shown(db: None, settings: Any) -> None:
    settings.ACCESSIBILITY_CONTACT_EMAIL = ""

    assert "mailto:" not in Client().get(_url("en")).content.decode()


def test_without_a_set_organisation_the_network_is_named(world: World, settings: Any) -> None:
    settings.ACCESSIBILITY_ORGANISATION = ""

    html = Client().get(_url("sv")).content.decode()

    assert world.net.name in html


def _footer(html: str) -> str:
    return html[html.index("<footer") :]


def test_the_footer_of_every_kind_of_page_links_to_the_statement(
    web_client_for: Any, world: World
) -> None:
    statement = _url("sv")
    world.coordinator.is_staff = True
    world.coordinator.save()
    pages = {
        "home signed in": web_client_for("civil").get(reverse("frontend:home")),
        "sign-in page": Client().get(reverse("frontend:login")),
        "support page": Client().get(reverse("frontend:support")),
        "directory": web_client_for("coordinator").get(reverse("frontend:directory")),
        "admin sign-in": Client().get(reverse("admin:login")),
        "admin index": web_client_for("coordinator").get(reverse("admin:index")),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert f'href="{statement}?from=' in _footer(response.content.decode()), name

    with translation.override("en"):
        english = Client().get(reverse("frontend:support")).content.decode()
    assert f'href="{_url("en")}?from=/en/support/"' in _footer(english)


def test_the_footer_link_names_the_page_it_is_on_and_the_form_takes_it(db: None) -> None:
    html = Client().get(f"{_url('sv')}?from=/stod/").content.decode()

    assert re.search(r'name="page_url" value="/stod/"', html)


@pytest.mark.parametrize(
    "source",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "/nowhere-on-this-site/",
        "javascript:alert(1)",
    ],
)
def test_a_foreign_or_unknown_page_is_not_prefilled(db: None, source: str) -> None:
    response = Client().get(_url("en"), {"from": source})

    assert response.status_code == 200
    assert re.search(r'<input[^>]*name="page_url"(?![^>]*value=)[^>]*>', response.content.decode())


def test_a_page_in_the_other_language_is_prefilled(db: None) -> None:
    html = Client().get(_url("en"), {"from": "/stod/"}).content.decode()

    assert 'name="page_url" value="/stod/"' in html


def test_the_referer_of_this_site_is_prefilled_without_its_query(db: None) -> None:
    response = Client().get(_url("en"), HTTP_REFERER="http://testserver/en/support/?q=secret")

    assert 'name="page_url" value="/en/support/"' in response.content.decode()


@pytest.mark.parametrize(
    "referer", ["https://evil.example/en/support/", "http://testserver.evil.example/en/support/"]
)
def test_a_foreign_referer_is_not_prefilled(db: None, referer: str) -> None:
    response = Client().get(_url("en"), HTTP_REFERER=referer)

    assert "/en/support/" not in response.content.decode().split('name="page_url"')[1][:200]


# The form


def test_a_report_is_stored_and_answered_with_a_redirect_and_a_status(db: None) -> None:
    client = Client()

    response = _send(client, page_url="/en/meetings/", email="anna@example.org")

    assert response.status_code == 302
    assert response["Location"] == _url("en")
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.page_url == "/en/meetings/"
    assert feedback.email == "anna@example.org"
    assert feedback.language == "en"
    assert feedback.message.startswith("The menu button")
    assert feedback.handled_at is None
    after = client.get(response["Location"]).content.decode()
    assert re.search(r'<div class="messages" role="status">\s*<p class="message', after)


def test_a_report_may_leave_out_the_page_and_the_address(db: None) -> None:
    response = _send(language="sv")

    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.page_url, feedback.email, feedback.language) == ("", "", "sv")


def test_a_full_address_of_this_site_is_kept_as_its_path(db: None) -> None:
    _send(page_url="http://testserver/en/meetings/?view=calendar")

    assert AccessibilityFeedback.objects.get().page_url == "/en/meetings/?view=calendar"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"message": ""}, "message"),
        ({"message": "   "}, "message"),
        ({"message": "x" * (LONG_TEXT + 1)}, "message"),
        ({"message": "Nul\x00character"}, "message"),
        ({"email": "not-an-address"}, "email"),
        ({"email": "anna@example.org\nBcc: everyone@example.org"}, "email"),
        ({"page_url": "https://evil.example/"}, "page_url"),
        ({"page_url": "//evil.example"}, "page_url"),
        ({"page_url": "/\\evil.example"}, "page_url"),
        ({"page_url": "http://testserver.evil.example/"}, "page_url"),
        ({"page_url": "http://user@evil.example/"}, "page_url"),
        ({"page_url": "javascript:alert(1)"}, "page_url"),
        ({"page_url": "evil.example/"}, "page_url"),
        ({"page_url": "/\uff0fevil.example"}, "page_url"),  # fullwidth solidus
        ({"page_url": "\u2215\u2215evil.example"}, "page_url"),  # division slashes
        ({"page_url": "https://evil\u3002example/"}, "page_url"),  # ideographic full stop
        ({"page_url": "/m\u00f6ten/\u200b"}, "page_url"),  # a zero-width space
        ({"page_url": "/" + "a" * 500}, "page_url"),
    ],
)
def test_bad_input_shows_the_error_at_its_field_and_stores_nothing(
    db: None, fields: dict[str, str], field: str
) -> None:
    response = _send(**fields)

    assert response.status_code == 400
    assert _field_error(response, field)
    assert 'class="error-summary"' in response.content.decode()
    assert not AccessibilityFeedback.objects.exists()
    assert mail.outbox == []


def test_a_filled_honeypot_is_answered_as_sent_and_stores_nothing(db: None, settings: Any) -> None:
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@example.org"

    response = _send(website="https://spam.example/")

    assert response.status_code == 302
    assert not AccessibilityFeedback.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_is_hidden_by_a_class_not_an_inline_style(db: None) -> None:
    html = Client().get(_url("en")).content.decode()

    wrapper = re.search(r'<div class="honeypot-field">\s*<div class="field">', html)
    assert wrapper is not None
    assert "style=" not in html
    css = (
        __import__("pathlib").Path(__file__).resolve().parents[2]
        / "frontend/static/frontend/samverkan.css"
    ).read_text()
    assert re.search(r"\.honeypot-field\s*\{\s*display:\s*none;", css)


def test_one_address_sends_at_most_the_limit_in_an_hour(db: None, settings: Any) -> None:
    settings.ACCESSIBILITY_FEEDBACK_PER_HOUR = 5
    client = Client(REMOTE_ADDR="192.0.2.10")

    answers = [_send(client).status_code for _ in range(6)]

    assert answers == [302] * 5 + [429]
    assert AccessibilityFeedback.objects.count() == 5
    refused = _send(client, message="Kept in the form.")
    assert refused.status_code == 429
    assert "Kept in the form." in refused.content.decode()  # the text is not lost
    # Another address is counted on its own.
    assert _send(Client(REMOTE_ADDR="192.0.2.11")).status_code == 302
    assert AccessibilityFeedback.objects.count() == 6


def test_the_limit_counts_the_address_the_lockout_counts_behind_the_proxy(
    db: None, settings: Any
) -> None:
    settings.ACCESSIBILITY_FEEDBACK_PER_HOUR = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    proxy = "10.0.0.1"

    first = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert _send(first).status_code == 302
    assert _send(second).status_code == 302  # another client behind the same proxy
    assert _send(first).status_code == 429


def test_a_signed_in_person_sends_a_report_too(web_client_for: Any, world: World) -> None:
    assert _send(web_client_for("police")).status_code == 302
    assert AccessibilityFeedback.objects.count() == 1


def test_other_methods_are_refused(db: None) -> None:
    assert Client().put(_url("en")).status_code == 405


# Mail


def test_a_report_is_mailed_to_the_contact_when_one_is_set(db: None, settings: Any) -> None:
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@example.org"

    _send(page_url="/en/meetings/", email="anna@example.org", message="Låg kontrast på knappen.")

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    feedback = AccessibilityFeedback.objects.get()
    assert sent.to == ["tillganglighet@example.org"]
    assert sent.reply_to == ["anna@example.org"]
    assert "Låg kontrast på knappen." in sent.body
    assert "/en/meetings/" in sent.body
    assert f"/admin/network/accessibilityfeedback/{feedback.pk}/change/" in sent.body
    assert "127.0.0.1" not in sent.body  # the sender's address is not passed on


def test_no_mail_is_sent_without_a_contact(db: None, settings: Any) -> None:
    settings.ACCESSIBILITY_CONTACT_EMAIL = ""

    assert _send().status_code == 302
    assert mail.outbox == []
    assert AccessibilityFeedback.objects.count() == 1


def test_a_mail_server_that_fails_loses_no_report(
    db: None, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@example.org"

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)

    assert _send().status_code == 302
    assert AccessibilityFeedback.objects.count() == 1


# The admin


def _report(message: str = "Fokus syns inte i menyn.") -> AccessibilityFeedback:
    return AccessibilityFeedback.objects.create(message=message, page_url="/", language="sv")


def _admin(world: World, name: str | None) -> Client:
    client = Client()
    if name is not None:
        client.force_login(world.persona(name))
    return client


EVERY_PERSONA_READS = each_persona(
    coordinator=200,
    security_chief=403,
    contact_person=ADMIN_SIGN_IN,
    police=ADMIN_SIGN_IN,
    civil=ADMIN_SIGN_IN,
    report_reader=ADMIN_SIGN_IN,
    outsider=ADMIN_SIGN_IN,
    other_member=ADMIN_SIGN_IN,
    anonymous=ADMIN_SIGN_IN,
)


@pytest.mark.parametrize(("name", "expected"), EVERY_PERSONA_READS)
def test_each_persona_gets_the_exact_answer_on_the_admin_list(
    staff_world: World, name: str | None, expected: int
) -> None:
    _report()

    response = _admin(staff_world, name).get(CHANGELIST)

    assert response.status_code == expected
    if expected == ADMIN_SIGN_IN:
        assert response["Location"].startswith("/admin/login/")
    if expected == 200:
        assert len(response.context["cl"].result_list) == 1


@pytest.mark.parametrize(("name", "expected"), EVERY_PERSONA_READS)
def test_each_persona_gets_the_exact_answer_on_the_admin_change_page(
    staff_world: World, name: str | None, expected: int
) -> None:
    report = _report()

    response = _admin(staff_world, name).get(f"{CHANGELIST}{report.pk}/change/")

    assert response.status_code == expected
    if expected == 200:
        assert "Fokus syns inte i menyn." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "expected"),
    each_persona(
        coordinator=302,
        security_chief=403,
        contact_person=ADMIN_SIGN_IN,
        police=ADMIN_SIGN_IN,
        civil=ADMIN_SIGN_IN,
        report_reader=ADMIN_SIGN_IN,
        outsider=ADMIN_SIGN_IN,
        other_member=ADMIN_SIGN_IN,
        anonymous=ADMIN_SIGN_IN,
    ),
)
def test_only_the_coordinator_marks_a_report_handled(
    staff_world: World, name: str | None, expected: int
) -> None:
    report = _report()

    response = _admin(staff_world, name).post(
        f"{CHANGELIST}{report.pk}/change/", {"handled": "on", "message": "Rewritten"}
    )

    assert response.status_code == expected
    report.refresh_from_db()
    assert (report.handled_at is not None) is (name == "coordinator")
    assert report.message == "Fokus syns inte i menyn."  # what the sender wrote stays


def test_the_coordinator_reopens_a_handled_report(staff_world: World) -> None:
    report = _report()
    client = _admin(staff_world, "coordinator")
    client.post(f"{CHANGELIST}{report.pk}/change/", {"handled": "on"})

    client.post(f"{CHANGELIST}{report.pk}/change/", {})

    report.refresh_from_db()
    assert report.handled_at is None


def test_the_coordinator_marks_several_handled_with_the_action(staff_world: World) -> None:
    reports = [_report("Ett"), _report("Två")]

    response = _admin(staff_world, "coordinator").post(
        CHANGELIST,
        {"action": "mark_handled", "_selected_action": [str(r.pk) for r in reports]},
    )

    assert response.status_code == 302
    assert not AccessibilityFeedback.objects.filter(handled_at__isnull=True).exists()


def test_nobody_adds_or_deletes_a_report_in_the_admin(staff_world: World, superuser: User) -> None:
    report = _report()
    coordinator = _admin(staff_world, "coordinator")
    root = Client()
    root.force_login(superuser)

    for client in (coordinator, root):
        assert client.get(f"{CHANGELIST}add/").status_code == 403
        assert client.post(f"{CHANGELIST}{report.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessibilityFeedback.objects.filter(pk=report.pk).exists()


def test_the_coordinator_of_any_network_and_a_superuser_read_the_reports(
    staff_world: World, superuser: User
) -> None:
    report = _report()
    other_coordinator = make_coordinator_staff(staff_world.other_member)
    core_services.role_grant(
        user=other_coordinator, network=staff_world.other_net, code="coordinator"
    )
    root = Client()
    root.force_login(superuser)

    for client in (_admin(staff_world, "other_member"), root):
        assert list(client.get(CHANGELIST).context["cl"].result_list) == [report]


def test_the_index_offers_the_reports_to_the_coordinator_not_to_the_security_chief(
    staff_world: World,
) -> None:
    def models(name: str) -> set[str]:
        response = _admin(staff_world, name).get("/admin/")
        return {m["object_name"] for app in response.context["app_list"] for m in app["models"]}

    assert "AccessibilityFeedback" in models("coordinator")
    assert "AccessibilityFeedback" not in models("security_chief")
