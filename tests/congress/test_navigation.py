"""The congress's pages are reachable: tabs in an event's back-office menu (through
`events.hooks.backoffice_event_tabs`) and `/beoordelen/` in the header for reviewers
(through the shell's header links)."""

from __future__ import annotations

import re

from congress.tables import CallForAbstracts
from tests.conftest import PASSWORD, post_form
from tests.congress.helpers import make_congress
from werkplaats.auth.accounts import create_user
from werkplaats.enums import Role


def _event_menu(page: str) -> list[tuple[str, str, bool]]:
    """(label, href, current) of each link in the event's section menu."""
    menu = re.search(r'<nav class="tabs" aria-label="Dit evenement">(.*?)</nav>', page, re.S)
    assert menu, "no section menu"
    return [
        (label, href, bool(current))
        for href, current, label in re.findall(
            r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', menu[1]
        )
    ]


async def test_an_event_without_a_call_offers_to_switch_it_on_from_its_menu(client, login):
    slug, _call = await make_congress()
    await CallForAbstracts.delete().where(CallForAbstracts.id == _call)
    await login()

    page = await client.get(f"/beheer/events/{slug}/registrations")

    congress = [item for item in _event_menu(page.text) if "/congres/" in item[1]]
    assert congress == [("Oproep voor bijdragen", f"/beheer/events/{slug}/congres/oproep", False)]


async def test_the_menu_leads_to_call_review_and_programme_and_marks_the_current_one(client, login):
    slug, _call = await make_congress()
    await login()
    event_page = await client.get(f"/beheer/events/{slug}")

    links = _event_menu(event_page.text)[-3:]
    pages = {label: await client.get(href) for label, href, _current in links}

    assert [(label, href) for label, href, _current in links] == [
        ("Oproep voor bijdragen", f"/beheer/events/{slug}/congres/oproep"),
        ("Beoordeling", f"/beheer/events/{slug}/congres/"),
        ("Programma", f"/beheer/events/{slug}/programma/"),
    ]
    assert {label: page.status_code for label, page in pages.items()} == dict.fromkeys(pages, 200)
    for label, page in pages.items():
        current = [item[0] for item in _event_menu(page.text) if item[2]]
        assert current == [label]


async def test_a_reviewer_finds_the_review_pages_in_the_header_and_an_organiser_does_not(
    client, login
):
    await create_user("anna@movisie.example", role=Role.REVIEWER, name="Anna", password=PASSWORD)
    await post_form(client, "/login", {"email": "anna@movisie.example", "password": PASSWORD})
    reviewer_page = await client.get("/beoordelen/")
    client.cookies.clear()
    await login()
    organiser_page = await client.get("/beheer/")

    assert '<a href="/beoordelen/" aria-current="page">Beoordelen</a>' in reviewer_page.text
    assert 'href="/beoordelen/"' not in organiser_page.text
