"""Who of a partner's staff attended what: for the organiser, and for a contact
through a revocable personal link that is kept as a SHA-256 only."""

from __future__ import annotations

import hashlib
import re

from events.enums import EventKind
from programme.services.partner_links import link_organisation
from programme.services.partner_view import create_view_link, staff_attendance
from programme.tables import PartnerViewLink
from tests.conftest import post_form
from tests.programme.helpers import add_attendee, add_event, add_partner, at
from werkplaats.enums import Role


async def _two_partners() -> tuple[int, int]:
    velsen = await add_partner("Gemeente Velsen", "gemeente", "velsen.example", "Velsen")
    socius = await add_partner("Stichting Socius", "zorg_welzijn", "socius.example", "Haarlem")
    spring = await add_event("regio-voorjaar", EventKind.REGIONALE_BIJEENKOMST, at(2022, 3, 8))
    autumn = await add_event("thema-wonen", EventKind.THEMABIJEENKOMST, at(2022, 10, 4))
    await add_attendee(spring, "sanne@velsen.example")
    await add_attendee(autumn, "sanne@velsen.example")
    await add_attendee(autumn, "ruud@velsen.example", checked_in=False)
    await add_attendee(autumn, "joost@socius.example")
    await add_attendee(autumn, "ilse@gmail.example", organisation="Stichting Socius")
    return velsen, socius


async def test_staff_attendance_holds_only_the_partners_checked_in_staff() -> None:
    velsen, socius = await _two_partners()
    await link_organisation("Stichting Socius", socius)

    mine = await staff_attendance(velsen)
    theirs = await staff_attendance(socius)

    assert [(a.email, a.event_title) for a in mine] == [
        ("sanne@velsen.example", "Thema wonen"),
        ("sanne@velsen.example", "Regio voorjaar"),
    ]
    assert sorted(a.email for a in theirs) == ["ilse@gmail.example", "joost@socius.example"]


async def test_link_is_kept_as_its_sha256_only() -> None:
    velsen, _socius = await _two_partners()

    token = await create_view_link(velsen, label="HR-adviseur")

    stored = await PartnerViewLink.select(PartnerViewLink.token_hash).first()
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 43  # 256 bits


async def test_contact_link_shows_its_partner_and_never_another(client) -> None:
    velsen, _socius = await _two_partners()
    token = await create_view_link(velsen, label="HR-adviseur")

    page = await client.get(f"/partner/{token}")

    assert page.status_code == 200
    assert "Deelname van Gemeente Velsen" in page.text
    assert "sanne@velsen.example" in page.text
    assert "ruud@velsen.example" not in page.text  # registered, never checked in
    assert "joost@socius.example" not in page.text
    assert "Socius" not in page.text
    assert page.headers["cache-control"] == "private, no-store"


async def test_revoked_link_is_404_and_made_links_work(client, login) -> None:
    velsen, _socius = await _two_partners()
    await login(Role.ORGANISER)

    made = await post_form(client, f"/beheer/partners/{velsen}/links", {"label": "HR-adviseur"})
    token = re.search(r"/partner/([\w-]{40,})", made.text).group(1)
    before = await client.get(f"/partner/{token}")
    link = await PartnerViewLink.select(PartnerViewLink.id).first()
    await post_form(client, f"/beheer/partners/{velsen}/links/{link['id']}/intrekken", {})
    client.cookies.clear()
    after = await client.get(f"/partner/{token}")
    unknown = await client.get("/partner/" + "x" * 43)

    assert before.status_code == 200
    assert after.status_code == 404
    assert unknown.status_code == 404
    assert "Gemeente Velsen" not in after.text


async def test_organiser_sees_a_partners_attendance(client, login) -> None:
    velsen, _socius = await _two_partners()
    await login(Role.ORGANISER)

    page = await client.get(f"/beheer/partners/{velsen}/deelname")

    assert page.status_code == 200
    assert page.text.count("sanne@velsen.example") == 2
    assert "joost@socius.example" not in page.text


async def test_partner_page_lists_its_links_and_offers_a_new_one(client, login) -> None:
    velsen, _socius = await _two_partners()
    await create_view_link(velsen, label="HR-adviseur")
    await login(Role.ORGANISER)

    page = await client.get(f"/beheer/partners/{velsen}")

    assert page.status_code == 200
    assert "HR-adviseur" in page.text
    assert f'action="/beheer/partners/{velsen}/links#links"' in page.text
