"""Approved minutes as a print-friendly page and as a PDF: the frozen content, as approved."""

import io
from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from network.meetings import services
from network.meetings.documents import PdfUnavailable, minutes_pdf
from network.models import Meeting, MinutesVersion, Visibility
from tests.conftest import World

pytestmark = pytest.mark.django_db

STARTS = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
ENDS = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)


def _approved(world: World, *, visibility: str = Visibility.NETWORK) -> MinutesVersion:
    """A meeting held and approved by its chair (the coordinator) and the police."""
    world.coordinator.first_name, world.coordinator.last_name = "Åsa", "Öberg"
    world.coordinator.save()
    world.police.first_name, world.police.last_name = "Petra", "Ängström"
    world.police.save()
    invited = [world.police_org, world.school]
    if visibility == Visibility.NETWORK:
        invited.append(world.association)
    meeting = services.meeting_create(
        author=world.coordinator,
        network=world.net,
        title="Nätverksmöte i mars",
        starts_at=STARTS,
        ends_at=ENDS,
        place="Rådhuset, sal Öresund",
        visibility=visibility,
        chair=world.coordinator,
        secretary=world.contact_person,
        approvers=[world.police],
        invited_organisations=invited,
        agenda=[{"title": "Lägesbild från förvaltningarna"}, {"title": "Övriga frågor"}],
    )
    services.meeting_schedule(meeting=meeting, actor=world.coordinator)
    for person in (world.coordinator, world.police, world.contact_person):
        services.attendance_record(
            meeting=meeting, actor=world.contact_person, person=person, status="present"
        )
    first, second = meeting.agenda_items.order_by("position")
    entry = services.minutes_write(
        item=first,
        actor=world.contact_person,
        text="Polisen och skolan redogjorde för läget i området; oron för helgkvällarna består.",
        outcome="decision",
        decision="Nätverket förstärker nattvandringen under våren.",
    )
    services.action_item_create(
        meeting=meeting,
        actor=world.contact_person,
        entry=entry,
        title="Ta fram schema för fler vuxna på stan",
        owner_organisation=world.police_org,
        owner=world.police,
        due_on=date(2026, 4, 1),
    )
    services.minutes_write(item=second, actor=world.contact_person, text="Inga övriga frågor.")
    services.meeting_hold(meeting=meeting, actor=world.coordinator)
    services.meeting_approve(meeting=meeting, actor=world.coordinator)
    version = services.meeting_approve(meeting=meeting, actor=world.police)
    assert version is not None
    return version


def _print_url(version: MinutesVersion, number: int | None = None) -> str:
    return reverse("frontend:minutes_print", args=[version.meeting_id, number or version.number])


def _pdf_url(version: MinutesVersion, number: int | None = None) -> str:
    return reverse("frontend:minutes_pdf", args=[version.meeting_id, number or version.number])


def _pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def _pdf_text(data: bytes) -> str:
    return "\n".join(_pdf_pages(data))


def _weasyprint_or_skip() -> None:
    try:
        import weasyprint  # noqa: F401
    except OSError as error:
        pytest.skip(
            "WeasyPrint cannot load its system libraries; install pango "
            f"(apt-get install libpango-1.0-0 libpangoft2-1.0-0): {error}"
        )


def test_the_print_page_shows_the_approved_minutes_with_hash_approvers_and_paragraphs(
    world: World, web_client_for
) -> None:
    version = _approved(world)

    response = web_client_for("civil").get(_print_url(version))

    assert response.status_code == 200
    page = response.content.decode()
    assert version.sha256 in page
    assert "§ 1" in page and "§ 2" in page
    assert "Lägesbild från förvaltningarna" in page
    assert "Nätverket förstärker nattvandringen under våren." in page
    assert "Ta fram schema för fler vuxna på stan" in page
    assert "Åsa Öberg" in page and "Petra Ängström" in page
    assert "Skol- och fritidsförvaltningen" in page  # attendance per organisation
    assert reverse("frontend:minutes_pdf", args=[version.meeting_id, 1]) in page


def test_the_print_page_reads_the_frozen_content_not_the_live_rows(
    world: World, web_client_for
) -> None:
    version = _approved(world)
    # A later rename of a person and of the meeting's rows does not change approved minutes.
    world.police.last_name = "Omdöpt"
    world.police.save()
    Meeting.objects.filter(pk=version.meeting_id).update(title="Ändrad titel")

    page = web_client_for("coordinator").get(_print_url(version)).content.decode()

    assert "Petra Ängström" in page and "Omdöpt" not in page
    assert "Nätverksmöte i mars" in page and "Ändrad titel" not in page


