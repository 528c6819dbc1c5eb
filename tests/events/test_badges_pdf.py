"""Badge PDFs as the organiser prints them and a door scanner reads them: page sizes,
who is on which badge, every QR code decoded by zbar from the drawn page, long
texts that stay inside their badge, cut marks on the cut lines."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from events.badges import Badge, BadgeEvent, badges_pdf, event_dates, name_size
from events.enums import BadgeLayout, Ribbon
from tests.events.pdf_pages import Box, pages, scan, text_in, words
from werkplaats.i18n import TIMEZONE, language

A6_POINTS = (297.6, 419.5)
A4_POINTS = (595.3, 841.9)
DPI = 150
EVENT = BadgeEvent(
    "Regionale bijeenkomst voorjaar",
    dt.datetime(2030, 4, 16, 13, 30, tzinfo=TIMEZONE),
    dt.datetime(2030, 4, 16, 17, 0, tzinfo=TIMEZONE),
)
PEOPLE = [
    ("Jan de Vries", "Gemeente Haarlem", Ribbon.PARTICIPANT),
    ("Fatima el Amrani", "Gemeente Haarlemmermeer", Ribbon.SPEAKER),
    ("Henk van 't Hof", "Socius Maatschappelijk Werk", Ribbon.ORGANISER),
    ("Anna Bakker", "Hogeschool Inholland", Ribbon.PARTICIPANT),
    ("Ans ter Horst", "Cliëntenraad Zaanstad", Ribbon.SPEAKER),
    ("Kees in 't Veld", "", Ribbon.PARTICIPANT),
    ("Özlem Yılmaz", "MEE & de Wering", Ribbon.PARTICIPANT),
    ("Maria van der Berg", "Wijkteam Velsen", Ribbon.ORGANISER),
    ("Pieter Zwart", "Gemeente Zandvoort", Ribbon.PARTICIPANT),
]
BY_SURNAME = [
    "Fatima el Amrani",
    "Anna Bakker",
    "Maria van der Berg",
    "Henk van 't Hof",
    "Ans ter Horst",
    "Kees in 't Veld",
    "Jan de Vries",
    "Özlem Yılmaz",
    "Pieter Zwart",
]
LONG_NAME = "Maria Magdalena Johanna van den Heuvel-Oudshoorn de Wit-Bakker van Rijswijk"
LONG_ORGANISATION = (
    "Stichting Maatschappelijke Dienstverlening en Welzijn Zuid-Kennemerland en IJmond"
)


def code_for(index: int) -> str:
    """A ticket code as the registration service makes them: 26 characters."""
    return f"K7QM4XPA2RTD9HVC{index:02d}ABCDEFGH"


def make_badges(people=PEOPLE) -> list[Badge]:
    return [Badge(n, o, r, code_for(i)) for i, (n, o, r) in enumerate(people)]


CODES = {badge.name: badge.code for badge in make_badges()}


def cell(index: int) -> Box:
    """Where badge `index` of a sheet sits: 2 × 4 of 90 × 60 mm from (15, 28.5)."""
    return Box(15 + 90 * (index % 2), 28.5 + 60 * (index // 2), 90, 60)


def name_in(text: str) -> str:
    """The one person of PEOPLE whose name is in `text`."""
    (name,) = [name for name in BY_SURNAME if name in text]
    return name


def page_text(page) -> str:
    return " ".join(page.extract_text().split())


def test_a6_is_one_badge_per_a6_page_sorted_by_surname():
    pdf = badges_pdf(EVENT, make_badges(), layout=BadgeLayout.A6)

    reader = PdfReader(io.BytesIO(pdf))

    assert len(reader.pages) == len(PEOPLE)
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A6_POINTS, abs=0.5)
    assert [name_in(page_text(page)) for page in reader.pages] == BY_SURNAME


def test_a4_is_sheets_of_eight_in_rows_sorted_by_surname(tmp_path):
    pdf = badges_pdf(EVENT, make_badges(), layout=BadgeLayout.A4)

    reader = PdfReader(io.BytesIO(pdf))
    found = words(pdf, tmp_path)

    assert len(reader.pages) == 2
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4_POINTS, abs=0.5)
    placed = [text_in(found[i // 8], cell(i % 8)) for i in range(len(PEOPLE))]
    assert [name_in(text) for text in placed] == BY_SURNAME
    assert text_in(found[1], cell(1)) == ""


def test_every_qr_on_a6_badges_scans_as_the_code_of_the_name_on_that_page(tmp_path):
    pdf = badges_pdf(EVENT, make_badges(), layout=BadgeLayout.A6)

    drawn = pages(pdf, tmp_path, dpi=DPI)
    texts = [page_text(page) for page in PdfReader(io.BytesIO(pdf)).pages]

    for image, text, name in zip(drawn, texts, BY_SURNAME, strict=True):
        assert name in text
        assert [found.data for found in scan(image, dpi=DPI)] == [f"WPS1:{CODES[name]}"]


def test_every_qr_on_an_a4_sheet_scans_as_the_code_of_the_name_in_its_cell(tmp_path):
    pdf = badges_pdf(EVENT, make_badges(), layout=BadgeLayout.A4)

    drawn = pages(pdf, tmp_path, dpi=DPI)
    found = words(pdf, tmp_path)

    scanned = 0
    for number, image in enumerate(drawn):
        for symbol in scan(image, dpi=DPI):
            index = next(i for i in range(8) if cell(i).holds(symbol.box))
            name = name_in(text_in(found[number], cell(index)))
            assert symbol.data == f"WPS1:{CODES[name]}"
            scanned += 1
    assert scanned == len(PEOPLE)


@pytest.mark.parametrize(
    ("code", "labels"),
    [
        ("nl", ["SPREKER", "ORGANISATIE", "DEELNEMER"]),
        ("en", ["SPEAKER", "ORGANISATION", "PARTICIPANT"]),
    ],
)
def test_ribbons_are_words_in_the_organisers_language(code, labels):
    # by surname: el Amrani (speaker), van 't Hof (organiser), de Vries (participant)
    pdf = badges_pdf(EVENT, make_badges(PEOPLE[:3]), layout=BadgeLayout.A6, language=code)

    texts = [page_text(page) for page in PdfReader(io.BytesIO(pdf)).pages]

    shown = [[label for label in labels if label in text] for text in texts]
    assert shown == [[label] for label in labels]


def test_badge_shows_event_date_organisation_and_code_in_groups():
    pdf = badges_pdf(EVENT, make_badges(PEOPLE[:1]), layout=BadgeLayout.A6)

    text = page_text(PdfReader(io.BytesIO(pdf)).pages[0])

    for shown in (
        "Regionale bijeenkomst voorjaar",
        "dinsdag 16 april 2030",
        "Jan de Vries",
        "Gemeente Haarlem",
        "K7QM 4XPA 2RTD 9HVC 00AB CDEF GH",
    ):
        assert shown in text


def test_ribbon_colours_differ_and_carry_white_text(tmp_path):
    people = [("Jan de Vries", "", r) for r in Ribbon]

    drawn = pages(badges_pdf(EVENT, make_badges(people), layout=BadgeLayout.A4), tmp_path, dpi=DPI)

    px = DPI / 25.4
    # the left end of each ribbon band, 2 mm in and halfway up (4 mm above the cut)
    colours = [
        drawn[0]
        .convert("RGB")
        .getpixel((round((cell(i).left + 6) * px), round((cell(i).top + 52.5) * px)))
        for i in range(3)
    ]
    assert colours == [(0x1D, 0x4F, 0x6E), (0xB3, 0x41, 0x1B), (0x1A, 0x1A, 0x1A)]


@pytest.mark.parametrize("layout", list(BadgeLayout))
def test_long_name_and_organisation_stay_inside_the_badge(layout, tmp_path):
    badges = make_badges([(LONG_NAME, LONG_ORGANISATION, Ribbon.SPEAKER)])

    pdf = badges_pdf(EVENT, badges, layout=layout)

    found = words(pdf, tmp_path)[0]
    inside = cell(0) if layout is BadgeLayout.A4 else Box(0, 0, 105, 148)
    printable = Box(inside.left + 3, inside.top + 3, inside.width - 6, inside.height - 6)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert found and all(printable.holds(word.box) for word in found)
    text = " ".join(word.text for word in found)
    assert "Maria Magdalena" in text
    assert "…" in text  # shortened, not run off the badge


def test_cut_marks_are_on_every_cut_line_in_the_margins_only(tmp_path):
    drawn = pages(badges_pdf(EVENT, make_badges(), layout=BadgeLayout.A4), tmp_path, dpi=DPI)
    image = drawn[1].convert("L")  # the sheet with one badge still has all its marks
    px = DPI / 25.4

    def dark(x_mm: float, y_mm: float) -> bool:
        x, y = round(x_mm * px), round(y_mm * px)
        return min(image.getpixel((x + dx, y)) for dx in (-1, 0, 1)) < 128

    def dark_row(x_mm: float, y_mm: float) -> bool:
        x, y = round(x_mm * px), round(y_mm * px)
        return min(image.getpixel((x, y + dy)) for dy in (-1, 0, 1)) < 128

    for x in (15, 105, 195):
        assert dark(x, 21) and dark(x, 276)  # above and below the grid
        assert not dark(x, 27)  # a gap before the badges
    for y in (28.5, 88.5, 148.5, 208.5, 268.5):
        assert dark_row(8, y) and dark_row(202, y)  # left and right of the grid
        assert not dark_row(13.5, y)
    assert not dark_row(150, 148.5)  # no lines across the (empty) badges


def test_name_size_shrinks_long_names():
    sizes = [name_size(n, BadgeLayout.A6) for n in ("Anna", "Fatima el Amrani", LONG_NAME)]

    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] > sizes[-1]


def test_event_dates_over_more_days():
    def days(start: dt.date, end: dt.date) -> BadgeEvent:
        starts = dt.datetime.combine(start, dt.time(9), tzinfo=TIMEZONE)
        return BadgeEvent("Congres", starts, dt.datetime.combine(end, dt.time(17), tzinfo=TIMEZONE))

    event = days(dt.date(2030, 4, 30), dt.date(2030, 5, 1))
    same_month = days(dt.date(2030, 4, 16), dt.date(2030, 4, 17))

    with language("nl"):
        assert event_dates(event) == "30 april – 1 mei 2030"
        assert event_dates(same_month) == "16–17 april 2030"
    with language("en"):
        assert event_dates(same_month) == "16–17 April 2030"


def test_joined_chunks_keep_every_badge_in_order_and_the_title():
    people = [(f"Persoon {i:02d} van Dam", "", Ribbon.PARTICIPANT) for i in range(20)]

    pdf = badges_pdf(EVENT, make_badges(people), layout=BadgeLayout.A6, chunk_size=8)

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 20
    assert [f"Persoon {i:02d}" in page_text(p) for i, p in enumerate(reader.pages)] == [True] * 20
    assert reader.metadata.title == "Badges – Regionale bijeenkomst voorjaar"


@pytest.mark.parametrize("layout", list(BadgeLayout))
def test_a_long_event_title_wraps_whole_inside_the_badge(layout, tmp_path):
    title = "Actualiteitencollege armoede en schulden in Zuid-Kennemerland"
    event = BadgeEvent(title, EVENT.starts_at, EVENT.ends_at)

    pdf = badges_pdf(event, make_badges(PEOPLE[:1]), layout=layout)

    found = words(pdf, tmp_path)[0]
    inside = cell(0) if layout is BadgeLayout.A4 else Box(0, 0, 105, 148)
    assert all(inside.holds(word.box) for word in found)
    text = " ".join(word.text for word in found)
    assert title in text
    # An ellipsis is one glyph that carries the cut words as its text: "a word" with spaces.
    assert [word.text for word in found if " " in word.text] == []
