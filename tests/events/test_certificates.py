"""Issuing certificates of attendance, and the PDF as a person and a scanner see it:
pypdf reads its text, poppler renders it and zbar decodes the verification QR."""

from __future__ import annotations

import asyncio
import io
import re
import subprocess
from decimal import Decimal

import pytest
from PIL import Image
from pypdf import PdfReader

from events.certificate_pdf import certificate_filename, certificate_pdf
from events.services.documents.certificates import (
    CODE_LENGTH,
    certificate_by_code,
    issue_certificate,
    issue_for_event,
    normalise_code,
)
from events.tables import Certificate, Event, Registration
from events.tickets import QR_MODULE_MM
from tests.events.attendance import check_in, held_event, person
from tests.events.test_tickets import DPI, MM_PER_INCH, page_image, qr_codes
from werkplaats.settings import get_settings

A4_POINTS = (595.3, 841.9)


def pdf_text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


async def test_checked_in_at_the_entrance_gets_a_certificate_with_the_snapshot():
    held = await held_event(person("Fatima el Amrani", registerplein_number="461012345"))
    await check_in(held.people[0])

    certificate = await issue_certificate(held.people[0]["id"])

    assert certificate is not None
    assert (certificate.name, certificate.registerplein_number) == (
        "Fatima el Amrani",
        "461012345",
    )
    assert (certificate.event_title, certificate.net_hours, certificate.accreditation_points) == (
        "Regionale bijeenkomst voorjaar 2027",
        Decimal("3.5"),
        Decimal("3"),
    )
    assert certificate.accreditation_id == "PE-498765"
    assert certificate.organiser == "Werkplaats Sociaal Domein, Secretariaat Werkplaats"
    assert certificate.date == "dinsdag 13 oktober 2026"


async def test_checked_in_only_in_a_session_gets_a_certificate():
    held = await held_event(person("Sanne de Jong"))
    await check_in(held.people[0], session_title="Workshop schulden en armoede")

    assert await issue_certificate(held.people[0]["id"]) is not None


async def test_not_checked_in_gets_no_certificate():
    held = await held_event(person("Sanne de Jong"))

    assert await issue_certificate(held.people[0]["id"]) is None
    assert await Certificate.count() == 0


async def test_undone_check_in_gets_no_certificate():
    held = await held_event(person("Sanne de Jong"))
    await check_in(held.people[0], undone=True)

    assert await issue_certificate(held.people[0]["id"]) is None
    assert await Certificate.count() == 0


async def test_event_not_ended_gives_no_certificate():
    held = await held_event(person("Sanne de Jong"), ended=False)
    await check_in(held.people[0])

    assert await issue_certificate(held.people[0]["id"]) is None
    assert await issue_for_event(held.event["id"]) == 0


async def test_cancelled_event_gives_no_certificate():
    held = await held_event(person("Sanne de Jong"))
    await check_in(held.people[0])
    await Event.update({Event.status: "cancelled"}).where(Event.id == held.event["id"])

    assert await issue_certificate(held.people[0]["id"]) is None


async def test_issuing_twice_keeps_one_certificate_and_its_first_snapshot():
    held = await held_event(person("Sanne de Jong"))
    await check_in(held.people[0])
    first = await issue_certificate(held.people[0]["id"])
    await Registration.update({Registration.name: "Sanne Jansen"}).where(
        Registration.id == held.people[0]["id"]
    )

    again = await issue_certificate(held.people[0]["id"])
    await issue_for_event(held.event["id"])

    assert again == first
    assert again.name == "Sanne de Jong"
    assert await Certificate.count() == 1


async def test_issuing_at_the_same_time_gives_one_certificate():
    held = await held_event(person("Sanne de Jong"), person("Bram Visser"))
    for registration in held.people:
        await check_in(registration)

    results = await asyncio.gather(
        issue_certificate(held.people[0]["id"]),
        issue_certificate(held.people[0]["id"]),
        issue_for_event(held.event["id"]),
    )

    assert results[0] == results[1]
    assert await Certificate.count() == 2


async def test_issue_for_event_issues_only_for_those_checked_in_and_live():
    held = await held_event(
        person("Anne de Vries"), person("Bram Visser"), person("Cor Bakker"), person("Dirk Smit")
    )
    anne, bram, cor, _dirk = held.people
    await check_in(anne)
    await check_in(anne, session_title="Workshop jeugd")  # twice present, one certificate
    await check_in(bram, session_title="Workshop jeugd")
    await check_in(cor, undone=True)

    issued = await issue_for_event(held.event["id"])

    names = {row["name"] for row in await Certificate.select(Certificate.name)}
    assert (issued, names) == (2, {"Anne de Vries", "Bram Visser"})


async def test_verification_code_has_130_random_bits_in_crockford_letters():
    held = await held_event(person("Anne de Vries"), person("Bram Visser"))
    for registration in held.people:
        await check_in(registration)
    await issue_for_event(held.event["id"])

    codes = [row["code"] for row in await Certificate.select(Certificate.code)]

    assert len(set(codes)) == 2
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", code) for code in codes)
    assert CODE_LENGTH * 5 >= 128


