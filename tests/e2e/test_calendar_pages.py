"""The subscribe page, "Zet in je agenda" on an event page, the attendee's own
calendar link and the back office's partner feeds, in a real browser: on a phone
and at desktop width, by keyboard, with the copy button read out."""

from __future__ import annotations

from typing import Any

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from events.enums import EventKind
from events.services.catalogue.reference import save_theme
from events.services.registration.core import RegistrationInput, register
from events.tables import CalendarFeed, Partner
from tests.conftest import PASSWORD
from tests.e2e.conftest import Screenshots
from tests.e2e.test_phone_registration import (
    FOCUS_RING_JS,
    assert_reads_well_on_a_phone,
    dutch,
    focused,
    tab,
)
from tests.events.calendar_helpers import at, make_event
from werkplaats.enums import Role
from werkplaats.settings import get_settings

# Links on the pages are absolute, with BASE_URL; the browser reaches the live server.
BASE_URL = get_settings().base_url

READ_CLIPBOARD_JS = """
const done = arguments[arguments.length - 1];
navigator.clipboard.readText().then(done, (error) => done('error: ' + error));
"""


def allow_clipboard(driver: WebDriver, origin: str) -> None:
    driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )


def status_text(driver: WebDriver) -> str:
    return driver.find_element(By.ID, "copy-status").get_attribute("textContent")


async def test_subscribe_page_on_a_phone_copies_a_link_by_keyboard(
    live_server: str, phone: WebDriver, desktop: WebDriver, screenshots: Screenshots
) -> None:
    await save_theme({"name": "Inclusieve wijk"})
    driver, wait = phone, WebDriverWait(phone, 10, poll_frequency=0.05)
    allow_clipboard(driver, live_server)

    driver.get(f"{live_server}/calendar")
    screenshots.take(driver, "calendar-phone")

    assert_reads_well_on_a_phone(driver)
    assert driver.find_element(By.TAG_NAME, "h1").text == dutch("Events in your calendar")
    subscribe = driver.find_element(By.CSS_SELECTOR, "#alles a.button")
    webcal = "webcal://" + BASE_URL.split("://")[1] + "/calendar.ics"
    assert subscribe.get_attribute("href") == webcal
    shown = driver.find_element(By.CSS_SELECTOR, "#alles .feed-url a").text
    assert shown == f"{BASE_URL}/calendar.ics"
    assert driver.find_elements(By.CSS_SELECTOR, "#thema-inclusieve-wijk .copy-button")
    driver.execute_script("arguments[0].focus()", subscribe)
    copy = tab(driver)  # the copy button comes right after "Abonneren"
    assert copy.get_attribute("class") == "button-secondary copy-button"
    assert driver.execute_script(FOCUS_RING_JS, copy)
    copy.send_keys(Keys.ENTER)
    wait.until(lambda d: status_text(d))
    screenshots.take(driver, "calendar-copied")

    assert status_text(driver) == dutch("Link copied: %(title)s") % {"title": dutch("All events")}
    assert copy.get_attribute("aria-label") is None  # its name is its text, with the feed
    assert copy.text.startswith("✓ " + dutch("Copy link"))
    assert driver.execute_async_script(READ_CLIPBOARD_JS) == f"{BASE_URL}/calendar.ics"
    feed = httpx.get(f"{live_server}/calendar.ics", timeout=10)
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"

    desktop.get(f"{live_server}/calendar")
    screenshots.take(desktop, "calendar-desktop")
    assert desktop.execute_script("return innerWidth") == 1280
    assert desktop.execute_script("return document.documentElement.scrollWidth") <= 1280


async def congress() -> str:
    return await make_event(
        "Congres Werkplaats Sociaal Domein", kind=EventKind.CONGRES,
        starts_at=at(2030, 11, 14, 9), ends_at=at(2030, 11, 15, 16, 30),
    )  # fmt: skip


