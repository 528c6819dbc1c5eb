"""axe-core in Chromium on every public page and the main back-office pages, on a
phone (390 px) and an office screen (1366 px), in Dutch and in English: no serious
or critical violation. /toegankelijkheid states this check (its date and method)."""

from __future__ import annotations

from importlib.resources import files

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from congress.demo import CONGRESS_SLUG
from congress.demo import load_demo as load_congress_demo
from events.demo import load_demo
from events.services.documents.certificates import issue_certificate
from events.tables import Event, Registration
from mailings.demo import load_demo as load_mailings_demo
from mailings.services.evaluations import evaluation_links_for
from programme.demo import load_demo as load_programme_demo
from tests.e2e.conftest import phone_browser
from tests.e2e.test_badges_page import log_in
from tests.federation.seed import a_source_gone_bad
from werkplaats.enums import Role

AXE = (files("axe_core_python") / "axe.min.js").read_text()
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  (result) => done(result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)),
  (error) => done([`axe failed: ${error}`]),
);
"""


async def _pages() -> tuple[list[str], list[str]]:
    """Public pages (with a personal link) and back-office pages on the demo data."""
    await load_demo()
    await load_congress_demo()
    await load_mailings_demo()
    registration = (
        await Registration.select(
            Registration.id, Registration.token, Registration.event.slug.as_alias("slug")
        )
        .order_by(Registration.event.starts_at)
        .first()
    )
    certificate = await issue_certificate(registration["id"])  # None if it earns none
    slug, token = registration["slug"], registration["token"]
    event_id = (await Event.select(Event.id).where(Event.slug == slug).first())["id"]
    evaluation = (await evaluation_links_for(event_id, [registration["id"]]))[registration["id"]]
    public = [
        "/", "/events", "/events?tab=past", f"/events/{slug}", "/calendar", "/login",
        "/privacy", "/toegankelijkheid", f"/r/{token}", f"/r/{token}/annuleren",
        f"/r/{token}/wissen", "/verify", "/bestaat-niet", f"/evaluatie/{evaluation}",
        "/publicaties", "/nieuwsbrief", f"/events/{CONGRESS_SLUG}/oproep",
        f"/events/{CONGRESS_SLUG}/programma", "/landelijk", "/landelijk/publicaties",
    ]  # fmt: skip
    if certificate is not None:
        public.append(f"/verify/{certificate.code}")
    base = f"/beheer/events/{slug}"
    backoffice = [
        "/beheer/", "/beheer/events", "/beheer/events/new", base, f"{base}/registrations",
        f"{base}/registrations/{registration['id']}", f"{base}/badges", f"{base}/checkin/",
        f"{base}/certificates", f"{base}/questions/", "/beheer/outbox", "/beheer/accounts/",
        "/beheer/calendar-feeds/", "/beheer/themes/", "/beheer/venues/", "/checkin/",
        f"/checkin/{slug}", f"{base}/congres/oproep", "/beheer/resultaten/2022",
        f"/beheer/mailings/evaluatie/{slug}", "/beheer/mailings", "/beheer/mailings/new",
        "/beheer/mailings/automatisch", "/beheer/mailings/teksten", "/beheer/publicaties",
        "/beheer/blokkeerlijst", "/beheer/partners", "/beheer/partners/nieuw",
        "/beheer/partners/te-koppelen/", f"/beheer/events/{CONGRESS_SLUG}/congres",
        f"/beheer/events/{CONGRESS_SLUG}/programma", "/beoordelen",
        "/beheer/landelijk/bronnen/", "/beheer/landelijk/themas/",
    ]  # fmt: skip
    await load_programme_demo()  # after choosing the event: its events are older
    await a_source_gone_bad()
    return public, backoffice


def _violations(driver: WebDriver, url: str, *, broken: bool = False) -> list[str]:
    driver.get(url)
    if broken:  # the control: an image without a text alternative is found
        driver.execute_script("document.querySelector('main').innerHTML += '<img src=x>'")
    driver.execute_script(AXE)
    return driver.execute_async_script(RUN_AXE)


@pytest.mark.parametrize("width", [390, 1366])
async def test_no_serious_or_critical_axe_violation(live_server: str, make_user, width: int):
    public, backoffice = await _pages()
    user = await make_user(Role.ADMIN)

    found: dict[str, list[str]] = {}
    checked = 0
    with phone_browser(width, 900) as driver:
        driver.set_script_timeout(60)
        control = _violations(driver, f"{live_server}/", broken=True)
        for lang in ("nl", "en"):
            driver.delete_all_cookies()
            driver.get(f"{live_server}/taal/{lang}?next=/")
            for path in public:
                if problems := _violations(driver, f"{live_server}{path}"):
                    found[f"{lang} {path}"] = problems
                checked += 1
            log_in(driver, live_server, user.email, "/beheer/")
            for path in backoffice:
                if problems := _violations(driver, f"{live_server}{path}"):
                    found[f"{lang} {path}"] = problems
                checked += 1
            assert driver.find_element("tag name", "html").get_attribute("lang") == lang

    assert [problem.split(":")[0] for problem in control] == ["image-alt"]
    assert found == {}
    assert checked == 2 * (len(public) + len(backoffice))
