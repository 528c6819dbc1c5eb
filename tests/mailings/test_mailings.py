"""Composing and sending a mailing: audiences, placeholders, one mail per recipient."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from events.services.registration.core import RegistrationInput, register
from events.tables import Registration
from mailings.enums import MailingState
from mailings.placeholders import fill
from mailings.services.mailings import create_mailing, delivery_counts, get_mailing
from mailings.services.publications import get_publication
from mailings.services.sending import schedule_mailing, send_due_mailings, send_mailing
from mailings.tables import Mailing, MailingDelivery
from tests.conftest import eventually
from tests.mailings.helpers import a_publication, an_event, delivered, event_with_people
from werkplaats.errors import FieldErrors
from werkplaats.tables import OutgoingMail


def values(slug: str, **overrides):
    return {
        "subject": "Dank voor je komst naar {{ evenement }}",
        "body": "Beste {{ voornaam }},\n\nHier is [je pagina]({{ persoonlijke_link }}).",
        "event": slug,
        "who": "all",
        **overrides,
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("all", ["fatima@example.nl", "jan@example.nl", "sanne@example.nl"]),
        ("checked_in", ["fatima@example.nl"]),
        ("absent", ["jan@example.nl", "sanne@example.nl"]),
    ],
)
async def test_event_audience_by_attendance(who, expected):
    slug = await event_with_people(came=1)
    mailing_id = await create_mailing(values(slug, who=who))

    count = await send_mailing(mailing_id)

    rows = await MailingDelivery.select(MailingDelivery.to_address).order_by(
        MailingDelivery.to_address
    )
    assert count == len(expected)
    assert [row["to_address"] for row in rows] == expected


async def test_each_recipient_gets_one_mail_with_their_own_words(client):
    slug = await event_with_people()
    publication = await get_publication(await a_publication(events=[slug]))
    assert publication is not None
    mailing_id = await create_mailing(values(slug, publications=[publication.id]))

    await send_mailing(mailing_id)

    await eventually(lambda: _all_sent(mailing_id))
    [mail] = await delivered(mailing_id, "jan@example.nl")
    assert mail["Subject"] == "Dank voor je komst naar Regionale bijeenkomst voorjaar"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    token = (
        await Registration.select(Registration.token)
        .where(Registration.email == "jan@example.nl")
        .first()
    )["token"]
    assert text.startswith("Beste Jan,")
    assert f"Hier is je pagina (http://testserver.local/r/{token})." in text
    assert f'href="http://testserver.local/r/{token}"' in html
    assert "Handreiking integraal en wijkgericht werken in de K4" in html
    assert "https://werkplaats.example.org/k4.pdf" in text


async def _all_sent(mailing_id: int) -> bool:
    counts = await delivery_counts(mailing_id)
    return counts["sent"] == sum(counts.values())


async def test_sending_twice_at_once_writes_each_delivery_once():
    slug = await event_with_people()
    mailing_id = await create_mailing(values(slug))

    counts = await asyncio.gather(*(send_mailing(mailing_id) for _ in range(4)))

    assert sorted(counts) == [0, 0, 0, 3]
    assert await MailingDelivery.count() == 3
    assert await OutgoingMail.count().where(OutgoingMail.dedupe_key.like("mailing:%")) == 3


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("subject", "Welkom\r\nBcc: iedereen@example.org"),
        ("subject", "Welkom%0d%0aBcc: iedereen@example.org"),
        ("subject", "Welkom\nBcc: iedereen@example.org"),
        ("body", "Beste {{ voornaam }}, tot {{ onbekend }}"),
        ("body", "Beste {{ voornaam }, tot ziens"),
        ("subject", "Beste {{ achternaam }}"),
        ("body", "{{ config.__class__.__init__.__globals__ }}"),  # never run as Jinja
        ("body", "{% for x in range(10**9) %}x{% endfor %}"),
    ],
)
async def test_mailing_with_bad_subject_or_placeholder_is_refused(field, value):
    slug = await an_event()

    with pytest.raises(FieldErrors) as refused:
        await create_mailing(values(slug, **{field: value}))

    assert set(refused.value.errors) == {field}
    assert await Mailing.count() == 0


def test_a_value_that_looks_like_a_template_stays_text():
    filled = fill("Beste {{ voornaam }}", {"voornaam": "{{ 7*7 }}{% if 1 %}x{% endif %}"})

    assert filled == "Beste {{ 7*7 }}{% if 1 %}x{% endif %}"


async def test_event_placeholder_in_a_newsletter_is_refused():
    with pytest.raises(FieldErrors) as refused:
        await create_mailing(values("", newsletter=True))

    assert "{{ evenement }}" in refused.value.errors["subject"]


async def test_mailing_to_nobody_is_refused_and_writes_nothing():
    slug = await an_event()
    mailing_id = await create_mailing(values(slug))

    with pytest.raises(FieldErrors) as refused:
        await send_mailing(mailing_id)

    assert set(refused.value.errors) == {"audience"}
    assert await MailingDelivery.count() == 0
    mailing = await get_mailing(mailing_id)
    assert mailing is not None and mailing.state is MailingState.DRAFT


async def test_mailing_scheduled_in_the_past_is_refused():
    slug = await event_with_people()
    mailing_id = await create_mailing(values(slug))

    with pytest.raises(FieldErrors) as refused:
        await schedule_mailing(mailing_id, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))

    assert set(refused.value.errors) == {"send_at"}


async def test_scheduled_mailing_is_sent_once_its_time_has_come():
    slug = await event_with_people()
    mailing_id = await create_mailing(values(slug))
    await schedule_mailing(mailing_id, dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
    early = await send_due_mailings()
    await Mailing.update({Mailing.send_at: dt.datetime.now(dt.UTC)}).where(Mailing.id == mailing_id)

    on_time = await send_due_mailings()
    again = await send_due_mailings()

    assert (early, on_time, again) == (0, 3, 0)
    mailing = await get_mailing(mailing_id)
    assert mailing is not None and mailing.state is MailingState.SENT


async def test_newsletter_goes_to_those_whose_last_word_was_yes():
    first, second = await an_event(), await an_event(title="Tweede bijeenkomst")
    yes = RegistrationInput(
        name="Fatima el Amrani",
        email="fatima@example.nl",
        privacy_consent=True,
        newsletter_consent=True,
    )
    await register(first, yes)
    await register(
        first, RegistrationInput(name="Jan", email="jan@example.nl", privacy_consent=True)
    )
    await register(
        second,
        RegistrationInput(
            name="Sanne", email="sanne@example.nl", privacy_consent=True, newsletter_consent=True
        ),
    )
    mailing_id = await create_mailing(
        values("", newsletter=True, subject="Nieuws", body="Beste {{ voornaam }},")
    )

    await send_mailing(mailing_id)

    rows = await MailingDelivery.select(MailingDelivery.to_address).order_by(
        MailingDelivery.to_address
    )
    assert [row["to_address"] for row in rows] == ["fatima@example.nl", "sanne@example.nl"]