async def test_event_page_adds_each_congress_day_to_a_calendar(
    live_server: str, phone: WebDriver, desktop: WebDriver, screenshots: Screenshots
) -> None:
    slug = await congress()
    driver = phone

    driver.get(f"{live_server}/events/{slug}")
    section = driver.find_element(By.CSS_SELECTOR, ".add-to-calendar")
    driver.execute_script("arguments[0].scrollIntoView()", section)
    screenshots.take(driver, "event-add-to-calendar")
    desktop.get(f"{live_server}/events/{slug}")
    screenshots.take(desktop, "event-desktop")

    assert_reads_well_on_a_phone(driver)
    links = section.find_elements(By.CSS_SELECTOR, "a")
    assert [a.text.split("\n")[0] for a in links][:4] == [
        dutch("Calendar file (.ics)"), dutch("Google Calendar"),
        dutch("Outlook (work or school)"), "Outlook.com",
    ]  # fmt: skip
    google = section.find_elements(By.CSS_SELECTOR, "a[href^='https://calendar.google.com']")
    assert len(google) == 2  # one per day
    assert links[0].get_attribute("href") == f"{live_server}/events/{slug}.ics"
    ics = httpx.get(f"{live_server}/events/{slug}.ics", timeout=10)
    assert ics.status_code == 200 and ics.text.count("BEGIN:VEVENT") == 2


async def test_back_office_partner_feed_form_shows_the_field_error(
    live_server: str, desktop: WebDriver, screenshots: Screenshots, make_user: Any
) -> None:
    await Partner.insert(Partner(name="Gemeente Haarlem"))
    user = await make_user(Role.ORGANISER)
    driver, wait = desktop, WebDriverWait(desktop, 10, poll_frequency=0.05)
    driver.get(f"{live_server}/login?next=/beheer/calendar-feeds/")
    driver.find_element(By.ID, "email").send_keys(user.email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD, Keys.ENTER)
    wait.until(ec.presence_of_element_located((By.ID, "partner")))

    driver.find_element(By.CSS_SELECTOR, "#partner option:nth-child(2)").click()
    driver.find_element(By.CSS_SELECTOR, "form.narrow-form button[type=submit]").click()
    summary = wait.until(ec.presence_of_element_located((By.ID, "error-summary")))
    screenshots.take(driver, "partner-feed-error")

    assert focused(driver).get_attribute("id") == "error-summary"
    assert summary.find_element(By.TAG_NAME, "a").text == dutch(
        "Choose at least one kind of event or one theme."
    )
    assert await CalendarFeed.count() == 0
    driver.find_element(By.CSS_SELECTOR, "label[for='kind-congres']").click()
    driver.find_element(By.CSS_SELECTOR, "form.narrow-form button[type=submit]").click()
    wait.until(ec.url_matches(r"/beheer/calendar-feeds/\d+$"))
    screenshots.take(driver, "partner-feed")
    assert driver.find_element(By.CSS_SELECTOR, ".feed-url a").text.startswith(
        f"{BASE_URL}/calendar/feed/"
    )


async def test_attendee_makes_a_calendar_link_on_the_personal_page(
    live_server: str, phone: WebDriver, desktop: WebDriver, screenshots: Screenshots
) -> None:
    outcome = await register(
        await congress(),
        RegistrationInput(name="Fatima el Amrani", email="fatima@gemeente-haarlem.example",
                          privacy_consent=True),
    )  # fmt: skip
    driver, wait = phone, WebDriverWait(phone, 10, poll_frequency=0.05)

    driver.get(f"{live_server}/r/{outcome.token}")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/agenda'] button").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#mijn-agenda .feed")))
    screenshots.take(driver, "personal-feed")
    desktop.get(f"{live_server}/r/{outcome.token}#mijn-agenda")
    screenshots.take(desktop, "personal-desktop")

    assert_reads_well_on_a_phone(driver)
    link = driver.find_element(By.CSS_SELECTOR, "#mijn-agenda .feed-url a").get_attribute("href")
    feed = httpx.get(live_server + link.removeprefix(BASE_URL), timeout=10)
    assert feed.status_code == 200 and "Congres Werkplaats Sociaal Domein" in feed.text
    assert outcome.token not in feed.text
