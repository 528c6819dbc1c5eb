"""Editable texts of the automatic mails: the event's own beats the network's,
which beats the built-in one; an unknown placeholder is refused at save with a
message at the field; the mails that go use the text as edited."""

from __future__ import annotations

import datetime as dt

import pytest

from events.enums import EventStatus
from events.services.catalogue.events import update_event
from events.tables import Event
from mailings.automatic import set_followup_mode
from mailings.automatic_texts import (
    automatic_text,
    reset_automatic_text,
    save_automatic_text,
)
from mailings.enums import AutomaticMail, FollowupMode
from mailings.followup import make_due_followups
from mailings.notices import send_due_reminders
from mailings.tables import AutomaticText, Mailing
from tests.conftest import eventually, post_form
from tests.mailings.helpers import event_with_people, mails_to
from werkplaats.enums import Role
from werkplaats.errors import FieldErrors

REMINDER = AutomaticMail.REMINDER


async def event_id_of(slug: str) -> int:
    return (await Event.select(Event.id).where(Event.slug == slug).first())["id"]


async def test_event_text_beats_network_text_beats_built_in(client):
    event_id = await event_id_of(await event_with_people())

    built_in = await automatic_text(REMINDER, event_id)
    await save_automatic_text(REMINDER, None, subject="Netwerk: {{ evenement }}", body="Tot dan!")
    network = await automatic_text(REMINDER, event_id)
    await save_automatic_text(REMINDER, event_id, subject="Eigen: {{ evenement }}", body="Hoi")
    own = await automatic_text(REMINDER, event_id)
    await reset_automatic_text(REMINDER, event_id)
    after_reset = await automatic_text(REMINDER, event_id)

    assert (built_in.source, built_in.subject) == ("built_in", "Herinnering: {{ evenement }}")
    assert (network.source, network.subject) == ("network", "Netwerk: {{ evenement }}")
    assert (own.source, own.subject, own.body) == ("event", "Eigen: {{ evenement }}", "Hoi")
    assert after_reset == network


@pytest.mark.parametrize(
    ("subject", "body", "field", "message"),
    [
        ("Hallo {{ achternaam }}", "Tekst", "subject", "Onbekend invulveld: {{ achternaam }}"),
        ("Hallo", "Zie {{ link }}", "body", "Onbekend invulveld: {{ link }}"),
        ("Twee\r\nBcc: x@example.org", "Tekst", "subject", "Een onderwerp is één regel"),
        ("Hallo", "", "body", "Schrijf het bericht."),
    ],
)
async def test_bad_text_is_refused_at_save_and_nothing_kept(client, subject, body, field, message):
    with pytest.raises(FieldErrors) as refused:
        await save_automatic_text(REMINDER, None, subject=subject, body=body)

    assert list(refused.value.errors) == [field]
    assert refused.value.errors[field].startswith(message)
    assert await AutomaticText.count() == 0


async def test_the_page_refuses_an_unknown_placeholder_at_the_field_and_resets(client, login):
    await login(Role.ORGANISER)
    slug = await event_with_people()
    url = f"/beheer/mailings/teksten/cancelled/{slug}"

    page = await client.get(url)
    bad = await post_form(client, url, {"subject": "Afgelast", "body": "Beste {{ vrnaam }}"})
    good = await post_form(
        client,
        url,
        {"subject": "Afgelast: {{ evenement }}", "body": "Helaas."},
        follow_redirects=False,
    )
    saved = await client.get(url)
    reset = await post_form(client, url, {"action": "reset"}, follow_redirects=False)

    assert "Gaat niet door: {{ evenement }}" in page.text
    assert bad.status_code == 400
    assert 'id="body-error"' in bad.text and "Onbekend invulveld: {{ vrnaam }}" in bad.text
    assert "Beste {{ vrnaam }}" in bad.text  # what they typed stays in the form
    assert good.status_code in (302, 303) and reset.status_code in (302, 303)
    assert "Afgelast: {{ evenement }}" in saved.text
    assert await AutomaticText.count() == 0


async def test_reminder_and_cancellation_go_with_the_edited_text(client):
    slug = await event_with_people()
    event_id = await event_id_of(slug)
    await save_automatic_text(
        REMINDER,
        event_id,
        subject="Tot overmorgen, {{ voornaam }}",
        body="Hoi {{ voornaam }},\n\nWe zien je bij **{{ evenement }}**.",
    )
    await save_automatic_text(
        AutomaticMail.CANCELLED,
        None,
        subject="Afgelast: {{ evenement }}",
        body="Helaas, {{ naam }}.",
    )
    starts = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    await Event.update(
        {Event.starts_at: starts, Event.ends_at: starts + dt.timedelta(hours=2)}
    ).where(Event.id == event_id)

    await send_due_reminders()
    await update_event(slug, {"status": EventStatus.CANCELLED})

    mails = await eventually(lambda: _two_mails("jan@example.nl"))
    reminder = next(m for m in mails if m["Subject"].startswith("Tot overmorgen"))
    cancelled = next(m for m in mails if m["Subject"].startswith("Afgelast"))
    assert reminder["Subject"] == "Tot overmorgen, Jan"
    assert (
        "We zien je bij Regionale bijeenkomst voorjaar."
        in reminder.get_body(("plain",)).get_content()
    )
    assert (
        "<strong>Regionale bijeenkomst voorjaar</strong>"
        in reminder.get_body(("html",)).get_content()
    )
    assert cancelled["Subject"] == "Afgelast: Regionale bijeenkomst voorjaar"
    assert "Helaas, Jan de Boer." in cancelled.get_body(("plain",)).get_content()


async def _two_mails(address: str):
    found = [
        m for m in mails_to(address) if m["Subject"].startswith(("Tot overmorgen", "Afgelast"))
    ]
    return found if len(found) == 2 else None


async def test_followup_is_made_with_the_network_text(client):
    slug = await event_with_people()
    event_id = await event_id_of(slug)
    ended = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    await Event.update(
        {Event.starts_at: ended - dt.timedelta(hours=2), Event.ends_at: ended}
    ).where(Event.id == event_id)
    await set_followup_mode(event_id, FollowupMode.DRAFT)
    await save_automatic_text(
        AutomaticMail.FOLLOWUP,
        None,
        subject="Terugblik: {{ evenement }}",
        body="Dank, {{ voornaam }}! [Je bewijs]({{ certificaat_link }})",
    )

    await make_due_followups()

    [mailing] = await Mailing.select().where(Mailing.event == event_id)
    assert mailing["subject"] == "Terugblik: {{ evenement }}"
    assert mailing["body"] == "Dank, {{ voornaam }}! [Je bewijs]({{ certificaat_link }})"
