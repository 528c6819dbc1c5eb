"""The reminder some days before an event: to everyone registered, once per person
per start even when the sweeper runs twice at once; a moved event is reminded again
of its new time; a switch per event and its number of days."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest

from events.enums import RegistrationStatus
from events.services.registration.core import RegistrationInput, register
from events.tables import Event, Registration
from mailings import notices
from mailings.automatic import SWEEP_SECONDS, reminder_days, set_reminder_days, set_switch
from mailings.enums import AutomaticMail
from mailings.notices import send_due_reminders
from tests.conftest import eventually, post_form
from tests.mailings.helpers import an_event, mails_to
from werkplaats.enums import Role
from werkplaats.errors import FieldErrors
from werkplaats.tables import OutgoingMail


async def event_in(days: float, *people: str) -> tuple[str, int]:
    slug = await an_event()
    for address in people:
        name = address.split("@")[0].capitalize()
        await register(slug, RegistrationInput(name=name, email=address, privacy_consent=True))
    await move(slug, days)
    event = await Event.select(Event.id).where(Event.slug == slug).first()
    return slug, event["id"]


async def move(slug: str, days: float) -> None:
    starts = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
    await Event.update(
        {Event.starts_at: starts, Event.ends_at: starts + dt.timedelta(hours=3)}
    ).where(Event.slug == slug)


async def reminders() -> list[dict]:
    return await OutgoingMail.select(OutgoingMail.to_address, OutgoingMail.state).where(
        OutgoingMail.dedupe_key.like("event-reminder:%")
    )


async def test_two_sweeps_at_once_remind_each_registered_person_once(client):
    _slug, _id = await event_in(1.5, "jan@example.nl", "fatima@example.nl", "els@example.nl")
    await Registration.update({Registration.status: RegistrationStatus.CANCELLED}).where(
        Registration.email == "els@example.nl"
    )

    await asyncio.gather(send_due_reminders(), send_due_reminders(), send_due_reminders())
    await send_due_reminders()

    rows = await reminders()
    assert sorted(r["to_address"] for r in rows) == ["fatima@example.nl", "jan@example.nl"]
    [mail] = await eventually(lambda: _reminders_to("jan@example.nl"))
    assert mail["Subject"].startswith("Herinnering: ")
    assert mail["Auto-Submitted"] == "auto-generated"
    assert any(part.get_content_type() == "text/calendar" for part in mail.iter_attachments())


async def _reminders_to(address: str):
    return [m for m in mails_to(address) if m["Subject"].startswith("Herinnering")]


async def test_not_yet_due_then_due_with_more_days_and_again_after_a_move(client):
    slug, event_id = await event_in(3, "jan@example.nl")

    await send_due_reminders()
    before = len(await reminders())
    await set_reminder_days(event_id, "4")
    await send_due_reminders()
    after_days = len(await reminders())
    await move(slug, 3.5)
    await send_due_reminders()

    assert (before, after_days, len(await reminders())) == (0, 1, 2)


async def test_switched_off_sends_no_reminder_and_days_keep_the_switch(client):
    _slug, event_id = await event_in(1, "jan@example.nl")

    await set_switch(event_id, AutomaticMail.REMINDER, False)
    await set_reminder_days(event_id, "3")
    await send_due_reminders()

    assert await reminders() == []
    with pytest.raises(FieldErrors) as refused:
        await set_reminder_days(event_id, "0")
    assert "days" in refused.value.errors


async def test_the_backoffice_page_sets_the_days_and_refuses_a_bad_number(client, login):
    await login(Role.ORGANISER)
    slug, event_id = await event_in(10, "jan@example.nl")
    url = f"/beheer/mailings/automatisch/{slug}"

    page = await client.get(url)
    bad = await post_form(client, url, {"on": ["reminder"], "days": "-3"})
    good = await post_form(client, url, {"on": ["reminder"], "days": "5"}, follow_redirects=False)

    assert 'name="days"' in page.text and 'value="2"' in page.text
    assert bad.status_code == 400 and 'id="days-error"' in bad.text
    assert good.status_code in (302, 303)
    assert await reminder_days(event_id) == 5


async def test_the_sweeper_looks_a_quarter_after_the_last_time(client, monkeypatch):
    await event_in(1, "jan@example.nl")
    monkeypatch.setattr(notices.remind_when_due, "last", time.monotonic())

    early = await notices.remind_when_due(0)
    monkeypatch.setattr(notices.remind_when_due, "last", time.monotonic() - SWEEP_SECONDS)
    due = await notices.remind_when_due(0)

    assert (early, due) == (0, 1)
    assert [r["to_address"] for r in await reminders()] == ["jan@example.nl"]
