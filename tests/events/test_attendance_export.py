"""The attendance list for accreditation (PE-online) and the list of certificates,
as CSV for Dutch Excel."""

from __future__ import annotations

import csv
import io
import re

from events.services.documents.certificates import issue_for_event
from tests.events.attendance import check_in, held_event, person
from tests.events.helpers import in_language
from werkplaats.enums import Role


def _rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


async def _held():
    held = await held_event(
        person("Willem Zwart", registerplein_number="461022222", organisation="Gemeente Haarlem"),
        person("Anne de Vries", registerplein_number="461011111", organisation="MEE & de Wering"),
        person("Bram Visser", organisation='=HYPERLINK("http://x.example")'),
        person("Cor Bakker", registerplein_number="461033333"),
        person("Dirk Smit", registerplein_number="461044444"),
    )
    willem, anne, bram, cor, _dirk = held.people
    await check_in(willem)
    await check_in(anne, session_title="Workshop jeugd")
    await check_in(anne)
    await check_in(bram)
    await check_in(cor, undone=True)
    return held


async def test_attendance_csv_has_numbers_first_and_only_those_checked_in(client, login):
    held = await _held()
    await login(Role.ORGANISER)

    response = await client.get(f"/beheer/events/{held.slug}/attendance.csv")

    assert response.content.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in response.content and b"\n" not in response.content.replace(b"\r\n", b"")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="presentielijst-{held.slug}.csv"'
    )
    header, *rows = _rows(response.content)
    assert header == [
        in_language("nl", title)
        for title in ("Registerplein number", "Name", "Organisation", "Checked in at", "Note")
    ]
    assert [row[:3] for row in rows] == [
        ["461011111", "Anne de Vries", "MEE & de Wering"],
        ["461022222", "Willem Zwart", "Gemeente Haarlem"],
        ["", "Bram Visser", '\'=HYPERLINK("http://x.example")'],
    ]
    assert [row[4] for row in rows] == ["", "", in_language("nl", "No Registerplein number")]
    assert all(re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", row[3]) for row in rows)


async def test_attendance_csv_in_english_for_an_english_organiser(client, login):
    held = await _held()
    await login(Role.ORGANISER)
    client.cookies.set("lang", "en")

    header, *_ = _rows((await client.get(f"/beheer/events/{held.slug}/attendance.csv")).content)

    assert header[0] == "Registerplein number"


async def test_certificates_csv_lists_issued_certificates_with_their_codes(client, login):
    held = await _held()
    await issue_for_event(held.event["id"])
    await login(Role.ORGANISER)
    client.cookies.set("lang", "en")

    response = await client.get(f"/beheer/events/{held.slug}/certificates.csv")

    header, *rows = _rows(response.content)
    assert header == ["Name", "Registerplein number", "Verification code", "Issued on", "Mailed on"]
    assert [row[:2] for row in rows] == [
        ["Anne de Vries", "461011111"],
        ["Bram Visser", ""],
        ["Willem Zwart", "461022222"],
    ]
    assert all(re.fullmatch(r"([0-9A-Z]{4} ){6}[0-9A-Z]{2}", row[2]) for row in rows)
    assert [row[4] for row in rows] == ["", "", ""]
