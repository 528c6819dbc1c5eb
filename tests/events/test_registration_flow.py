"""One registration from the form to the mail, the personal page and cancellation."""

from __future__ import annotations

import email
from email import policy

from events.enums import RegistrationStatus
from events.services.catalogue.events import create_event, update_event
from events.services.registration.core import RegistrationInput, register
from events.tables import Registration
from tests.conftest import demo_event_values, eventually, post_form
from werkplaats.enums import MailState
from werkplaats.settings import get_settings
from werkplaats.tables import OutgoingMail

PERSON = {
    "name": "Fatima el Amrani",
    "email": "fatima@gemeente-haarlem.example",
    "organisation": "Gemeente Haarlem",
    "organisation_type": "gemeente",
    "job_role": "Wijkcoach",
    "registerplein_number": "461012345",
    "privacy_consent": "1",
}


async def _sent(dedupe_prefix: str):
    rows = await OutgoingMail.select().where(OutgoingMail.dedupe_key.like(f"{dedupe_prefix}%"))
    return rows if rows and all(r["state"] == MailState.SENT for r in rows) else None


async def test_register_form_redirects_to_personal_page_and_mails_ticket(client):
    slug = await create_event(demo_event_values(capacity=5))
    await client.get(f"/events/{slug}")

    response = await post_form(client, f"/events/{slug}", PERSON, follow_redirects=False)

    assert response.status_code == 303
    token = response.headers["location"].removeprefix("/r/").removesuffix("#main")
    row = await Registration.select().where(Registration.token == token).first()
    assert row["status"] == RegistrationStatus.REGISTERED
    assert len(token) >= 43
    page = await client.get(f"/r/{token}")
    assert "Fatima el Amrani" in page.text
    [mail] = await eventually(lambda: _sent(f"registration:{row['id']}:"))
    [path] = [
        p for p in get_settings().mail_dir.glob("*.eml") if mail["message_id"] in p.read_text()
    ]
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["To"].addresses[0].addr_spec == PERSON["email"]
    kinds = {part.get_content_type() for part in message.walk()}
    assert {"text/plain", "text/html", "image/png", "text/calendar"} <= kinds
    assert f"/r/{token}" in message.get_body(("plain",)).get_content()


async def test_register_when_full_goes_on_waiting_list_and_cancel_promotes(client):
    slug = await create_event(demo_event_values(capacity=1))
    await client.get(f"/events/{slug}")
    first = await post_form(client, f"/events/{slug}", PERSON, follow_redirects=False)
    second_person = {**PERSON, "email": "jan@dock.example", "name": "Jan Bakker"}

    second = await post_form(client, f"/events/{slug}", second_person, follow_redirects=False)

    second_token = second.headers["location"].removeprefix("/r/").removesuffix("#main")
    waiting = await Registration.select().where(Registration.token == second_token).first()
    assert waiting["status"] == RegistrationStatus.WAITLISTED
    first_token = first.headers["location"].removeprefix("/r/").removesuffix("#main")
    await post_form(client, f"/r/{first_token}/annuleren", {}, follow_redirects=False)
    promoted = await Registration.select().where(Registration.token == second_token).first()
    assert promoted["status"] == RegistrationStatus.REGISTERED


async def test_register_twice_takes_no_second_seat(client):
    slug = await create_event(demo_event_values(capacity=5))
    await client.get(f"/events/{slug}")
    await post_form(client, f"/events/{slug}", PERSON, follow_redirects=False)

    again = await post_form(client, f"/events/{slug}", PERSON, follow_redirects=False)

    assert again.status_code == 200
    assert await Registration.count() == 1
    assert "/r/" not in again.text


async def test_raising_capacity_promotes_the_first_in_line(client):
    slug = await create_event(demo_event_values(capacity=1))
    for number in range(3):
        await register(
            slug,
            RegistrationInput(
                name=f"Deelnemer {number}", email=f"d{number}@example.nl", privacy_consent=True
            ),
        )

    await update_event(slug, {"capacity": 2})

    statuses = [
        r["status"]
        for r in await Registration.select(Registration.status).order_by(Registration.id)
    ]
    assert statuses == ["registered", "registered", "waitlisted"]


async def test_hundred_registrations_from_one_office_address_pass(client):
    slug = await create_event(demo_event_values(capacity=None))
    await client.get(f"/events/{slug}")

    statuses = [
        (
            await post_form(
                client,
                f"/events/{slug}",
                {**PERSON, "email": f"collega{number}@gemeente-haarlem.example"},
                follow_redirects=False,
            )
        ).status_code
        for number in range(100)
    ]

    assert statuses == [303] * 100
    assert await Registration.count() == 100


async def test_one_address_trying_again_and_again_is_slowed_down(client):
    slug = await create_event(demo_event_values(capacity=5))
    await client.get(f"/events/{slug}")
    limit = get_settings().rate_limits.registration_per_email

    statuses = [
        (await post_form(client, f"/events/{slug}", PERSON, follow_redirects=False)).status_code
        for _ in range(limit + 1)
    ]

    assert statuses == [303] + [200] * (limit - 1) + [429]
    assert await Registration.count() == 1


async def test_honeypot_filled_in_writes_nothing(client):
    slug = await create_event(demo_event_values(capacity=5))
    await client.get(f"/events/{slug}")

    response = await post_form(
        client, f"/events/{slug}", {**PERSON, "website": "http://spam.example"}
    )

    assert response.status_code == 200
    assert await Registration.count() == 0
    assert await OutgoingMail.count() == 0
