"""A person downloads all data held about them and has it erased from their personal
link; an organiser does both on their request; each is recorded without personal
data. Other apps add theirs through `hooks.personal_data` / `erase_personal_data`."""

from __future__ import annotations

import json

from events import hooks
from events.enums import RegistrationStatus
from events.services.calendars.feeds import make_attendee_feed
from events.services.catalogue.events import create_event
from events.services.privacy.personal_data import erase_personal_data
from events.services.registration.core import RegistrationInput, register
from events.tables import CalendarFeed, PrivacyRequest, Registration
from tests.conftest import demo_event_values, post_form
from werkplaats.enums import MailState, Role
from werkplaats.mail import outbox
from werkplaats.tables import OutgoingMail

FATIMA = "fatima@gemeente-haarlem.example"


async def _register(slug: str, email: str = FATIMA, **details) -> str:
    outcome = await register(
        slug,
        RegistrationInput(name="Fatima el Amrani", email=email, privacy_consent=True, **details),
    )
    return outcome.token


async def _two_registrations() -> tuple[str, str, str]:
    """Fatima on a full event (one seat) and on another; Jan waits for her seat."""
    full = await create_event(demo_event_values(title="Leeratelier armoede", capacity=1))
    other = await create_event(demo_event_values(title="Leeratelier jeugd"))
    token = await _register(full, dietary_needs="Halal", organisation="Gemeente Haarlem")
    await _register(other)
    await _register(full, email="jan@example.org")
    await make_attendee_feed(FATIMA)
    await OutgoingMail.insert(
        OutgoingMail(dedupe_key="old", message_id="<old@test>", to_address=FATIMA,
                     subject="Uitnodiging", body_text="Beste Fatima", state=MailState.SENT)
    )  # fmt: skip
    return token, full, other


async def test_a_person_downloads_everything_held_about_them(client):
    token, _full, _other = await _two_registrations()

    response = await client.get(f"/r/{token}/gegevens.json")

    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"].startswith("private")
    data = json.loads(response.content)
    assert data["email"] == FATIMA
    titles = {r["event"]["title"] for r in data["registrations"]}
    assert titles == {"Leeratelier armoede", "Leeratelier jeugd"}
    first = next(r for r in data["registrations"] if r["event"]["title"] == "Leeratelier armoede")
    assert (first["name"], first["dietary_needs"], first["status"]) == (
        "Fatima el Amrani", "Halal", "registered",
    )  # fmt: skip
    assert first["consents"][0]["kind"] == "privacy"
    assert len(data["calendar_feeds"]) == 1
    assert "Uitnodiging" in [mail["subject"] for mail in data["mails"]]
    assert [(r["kind"], r["by_name"]) for r in await PrivacyRequest.select()] == [("export", "")]


async def test_erasure_takes_a_mail_being_sent_and_its_worker_writes_nothing_back(client):
    rows = await OutgoingMail.insert(
        OutgoingMail(dedupe_key="in-flight", message_id="<in-flight@test>", to_address=FATIMA,
                     subject="Herinnering", body_text="Beste Fatima", state=MailState.QUEUED)
    ).returning(OutgoingMail.id)  # fmt: skip
    claim = await outbox._claim(rows[0]["id"])  # a worker is sending it

    await erase_personal_data(FATIMA)
    late = await outbox.CLAIMS.finish(rows[0]["id"], claim[0], {OutgoingMail.state: "sent"})

    assert late is False
    assert await OutgoingMail.count().where(OutgoingMail.to_address == FATIMA) == 0


