"""Tickets as a person and a scanner see them: pypdf reads the PDF, poppler renders it
to an image and zbar decodes the QR code from the pixels."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pyzbar.pyzbar import ZBarSymbol, decode

from events.tickets import (
    TicketData,
    code_groups,
    qr_payload,
    qr_png,
    qr_svg,
    ticket_pdf,
    ticket_pdf_cached,
)
from tests.events.pdf_pages import words
from werkplaats.pdf import AssetRefused, html_to_pdf
from werkplaats.settings import get_settings

A6_POINTS = (297.6, 419.5)
DPI = 200
MM_PER_INCH = 25.4


def make_ticket(**overrides: str) -> TicketData:
    values = {
        "name": "Fatima el Amrani",
        "organisation": "Gemeente Haarlemmermeer",
        "event_title": "Regionale bijeenkomst voorjaar",
        "when": "dinsdag 16 april 2030, 13.30–17.00 uur",
        "where": "Pletterij, Lange Herenvest 122, 2011 BX Haarlem",
        "code": "K7QM4XPA2RTD9HVC",
        "language": "nl",
        "status_label": "Deelnemer",
    }
    values.update(overrides)
    return TicketData(**values)


def page_image(pdf: bytes, tmp_path: Path) -> Image.Image:
    """The first page as poppler draws it at `DPI`."""
    source = tmp_path / "ticket.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", "-singlefile", str(source), str(tmp_path / "page")],
        check=True,
    )
    return Image.open(tmp_path / "page.png")


def qr_codes(image: Image.Image) -> list:
    return decode(image.convert("L"), symbols=[ZBarSymbol.QRCODE])


def test_ticket_pdf_is_one_a6_page():
    pdf = ticket_pdf(make_ticket())

    pages = PdfReader(io.BytesIO(pdf)).pages

    assert len(pages) == 1
    size = (float(pages[0].mediabox.width), float(pages[0].mediabox.height))
    assert size == pytest.approx(A6_POINTS, abs=0.5)


def test_ticket_pdf_shows_attendee_event_and_code_as_text():
    pdf = ticket_pdf(make_ticket())

    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())

    for shown in (
        "Werkplaats Sociaal Domein",
        "Fatima el Amrani",
        "Gemeente Haarlemmermeer",
        "Regionale bijeenkomst voorjaar",
        "dinsdag 16 april 2030, 13.30–17.00 uur",
        "Pletterij, Lange Herenvest 122, 2011 BX Haarlem",
        "Deelnemer",
        "K7QM 4XPA 2RTD 9HVC",
    ):
        assert shown in text


def test_ticket_pdf_speaks_the_ticket_language():
    dutch = PdfReader(io.BytesIO(ticket_pdf(make_ticket(language="nl")))).pages[0]
    english = PdfReader(io.BytesIO(ticket_pdf(make_ticket(language="en")))).pages[0]

    assert "Wanneer" in dutch.extract_text()
    assert "When" in english.extract_text()
    assert "Wanneer" not in english.extract_text()


def test_ticket_pdf_title_names_the_event():
    pdf = ticket_pdf(make_ticket(language="en"))

    metadata = PdfReader(io.BytesIO(pdf)).metadata

    assert metadata.title == "Ticket – Regionale bijeenkomst voorjaar"


def test_ticket_pdf_with_long_texts_stays_on_one_page():
    ticket = make_ticket(
        name="Maria Magdalena Johanna van den Heuvel-Oudshoorn de Wit-Bakker van Rijswijk",
        organisation="Stichting Maatschappelijke Dienstverlening en Welzijn Zuid-Kennemerland",
        event_title="Actualiteitencollege: de nieuwe Participatiewet in balans, bestaanszekerheid,"
        " schuldhulpverlening en de rol van de wijkteams in een veranderend sociaal domein",
        when="dinsdag 16 april 2030, 13.30 uur – woensdag 17 april 2030, 17.00 uur",
        where="Congrescentrum De Pletterij, Lange Herenvest 122 ingang achterzijde,"
        " 2011 BX Haarlem",
    )

    pages = PdfReader(io.BytesIO(ticket_pdf(ticket))).pages

    assert len(pages) == 1


def test_ticket_qr_code_scans_as_prefix_and_code(tmp_path):
    ticket = make_ticket()

    found = qr_codes(page_image(ticket_pdf(ticket), tmp_path))

    assert [symbol.data.decode() for symbol in found] == ["WPS1:K7QM4XPA2RTD9HVC"]


def test_ticket_qr_code_is_at_least_35_mm_wide(tmp_path):
    found = qr_codes(page_image(ticket_pdf(make_ticket()), tmp_path))

    width_mm = found[0].rect.width / DPI * MM_PER_INCH
    assert width_mm >= 35


def test_qr_png_scans_as_prefix_and_code():
    image = Image.open(io.BytesIO(qr_png("ABCD2345EFGH6789")))

    found = qr_codes(image)

    assert [symbol.data.decode() for symbol in found] == ["WPS1:ABCD2345EFGH6789"]


def test_qr_carries_only_the_prefix_and_the_code():
    ticket = make_ticket()

    assert qr_payload(ticket.code) == "WPS1:K7QM4XPA2RTD9HVC"
    assert ticket.name not in qr_svg(ticket.code)


def test_code_groups_splits_in_fours():
    assert code_groups("K7QM4XPA2RTD9HVC") == "K7QM 4XPA 2RTD 9HVC"
    assert code_groups("ABCDEF") == "ABCD EF"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/x.png",
        "https://example.org/x.png",
        "wp-static:/pdf/../../werkplaats/settings.py",
        "wp-static:/elsewhere/x.png",
        "x.png",
    ],
)
def test_pdf_refuses_images_from_outside_our_files(url):
    html = f'<p>Ticket</p><img src="{url}" alt="">'

    with pytest.raises(AssetRefused):
        html_to_pdf(html)


def test_pdf_refuses_stylesheets_from_outside_our_files():
    html = '<link rel="stylesheet" href="file:///etc/passwd"><p>Ticket</p>'

    with pytest.raises(AssetRefused):
        html_to_pdf(html)


def test_pdf_refuses_a_stylesheet_name_outside_the_pdf_templates():
    with pytest.raises(AssetRefused):
        html_to_pdf("<p>Ticket</p>", stylesheets=("../../werkplaats/static/site.css",))


def test_pdf_serves_our_own_static_files():
    html = '<link rel="stylesheet" href="wp-static:/static/site.css"><p>Ticket</p>'

    pdf = html_to_pdf(html, stylesheets=("base.css",))

    assert "Ticket" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_ticket_pdf_cached_writes_one_file_and_serves_it_again():
    folder = get_settings().data_dir / "tickets"
    key = "tok3n-v1"

    first = ticket_pdf_cached(make_ticket(), key=key)
    again = ticket_pdf_cached(make_ticket(name="Iemand Anders"), key=key)

    assert again == first
    assert sorted(p.name for p in folder.iterdir() if key in p.name) == [f"{key}.pdf"]
    assert (folder / f"{key}.pdf").read_bytes() == first
    assert "Fatima el Amrani" in PdfReader(io.BytesIO(first)).pages[0].extract_text()


def test_ticket_pdf_cached_refuses_a_key_that_leaves_the_folder():
    with pytest.raises(ValueError):
        ticket_pdf_cached(make_ticket(), key="../escape")


@pytest.mark.parametrize("key", ["-casvhhAcf2q92rUtiLslWjPRjpf5A8TLQkFLDxIj34-v2", "_tok-v1"])
def test_ticket_pdf_cached_takes_a_token_that_starts_with_a_dash_or_underscore(key):
    # secrets.token_urlsafe() starts with - or _ once in 32 personal links
    pdf = ticket_pdf_cached(make_ticket(), key=key)

    assert (get_settings().data_dir / "tickets" / f"{key}.pdf").read_bytes() == pdf


@pytest.mark.parametrize("key", [".hidden", "a/b", ""])
def test_ticket_pdf_cached_refuses_keys_that_are_no_plain_file_name(key):
    with pytest.raises(ValueError):
        ticket_pdf_cached(make_ticket(), key=key)


def test_ticket_code_of_26_characters_stays_on_one_line(tmp_path):
    code = "K7QM4XPA2RTD9HVC00ABCDEFGH"  # as the registration service makes them
    groups = code_groups(code).split()

    pdf = ticket_pdf(make_ticket(code=code))

    found = [word for word in words(pdf, tmp_path)[0] if word.text in groups]
    assert [word.text for word in found] == groups
    assert len({round(word.box.top, 1) for word in found}) == 1
