"""A staff door offline, in real Chromium at a phone's width: its scans go with its
CSRF header once the network is back, and nothing of the door stays on the phone
after logout or half a day after the event. And a scan the server refuses whole."""

from __future__ import annotations

import datetime as dt

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from events.tables import Checkin, Event
from tests.e2e.conftest import Screenshots
from tests.e2e.test_badges_page import log_in
from tests.e2e.test_offline_door import (
    kept_on_phone,
    open_door,
    set_offline,
    state_of,
    takes_scans,
    volunteer_door,
)
from tests.e2e.test_phone_checkin import scan_with_hand_scanner
from werkplaats.enums import Role


async def open_staff_door(
    driver: WebDriver, live_server: str, user, event_id: int, *, hours: tuple[int, int]
) -> None:
    """The event moved to start and end `hours` from now; its door opened by `user`."""
    now = dt.datetime.now(dt.UTC)
    starts, ends = (now + dt.timedelta(hours=h) for h in hours)
    moved = Event.update({Event.starts_at: starts, Event.ends_at: ends})
    [event] = await moved.where(Event.id == event_id).returning(Event.slug)
    log_in(driver, live_server, user.email, f"/checkin/{event['slug']}")


async def test_a_staff_door_syncs_and_forgets_everything_at_logout(
    live_server: str, phone: WebDriver, screenshots: Screenshots, make_user
) -> None:
    _token, event_id, rows = await volunteer_door(2)
    user = await make_user(Role.CHECKIN)
    driver, wait = phone, WebDriverWait(phone, 20, poll_frequency=0.05)

    await open_staff_door(driver, live_server, user, event_id, hours=(-1, 3))
    wait.until(lambda d: state_of(d) == "online")
    set_offline(driver, True)
    scan_with_hand_scanner(driver, f"WPS1:{rows[0]['ticket_code']}")
    wait.until(lambda d: state_of(d) == "offline — 1 scan wacht")
    set_offline(driver, False)
    wait.until(lambda d: state_of(d) == "online — alles verstuurd")  # with its CSRF header
    assert kept_on_phone(driver) == [1, 1]

    driver.execute_script("document.querySelector('form[action=\"/logout\"] button').click()")
    wait.until(lambda d: d.current_url.rstrip("/") == live_server)
    assert kept_on_phone(driver) == [0, 0]
    [checkin] = await Checkin.select().where(Checkin.event == event_id)
    assert (checkin["registration"], checkin["by_name"]) == (rows[0]["id"], user.display_name)


async def test_half_a_day_after_the_event_the_door_forgets_its_pack(
    live_server: str, phone: WebDriver, screenshots: Screenshots, make_user
) -> None:
    _token, event_id, _rows = await volunteer_door(2)
    user = await make_user(Role.CHECKIN)
    driver, wait = phone, WebDriverWait(phone, 20, poll_frequency=0.05)

    await open_staff_door(driver, live_server, user, event_id, hours=(-16, -13))

    wait.until(lambda d: state_of(d).startswith("Dit evenement is voorbij"))
    screenshots.take(driver, "event-over")
    assert kept_on_phone(driver) == [0, 0]
    assert not takes_scans(driver)


# A scan kept on the phone with a time the server will never take (a clock far ahead).
FUTURE_SCAN_JS = """
const [base, code, who, done] = arguments;
const open = indexedDB.open("werkplaats-door");
open.onsuccess = () => {
  const t = open.result.transaction("scans", "readwrite");
  const at = new Date(Date.now() + 3600 * 1000).toISOString();
  t.objectStore("scans").put({ nonce: "ahead-1", base, scanned_at: at, session: null,
    judged: "ok", who, sent: false, code });
  t.oncomplete = () => done(true);
};
"""


async def test_a_scan_the_server_refuses_is_listed_with_its_reason(
    live_server: str, phone: WebDriver, screenshots: Screenshots
) -> None:
    token, _event_id, rows = await volunteer_door(2)
    driver = phone
    wait = open_door(driver, f"{live_server}/scan/{token}")
    code = f"WPS1:{rows[0]['ticket_code']}"
    driver.execute_async_script(FUTURE_SCAN_JS, f"/scan/{token}", code, rows[0]["id"])

    driver.execute_script("window.dispatchEvent(new Event('online'))")  # the next round

    wait.until(lambda d: d.find_element(By.ID, "door-conflicts").is_displayed())
    screenshots.take(driver, "refused")
    attention = driver.find_element(By.ID, "door-conflicts").text
    assert "Niet aangenomen door de server" in attention and rows[0]["name"] in attention
    assert rows[0]["ticket_code"] not in attention
    assert "toekomst" in attention  # the server's reason, in Dutch
    assert state_of(driver) == "online — alles verstuurd"  # set aside: not sent again
    assert await Checkin.count() == 0
