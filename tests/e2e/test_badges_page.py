"""An organiser prints the badges of a regional meeting: in a real browser against the
real server, the progress bar moves by itself and the download appears, no reload."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from events.enums import RegistrationStatus
from events.services.catalogue.events import create_event
from events.services.registration.rows import new_ticket_code, new_token
from events.tables import Event, Registration
from tests.conftest import PASSWORD, demo_event_values
from tests.e2e.conftest import Screenshots
from werkplaats.enums import Role

GIVEN = ["Anna", "Bram", "Chaima", "Daan", "Eva", "Fenna", "Gijs", "Hatice", "Ilse", "Joris"]
SURNAMES = ["de Vries", "Bakker", "van der Berg", "el Amrani", "ter Horst", "Visser", "Smit"]


async def _event_with(count: int) -> str:
    """An event with `count` registered people, written straight to the table: the
    registration service (and its mails) is not what this test is about."""
    slug = await create_event(demo_event_values(capacity=None))
    event = await Event.select(Event.id).where(Event.slug == slug).first()
    now = dt.datetime.now(dt.UTC)
    await Registration.insert(
        *(
            Registration(
                event=event["id"],
                token=new_token(),
                ticket_code=new_ticket_code(),
                status=RegistrationStatus.REGISTERED,
                name=f"{GIVEN[i % len(GIVEN)]} {SURNAMES[i % len(SURNAMES)]}",
                email=f"persoon{i}@example.nl",
                organisation="Gemeente Haarlem",
                created_at=now,
            )
            for i in range(count)
        )
    )
    return slug


def log_in(driver: WebDriver, base_url: str, email: str, target: str) -> None:
    """Log in on the login page and wait until the browser is at `target`."""
    driver.get(f"{base_url}/login?next={target}")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 20).until(lambda d: urlsplit(d.current_url).path == target)


async def test_badge_batch_shows_live_progress_and_its_download(
    live_server: str, desktop: WebDriver, screenshots: Screenshots, client, make_user
) -> None:
    # `client` runs the test process's worker, which takes the job when a broker is set
    slug = await _event_with(300)
    user = await make_user(Role.ORGANISER)
    driver, wait = desktop, WebDriverWait(desktop, 60, poll_frequency=0.05)
    page = f"/beheer/events/{slug}/badges"

    log_in(driver, live_server, user.email, page)
    screenshots.take(driver, "badges-page")
    facts = driver.find_elements(By.CSS_SELECTOR, ".facts dd")
    assert [fact.text for fact in facts] == ["300", "0", "300"]

    driver.find_element(By.ID, "layout-a4").click()
    driver.find_element(By.CSS_SELECTOR, ".badge-form button[type=submit]").click()
    item = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".batch"))
    assert driver.find_element(By.CSS_SELECTOR, ".flash").is_displayed()
    driver.execute_script("window.notReloaded = true")
    bar = item.find_element(By.TAG_NAME, "progress")
    status = item.find_element(By.CSS_SELECTOR, "[role=status]")
    assert bar.get_attribute("max") == "300"
    assert bar.get_attribute("aria-labelledby") == status.get_attribute("id")
    screenshots.take(driver, "batch-started")
    seen = set()

    def done(d: WebDriver) -> bool:
        seen.add(int(bar.get_attribute("value")))
        return status.text.startswith("Klaar")

    wait.until(done)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".facts dd")[1].text == "300")
    screenshots.take(driver, "batch-done")
    status_text = status.text
    download = item.find_element(By.CSS_SELECTOR, ".batch-download a")

    assert driver.execute_script("return window.notReloaded") is True
    assert bar.get_attribute("value") == "300"
    assert status.text == "Klaar: 300 badges"
    assert download.is_displayed()
    assert download.get_attribute("href").endswith("/file")
    assert max(seen) == 300
    facts = driver.find_elements(By.CSS_SELECTOR, ".facts dd")
    assert [fact.text for fact in facts] == ["300", "300", "0"]  # counts taken from the page
    # What the page says after the batch is true: no "being made", the paper kept, the
    # choice of whose badges counted again.
    assert driver.find_elements(By.CSS_SELECTOR, ".flash") == []
    assert driver.find_element(By.ID, "layout-a4").is_selected()
    unprinted = driver.find_element(By.CSS_SELECTOR, "label[for=who-unprinted]").text
    assert unprinted.endswith("(0)")
    assert driver.find_element(By.ID, "who-all").is_selected()

    driver.set_window_size(390, 844)  # the same page on a phone at the desk
    driver.refresh()
    screenshots.take(driver, "after-reload-narrow")
    assert driver.find_element(By.CSS_SELECTOR, ".batch [role=status]").text == status_text


async def test_registration_page_sets_the_ribbon_and_shows_the_badge_state(
    live_server: str, desktop: WebDriver, screenshots: Screenshots, make_user
) -> None:
    slug = await _event_with(1)
    row = await Registration.select(Registration.id, Registration.name).first()
    user = await make_user(Role.ORGANISER)
    page = f"/beheer/events/{slug}/registrations/{row['id']}"
    driver, wait = desktop, WebDriverWait(desktop, 20, poll_frequency=0.05)

    log_in(driver, live_server, user.email, page)
    assert "Nog geen badge geprint." in driver.find_element(By.CLASS_NAME, "badge-desk").text
    Select(driver.find_element(By.ID, "ribbon")).select_by_value("organiser")
    driver.find_element(By.CSS_SELECTOR, ".badge-desk button[type=submit]").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".flash"))
    screenshots.take(driver, "ribbon-saved")

    assert (
        driver.find_element(By.CSS_SELECTOR, ".flash").text == "Op de badge staat nu “Organisatie”."
    )
    assert Select(driver.find_element(By.ID, "ribbon")).first_selected_option.text == "Organisatie"
    printing = driver.find_element(By.CSS_SELECTOR, "form[action$='/badge']")
    assert printing.get_attribute("target") == "_blank"
    scroll = driver.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= driver.execute_script("return window.innerWidth")