def test_a_later_version_shows_its_number_and_the_reason_for_it(
    world: World, web_client_for
) -> None:
    first = _approved(world)
    meeting = first.meeting
    services.meeting_revise(meeting=meeting, actor=world.coordinator, reason="Fel datum i § 1")
    item = meeting.agenda_items.order_by("position").first()
    assert item is not None
    services.minutes_write(item=item, actor=world.contact_person, text="Rättad text.")
    services.meeting_approve(meeting=meeting, actor=world.coordinator)
    second = services.meeting_approve(meeting=meeting, actor=world.police)
    assert second is not None

    client = web_client_for("police")
    page = client.get(_print_url(second)).content.decode()
    old = client.get(_print_url(first)).content.decode()

    assert "Fel datum i § 1" in page and second.sha256 in page and "Rättad text." in page
    assert first.sha256 in old and "Rättad text." not in old


def test_the_pdf_holds_the_hash_paragraphs_swedish_characters_approvers_and_page_numbers(
    world: World, web_client_for
) -> None:
    _weasyprint_or_skip()
    version = _approved(world)

    response = web_client_for("police").get(_pdf_url(version))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    filename = f"protokoll-{version.meeting_id}-v1.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    text = _pdf_text(response.content)
    compact = "".join(text.split())
    assert version.sha256 in compact  # the hash may wrap over lines
    assert "§ 1" in text and "§ 2" in text
    assert "Övriga frågor" in text and "Rådhuset, sal Öresund" in text  # å, ä and ö
    assert "Åsa Öberg" in text and "Petra Ängström" in text
    pages = _pdf_pages(response.content)
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in page


def test_the_pdf_follows_the_language_of_the_address(world: World, web_client_for) -> None:
    _weasyprint_or_skip()
    version = _approved(world)

    with translation.override("en"):
        english = _pdf_url(version)
    assert english.startswith("/en/")
    response = web_client_for("coordinator").get(english)

    assert response.status_code == 200
    pages = _pdf_pages(response.content)
    assert f"Page 1 of {len(pages)}" in pages[0]


def test_civil_society_gets_not_found_for_minutes_of_an_authorities_meeting(
    world: World, web_client_for
) -> None:
    version = _approved(world, visibility=Visibility.AUTHORITIES)
    civil = web_client_for("civil")

    assert civil.get(_print_url(version)).status_code == 404
    assert civil.get(_pdf_url(version)).status_code == 404
    assert web_client_for("police").get(_print_url(version)).status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "other_member", "report_reader"])
def test_people_outside_the_meeting_get_not_found(world: World, web_client_for, persona) -> None:
    version = _approved(world)

    assert web_client_for(persona).get(_print_url(version)).status_code == 404
    assert web_client_for(persona).get(_pdf_url(version)).status_code == 404


def test_a_version_that_was_not_approved_is_not_found(world: World, web_client_for) -> None:
    version = _approved(world)
    client = web_client_for("coordinator")

    assert client.get(_print_url(version, 2)).status_code == 404
    assert client.get(_pdf_url(version, 2)).status_code == 404
    assert client.get(_print_url(version, 99999999999999999999)).status_code == 404


def test_held_minutes_not_yet_approved_have_no_document(world: World, web_client_for) -> None:
    version = _approved(world)
    services.meeting_revise(meeting=version.meeting, actor=world.coordinator, reason="Rättelse")

    # Version 2 is being corrected: not approved, so nothing to print; version 1 still is.
    client = web_client_for("coordinator")
    assert client.get(_print_url(version, 2)).status_code == 404
    assert client.get(_print_url(version)).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    version = _approved(world)

    response = Client().get(_print_url(version))

    assert response.status_code == 302 and "login" in response["Location"]


def test_without_pango_the_pdf_answers_503_with_a_message(
    world: World, web_client_for, monkeypatch
) -> None:
    version = _approved(world)

    def unavailable(*args: object, **kwargs: object) -> bytes:
        raise PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr("frontend.views.minutes.minutes_pdf", unavailable)
    response = web_client_for("coordinator").get(_pdf_url(version))

    assert response.status_code == 503
    assert "Pango" in response.content.decode()


def test_the_pdf_renders_without_fetching_anything(world: World) -> None:
    _weasyprint_or_skip()
    version = _approved(world)
    version.content["minutes"][0]["text"] = '<img src="http://192.0.2.1/x.png"> text'

    data = minutes_pdf(version, None)

    assert data.startswith(b"%PDF")
