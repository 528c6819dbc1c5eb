"""`/verify`: anyone confirms a certificate by its code; and attendees download
theirs from the personal page."""

from __future__ import annotations

import html
import io
import re

from pypdf import PdfReader

from events.controllers.verify import LOOKUPS_PER_ADDRESS
from events.services.documents.certificates import issue_certificate
from events.tables import Certificate
from tests.events.attendance import check_in, held_event, person
from tests.events.helpers import in_language
from werkplaats.i18n import format_day, language


async def _certificate(**details):
    held = await held_event(person("Fatima el Amrani", **details))
    await check_in(held.people[0])
    return held, await issue_certificate(held.people[0]["id"])


def _facts(page: str) -> dict[str, str]:
    pairs = re.findall(r"<dt>([^<]*)</dt><dd[^>]*>([^<]*)</dd>", page)
    return {html.unescape(k): html.unescape(v) for k, v in pairs}


async def test_verify_page_confirms_what_the_certificate_says_in_dutch(client):
    _held, certificate = await _certificate(registerplein_number="461012345")

    response = await client.get(f"/verify/{certificate.code}")

    with language("nl"):
        issued_on = format_day(certificate.issued_at)
    assert response.status_code == 200
    assert _facts(response.text) == {
        "Naam": "Fatima el Amrani",
        "Evenement": "Regionale bijeenkomst voorjaar 2027",
        "Datum": "dinsdag 13 oktober 2026",
        "Netto uren": "3,5",
        "Accreditatiepunten": "3",
        "Accreditatienummer": "PE-498765",
        "Organisator": "Werkplaats Sociaal Domein, Secretariaat Werkplaats",
        "Uitgegeven op": issued_on,
        "Verificatiecode": certificate.code_groups,
    }
    assert "461012345" not in response.text  # the register number stays on the paper
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response.headers["x-robots-tag"] == "noindex, nofollow"


async def test_a_code_of_16_issued_before_the_longer_codes_keeps_verifying(client):
    _held, certificate = await _certificate()
    await Certificate.update({Certificate.code: "K7QM4XPA2RTD9HVC"}).where(
        Certificate.id == certificate.id
    )

    by_path = await client.get("/verify/k7qm-4xpa-2rtd-9hvc")

    assert by_path.status_code == 200
    assert _facts(by_path.text)["Verificatiecode"] == "K7QM 4XPA 2RTD 9HVC"


async def test_verify_page_in_english_with_lang(client):
    _held, certificate = await _certificate()

    page = (await client.get(f"/verify/{certificate.code}", params={"lang": "en"})).text

    assert _facts(page)["Date"] == "Tuesday 13 October 2026"
    assert _facts(page)["Net hours"] == "3.5"


async def test_verify_unknown_code_is_a_plain_dutch_404(client):
    await _certificate()

    unknown = await client.get("/verify/K7QM4XPA2RTD9HVC")
    garbage = await client.get("/verify/niet-een-code")

    message = in_language("nl", "Certificate not found")
    for response in (unknown, garbage):
        assert response.status_code == 404
        assert f"<h1>{message}</h1>" in response.text
        assert "Fatima" not in response.text and "Regionale" not in response.text
        assert response.headers["x-robots-tag"] == "noindex, nofollow"


async def test_verify_form_takes_a_messy_code_to_the_certificate(client):
    _held, certificate = await _certificate()
    messy = certificate.code_groups.lower().replace(" ", " - ")
    messy = messy.replace("0", "o").replace("1", "l")

    response = await client.get("/verify", params={"code": f"  {messy} "}, follow_redirects=False)
    followed = await client.get(response.headers["location"])

    assert (response.status_code, response.headers["location"]) == (
        303,
        f"/verify/{certificate.code}",
    )
    assert "Fatima el Amrani" in followed.text


async def test_verify_path_with_lower_case_and_dashes_finds_the_certificate(client):
    _held, certificate = await _certificate()

    response = await client.get(f"/verify/{certificate.code_groups.lower().replace(' ', '-')}")

    assert (response.status_code, _facts(response.text)["Naam"]) == (200, "Fatima el Amrani")


