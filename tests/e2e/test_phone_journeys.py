"""Two whole journeys on a phone, in a real browser against the real server: an
attendee registers, opens the personal link from the mail file, changes a detail
(first wrongly), downloads all their data and cancels; an organiser makes and
publishes an event and prints its badges."""

from __future__ import annotations

import datetime as dt
import email
import json
import re
from email import policy

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from events.enums import RegistrationStatus
from events.services.catalogue.events import create_event
from events.tables import Event, Registration
from tests.conftest import demo_event_values, eventually
from tests.e2e.conftest import Screenshots, phone_browser
from tests.e2e.test_badges_page import _event_with, log_in
from tests.e2e.test_phone_registration import assert_reads_well_on_a_phone, field_of
from werkplaats.enums import Role
from werkplaats.settings import get_settings

ADDRESS = "anouk.visser@wijkteam-zaanstad.example"


def _personal_link_in_mail() -> str | None:
    for path in get_settings().mail_dir.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] and ADDRESS in str(message["To"]):
            text = message.get_body(("plain",)).get_content()
            found = re.search(r"https?://\S+/r/[A-Za-z0-9_-]{43}", text)
            if found:
                return found.group(0)
    return None


async def test_attendee_registers_changes_downloads_and_cancels_from_the_mail(
    live_server: str, phone: WebDriver, screenshots: Screenshots, client
) -> None:
    # `client` runs the test process's worker, which sends the mail when a broker is set
    slug = await create_event(demo_event_values(title="Leeratelier armoede", capacity=20))
    driver, wait = phone, WebDriverWait(phone, 20, poll_frequency=0.05)

    driver.get(f"{live_server}/events/{slug}")
    field_of(driver, "name").send_keys("Anouk Visser")
    field_of(driver, "email").send_keys(ADDRESS)
    field_of(driver, "organisation").send_keys("Wijkteam Zaanstad")
    driver.find_element(By.CSS_SELECTOR, 'label[for="privacy_consent"]').click()
    driver.find_element(By.CSS_SELECTOR, ".registration-form button[type=submit]").click()
    wait.until(ec.url_matches(r"/r/[A-Za-z0-9_-]{43}"))

    # The personal link, as the mail file has it (its host is BASE_URL's: take the path).
    link = await eventually(lambda: _async(_personal_link_in_mail()), timeout=30)
    path = "/r/" + link.rsplit("/r/", 1)[1]
    driver.get(f"{live_server}{path}")
    screenshots.take(driver, "personal-page-from-mail")
    assert_reads_well_on_a_phone(driver)

    # A wrong Registerplein number: the page again with the message, nothing saved.
    number = field_of(driver, "registerplein_number")
    number.send_keys("123456789")
    driver.find_element(By.CSS_SELECTOR, ".personal-form button[type=submit]").click()
    error = wait.until(ec.visibility_of_element_located((By.ID, "registerplein_number-error")))
    screenshots.take(driver, "wrong-number")
    assert "4610" in error.text
    assert driver.find_element(By.TAG_NAME, "h1").is_displayed()  # a page, not JSON
    number = field_of(driver, "registerplein_number")
    number.clear()
    number.send_keys("461098765")
    driver.find_element(By.CSS_SELECTOR, ".personal-form button[type=submit]").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".flash")))
    row = await Registration.select().where(Registration.email == ADDRESS).first()
    assert row["registerplein_number"] == "461098765"

    # All their data, behind the page's link.
    download = driver.find_element(By.CSS_SELECTOR, "a[href$='/gegevens.json']")
    data = json.loads(httpx.get(download.get_attribute("href"), timeout=20).content)
    assert data["registrations"][0]["registerplein_number"] == "461098765"

    # Cancelling asks first.
    driver.find_element(By.CSS_SELECTOR, f"a[href='{path}/annuleren']").click()
    driver.find_element(By.CSS_SELECTOR, "button.danger").click()
    wait.until(ec.url_to_be(f"{live_server}{path}"))
    screenshots.take(driver, "cancelled")
    row = await Registration.select().where(Registration.email == ADDRESS).first()
    assert row["status"] == RegistrationStatus.CANCELLED


async def _async(value):
    return value


def _set(driver: WebDriver, element_id: str, value: str) -> None:
    """Date-time fields take a value as the page's script would: typing one depends on
    the browser's locale."""
    driver.execute_script("arguments[0].value = arguments[1]", field_of(driver, element_id), value)


async def test_organiser_makes_publishes_and_prints_badges_on_a_phone(
    live_server: str, screenshots: Screenshots, client, make_user
) -> None:
    user = await make_user(Role.ORGANISER)
    start = dt.date.today() + dt.timedelta(days=30)

    with phone_browser(390) as driver:
        wait = WebDriverWait(driver, 60, poll_frequency=0.05)
        log_in(driver, live_server, user.email, "/beheer/events/new")
        field_of(driver, "title").send_keys("Themabijeenkomst vitale wijk")
        Select(field_of(driver, "kind")).select_by_value("themabijeenkomst")
        _set(driver, "starts_at", f"{start.isoformat()}T13:30")
        _set(driver, "ends_at", f"{start.isoformat()}T17:00")
        field_of(driver, "capacity").send_keys("40")
        screenshots.take(driver, "new-event")
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]:not(.danger)").click()
        wait.until(ec.url_matches(r"/beheer/events/themabijeenkomst-vitale-wijk$"))
        driver.find_element(By.XPATH, "//form[contains(@action, '/status')]//button").click()
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".flash")))
        screenshots.take(driver, "published")
        event = await Event.select().where(Event.slug == "themabijeenkomst-vitale-wijk").first()
        assert (event["status"], event["capacity"]) == ("published", 40)

        slug = await _event_with(12)
        driver.get(f"{live_server}/beheer/events/{slug}/badges")
        driver.find_element(By.CSS_SELECTOR, ".badge-form button[type=submit]").click()
        status = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".batch [role=status]"))
        wait.until(lambda d: status.text.startswith("Klaar"))
        screenshots.take(driver, "badges-ready")
        download = driver.find_element(By.CSS_SELECTOR, ".batch-download a")
        assert download.is_displayed()
        size = driver.execute_script("return document.documentElement.scrollWidth")
        assert size <= 390
