"""Organisers and door staff work from phones: every back-office page and the door fit
a 360 and a 390 px screen without sideways scrolling (a wide table scrolls inside its
own box), in a real browser against the real server."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from events.demo import load_demo
from events.tables import Event, Registration
from programme.demo import load_demo as load_programme_demo
from tests.e2e.conftest import Screenshots, phone_browser
from tests.e2e.test_badges_page import log_in
from werkplaats.enums import MailState, Role
from werkplaats.tables import OutgoingMail

# What sticks out of the screen, outside a box that scrolls by itself.
STICKING_OUT_JS = """
const width = arguments[0], out = [];
if (document.documentElement.scrollWidth > width) {
  out.push(`page is ${document.documentElement.scrollWidth}px wide`);
}
for (const el of document.querySelectorAll('body *')) {
  if (el.closest('.table-scroll') || el.closest('.visually-hidden')) continue;
  const right = el.getBoundingClientRect().right;
  if (right > width + 0.5) out.push(`${el.tagName.toLowerCase()}.${el.className} to ${right}px`);
}
const header = document.querySelector('.site-header').getBoundingClientRect();
if (header.width < width - 0.5) out.push(`the header band is ${header.width}px wide`);
return out.slice(0, 8);
"""


async def _pages() -> list[str]:
    await load_demo()
    event = await Event.select(Event.id, Event.slug).order_by(Event.starts_at).first()
    registration = (
        await Registration.select(Registration.id).where(Registration.event == event["id"]).first()
    )
    await OutgoingMail.insert(
        OutgoingMail(
            dedupe_key="e2e:long",
            message_id="<e2e-long@werkplaats.test>",
            to_address="wijkcoach.sociaal-domein@gemeente-haarlemmermeer.example",
            subject="Je aanmelding voor het Actualiteitencollege armoede en schulden in de regio",
            body_text="",
            state=MailState.SENT,
        )
    )
    await load_programme_demo()  # after choosing the event: its events are older
    base = f"/beheer/events/{event['slug']}"
    return [
        "/beheer/",
        "/beheer/events",
        "/beheer/events/new",
        base,
        f"{base}/registrations",
        f"{base}/registrations/{registration['id']}",
        f"{base}/questions/",
        f"{base}/badges",
        f"{base}/checkin/",
        f"{base}/certificates",
        f"{base}/congres/oproep",
        "/beheer/themes/",
        "/beheer/venues/",
        "/beheer/calendar-feeds/",
        "/beheer/outbox",
        "/beheer/accounts/",
        "/checkin/",
        f"/checkin/{event['slug']}",
        "/beheer/resultaten/2022",
    ]


@pytest.mark.parametrize("width", [360, 390])
async def test_back_office_and_door_fit_a_phone(
    live_server: str, screenshots: Screenshots, make_user, width: int
) -> None:
    pages = await _pages()
    user = await make_user(Role.ADMIN)

    problems = {}
    with phone_browser(width) as driver:
        log_in(driver, live_server, user.email, "/beheer/")
        for path in pages:
            driver.get(f"{live_server}{path}")
            assert driver.find_elements(By.TAG_NAME, "h1"), path
            screenshots.take(driver, path.strip("/").replace("/", "-"))
            if found := driver.execute_script(STICKING_OUT_JS, width):
                problems[path] = found

    assert problems == {}
