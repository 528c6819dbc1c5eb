"""The annual report: the PDF's text holds the figures; the CSV and the XLSX hold
the same rows."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook
from pypdf import PdfReader

from mailings.tables import EvaluationAnswer, Publication
from programme.annual_report import annual_report_pdf, report_document, report_table
from tests.programme.helpers import year_2022
from werkplaats.enums import Role
from werkplaats.i18n import TIMEZONE

NOW = dt.datetime(2023, 2, 1, tzinfo=TIMEZONE)


async def _year_2022() -> None:
    """The charts' year, with two evaluations of the spring meeting and a guide."""
    spring = await year_2022()
    for rating in (4, 5):
        await EvaluationAnswer.insert(
            EvaluationAnswer(event=spring, rating=rating, answered_on=dt.date(2022, 3, 9))
        )
    await Publication.insert(
        Publication(
            title="Handreiking brede intake",
            slug="handreiking-brede-intake",
            kind="handreiking",
            url="https://example.org/intake",
            published_on=dt.date(2022, 6, 1),
        )
    )


def _pdf_text(pdf: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)


async def test_pdf_text_holds_targets_events_evaluation_reach_and_partners() -> None:
    await _year_2022()
    document = await report_document(2022, now=NOW)

    text = " ".join(_pdf_text(annual_report_pdf(document)).split())

    assert "Jaarverslag 2022" in text
    assert "Regionale bijeenkomsten met alle partners Niet gehaald 2 1 0" in text
    assert "Regio voorjaar" in text and "4,5 (2)" in text
    assert "Handreiking brede intake" in text
    assert "Deelnemers (aangemeld bij de ingang) 4" in text
    assert "Gemeente Velsen Gemeente Velsen 3" in text
    assert "Stichting Socius Zorg- of welzijnsorganisatie Haarlem 1" in text
    assert "Deelnemers per gemeente, 2022" in text  # a chart's title, drawn in the SVG


async def test_report_table_holds_each_figure_once() -> None:
    await _year_2022()
    document = await report_document(2022, now=NOW)

    rows = report_table(document).rows

    events = [row for row in rows if row[0] == "Evenementen"]
    assert [(row[1], row[5], row[8], row[9]) for row in events] == [
        ("Regio voorjaar", 3, 2, 4.5),
        ("Thema wonen", 1, 0, None),
    ]
    assert rows[[row[1] for row in rows].index("Deelnemers (aangemeld bij de ingang)")][:6] == [
        "Bereik",
        "Deelnemers (aangemeld bij de ingang)",
        "",
        "",
        None,
        4,
    ]


async def test_csv_and_xlsx_hold_the_same_rows(client, login) -> None:
    await _year_2022()
    await login(Role.ORGANISER)

    csv_file = await client.get("/beheer/resultaten/2022/jaarverslag.csv")
    xlsx_file = await client.get("/beheer/resultaten/2022/jaarverslag.xlsx")
    pdf_file = await client.get("/beheer/resultaten/2022/jaarverslag.pdf")

    csv_rows = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig")), delimiter=";"))
    sheet = load_workbook(io.BytesIO(xlsx_file.content)).active
    xlsx_rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert csv_rows[0] == xlsx_rows[0]
    assert len(csv_rows) == len(xlsx_rows) > 15
    for csv_row, xlsx_row in zip(csv_rows[1:], xlsx_rows[1:], strict=True):
        assert csv_row[:4] == [str(v) for v in xlsx_row[:4]]
        assert csv_row[5] == str(xlsx_row[5])
    assert csv_rows[6][:2] == ["Evenementen", "Regio voorjaar"]
    assert csv_rows[6][9] == "4,5" and xlsx_rows[6][9] == 4.5
    assert pdf_file.headers["content-type"] == "application/pdf"
    assert "Jaarverslag 2022" in _pdf_text(pdf_file.content)


async def test_report_of_a_year_outside_every_programme_is_404(client, login) -> None:
    await _year_2022()
    await login(Role.ORGANISER)

    page = await client.get("/beheer/resultaten/2019/jaarverslag.pdf")

    assert page.status_code == 404
