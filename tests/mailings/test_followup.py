"""The follow-up after an event: the morning after its last day, to those who came,
with its publications, the certificate link and the evaluation link; made once
even when two sweeps run at once; a draft, or sent by itself, or nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
from email import policy

import pytest

from events.tables import Event, Registration
from mailings.automatic import followup_mode, set_followup_mode
from mailings.enums import AudienceWho, FollowupMode, MailingState
from mailings.followup import followup_moment, make_due_followups
from mailings.services.mailings import delivery_counts
from mailings.tables import Mailing, MailingDelivery
from tests.conftest import eventually, post_form
from tests.mailings.helpers import a_publication, event_with_people
from werkplaats.enums import Role
from werkplaats.i18n import TIMEZONE
from werkplaats.settings import get_settings


async def event_that_ended(ago: dt.timedelta, *, came: int = 2) -> tuple[str, int]:
    """An event with three registered, the first `came` checked in, that ended `ago`."""
    slug = await event_with_people(came=came)
    event_id = (await Event.select(Event.id).where(Event.slug == slug).first())["id"]
    ends = dt.datetime.now(dt.UTC) - ago
    await Event.update({Event.starts_at: ends - dt.timedelta(hours=3), Event.ends_at: ends}).where(
        Event.id == event_id
    )
    return slug, event_id


async def followups() -> list[dict]:
    return await Mailing.select().where(Mailing.made_for.like("followup:%"))


@pytest.mark.parametrize(
    ("ends", "expected"),
    [
        (dt.datetime(2027, 3, 10, 17, 0, tzinfo=TIMEZONE), dt.datetime(2027, 3, 11, 9, 0)),
        # 00.30 in Amsterdam is the next day already: the morning after that one.
        (dt.datetime(2027, 3, 10, 23, 30, tzinfo=dt.UTC), dt.datetime(2027, 3, 12, 9, 0)),
        # Summer time: still nine o'clock on the clock in Amsterdam.
        (dt.datetime(2027, 6, 30, 16, 0, tzinfo=TIMEZONE), dt.datetime(2027, 7, 1, 9, 0)),
    ],
)
def test_followup_moment_is_nine_the_morning_after_the_last_day(ends, expected):
    moment = followup_moment(ends)

    assert moment.astimezone(TIMEZONE).replace(tzinfo=None) == expected


async def test_draft_is_made_once_the_morning_after_for_those_who_came(client):
    slug, event_id = await event_that_ended(dt.timedelta(hours=1))
    guide = await a_publication(events=[slug])
    other = await a_publication(title="Column over de wijk", kind="column", events=[])

    too_early = await make_due_followups()
    await Event.update({Event.ends_at: dt.datetime.now(dt.UTC) - dt.timedelta(days=2)}).where(
        Event.id == event_id
    )
    await asyncio.gather(make_due_followups(), make_due_followups(), make_due_followups())
    await make_due_followups()

    assert too_early == 0
    [mailing] = await followups()
    assert mailing["made_for"] == f"followup:{event_id}"
    assert (mailing["event"], mailing["who"]) == (event_id, AudienceWho.CHECKED_IN.value)
    assert mailing["state"] == MailingState.DRAFT.value
    assert mailing["subject"] == "Bedankt voor je komst: {{ evenement }}"
    assert "{{ certificaat_link }}" in mailing["body"]
    assert "{{ evaluatie_link }}" in mailing["body"]
    ids = [int(i) for i in mailing["publication_ids"].split(",")]
    guide_id = (await Mailing.raw("SELECT id FROM publication WHERE slug = {}", guide))[0]["id"]
    other_id = (await Mailing.raw("SELECT id FROM publication WHERE slug = {}", other))[0]["id"]
    assert guide_id in ids and other_id not in ids
    assert await MailingDelivery.count() == 0  # a draft sends nothing


async def test_switched_off_makes_no_followup(client):
    _slug, event_id = await event_that_ended(dt.timedelta(days=2))
    await set_followup_mode(event_id, FollowupMode.OFF)

    await make_due_followups()

    assert await followups() == []
    assert await followup_mode(event_id) is FollowupMode.OFF


async def test_sent_by_itself_reaches_each_attendee_once_over_smtp(
    client, smtp_server, monkeypatch
):
    host, port, sink = smtp_server
    monkeypatch.setenv("SMTP_URL", f"smtp://{host}:{port}")
    get_settings.cache_clear()
    try:
        slug, event_id = await event_that_ended(dt.timedelta(days=2))
        await a_publication(events=[slug])
        await set_followup_mode(event_id, FollowupMode.SEND)

        await asyncio.gather(make_due_followups(), make_due_followups())
        [mailing] = await followups()
        await eventually(lambda: _all_sent(mailing["id"], 2))
    finally:
        monkeypatch.delenv("SMTP_URL")
        get_settings.cache_clear()

    ids = {r["message_id"] for r in await MailingDelivery.raw(_MESSAGE_IDS, mailing["id"])}
    received = [email.message_from_bytes(e.content, policy=policy.default) for e in sink.messages]
    followup = [m for m in received if m["Message-ID"] in ids]
    assert sorted(str(m["To"]) for m in followup) == [
        "Fatima el Amrani <fatima@example.nl>",
        "Jan de Boer <jan@example.nl>",
    ]
    fatima = await Registration.select().where(Registration.email == "fatima@example.nl").first()
    message = next(m for m in followup if "fatima" in str(m["To"]))
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    base = get_settings().base_url
    assert message["Subject"] == "Bedankt voor je komst: Regionale bijeenkomst voorjaar"
    assert message["Auto-Submitted"] == "auto-generated"
    assert f"{base}/r/{fatima['token']}/certificate.pdf" in text
    assert f"{base}/evaluatie/" in text
    assert "https://werkplaats.example.org/k4.pdf" in text
    assert 'href="https://werkplaats.example.org/k4.pdf"' in html
    assert "Handreiking integraal en wijkgericht werken in de K4" in html


_MESSAGE_IDS = """
SELECT o.message_id FROM mailing_delivery d JOIN outgoing_mail o ON o.id = d.outgoing_mail
WHERE d.mailing = {}
"""


async def _all_sent(mailing_id: int, n: int) -> bool:
    counts = await delivery_counts(mailing_id)
    return counts["sent"] == n and sum(counts.values()) == n


async def test_the_backoffice_page_chooses_what_happens_the_morning_after(client, login):
    await login(Role.ORGANISER)
    slug, event_id = await event_that_ended(dt.timedelta(hours=1))
    url = f"/beheer/mailings/automatisch/{slug}"

    page = await client.get(url)
    saved = await post_form(
        client, url, {"on": ["reminder"], "days": "2", "followup": "send"}, follow_redirects=False
    )

    assert 'id="followup-draft" name="followup" value="draft" checked' in page.text
    assert saved.status_code in (302, 303)
    assert await followup_mode(event_id) is FollowupMode.SEND
    assert "followup-send" in (await client.get(url)).text


async def test_sent_by_itself_but_nobody_came_stays_a_draft(client):
    _slug, event_id = await event_that_ended(dt.timedelta(days=2), came=0)
    await set_followup_mode(event_id, FollowupMode.SEND)

    await make_due_followups()
    await make_due_followups()

    [mailing] = await followups()
    assert mailing["state"] == MailingState.DRAFT.value
    assert await MailingDelivery.count() == 0
