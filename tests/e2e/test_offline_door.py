"""The door through a network loss, in real Chromium at a phone's width: the pack is
loaded, the network goes, a hand scanner types 30 codes and someone is found by
name; the answers come from the phone, the scans wait on it, and once the network
is back the server has each check-in once, at the time it was scanned. Two phones
offline at once letting in the same person: one check-in, one duplicate."""

from __future__ import annotations

import datetime as dt
import re
import statistics

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from events.enums import RegistrationStatus
from events.services.catalogue.events import create_event
from events.services.checkin.links import create_link, revoke_link
from events.services.checkin.scans import parse_code
from events.services.registration.core import RegistrationInput, register
from events.services.registration.seats import change_status
from events.tables import Checkin, CheckinConflict, CheckinLink, Event, Registration
from tests.conftest import demo_event_values
from tests.e2e.conftest import Screenshots, phone_browser, serving
from tests.e2e.test_badges_page import log_in
from tests.e2e.test_phone_checkin import result_of, scan_with_hand_scanner
from tests.e2e.test_phone_registration import assert_reads_well_on_a_phone
from tests.events.test_checkin import session_of
from werkplaats.enums import Role

PEOPLE = 31  # 29 scanned (one of them cancelled), one found by name, one who stays away
UNKNOWN = "WPS1:ZZZZZZZZZZZZZZZZZZZZZZZZZZ"
# The door's own code, judging 5 × 200 scans from the pack it keeps (checkin-offline.js).
JUDGE_TIMES_JS = """
const [base, codes, done] = arguments;
const door = new WerkplaatsDoor.Door(base, { scanner: "bench" });
door.load().then(async () => {
  const times = [];
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    for (let n = 0; n < 200; n++) await door.judge({ code: codes[n % codes.length] }, null);
    times.push((performance.now() - started) / 200);
  }
  done(times);
});
"""


async def volunteer_door(people: int) -> tuple[str, int, list[dict]]:
    slug = await create_event(demo_event_values(capacity=people + 5))
    for number in range(people):
        entry = RegistrationInput(
            name=f"Deelnemer {number:02d} Jansen",
            email=f"deelnemer{number}@example.org",
            organisation=f"Wijkteam {number % 4}",
            privacy_consent=True,
        )
        await register(slug, entry)
    rows = await Registration.select(
        Registration.id, Registration.name, Registration.ticket_code
    ).order_by(Registration.id)
    event = await Event.select().where(Event.slug == slug).first()
    token = await create_link(event, label="Vrijwilliger ingang", by_user=None)
    return token, event["id"], rows


def set_offline(driver: WebDriver, offline: bool) -> None:
    driver.execute_cdp_cmd("Network.enable", {})
    unlimited = {"latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": offline, **unlimited})


# Packs and scans the phone keeps (none if the browser deleted the database itself).
KEPT_ON_PHONE_JS = """
const done = arguments[0];
const open = indexedDB.open("werkplaats-door");
open.onsuccess = () => {
  const db = open.result;
  if (!db.objectStoreNames.contains("packs")) return done([0, 0]);
  const t = db.transaction(["packs", "scans"]);
  const packs = t.objectStore("packs").count(), scans = t.objectStore("scans").count();
  t.oncomplete = () => done([packs.result, scans.result]);
};
"""


def kept_on_phone(driver: WebDriver) -> list[int]:
    return driver.execute_async_script(KEPT_ON_PHONE_JS)


def state_of(driver: WebDriver) -> str:
    return driver.find_element(By.ID, "door-state").text


def takes_scans(driver: WebDriver) -> bool:
    """Can one still scan or search here (an ended door cannot)?"""
    fields = driver.find_elements(By.CSS_SELECTOR, "#code, #scan-form button, #q")
    return any(field.is_enabled() for field in fields)


def open_door(driver: WebDriver, url: str) -> WebDriverWait:
    wait = WebDriverWait(driver, 20, poll_frequency=0.05)
    driver.get(url)
    wait.until(lambda d: d.find_element(By.ID, "door-pack").text.startswith("Gastenlijst van"))
    wait.until(lambda d: state_of(d) == "online")
    return wait


