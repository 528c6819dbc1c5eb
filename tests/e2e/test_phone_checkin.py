"""A volunteer at the door with a check-in link on a phone: a hand scanner types codes
and Enter, answers come big and in words, and someone without a ticket is found by
name and checked in with one tap. In a real browser against the real server."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from events.enums import RegistrationStatus
from events.services.catalogue.events import create_event
from events.services.checkin.links import create_link
from events.services.registration.core import RegistrationInput, register
from events.services.registration.seats import change_status
from events.tables import Checkin, Event, Registration
from tests.conftest import demo_event_values
from tests.e2e.conftest import Screenshots
from tests.e2e.test_phone_registration import assert_reads_well_on_a_phone, focused

PEOPLE = [
    ("Anne de Vries", "Gemeente Haarlem"),
    ("Bram Bakker", "MEE & de Wering"),
    ("Chantal van den Berg", "DOCK Haarlem"),
]


async def _door() -> tuple[str, dict[str, str]]:
    slug = await create_event(demo_event_values(capacity=10))
    for number, (name, organisation) in enumerate(PEOPLE):
        entry = RegistrationInput(
            name=name,
            email=f"deelnemer{number}@example.org",
            organisation=organisation,
            privacy_consent=True,
        )
        await register(slug, entry)
    rows = await Registration.select(Registration.id, Registration.name, Registration.ticket_code)
    codes = {row["name"]: row["ticket_code"] for row in rows}
    cancelled = next(row for row in rows if row["name"] == "Chantal van den Berg")
    await change_status(cancelled["id"], RegistrationStatus.CANCELLED, notify=False)
    event = await Event.select().where(Event.slug == slug).first()
    token = await create_link(event, label="Vrijwilliger ingang", by_user=None)
    return token, codes


def result_of(driver: WebDriver) -> tuple[str, str]:
    """The answer's class and message, read in one go: the script replaces them."""
    return tuple(
        driver.execute_script(
            "const box = document.getElementById('desk-result');"
            "return [box.className, box.querySelector('.desk-message').innerText];"
        )
    )


def scan_with_hand_scanner(driver: WebDriver, text: str) -> None:
    """A hand scanner is a keyboard: it types into whatever has focus, then Enter."""
    focused(driver).send_keys(text + Keys.ENTER)


async def test_volunteer_checks_people_in_on_a_phone(
    live_server: str, phone: WebDriver, screenshots: Screenshots
) -> None:
    token, codes = await _door()
    driver, wait = phone, WebDriverWait(phone, 10, poll_frequency=0.05)

    driver.get(f"{live_server}/scan/{token}")
    screenshots.take(driver, "ready")
    assert_reads_well_on_a_phone(driver)
    assert focused(driver).get_attribute("id") == "code"  # ready for the scanner at once
    counts = driver.find_element(By.ID, "desk-counts")
    assert counts.text == "0 van 2 binnen"

    scan_with_hand_scanner(driver, f"WPS1:{codes['Anne de Vries']}")
    wait.until(lambda d: "is-ok" in result_of(d)[0])
    screenshots.take(driver, "welcome")
    assert result_of(driver)[1] == "Welkom, Anne de Vries"
    assert driver.find_element(By.ID, "desk-result").get_attribute("aria-live") == "assertive"
    assert focused(driver).get_attribute("id") == "code"  # the next scan can follow
    assert counts.text == "1 van 2 binnen"

    scan_with_hand_scanner(driver, f"WPS1:{codes['Anne de Vries']}")
    wait.until(lambda d: "is-warn" in result_of(d)[0])
    screenshots.take(driver, "already-in")
    assert result_of(driver)[1].startswith("Anne de Vries is al binnen, sinds ")

    scan_with_hand_scanner(driver, f"WPS1:{codes['Chantal van den Berg']}")
    wait.until(lambda d: "Geannuleerd" in result_of(d)[1])
    screenshots.take(driver, "cancelled")
    assert "is-error" in result_of(driver)[0]
    assert result_of(driver)[1] == "Geannuleerd: Chantal van den Berg"

    scan_with_hand_scanner(driver, "WPS1:ZZZZZZZZZZZZZZZZZZZZZZZZZZ")
    wait.until(lambda d: result_of(d)[1] == "Onbekende code")

    # Bram forgot his ticket: find him by name and check him in with one tap.
    search = driver.find_element(By.ID, "q")
    search.send_keys("bak")
    button = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#people button"))[0]
    screenshots.take(driver, "found-by-name")
    assert "Bram Bakker" in driver.find_element(By.ID, "people").text
    button.click()
    wait.until(lambda d: result_of(d)[1] == "Welkom, Bram Bakker")
    wait.until(lambda d: "binnen sinds" in d.find_element(By.ID, "people").text)
    screenshots.take(driver, "checked-in-by-name")
    assert counts.text == "2 van 2 binnen"
    recent = driver.find_element(By.ID, "recent").text
    assert recent.index("Bram Bakker") < recent.index("Anne de Vries")
    assert_reads_well_on_a_phone(driver)

    # judged on the phone from its pack, sent by batch at once while online
    rows = await Checkin.select(Checkin.method, Checkin.by_name).order_by(Checkin.id)
    assert [(r["method"], r["by_name"]) for r in rows] == [
        ("offline", "Vrijwilliger ingang"),
        ("offline", "Vrijwilliger ingang"),
    ]


async def test_door_page_works_without_script(
    live_server: str, phone: WebDriver, screenshots: Screenshots
) -> None:
    token, codes = await _door()
    driver = phone
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})

    driver.get(f"{live_server}/scan/{token}")
    driver.find_element(By.ID, "code").send_keys(codes["Anne de Vries"] + Keys.ENTER)

    WebDriverWait(driver, 10).until(lambda d: "Welkom" in result_of(d)[1])
    screenshots.take(driver, "no-script-welcome")
    assert result_of(driver)[1] == "Welkom, Anne de Vries"
    assert await Checkin.count() == 1