@pytest.mark.parametrize(
    "typed",
    [
        "K7QM4XPA2RTD9HVC",
        "k7qm 4xpa 2rtd 9hvc",
        "K7QM-4XPA-2RTD-9HVC",
        "  k7qm–4xpa 2rtd.9hvc ",
    ],
)
def test_normalise_code_takes_case_spaces_and_dashes(typed):
    assert normalise_code(typed) == "K7QM4XPA2RTD9HVC"  # a code of 16: issued before


def test_normalise_code_takes_the_new_long_codes_in_their_groups():
    assert normalise_code("k7qm 4xpa 2rtd 9hvc k7qm 4xpa 2r") == "K7QM4XPA2RTD9HVCK7QM4XPA2R"


def test_normalise_code_reads_look_alikes_as_crockford_does():
    assert normalise_code("1O0I L1ab cdef ghjk") == "100111ABCDEFGHJK"


@pytest.mark.parametrize(
    "typed", ["", "K7QM4XPA2RTD9HV", "K7QM4XPA2RTD9HVCX", "K7QM4XPA2RTD9HVU", "K" * 25, "K" * 27]
)
def test_normalise_code_refuses_what_cannot_be_a_code(typed):
    assert normalise_code(typed) is None


async def _issued(language: str = "nl", accredited: bool = True, **details):
    overrides = (
        {}
        if accredited
        else {
            "net_hours": None,
            "accreditation_points": None,
            "accreditation_id": "",
            "contact_name": "",
        }
    )
    held = await held_event(person("Fatima el Amrani", language=language, **details), **overrides)
    await check_in(held.people[0])
    return await issue_certificate(held.people[0]["id"])


async def test_certificate_pdf_in_dutch_shows_person_event_date_hours_points_and_code():
    certificate = await _issued(registerplein_number="461012345")

    text = pdf_text(certificate_pdf(certificate))

    for shown in (
        "Bewijs van deelname",
        "Fatima el Amrani",
        "Registerplein-nummer 461012345",
        "Regionale bijeenkomst voorjaar 2027",
        "dinsdag 13 oktober 2026",
        "Netto uren 3,5",
        "Accreditatiepunten 3",
        "Accreditatienummer PE-498765",
        "Werkplaats Sociaal Domein, Secretariaat Werkplaats",
        certificate.code_groups,
        f"{get_settings().base_url}/verify/{certificate.code}",
    ):
        assert shown in text


async def test_certificate_pdf_in_english_for_an_english_registrant():
    certificate = await _issued(language="en", registerplein_number="461012345")

    text = pdf_text(certificate_pdf(certificate))

    for shown in (
        "Certificate of attendance",
        "Tuesday 13 October 2026",
        "Net hours 3.5",
        "Accreditation points 3",
        certificate.code_groups,
    ):
        assert shown in text
    assert "dinsdag" not in text and "Bewijs van deelname" not in text


async def test_certificate_pdf_without_accreditation_leaves_those_lines_out():
    certificate = await _issued(accredited=False)

    text = pdf_text(certificate_pdf(certificate))

    assert "Fatima el Amrani" in text and certificate.code_groups in text
    for absent in ("Netto uren", "Accreditatiepunten", "Accreditatienummer", "Registerplein"):
        assert absent not in text
    assert "Organisator Werkplaats Sociaal Domein Uitgegeven op" in text


async def test_certificate_pdf_is_one_a4_page_titled_for_the_person_and_event():
    certificate = await _issued()

    reader = PdfReader(io.BytesIO(certificate_pdf(certificate)))

    page = reader.pages[0]
    assert len(reader.pages) == 1
    size = (float(page.mediabox.width), float(page.mediabox.height))
    assert size == pytest.approx(A4_POINTS, abs=0.5)
    assert reader.metadata.title == (
        "Bewijs van deelname – Regionale bijeenkomst voorjaar 2027 – Fatima el Amrani"
    )


async def test_certificate_pdf_is_tagged_for_screen_readers():
    certificate = await _issued()

    reader = PdfReader(io.BytesIO(certificate_pdf(certificate)))

    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


async def test_certificate_qr_code_scans_as_the_verify_link(tmp_path):
    certificate = await _issued()

    found = qr_codes(page_image(certificate_pdf(certificate), tmp_path))

    assert [symbol.data.decode() for symbol in found] == [certificate.verify_url]
    assert certificate.verify_url == f"http://testserver.local/verify/{certificate.code}"
    # the link takes 33 modules, each as large as the ticket's
    assert found[0].rect.width / DPI * MM_PER_INCH >= 33 * QR_MODULE_MM - 1


async def test_certificate_qr_code_scans_from_a_page_drawn_at_72_dpi(tmp_path):
    certificate = await _issued()
    source = tmp_path / "certificate.pdf"
    source.write_bytes(certificate_pdf(certificate))

    subprocess.run(
        ["pdftoppm", "-r", "72", "-png", "-singlefile", str(source), str(tmp_path / "low")],
        check=True,
    )

    found = qr_codes(Image.open(tmp_path / "low.png"))
    assert [symbol.data.decode() for symbol in found] == [certificate.verify_url]


async def test_certificate_found_by_its_code_and_named_for_the_event():
    certificate = await _issued()

    found = await certificate_by_code(certificate.code)

    assert found == certificate
    assert certificate_filename(certificate) == (
        "bewijs-van-deelname-regionale-bijeenkomst-voorjaar-2027.pdf"
    )
