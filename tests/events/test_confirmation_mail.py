"""The confirmation mail as a mail server receives it, read back by other parsers.

The outbox row is built into a message exactly as the worker does, delivered over
real SMTP to aiosmtpd, and then taken apart: zbar decodes the inline QR code, and
the strict `ical` and `vobject` parsers read the calendar attachment.
"""

from __future__ import annotations

import email
import io
from email import policy

import vobject
from ical.calendar_stream import IcsCalendarStream
from PIL import Image
from pyzbar.pyzbar import ZBarSymbol, decode

from events.services.catalogue.events import create_event
from events.services.catalogue.listing import get_event
from events.services.registration.core import RegistrationInput, register
from events.tables import Registration
from tests.conftest import demo_event_values
from werkplaats.i18n import TIMEZONE, language
from werkplaats.mail.backends import SmtpBackend
from werkplaats.mail.outbox import build_message, prepared
from werkplaats.render import render
from werkplaats.tables import OutgoingMail


async def _received_confirmation(
    smtp_server, language: str = "nl"
) -> tuple[email.message.EmailMessage, dict]:
    host, port, sink = smtp_server
    slug = await create_event(
        demo_event_values(title="Regionale bijeenkomst voorjaar", capacity=10)
    )
    await register(
        slug,
        RegistrationInput(
            name="Sanne de Jong",
            email="sanne@wijkteam.example",
            privacy_consent=True,
            language=language,
        ),
    )
    registration = await Registration.select().first()
    row = (
        await OutgoingMail.select()
        .where(OutgoingMail.dedupe_key.like(f"registration:{registration['id']}:%"))
        .output(load_json=True)
        .first()
    )

    await SmtpBackend(host=host, port=port, security="plain").deliver(
        build_message(await prepared(row)), name="x"
    )

    [envelope] = sink.messages
    assert envelope.rcpt_tos == ["sanne@wijkteam.example"]
    return email.message_from_bytes(envelope.content, policy=policy.default), registration


async def test_confirmation_mail_qr_code_decodes_to_the_ticket_code(smtp_server):
    message, registration = await _received_confirmation(smtp_server)

    [image] = [part for part in message.walk() if part.get_content_type() == "image/png"]
    symbols = decode(Image.open(io.BytesIO(image.get_content())), symbols=[ZBarSymbol.QRCODE])

    assert [s.data.decode() for s in symbols] == [f"WPS1:{registration['ticket_code']}"]
    cid = image["Content-ID"].strip("<>")
    assert f"cid:{cid}" in message.get_body(("html",)).get_content()


async def test_confirmation_mail_calendar_parses_in_two_independent_parsers(smtp_server):
    message, _registration = await _received_confirmation(smtp_server)

    [attachment] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    text = attachment.get_content()
    strict = IcsCalendarStream.calendar_from_ics(text)
    loose = vobject.readOne(text)

    [event] = strict.events
    assert event.summary == "Regionale bijeenkomst voorjaar"
    assert event.dtstart.astimezone(TIMEZONE).strftime("%Y-%m-%d %H:%M") == "2030-04-16 13:30"
    assert loose.vevent.dtstart.value.astimezone(TIMEZONE).hour == 13
    assert loose.vevent.uid.value == event.uid


async def test_confirmation_mail_links_the_personal_page_in_the_registrants_language(smtp_server):
    message, registration = await _received_confirmation(smtp_server, language="en")

    body = message.get_body(("plain",)).get_content()

    assert f"/r/{registration['token']}" in body
    assert message["Subject"] == "You are registered for Regionale bijeenkomst voorjaar"
    assert message["Content-Language"] == "en"


async def test_plain_text_mail_puts_where_and_online_on_lines_of_their_own():
    slug = await create_event(
        demo_event_values(
            venue={"name": "Pletterij", "address": "Lange Herenvest 122", "city": "Haarlem"},
            online_url="https://meet.example/werkplaats",
        )
    )
    event = await get_event(slug)

    with language("nl"):
        text = render("mail/_event.txt", event=event)

    lines = text.splitlines()
    assert lines[2].startswith("Waar: Pletterij, Lange Herenvest 122")
    assert lines[3] == "Online: de link staat op je persoonlijke pagina"
