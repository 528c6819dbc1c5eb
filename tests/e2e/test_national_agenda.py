"""The national agenda as a professional and an organiser see it: this Werkplaats
reads two others (each a real `werkplaats serve` with its own database), the lists
read well on a phone and an office screen, and when one goes down its last copy
stays in the agenda while the back office says what went wrong."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from events.demo import load_demo
from federation.services.refresh import refresh_source
from federation.services.sources import add_source, list_sources
from tests.e2e.conftest import Screenshots, _browser, _chromium, phone_browser
from tests.e2e.test_badges_page import log_in
from tests.e2e.test_phone_backoffice import STICKING_OUT_JS
from tests.federation.instances import Instance, start_instance
from werkplaats.enums import Role

pytestmark = pytest.mark.usefixtures("no_sweeping_here")

REGIONS = {
    "Werkplaats Sociaal Domein Enschede": (
        "Overijssel",
        [
            ("Schuldhulp in de wijk: vroeg erbij zijn", "themabijeenkomst", "2030-03-12"),
            ("Regionale bijeenkomst Twente: samen sterker", "regionale_bijeenkomst", "2030-04-02"),
            ("Actualiteitencollege: de nieuwe Jeugdwet", "actualiteitencollege", "2030-05-21"),
        ],
        [("Handreiking vroegsignalering van schulden", "handreiking")],
    ),
    "Werkplaats Sociaal Domein Groningen": (
        "Groningen",
        [
            ("Bestaanszekerheid na de gaswinning", "themabijeenkomst", "2030-03-19"),
            ("Actualiteitencollege: mantelzorg en werk", "actualiteitencollege", "2030-04-16"),
        ],
        [("Casuïstiekbundel: wonen, zorg en schulden", "casuistiekbundel")],
    ),
}


def _seed(instance: Instance, city: str, events: list, publications: list) -> None:
    with instance.api() as api:
        for title, kind, day in events:
            body = {
                "title": title,
                "kind": kind,
                "status": "published",
                "starts_at": f"{day}T13:30:00+01:00",
                "ends_at": f"{day}T17:00:00+01:00",
                "summary": "Met praktijkvoorbeelden uit de regio.",
                "venue": {"name": "Stadskantoor", "address": "Markt 1", "city": city},
            }
            assert api.post("/events", json=body).status_code == 201
        for title, kind in publications:
            body = {
                "title": title,
                "kind": kind,
                "url": f"{instance.url}/publicaties/{kind}.pdf",
                "authors": "Lectoraat Sociaal Domein",
                "published_on": "2026-10-01",
            }
            assert api.post("/publications", json=body).status_code == 201


@pytest.fixture
def regions() -> Iterator[dict[str, Instance]]:
    started: dict[str, Instance] = {}
    try:
        for name, (region, events, publications) in REGIONS.items():
            started[name] = start_instance(name, region)
            _seed(started[name], name.rsplit(" ", 1)[-1], events, publications)
        yield started
    finally:
        for instance in started.values():
            instance.cluster.stop()


def _office_screen() -> Iterator[WebDriver]:
    profile = tempfile.mkdtemp(prefix="werkplaats-chromium-")
    return _browser(_chromium(profile, "--window-size=1366,900"), profile)


def _agenda_items(driver: WebDriver) -> str:
    return driver.find_element(By.TAG_NAME, "main").text


async def test_the_agenda_of_three_werkplaatsen_on_a_phone_and_a_screen_and_a_source_gone_down(
    live_server: str, regions: dict[str, Instance], screenshots: Screenshots, make_user
) -> None:
    await load_demo()
    ids = {}
    for name, instance in regions.items():
        ids[name] = await add_source(
            {
                "name": name,
                "region": REGIONS[name][0],
                "events_url": f"{instance.url}/api/v1/federation/events.json",
                "publications_url": f"{instance.url}/api/v1/federation/publications.json",
            }
        )
        assert await refresh_source(ids[name])

    with phone_browser(390) as phone:
        phone.get(f"{live_server}/landelijk")
        agenda = _agenda_items(phone)
        screenshots.take(phone, "landelijk-390")
        assert phone.execute_script(STICKING_OUT_JS, 390) == []
        phone.get(f"{live_server}/landelijk/publicaties")
        catalogue = _agenda_items(phone)
        screenshots.take(phone, "landelijk-publicaties-390")
    for name, (_, events, publications) in REGIONS.items():
        assert name in agenda
        assert all(title in agenda for title, _, _ in events)
        assert all(title in catalogue for title, _ in publications)

    with _office_screen() as screen:
        screen.get(f"{live_server}/landelijk")
        screenshots.take(screen, "landelijk-1366")
        origin = regions["Werkplaats Sociaal Domein Enschede"].url
        links = [a.get_attribute("href") for a in screen.find_elements(By.CSS_SELECTOR, "main a")]
        assert any(href.startswith(f"{origin}/events/") for href in links)  # register there

        gone = "Werkplaats Sociaal Domein Groningen"
        regions[gone].cluster.stop()
        assert not await refresh_source(ids[gone])
        screen.get(f"{live_server}/landelijk")
        screenshots.take(screen, "landelijk-bron-weg-1366")
        assert "Bestaanszekerheid na de gaswinning" in _agenda_items(screen)  # the last copy
        user = await make_user(Role.ORGANISER)
        log_in(screen, live_server, user.email, "/beheer/landelijk/bronnen/")
        screenshots.take(screen, "bronnen-1366")
        sources = _agenda_items(screen)
    states = {source.name: source.state for source in await list_sources()}
    assert states[gone] == "failing"
    assert states["Werkplaats Sociaal Domein Enschede"] == "ok"
    [failing] = [s for s in await list_sources() if s.name == gone]
    assert failing.last_error and failing.last_error.split(":")[0] in sources
