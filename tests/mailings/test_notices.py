"""Automatic notices: an event moved (new .ics, SEQUENCE raised) or cancelled reaches
everyone registered, waiting or pending once; a switch per event turns one off."""

from __future__ import annotations

import datetime as dt

import icalendar

from events.enums import EventStatus
from events.services.catalogue.events import update_event
from events.services.registration.core import RegistrationInput, register
from events.tables import Event, Registration
from mailings.automatic import set_switch
from mailings.enums import AutomaticMail
from tests.conftest import eventually, post_form
from tests.mailings.helpers import an_event, mails_to
from werkplaats.enums import Role
from werkplaats.i18n import TIMEZONE
from werkplaats.tables import OutgoingMail


async def event_for(*people: str, capacity: int = 100) -> str:
    slug = await an_event(capacity=capacity)
    for address in people:
        name = address.split("@")[0].capitalize()
        await register(slug, RegistrationInput(name=name, email=address, privacy_consent=True))
    return slug


async def notices(kind: str) -> list[dict]:
    return await OutgoingMail.select().where(OutgoingMail.dedupe_key.like(f"event-{kind}:%"))


async def sent_notices(kind: str, n: int) -> list[dict]:
    rows = await notices(kind)
    return rows if len(rows) == n and all(r["state"] == "sent" for r in rows) else []


async def test_moved_event_tells_registered_and_waiting_with_the_new_calendar(client):
    slug = await event_for("anne@example.nl", "bram@example.nl", capacity=1)
    later = dt.datetime(2030, 4, 16, 15, 0, tzinfo=TIMEZONE)

    await update_event(slug, {"starts_at": later, "ends_at": later + dt.timedelta(hours=2)})
    await update_event(slug, {"summary": "Een andere samenvatting"})  # not a move

    rows = await eventually(lambda: sent_notices("moved", 2))
    assert sorted(r["to_address"] for r in rows) == ["anne@example.nl", "bram@example.nl"]
    ids = {r["message_id"] for r in rows}
    [mail] = [m for m in mails_to("bram@example.nl") if m["Message-ID"] in ids]
    assert mail["Auto-Submitted"] == "auto-generated"
    [ics] = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    calendar = icalendar.Calendar.from_ical(ics.get_content())
    [vevent] = calendar.walk("VEVENT")
    sequence = (await Event.select(Event.sequence).where(Event.slug == slug).first())["sequence"]
    assert int(vevent["SEQUENCE"]) == sequence == 1
    assert vevent.decoded("DTSTART").astimezone(TIMEZONE).hour == 15
    text = mail.get_body(("plain",)).get_content()
    assert "15.00" in text


async def test_cancelled_event_tells_everyone_once(client):
    slug = await event_for("anne@example.nl", "bram@example.nl", capacity=1)
    await Registration.update({Registration.status: "cancelled"}).where(
        Registration.email == "anne@example.nl"
    )

    await update_event(slug, {"status": EventStatus.CANCELLED})
    await update_event(slug, {"status": EventStatus.CANCELLED})

    rows = await eventually(lambda: sent_notices("cancelled", 1))
    assert [r["to_address"] for r in rows] == ["bram@example.nl"]
    assert await notices("moved") == []


async def test_switched_off_notice_is_not_sent(client):
    slug = await event_for("anne@example.nl")
    event_id = (await Event.select(Event.id).where(Event.slug == slug).first())["id"]
    await set_switch(event_id, AutomaticMail.CANCELLED, False)

    await update_event(slug, {"status": EventStatus.CANCELLED})

    assert await notices("cancelled") == []


async def test_text_part_has_where_and_online_on_lines_of_their_own(client):
    slug = await event_for(
        "anne@example.nl",
    )
    await update_event(
        slug,
        {
            "venue": {
                "name": "Wijkcentrum Schalkwijk",
                "address": "Fie Carelsenplein 2",
                "city": "Haarlem",
            },
            "online_url": "https://meet.example.org/x",
        },
    )

    [row] = await eventually(lambda: sent_notices("moved", 1))
    lines = row["body_text"].splitlines()
    assert "Waar: Wijkcentrum Schalkwijk, Fie Carelsenplein 2, Haarlem" in lines
    assert any(line.startswith("Online: ") for line in lines)


async def test_backoffice_switch_turns_a_notice_off(client, login):
    await login(Role.ORGANISER)
    slug = await event_for("anne@example.nl")

    page = await client.get(f"/beheer/mailings/automatisch/{slug}")
    await post_form(client, f"/beheer/mailings/automatisch/{slug}", {"on": "moved"})
    await update_event(slug, {"status": EventStatus.CANCELLED})

    assert 'value="cancelled" checked' in page.text
    assert await notices("cancelled") == []