async def test_verify_form_without_a_code_shows_the_form(client):
    response = await client.get("/verify")

    assert response.status_code == 200
    assert '<input id="code" name="code" type="text"' in response.text
    assert f"<h1>{in_language('nl', 'Check a certificate of attendance')}</h1>" in response.text


async def test_verify_form_with_a_code_of_the_wrong_length_says_so(client):
    response = await client.get("/verify", params={"code": "K7QM 4XPA", "lang": "en"})

    assert response.status_code == 400
    assert "A verification code has 26 letters and digits" in response.text
    assert 'value="K7QM 4XPA"' in response.text


async def test_verify_form_with_an_unknown_code_is_404(client):
    response = await client.get("/verify", params={"code": "K7QM 4XPA 2RTD 9HVC"})

    assert response.status_code == 404
    assert in_language("nl", "Certificate not found") in response.text


async def test_verify_lookups_are_limited_per_address(client):
    _held, certificate = await _certificate()

    answers = [
        (await client.get(f"/verify/{certificate.code}")).status_code
        for _ in range(LOOKUPS_PER_ADDRESS + 1)
    ]
    limited = await client.get("/verify", params={"code": certificate.code})

    assert answers[:-1] == [200] * LOOKUPS_PER_ADDRESS
    assert answers[-1] == limited.status_code == 429
    assert 0 < int(limited.headers["retry-after"]) <= 600
    assert (
        in_language("nl", "Too many certificates checked in a short time. Try again later.")
        in limited.text
    )


DOWNLOAD = "Download certificate (PDF)"


def _pdf_text(pdf: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


async def test_personal_page_offers_the_certificate_after_attending(client):
    held = await held_event(person("Fatima el Amrani"))
    await check_in(held.people[0])
    token = held.people[0]["token"]

    page = (await client.get(f"/r/{token}")).text
    first = await client.get(f"/r/{token}/certificate.pdf")
    second = await client.get(f"/r/{token}/certificate.pdf")

    assert in_language("nl", DOWNLOAD) in page
    assert f'href="/r/{token}/certificate.pdf"' in page
    assert first.status_code == 200
    assert first.headers["content-type"] == "application/pdf"
    assert first.headers["content-disposition"] == (
        'attachment; filename="bewijs-van-deelname-regionale-bijeenkomst-voorjaar-2027.pdf"'
    )
    assert first.headers["cache-control"] == "private, no-store"
    [row] = await Certificate.select()
    groups = " ".join(row["code"][i : i + 4] for i in range(0, len(row["code"]), 4))
    assert "Fatima el Amrani" in _pdf_text(first.content)
    assert groups in _pdf_text(first.content) and groups in _pdf_text(second.content)
    assert await Certificate.count() == 1


async def test_personal_page_offers_nothing_to_someone_not_checked_in(client):
    held = await held_event(person("Fatima el Amrani"), person("Bram Visser"))
    await check_in(held.people[1], undone=True)

    for registration in held.people:
        page = (await client.get(f"/r/{registration['token']}")).text
        download = await client.get(f"/r/{registration['token']}/certificate.pdf")

        assert in_language("nl", DOWNLOAD) not in page
        assert "certificate.pdf" not in page
        assert download.status_code == 404
    assert await Certificate.count() == 0


async def test_personal_page_offers_nothing_before_the_event_has_ended(client):
    held = await held_event(person("Fatima el Amrani"), ended=False)
    await check_in(held.people[0])
    token = held.people[0]["token"]

    page = (await client.get(f"/r/{token}")).text
    download = await client.get(f"/r/{token}/certificate.pdf")

    assert in_language("nl", DOWNLOAD) not in page
    assert download.status_code == 404


async def test_unknown_token_gets_no_certificate(client):
    response = await client.get("/r/onbekend-token/certificate.pdf")

    assert response.status_code == 404