async def test_door_keeps_working_through_a_network_loss(
    live_server: str, phone: WebDriver, screenshots: Screenshots
) -> None:
    token, event_id, rows = await volunteer_door(PEOPLE)
    cancelled, tapped = rows[7], rows[29]
    await change_status(cancelled["id"], RegistrationStatus.CANCELLED, notify=False)
    driver = phone
    wait = open_door(driver, f"{live_server}/scan/{token}")
    screenshots.take(driver, "online")
    assert driver.find_element(By.ID, "desk-counts").text == "0 van 30 binnen"

    set_offline(driver, True)
    went_offline = dt.datetime.now(dt.UTC)
    scans = [*rows[:29], {"name": None, "ticket_code": UNKNOWN}]
    for number, row in enumerate(scans):
        code = row["ticket_code"]
        typed = code if code.startswith("WPS1") else f"WPS1:{code}"
        if number % 3 == 1:  # as printed under the QR, typed by hand
            typed = " ".join(code[i : i + 4] for i in range(0, len(code), 4)).lower()
        scan_with_hand_scanner(driver, typed)
        if row is cancelled:
            wait.until(lambda d, n=row["name"]: result_of(d)[1] == f"Geannuleerd: {n}")
            assert "is-error" in result_of(driver)[0]
        elif row["name"] is None:
            wait.until(lambda d: result_of(d)[1] == "Onbekende code")
        else:
            wait.until(lambda d, n=row["name"]: result_of(d)[1] == f"Welkom, {n}")
            assert "is-ok" in result_of(driver)[0]
    scan_with_hand_scanner(driver, f"WPS1:{rows[0]['ticket_code']}")
    wait.until(lambda d: result_of(d)[1].startswith(f"{rows[0]['name']} is al binnen, sinds "))

    driver.find_element(By.ID, "q").send_keys("deelnemer 29")
    button = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#people button"))[0]
    button.click()
    wait.until(lambda d: result_of(d)[1] == f"Welkom, {tapped['name']}")
    wait.until(lambda d: state_of(d) == "offline — 32 scans wachten")
    screenshots.take(driver, "offline-waiting")
    assert driver.find_element(By.ID, "desk-counts").text == "29 van 30 binnen"
    assert await Checkin.count() == 0  # nothing reached the server
    assert_reads_well_on_a_phone(driver)

    set_offline(driver, False)
    back_online = dt.datetime.now(dt.UTC)
    wait.until(lambda d: state_of(d) == "online — alles verstuurd")
    screenshots.take(driver, "all-sent")

    checkins = await Checkin.select().where(Checkin.event == event_id).order_by(Checkin.id)
    admitted = [r["id"] for r in rows[:29] if r is not cancelled] + [tapped["id"]]
    assert sorted(c["registration"] for c in checkins) == sorted(admitted)  # each once
    assert all(went_offline <= c["checked_in_at"] <= back_online for c in checkins)
    assert {c["by_name"] for c in checkins} == {"Vrijwilliger ingang"}
    assert await CheckinConflict.count() == 0

    codes = [f"WPS1:{r['ticket_code']}" for r in rows]
    times = driver.execute_async_script(JUDGE_TIMES_JS, f"/scan/{token}", codes)
    print(f"local judgement per scan: median of 5 rounds {statistics.median(times):.3f} ms, "
          f"slowest round {max(times):.3f} ms (goal <= 20 ms)")  # fmt: skip
    assert statistics.median(times) <= 20


