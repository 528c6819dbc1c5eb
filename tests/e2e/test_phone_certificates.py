"""After the event, on a phone: an attendee downloads the certificate, someone checks
it at /verify by typing its code loosely, and an organiser sends all certificates
while the progress bar moves by itself (job-progress.js polling the job)."""

from __future__ import annotations

import httpx
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from events.services.documents.certificates import issue_certificate
from tests.conftest import PASSWORD
from tests.e2e.conftest import Screenshots
from tests.e2e.test_phone_registration import assert_reads_well_on_a_phone, dutch
from tests.events.attendance import check_in, held_event, person
from werkplaats.auth.accounts import create_user
from werkplaats.enums import Role
from werkplaats.tables import OutgoingMail


async def test_phone_certificate_download_and_verify(
    live_server: str, phone: WebDriver, screenshots: Screenshots
) -> None:
    held = await held_event(person("Fatima el Amrani", registerplein_number="461012345"))
    fatima = held.people[0]
    await check_in(fatima)
    driver, wait = phone, WebDriverWait(phone, 10, poll_frequency=0.05)

    driver.get(f"{live_server}/r/{fatima['token']}")
    screenshots.take(driver, "personal-page")
    assert_reads_well_on_a_phone(driver)
    link = driver.find_element(By.CSS_SELECTOR, "a[href$='/certificate.pdf']")
    assert link.text == dutch("Download certificate (PDF)")
    pdf = httpx.get(link.get_attribute("href"), timeout=20)
    assert (pdf.status_code, pdf.headers["content-type"]) == (200, "application/pdf")
    certificate = await issue_certificate(fatima["id"])  # issued by that download

    driver.get(f"{live_server}/verify")
    screenshots.take(driver, "verify-form")
    assert_reads_well_on_a_phone(driver)
    typed = certificate.code_groups.lower().replace("0", "o").replace("1", "i")
    driver.find_element(By.ID, "code").send_keys(typed)
    driver.find_element(By.CSS_SELECTOR, ".verify-form button[type=submit]").click()
    wait.until(ec.url_to_be(f"{live_server}/verify/{certificate.code}"))
    screenshots.take(driver, "verified")
    assert_reads_well_on_a_phone(driver)
    assert driver.find_element(By.TAG_NAME, "h1").text == dutch("This certificate is genuine")
    assert "Fatima el Amrani" in driver.find_element(By.CSS_SELECTOR, ".facts").text

    driver.get(f"{live_server}/verify/K7QM4XPA2RTD9HVC")
    screenshots.take(driver, "not-found")
    assert_reads_well_on_a_phone(driver)
    assert driver.find_element(By.TAG_NAME, "h1").text == dutch("Certificate not found")


async def test_phone_organiser_sends_certificates_and_sees_them_done(
    live_server: str, phone: WebDriver, screenshots: Screenshots, client: object
) -> None:
    # `client` runs a worker in this process too: with a broker (Redis) the server
    # started for the browser runs none, and the send job needs one.
    held = await held_event(
        person("Anne de Vries", registerplein_number="461011111"),
        person("Bram Visser"),
        person("Cor Bakker"),
    )
    for registration in held.people[:2]:
        await check_in(registration)
    user = await create_user(
        "organisator@werkplaats.test", role=Role.ORGANISER, name="Organisator", password=PASSWORD
    )
    # The page reloads itself when the job is done: an element can go stale mid-look.
    driver = phone
    wait = WebDriverWait(
        phone, 20, poll_frequency=0.1, ignored_exceptions=[StaleElementReferenceException]
    )
    page = f"{live_server}/beheer/events/{held.slug}/certificates"
    driver.get(f"{live_server}/login?next=/beheer/events/{held.slug}/certificates")
    driver.find_element(By.ID, "email").send_keys(user.email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    wait.until(ec.url_to_be(page))

    screenshots.take(driver, "certificates-page")
    assert_reads_well_on_a_phone(driver)
    driver.find_element(By.CSS_SELECTOR, "a[href$='/certificates/send']").click()
    wait.until(ec.url_to_be(f"{page}/send"))
    screenshots.take(driver, "confirm")
    assert_reads_well_on_a_phone(driver)
    driver.find_element(By.CSS_SELECTOR, "form.actions button[type=submit]").click()

    wait.until(ec.presence_of_element_located((By.ID, "job-bar")))
    done_text = dutch("Done: %(num)d certificate sent by mail.")  # singular id; plural shown
    wait.until(lambda d: d.find_element(By.ID, "job-status").text.startswith(done_text[:5]))
    screenshots.take(driver, "sent")
    assert_reads_well_on_a_phone(driver)
    bar = driver.find_element(By.ID, "job-bar")
    assert bar.get_attribute("value") == bar.get_attribute("max")  # full
    assert "2" in driver.find_element(By.ID, "job-status").text
    rows = await OutgoingMail.select(OutgoingMail.to_address).where(
        OutgoingMail.template == "certificate"
    )
    assert sorted(r["to_address"] for r in rows) == [
        "anne.de.vries@wijkteam.example",
        "bram.visser@wijkteam.example",
    ]
