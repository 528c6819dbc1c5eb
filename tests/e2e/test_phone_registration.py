"""A social worker registers for a regional meeting on a phone, changes a detail,
downloads the ticket and cancels: in a real browser against the real server."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from events.enums import QuestionKind, RegistrationStatus
from events.services.catalogue.events import create_event
from events.tables import Event, Question, Registration
from tests.conftest import demo_event_values
from tests.e2e.conftest import Screenshots
from werkplaats.i18n import _, language

WORKSHOP = "Welke workshop kies je?"
WORKSHOPS = ["Schulden en armoede", "Jeugd en gezin"]
BRINGS_GUEST = "Neem je iemand van een cliëntenraad mee?"
GUEST_NAME = "Wie neem je mee?"

# Layout checks run in the page: what a person on a phone would trip over.
PAGE_PROBLEMS_JS = """
const problems = [];
const root = document.documentElement;
if (root.scrollWidth > window.innerWidth) {
  problems.push(`page scrolls sideways: ${root.scrollWidth}px content in ${window.innerWidth}px`);
}
const visible = (el) => el.getClientRects().length > 0 && !el.closest('[aria-hidden="true"]');
const controls = 'main input:not([type=hidden]), main select, main textarea';
for (const el of document.querySelectorAll(controls)) {
  if (!visible(el)) continue;
  if (el.labels.length === 0) problems.push(`no label: #${el.id}`);
  const rect = el.getBoundingClientRect();
  if (rect.right > window.innerWidth) problems.push(`#${el.id} sticks out to ${rect.right}px`);
  const row = el.closest('.check');  // a checkbox or radio is tapped on its whole row
  const target = (row || el).getBoundingClientRect();
  if (target.height < 44) problems.push(`#${el.id}: tap target ${target.height}px high`);
}
for (const el of document.querySelectorAll('main button, main a.button')) {
  if (!visible(el)) continue;
  const rect = el.getBoundingClientRect();
  if (rect.height < 44) problems.push(`"${el.textContent.trim()}": ${rect.height}px high`);
  if (rect.right > window.innerWidth) problems.push(`"${el.textContent.trim()}" sticks out`);
}
for (const el of document.querySelectorAll('main a:not(.button)')) {
  // A link in running text is as tall as its line (WCAG 2.5.8's spacing exception).
  const line = parseFloat(getComputedStyle(el).lineHeight);
  if (visible(el) && Math.max(el.getBoundingClientRect().height, line) < 24) {
    problems.push(`link "${el.textContent.trim()}" under 24px high`);
  }
}
return problems;
"""

FOCUS_RING_JS = """
const style = getComputedStyle(arguments[0]);
return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
"""

# The page itself (main, focused after the skip link or a #main redirect) has no frame.
NO_FRAME_JS = """
const style = getComputedStyle(arguments[0]);
return style.outlineStyle === 'none' && style.boxShadow === 'none';
"""


async def _event_with_questions() -> str:
    """An event of two seats with a required choice and a question shown only on 'ja'."""
    slug = await create_event(demo_event_values(capacity=2))
    event = await Event.select(Event.id).where(Event.slug == slug).first()
    workshop = Question(
        event=event["id"],
        label=WORKSHOP,
        kind=QuestionKind.SINGLE_CHOICE,
        required=True,
        choices=WORKSHOPS,
        position=1,
    )
    guest = Question(event=event["id"], label=BRINGS_GUEST, kind=QuestionKind.YES_NO, position=2)
    await Question.insert(workshop, guest)
    guest_name = Question(
        event=event["id"],
        label=GUEST_NAME,
        kind=QuestionKind.SHORT_TEXT,
        position=3,
        shown_if_question=guest.id,
        shown_if_value="ja",
    )
    await Question.insert(guest_name)
    return slug


def dutch(message: str) -> str:
    with language("nl"):
        return _(message)


def assert_reads_well_on_a_phone(driver: WebDriver) -> None:
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    problems = driver.execute_script(PAGE_PROBLEMS_JS)
    assert problems == [], "\n".join([driver.current_url, *problems])


def focused(driver: WebDriver) -> WebElement:
    return driver.switch_to.active_element


def tab(driver: WebDriver) -> WebElement:
    focused(driver).send_keys(Keys.TAB)
    return focused(driver)


def field_of(driver: WebDriver, name: str) -> WebElement:
    return driver.find_element(By.ID, name)


def choose(driver: WebDriver, input_id: str) -> None:
    """Tap the label, as a thumb does: the small box itself is not what people hit."""
    driver.find_element(By.CSS_SELECTOR, f'label[for="{input_id}"]').click()


def status_text(driver: WebDriver) -> str:
    return driver.find_element(By.CSS_SELECTOR, ".status-box strong").text


async def _question_fields() -> tuple[str, str, str]:
    rows = await Question.select(Question.id).order_by(Question.position)
    workshop, brings_guest, guest_name = (f"q{row['id']}" for row in rows)
    return workshop, brings_guest, guest_name


async def _registration(token: str) -> dict[str, Any]:
    return await Registration.select().where(Registration.token == token).first()


async def test_phone_register_change_download_and_cancel(
    live_server: str, phone: WebDriver, screenshots: Screenshots
) -> None:
    slug = await _event_with_questions()
    workshop, brings_guest, guest_name = await _question_fields()
    driver, wait = phone, WebDriverWait(phone, 10, poll_frequency=0.05)

    # The event page; "Aanmelden" jumps to the form.
    driver.get(f"{live_server}/events/{slug}")
    screenshots.take(driver, "event-page")
    assert_reads_well_on_a_phone(driver)
    register = driver.find_element(By.CSS_SELECTOR, "a.button[href='#aanmelden']")
    assert register.text == dutch("Register")
    register.click()
    wait.until(lambda d: d.execute_script("return location.hash") == "#aanmelden")
    heading = driver.find_element(By.ID, "register-heading")
    heading_top = driver.execute_script("return arguments[0].getBoundingClientRect().top", heading)
    assert 0 <= heading_top < 844  # in sight on the phone's screen
    screenshots.take(driver, "form")

    # Sent empty: a summary that has focus, links to the fields, messages beside them.
    driver.find_element(By.CSS_SELECTOR, ".registration-form button[type=submit]").click()
    summary = wait.until(ec.presence_of_element_located((By.ID, "error-summary")))
    # The page script moves focus once it has run: wait for that, not for the markup.
    wait.until(lambda d: focused(d).get_attribute("id") == "error-summary")
    screenshots.take(driver, "errors")
    targets = {a.get_attribute("hash") for a in summary.find_elements(By.TAG_NAME, "a")}
    assert targets == {"#name", "#email", "#privacy_consent", f"#{workshop}"}
    for name in ("name", "email", "privacy_consent"):
        control = field_of(driver, name)
        assert control.get_attribute("aria-invalid") == "true"
        assert f"{name}-error" in control.get_attribute("aria-describedby").split()
        assert field_of(driver, f"{name}-error").is_displayed()
    assert f"{workshop}-error" in field_of(driver, workshop).get_attribute("aria-describedby")
    assert field_of(driver, "organisation").get_attribute("aria-invalid") is None
    assert_reads_well_on_a_phone(driver)
    summary.find_element(By.CSS_SELECTOR, f"a[href='#{workshop}']").click()
    assert focused(driver).get_attribute("id") == f"{workshop}-1"
    summary.find_element(By.CSS_SELECTOR, "a[href='#email']").click()
    assert focused(driver).get_attribute("id") == "email"
    label_top = driver.execute_script(
        "return document.querySelector('label[for=email]').getBoundingClientRect().top"
    )
    assert label_top >= 0  # the label and the message are in sight, not above the edge

    # Filled in as a person does; the follow-up question appears only after "ja".
    field_of(driver, "name").send_keys("Fatima el Amrani")
    field_of(driver, "email").send_keys("fatima@gemeente-haarlem.example")
    field_of(driver, "organisation").send_keys("Gemeente Haarlem")
    Select(field_of(driver, "organisation_type")).select_by_value("gemeente")
    field_of(driver, "job_role").send_keys("Wijkcoach")
    choose(driver, f"{workshop}-2")
    assert not field_of(driver, guest_name).is_displayed()
    choose(driver, f"{brings_guest}-ja")
    assert field_of(driver, guest_name).is_displayed()
    choose(driver, f"{brings_guest}-nee")
    assert not field_of(driver, guest_name).is_displayed()
    choose(driver, f"{brings_guest}-ja")
    field_of(driver, guest_name).send_keys("Henk de Vries")
    choose(driver, "privacy_consent")
    assert field_of(driver, "privacy_consent").is_selected()
    screenshots.take(driver, "filled-in")
    driver.find_element(By.CSS_SELECTOR, ".registration-form button[type=submit]").click()

    # The personal page (the 303 has no fragment, so the browser keeps #aanmelden).
    wait.until(ec.url_matches(r"/r/[A-Za-z0-9_-]{43}(#main)?$"))
    token = urlsplit(driver.current_url).path.removeprefix("/r/")
    screenshots.take(driver, "personal-page")
    assert_reads_well_on_a_phone(driver)
    assert driver.execute_script(NO_FRAME_JS, field_of(driver, "main"))
    assert status_text(driver) == dutch("Registered")
    assert field_of(driver, "name").get_attribute("value") == "Fatima el Amrani"
    assert field_of(driver, f"{workshop}-2").is_selected()
    assert field_of(driver, guest_name).get_attribute("value") == "Henk de Vries"
    row = await _registration(token)
    assert (row["status"], row["organisation"]) == (
        RegistrationStatus.REGISTERED,
        "Gemeente Haarlem",
    )

    # A changed organisation is saved.
    organisation = field_of(driver, "organisation")
    organisation.clear()
    organisation.send_keys("Sociaal Wijkteam Haarlem-Oost")
    driver.find_element(By.CSS_SELECTOR, ".personal-form button[type=submit]").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".flash")))
    screenshots.take(driver, "details-saved")
    assert driver.find_element(By.CSS_SELECTOR, ".flash").text == dutch(
        "Your details have been saved."
    )
    assert (
        field_of(driver, "organisation").get_attribute("value") == "Sociaal Wijkteam Haarlem-Oost"
    )
    assert (await _registration(token))["organisation"] == "Sociaal Wijkteam Haarlem-Oost"

    # The ticket behind the download link is a PDF.
    ticket_link = driver.find_element(By.CSS_SELECTOR, "a[href$='/ticket.pdf']")
    ticket = httpx.get(ticket_link.get_attribute("href"), timeout=20)
    assert (ticket.status_code, ticket.headers["content-type"]) == (200, "application/pdf")
    assert ticket.content.startswith(b"%PDF")

    # Cancelling asks first, then cancels.
    driver.find_element(By.CSS_SELECTOR, f"a[href='/r/{token}/annuleren']").click()
    wait.until(ec.url_to_be(f"{live_server}/r/{token}/annuleren"))
    screenshots.take(driver, "cancel-confirm")
    assert_reads_well_on_a_phone(driver)
    assert (await _registration(token))["status"] == RegistrationStatus.REGISTERED
    driver.find_element(By.CSS_SELECTOR, "button.danger").click()
    wait.until(ec.url_to_be(f"{live_server}/r/{token}"))
    screenshots.take(driver, "cancelled")
    assert_reads_well_on_a_phone(driver)
    assert status_text(driver) == dutch("Cancelled")
    assert driver.find_elements(By.CSS_SELECTOR, "a[href$='/ticket.pdf']") == []
    assert (await _registration(token))["status"] == RegistrationStatus.CANCELLED


async def test_phone_keyboard_skip_link_first_and_tab_reaches_submit(
    live_server: str, phone: WebDriver, screenshots: Screenshots
) -> None:
    slug = await _event_with_questions()
    workshop, brings_guest, guest_name = await _question_fields()
    driver = phone
    driver.get(f"{live_server}/events/{slug}")

    skip = tab(driver)
    screenshots.take(driver, "skip-link-focused")
    assert skip.get_attribute("class") == "skip-link"
    assert skip.is_displayed() and skip.rect["y"] >= 0
    assert driver.execute_script(FOCUS_RING_JS, skip)
    skip.send_keys(Keys.ENTER)
    assert focused(driver).get_attribute("id") == "main"
    register = tab(driver)
    assert register.get_attribute("hash") == "#aanmelden"
    register.send_keys(Keys.ENTER)
    stops, without_ring = [tab(driver)], []
    while stops[-1].get_attribute("type") != "submit" and len(stops) < 40:
        if not driver.execute_script(FOCUS_RING_JS, stops[-1]):
            without_ring.append(stops[-1].get_attribute("outerHTML"))
        if stops[-1].get_attribute("id") == f"{brings_guest}-ja":
            stops[-1].send_keys(Keys.SPACE)  # "ja" brings up the follow-up question
        stops.append(tab(driver))
    screenshots.take(driver, "submit-focused")

    assert [stop.get_attribute("id") for stop in stops] == [
        "name",
        "email",
        "organisation",
        "organisation_type",
        "job_role",
        "registerplein_number",
        f"{workshop}-1",  # one stop per group of radios
        f"{brings_guest}-ja",
        guest_name,
        "accessibility_needs",
        "dietary_needs",
        "privacy_consent",
        "privacy-link",  # the statement the consent is about
        "newsletter_consent",
        "",  # the submit button; never the honeypot "website"
    ]
    assert stops[-1].text == dutch("Register")
    assert without_ring == []
    assert driver.execute_script(FOCUS_RING_JS, stops[-1])