async def test_erasure_asks_first_then_erases_everything_and_the_next_in_line_moves_up(client):
    token, _full, _other = await _two_registrations()
    await client.get(f"/r/{token}")

    asked = await client.get(f"/r/{token}/wissen")
    without_csrf = await client.post(f"/r/{token}/wissen")
    erased = await post_form(client, f"/r/{token}/wissen", {})

    assert "Ja, wis mijn gegevens" in asked.text
    assert without_csrf.status_code == 403
    assert erased.status_code == 200 and "Je gegevens zijn gewist" in erased.text
    assert (await client.get(f"/r/{token}")).status_code == 404
    rows = await Registration.select().order_by(Registration.id)
    fatima = [r for r in rows if r["email"].endswith("@anonymised.invalid")]
    assert len(fatima) == 2 and {r["name"] for r in fatima} == {""}
    assert fatima[0]["status"] == RegistrationStatus.CANCELLED
    jan = next(r for r in rows if r["email"] == "jan@example.org")
    assert jan["status"] == RegistrationStatus.REGISTERED  # moved up into her seat
    assert await CalendarFeed.count().where(CalendarFeed.email == FATIMA) == 0
    assert await OutgoingMail.count().where(OutgoingMail.to_address == FATIMA) == 0
    assert [(r["kind"], r["registrations"]) for r in await PrivacyRequest.select()] == [
        ("erase", 2)
    ]


async def test_an_organiser_downloads_and_erases_on_request_and_it_is_recorded(client, login):
    token, full, _other = await _two_registrations()
    registration = await Registration.select().where(Registration.token == token).first()
    user = await login(Role.ORGANISER)
    base = f"/beheer/events/{full}/registrations/{registration['id']}"

    page = (await client.get(base)).text
    download = await client.get(f"{base}/gegevens.json")
    erased = await post_form(client, f"{base}/wissen", {}, follow_redirects=False)

    assert f'href="{base}/gegevens.json"' in page
    assert json.loads(download.content)["email"] == FATIMA
    assert erased.status_code == 303
    assert await Registration.count().where(Registration.email == FATIMA) == 0
    requests = await PrivacyRequest.select(PrivacyRequest.kind, PrivacyRequest.by_name)
    assert requests == [
        {"kind": "export", "by_name": user.display_name},
        {"kind": "erase", "by_name": user.display_name},
    ]


async def test_door_staff_may_not_download_or_erase(client, login):
    token, full, _other = await _two_registrations()
    registration = await Registration.select().where(Registration.token == token).first()
    await login(Role.CHECKIN)
    base = f"/beheer/events/{full}/registrations/{registration['id']}"

    download = await client.get(f"{base}/gegevens.json", follow_redirects=False)
    erased = await post_form(client, f"{base}/wissen", {}, follow_redirects=False)

    assert (download.status_code, erased.status_code) == (403, 403)
    assert await Registration.count().where(Registration.email == FATIMA) == 2


async def test_other_apps_add_their_data_to_the_export_and_erase_it_with_theirs(client):
    token, _full, _other = await _two_registrations()
    erased: list[str] = []

    async def abstracts(email: str) -> list[hooks.PersonalData]:
        return [hooks.PersonalData("abstracts", [{"title": "Armoede in de wijk", "by": email}])]

    async def erase(email: str) -> None:
        erased.append(email)

    hooks.personal_data.register(abstracts)
    hooks.erase_personal_data.register(erase)
    try:
        data = json.loads((await client.get(f"/r/{token}/gegevens.json")).content)
        await post_form(client, f"/r/{token}/wissen", {})
    finally:
        hooks.personal_data.forget(abstracts)
        hooks.erase_personal_data.forget(erase)

    assert data["other"] == {"abstracts": [{"title": "Armoede in de wijk", "by": FATIMA}]}
    assert erased == [FATIMA]


async def test_an_app_that_fails_to_erase_leaves_everything_as_it_was(client):
    token, _full, _other = await _two_registrations()

    async def broken(email: str) -> None:
        raise RuntimeError("the other app failed")

    hooks.erase_personal_data.register(broken)
    try:
        response = await post_form(client, f"/r/{token}/wissen", {})
    finally:
        hooks.erase_personal_data.forget(broken)

    assert response.status_code == 500
    assert await Registration.count().where(Registration.email == FATIMA) == 2
    assert await CalendarFeed.count().where(CalendarFeed.email == FATIMA) == 1
    assert await PrivacyRequest.count() == 0