async def test_two_doors_offline_let_in_the_same_person_once(
    live_server: str, desktop: WebDriver, screenshots: Screenshots, make_user
) -> None:
    east, event_id, rows = await volunteer_door(3)
    event = await Event.select().where(Event.id == event_id).first()
    west = await create_link(event, label="Vrijwilliger west", by_user=None)
    anne = rows[0]
    with phone_browser() as first, phone_browser() as second:
        doors = [
            (first, open_door(first, f"{live_server}/scan/{east}")),
            (second, open_door(second, f"{live_server}/scan/{west}")),
        ]
        for driver, _wait in doors:
            set_offline(driver, True)
        for driver, wait in doors:
            scan_with_hand_scanner(driver, f"WPS1:{anne['ticket_code']}")
            wait.until(lambda d: result_of(d)[1] == f"Welkom, {anne['name']}")
        for driver, wait in doors:
            set_offline(driver, False)
            wait.until(lambda d: state_of(d) == "online — alles verstuurd")
        second_wait = doors[1][1]
        second_wait.until(lambda d: d.find_element(By.ID, "door-conflicts").is_displayed())
        screenshots.take(second, "conflict")
        attention = second.find_element(By.ID, "door-conflicts").text
        assert "Let op" in attention and "Twee keer binnengelaten" in attention
        assert anne["name"] in attention
        # the answer on screen is now the server's: another door was first
        assert "is-warn" in result_of(second)[0]
        assert result_of(second)[1].startswith(f"{anne['name']} is al binnen, sinds ")
        assert not first.find_element(By.ID, "door-conflicts").is_displayed()

    assert await Checkin.count().where(Checkin.event == event_id) == 1
    conflicts = await CheckinConflict.select().where(CheckinConflict.event == event_id)
    assert [(c["kind"], c["registration"]) for c in conflicts] == [("duplicate", anne["id"])]

    organiser = await make_user(Role.ORGANISER)
    log_in(desktop, live_server, organiser.email, f"/beheer/events/{event['slug']}/checkin/")
    screenshots.take(desktop, "organisers-list")
    table = desktop.find_element(By.CSS_SELECTOR, "table[aria-labelledby=conflicts-heading]")
    cells = [cell.text for cell in table.find_elements(By.CSS_SELECTOR, "tbody td")]
    assert cells[0].startswith(anne["name"])
    assert cells[1] == "Twee keer binnengelaten" and cells[3] == "Vrijwilliger west"
    assert re.fullmatch(r"\d\d\.\d\d", cells[2])  # the scan's time, as a Dutch clock


async def test_a_stopped_link_wipes_the_pack_from_the_phone(
    live_server: str, phone: WebDriver, screenshots: Screenshots
) -> None:
    token, event_id, _rows = await volunteer_door(2)
    driver = phone
    wait = open_door(driver, f"{live_server}/scan/{token}")
    link = await CheckinLink.select(CheckinLink.id).where(CheckinLink.event == event_id).first()

    await revoke_link(event_id, link["id"])
    driver.execute_script("window.dispatchEvent(new Event('online'))")  # the next round

    wait.until(lambda d: state_of(d).startswith("Deze check-in werkt niet meer"))
    screenshots.take(driver, "link-stopped")
    assert kept_on_phone(driver) == [0, 0]
    assert not takes_scans(driver)


KEPT_JS = """
const done = arguments[0];
navigator.serviceWorker.ready
  .then(() => new Promise((wait) => setTimeout(wait, 300)))
  .then(() => caches.match(location.href))
  .then((page) => done(!!page && !!navigator.serviceWorker.controller));
"""


async def test_the_door_installs_opens_without_the_server_and_sends_when_it_is_back(
    live_server: str, phone: WebDriver, screenshots: Screenshots
) -> None:
    token, event_id, rows = await volunteer_door(2)
    anne = rows[0]
    driver = phone
    with serving() as url:
        open_door(driver, f"{url}/scan/{token}")
        WebDriverWait(driver, 20).until(lambda d: d.execute_async_script(KEPT_JS))
        manifest = driver.execute_cdp_cmd("Page.getAppManifest", {})
        assert manifest["url"].endswith(f"/scan/{token}/manifest.webmanifest")
        assert manifest["errors"] == []
        # Chromium's own verdict: the door can be installed as an app
        assert driver.execute_cdp_cmd("Page.getInstallabilityErrors", {}) == {
            "installabilityErrors": []
        }

    driver.get(f"{url}/scan/{token}")  # nothing listens there now: the worker's copy
    wait = WebDriverWait(driver, 20, poll_frequency=0.05)
    wait.until(lambda d: state_of(d) == "offline")
    scan_with_hand_scanner(driver, f"WPS1:{anne['ticket_code']}")
    wait.until(lambda d: result_of(d)[1] == f"Welkom, {anne['name']}")
    wait.until(lambda d: state_of(d) == "offline — 1 scan wacht")
    screenshots.take(driver, "opened-without-server")
    assert await Checkin.count() == 0

    with serving(port=int(url.rsplit(":", 1)[1])):
        driver.execute_script("window.dispatchEvent(new Event('online'))")
        wait.until(lambda d: state_of(d) == "online — alles verstuurd")

    [checkin] = await Checkin.select().where(Checkin.event == event_id)
    assert checkin["registration"] == anne["id"]


