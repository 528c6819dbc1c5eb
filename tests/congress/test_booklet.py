"""The programme booklet as a PDF reader sees it: A5, and its text read back by
pdftotext (poppler) and pypdf, two extractors that share no code with WeasyPrint."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from bench import congress_booklet
from congress.booklet import booklet_pdf
from congress.services.programme import place_contribution, publish_programme
from tests.congress.helpers import pdftotext
from tests.congress.programme_helpers import congress_with_programme

A5 = (419.5, 595.3)  # points


async def _booklet(client):
    slug, event_id, rooms, slots, (noor_1, fatma, noor_2) = await congress_with_programme()
    await place_contribution(noor_1, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 1"])
    await place_contribution(fatma, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 2"])
    await place_contribution(noor_2, slot_id=slots["Ronde 2"], room_id=rooms["Zaal 1"])
    await publish_programme(event_id)
    response = await client.get(f"/events/{slug}/programma/boekje.pdf")
    return slug, event_id, rooms, slots, (noor_1, fatma, noor_2), response


async def test_booklet_is_a5_with_grid_abstracts_index_and_practical_information(client):
    *_rest, response = await _booklet(client)

    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == A5
    text = pdftotext(response.content)
    for expected in (
        "Congres Werkplaats 2030",
        "Ronde 1",
        "Zaal 1",
        "Reflecteren in het wijkteam",
        "Samenvattingen per ronde",
        "Sprekers en auteurs",
        "Hendriks",
        "Praktische informatie",
    ):
        assert expected in text, expected
    assert "noor@inholland.example" not in text
    extracted = " ".join(page.extract_text() for page in reader.pages)
    assert "Fatma Yilmaz (MEE & de Wering)" in extracted


async def test_booklet_is_made_again_after_the_programme_changes(client):
    slug, event_id, rooms, slots, (noor_1, _f, _n), first = await _booklet(client)

    await place_contribution(noor_1, slot_id=slots["Ronde 1"], room_id=rooms["Aula"])
    await publish_programme(event_id)
    second = await client.get(f"/events/{slug}/programma/boekje.pdf")

    before = pdftotext(first.content)
    after = pdftotext(second.content)
    assert "versie" in before and before != after
    assert "Aula" in after.split("Samenvattingen per ronde")[1]


def test_the_index_gives_the_page_each_abstract_is_on_and_the_pages_number_on():
    programme, event = congress_booklet.programme(60)

    reader = PdfReader(io.BytesIO(booklet_pdf(programme, event)))

    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    start = next(n for n, text in enumerate(pages) if text.startswith("Sprekers en auteurs"))
    listed = re.findall(r"(Bijdrage \d+): wat leerden we in de wijk\? p\. (\d+)", " ".join(pages))
    assert len(listed) == 120  # a speaker and a co-author for each of the 60
    for title, page in listed:
        assert f"{title}: wat leerden we in de wijk? Workshop" in pages[int(page) - 1], title
    assert [text.rsplit(" ", 1)[-1] for text in pages[start:]] == [
        str(n) for n in range(start + 1, len(pages) + 1)
    ]
