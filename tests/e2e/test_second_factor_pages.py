"""Two-step login in Chromium on a phone, by keyboard: set it up from the back office,
log out, log in again with password and code; and the admin's audit log."""

from __future__ import annotations

import time

import pyotp
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from events.services.catalogue.events import create_event
from tests.conftest import PASSWORD, demo_event_values
from tests.e2e.conftest import Screenshots
from tests.e2e.test_phone_registration import assert_reads_well_on_a_phone
from werkplaats.auth.accounts import create_user
from werkplaats.enums import Role


def _log_in(driver: WebDriver, live_server: str, email: str, target: str) -> None:
    driver.get(f"{live_server}/login?next={target}")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)


async def test_phone_organiser_sets_up_two_step_login_and_logs_in_with_a_code(
    live_server: str, phone: WebDriver, screenshots: Screenshots
):
    user = await create_user("fleur@werkplaats.test", role=Role.ORGANISER, password=PASSWORD)
    wait = WebDriverWait(phone, 20, poll_frequency=0.1)
    _log_in(phone, live_server, user.email, "/account/tweestaps")
    wait.until(ec.url_to_be(f"{live_server}/account/tweestaps"))

    screenshots.take(phone, "set-up")
    assert_reads_well_on_a_phone(phone)
    secret = phone.find_element(By.CSS_SELECTOR, "code.secret").text.replace(" ", "")
    phone.find_element(By.ID, "code").send_keys(pyotp.TOTP(secret).now() + Keys.ENTER)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".recovery-codes")))
    screenshots.take(phone, "recovery-codes")
    assert len(phone.find_elements(By.CSS_SELECTOR, ".recovery-codes li")) == 10

    phone.delete_all_cookies()
    _log_in(phone, live_server, user.email, "/beheer/")
    wait.until(ec.url_to_be(f"{live_server}/login/code"))
    screenshots.take(phone, "code")
    assert_reads_well_on_a_phone(phone)
    assert phone.switch_to.active_element.get_attribute("id") == "code"  # focus is there
    # The set-up spent this step's code; the next step's is taken (a phone's clock a
    # little ahead) rather than waiting up to 30 s for it, as a person would.
    ahead = pyotp.TOTP(secret).at(time.time() + 30)
    phone.find_element(By.ID, "code").send_keys(ahead + Keys.ENTER)
    wait.until(ec.url_to_be(f"{live_server}/beheer/"))


async def test_admin_reads_the_audit_log(
    live_server: str, desktop: WebDriver, screenshots: Screenshots
):
    admin = await create_user("beheer@werkplaats.test", role=Role.ADMIN, password=PASSWORD)
    await create_event(demo_event_values(title="Actualiteitencollege schulden"))
    wait = WebDriverWait(desktop, 20, poll_frequency=0.1)
    _log_in(desktop, live_server, admin.email, "/beheer/audit/")
    wait.until(ec.url_to_be(f"{live_server}/beheer/audit/"))

    screenshots.take(desktop, "audit-log")
    rows = desktop.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert any("event.created" in row.text for row in rows)
