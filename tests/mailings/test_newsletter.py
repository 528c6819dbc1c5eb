"""The newsletter: double opt-in, consent rows, preferences, one-click unsubscribe,
and the suppression list that every send honours."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from events.enums import ConsentKind
from events.services.registration.core import RegistrationInput, register
from events.tables import Consent, Theme
from mailings.services.mailings import create_mailing, delivery_counts, get_mailing
from mailings.services.newsletter import WORDING_VERSION, tokens_for, wants_newsletter
from mailings.services.sending import send_mailing
from mailings.services.suppression import import_suppressions
from mailings.tables import MailingDelivery, Subscriber
from tests.conftest import eventually, post_form
from tests.mailings.helpers import a_theme, an_event, delivered, mails_to
from werkplaats.errors import FieldErrors

NEWS = {
    "subject": "Nieuws uit de Leerateliers",
    "body": "Beste {{ voornaam }},",
    "newsletter": True,
}


async def confirm_link(address: str) -> str:
    """The link in the newest confirmation mail to `address` (the mail folder keeps
    those of earlier tests)."""
    tokens = {row["confirm_token"] for row in await Subscriber.select(Subscriber.confirm_token)}

    async def link():
        for mail in reversed(mails_to(address)):
            found = re.search(
                r"/nieuwsbrief/bevestig/[\w-]+", mail.get_body(("plain",)).get_content()
            )
            if found and found.group(0).rsplit("/", 1)[1] in tokens:
                return found.group(0)
        return None

    return await eventually(link)


async def test_double_opt_in_subscribes_once_with_its_consent(client):
    theme = await a_theme()

    asked = await post_form(
        client, "/nieuwsbrief", {"email": "Anne@Example.nl", "name": "Anne", "themes": theme}
    )
    link = await confirm_link("anne@example.nl")
    before = await wants_newsletter()
    page = await client.get(link)
    first = await post_form(client, link, {})
    second = await post_form(client, link, {})

    assert asked.status_code == 200
    assert before == set()
    assert "<form" in page.text and await wants_newsletter() == {"anne@example.nl"}
    assert first.status_code == 200 and second.status_code == 200
    assert "nothing changed" in second.text or "niets veranderd" in second.text
    consents = await Consent.select().where(Consent.kind == ConsentKind.NEWSLETTER.value)
    assert [(c["given"], c["source"], c["wording_version"]) for c in consents] == [
        (True, "double opt-in", WORDING_VERSION)
    ]


async def test_expired_or_unknown_confirmation_link_is_refused(client):
    await post_form(client, "/nieuwsbrief", {"email": "anne@example.nl"})
    link = await confirm_link("anne@example.nl")
    await Subscriber.update(
        {Subscriber.confirm_expires_at: dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)}
    ).where(Subscriber.email == "anne@example.nl")

    expired = await post_form(client, link, {})
    unknown = await post_form(client, "/nieuwsbrief/bevestig/bestaat-niet", {})

    assert expired.status_code == 410 and unknown.status_code == 410
    assert await wants_newsletter() == set()


async def test_subscribe_with_a_bad_address_rerenders_the_form(client):
    response = await post_form(client, "/nieuwsbrief", {"email": "anne@", "name": "A\nB"})

    assert response.status_code == 400
    assert 'id="email-error"' in response.text and 'id="name-error"' in response.text
    assert await Subscriber.count() == 0


async def newsletter_reader(client, address: str = "fatima@example.nl") -> str:
    slug = await an_event()
    await register(
        slug,
        RegistrationInput(
            name="Fatima el Amrani", email=address, privacy_consent=True, newsletter_consent=True
        ),
    )
    return slug


async def test_newsletter_has_one_click_unsubscribe_that_works_without_cookies(client):
    await newsletter_reader(client)
    mailing_id = await create_mailing(NEWS)
    await send_mailing(mailing_id)
    await eventually(lambda: _sent(mailing_id, 1))
    [mail] = await delivered(mailing_id, "fatima@example.nl")
    url = re.fullmatch(r"<(.+)>", mail["List-Unsubscribe"].strip()).group(1)
    path = url.removeprefix("http://testserver.local")
    client.cookies.clear()

    shown = await client.get(path)
    first = await client.post(path, data={"List-Unsubscribe": "One-Click"}, follow_redirects=False)
    again = await client.post(path, data={"List-Unsubscribe": "One-Click"}, follow_redirects=False)

    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert shown.status_code == 200 and "<form" in shown.text
    assert (first.status_code, again.status_code) == (200, 200)
    assert await wants_newsletter() == set()
    withdrawals = await Consent.select().where(
        (Consent.kind == ConsentKind.NEWSLETTER.value)
        & (Consent.given == False)  # noqa: E712
        & (Consent.source == "one-click")
    )
    assert len(withdrawals) == 1


async def _sent(mailing_id: int, n: int) -> bool:
    return (await delivery_counts(mailing_id))["sent"] == n


async def test_unsubscribed_reader_still_gets_mail_about_their_event(client):
    slug = await newsletter_reader(client)
    first = await create_mailing(NEWS)
    await send_mailing(first)
    await eventually(lambda: _sent(first, 1))
    subscriber = await Subscriber.select(Subscriber.token).first()
    await client.post(f"/afmelden/{subscriber['token']}")

    later_news = await create_mailing(NEWS | {"subject": "Meer nieuws"})
    about_event = await create_mailing(
        {"subject": "Praktische informatie", "body": "Beste {{ voornaam }}", "event": slug}
    )
    with pytest.raises(FieldErrors) as nobody:
        await send_mailing(later_news)
    event_count = await send_mailing(about_event)

    assert set(nobody.value.errors) == {"audience"}
    assert event_count == 1


async def test_suppressed_address_gets_no_mail_from_any_mailing(client):
    slug = await newsletter_reader(client)
    await register(
        slug, RegistrationInput(name="Jan de Boer", email="jan@example.nl", privacy_consent=True)
    )
    added = await import_suppressions(
        "Final-Recipient: rfc822; FATIMA@example.nl\nStatus: 5.1.1\nfatima@example.nl"
    )
    mailing_id = await create_mailing(
        {"subject": "Praktische informatie", "body": "Beste {{ voornaam }}", "event": slug}
    )

    await send_mailing(mailing_id)

    assert added == 1
    await eventually(lambda: _sent(mailing_id, 1))
    counts = await delivery_counts(mailing_id)
    assert (counts["sent"], counts["suppressed"]) == (1, 1)
    assert await delivered(mailing_id, "fatima@example.nl") == []
    assert await MailingDelivery.count() == 2


async def test_preferences_page_changes_themes_and_a_theme_newsletter_follows_them(client):
    first, second = await a_theme("Inclusieve wijk"), await a_theme("Blended hulpverlening")
    await post_form(client, "/nieuwsbrief", {"email": "anne@example.nl", "themes": first})
    await post_form(client, await confirm_link("anne@example.nl"), {})
    token = (await Subscriber.select(Subscriber.token).first())["token"]
    theme_id = (await Theme.select(Theme.id).where(Theme.slug == second).first())["id"]

    page = await client.get(f"/nieuwsbrief/{token}")
    saved = await post_form(client, f"/nieuwsbrief/{token}", {"themes": second})
    mailing_id = await create_mailing(NEWS | {"theme": second})
    await send_mailing(mailing_id)

    assert f'id="theme-{first}" name="themes" value="{first}" checked' in page.text
    assert saved.status_code == 200
    assert f'value="{second}" checked' in saved.text
    rows = await MailingDelivery.select(MailingDelivery.to_address)
    assert [row["to_address"] for row in rows] == ["anne@example.nl"]
    assert (await get_mailing(mailing_id)).theme_id == theme_id
    assert await wants_newsletter() == {"anne@example.nl"}


async def test_unsubscribe_page_shows_a_button_and_changes_nothing(client):
    await newsletter_reader(client)
    [token] = (await tokens_for(["fatima@example.nl"])).values()

    page = await client.get(f"/afmelden/{token}")
    unknown = await client.get("/afmelden/onbekend")

    assert page.status_code == 200
    assert f'<form method="post" action="/afmelden/{token}">' in page.text
    assert await wants_newsletter() == {"fatima@example.nl"}
    assert unknown.status_code == 404


async def test_a_reader_downloads_and_erases_their_data_from_the_preferences_page(client):
    await newsletter_reader(client)
    [token] = (await tokens_for(["fatima@example.nl"])).values()

    page = await client.get(f"/nieuwsbrief/{token}")
    download = await client.get(f"/nieuwsbrief/{token}/gegevens.json")
    ask = await client.get(f"/nieuwsbrief/{token}/wissen")
    erased = await post_form(client, f"/nieuwsbrief/{token}/wissen", {})
    after = await client.get(f"/nieuwsbrief/{token}")

    assert f'href="/nieuwsbrief/{token}/gegevens.json"' in page.text
    assert "no-store" in download.headers["cache-control"]
    assert download.json()["email"] == "fatima@example.nl"
    assert download.json()["other"]["newsletter"]["confirmed_at"] is not None
    assert "fatima@example.nl" in ask.text
    assert erased.status_code == 200 and "Je gegevens zijn gewist" in erased.text
    assert await Subscriber.count() == 0
    assert await wants_newsletter() == set()
    assert after.status_code == 404