async def test_the_phone_reads_a_code_as_the_server_does(
    live_server: str, phone: WebDriver
) -> None:
    token, _event_id, rows = await volunteer_door(1)
    code = rows[0]["ticket_code"]
    grouped = " ".join(code[i : i + 4] for i in range(0, len(code), 4))
    texts = [
        f"WPS1:{code}", f"wps1;{code}", f"  WPS1 : {code}", code, code.lower(), grouped,
        grouped.replace(" ", "-"), grouped.replace(" ", "\u2013"), grouped.replace(" ", "_"),
        code.replace("0", "O").replace("1", "I"), code.replace("1", "l"), f"WPS1{code}",
        code[:-1], code + "Z", "WPS1:" + "U" * 26, "", "x" * 101, f"WPS1:{code} extra",
        "WPS1" + "0" * 22, "WPS1:WPS1" + "0" * 22,
    ]  # fmt: skip
    phone.get(f"{live_server}/scan/{token}")

    read = phone.execute_script(
        "return arguments[0].map((t) => WerkplaatsDoor.parseCode(t));", texts
    )

    assert read == [parse_code(text) for text in texts]
    assert read[:3] == [code] * 3


async def test_a_room_door_offline_checks_in_at_the_room_and_the_entrance(
    live_server: str, phone: WebDriver
) -> None:
    token, event_id, rows = await volunteer_door(2)
    room = await session_of(event_id, "Zaal 1")
    anne = rows[0]
    driver = phone
    wait = open_door(driver, f"{live_server}/scan/{token}?session={room}")

    set_offline(driver, True)
    scan_with_hand_scanner(driver, f"WPS1:{anne['ticket_code']}")
    wait.until(lambda d: result_of(d)[1] == f"Welkom, {anne['name']}")
    scan_with_hand_scanner(driver, f"WPS1:{anne['ticket_code']}")
    wait.until(lambda d: result_of(d)[1].startswith(f"{anne['name']} is al binnen"))
    assert driver.find_element(By.ID, "desk-counts").text == "1 van 2 binnen"
    set_offline(driver, False)
    wait.until(lambda d: state_of(d) == "online — alles verstuurd")

    checkins = await Checkin.select(Checkin.registration, Checkin.session).where(
        Checkin.event == event_id
    )
    assert sorted(checkins, key=lambda c: c["session"] or 0) == [
        {"registration": anne["id"], "session": None},
        {"registration": anne["id"], "session": room},
    ]
    assert await CheckinConflict.count() == 0


async def test_a_cancellation_reaches_the_door_at_its_next_refresh(
    live_server: str, phone: WebDriver
) -> None:
    token, _event_id, rows = await volunteer_door(2)
    bram = rows[1]
    driver = phone
    wait = open_door(driver, f"{live_server}/scan/{token}")

    await change_status(bram["id"], RegistrationStatus.CANCELLED, notify=False)
    driver.execute_script("window.dispatchEvent(new Event('online'))")  # the next round
    wait.until(lambda d: d.find_element(By.ID, "desk-counts").text == "0 van 1 binnen")
    set_offline(driver, True)
    scan_with_hand_scanner(driver, f"WPS1:{bram['ticket_code']}")

    wait.until(lambda d: result_of(d)[1] == f"Geannuleerd: {bram['name']}")
