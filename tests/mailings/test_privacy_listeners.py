"""A person's newsletter subscription, mailings, evaluations and suppression are in
their data download and go (or lose their name) with an erasure; a suppression stays,
so an address that bounced is still not mailed."""

from __future__ import annotations

import datetime as dt
import json

from events.services.catalogue.events import create_event
from events.services.registration.core import RegistrationInput, register
from events.tables import Event, Registration
from mailings.services.newsletter import subscribe
from mailings.tables import EvaluationAnswer, Mailing, MailingDelivery, Subscriber, Suppression
from tests.conftest import demo_event_values, post_form

FATIMA = "fatima@gemeente-haarlem.example"


async def _fatima_everywhere() -> str:
    """Fatima registered, subscribed, mailed, evaluated with her name, and suppressed
    once; her personal link's token."""
    slug = await create_event(demo_event_values(title="Leeratelier armoede"))
    event = (await Event.select(Event.id).where(Event.slug == slug).first())["id"]
    outcome = await register(
        slug, RegistrationInput(name="Fatima el Amrani", email=FATIMA, privacy_consent=True)
    )
    registration = (await Registration.select(Registration.id).first())["id"]
    await subscribe(FATIMA, name="Fatima el Amrani")
    [mailing] = await Mailing.insert(
        Mailing(subject="Terugblik leeratelier", sent_at=dt.datetime.now(dt.UTC))
    ).returning(Mailing.id)
    await MailingDelivery.insert(
        MailingDelivery(mailing=mailing["id"], to_address=FATIMA, to_name="Fatima el Amrani")
    )
    await EvaluationAnswer.insert(
        EvaluationAnswer(event=event, rating=4, useful="De casus", registration=registration,
                         answered_on=dt.date(2030, 4, 16))
    )  # fmt: skip
    await Suppression.insert(Suppression(email=FATIMA, reason="bounce"))
    return outcome.token


async def test_the_download_holds_what_mailings_keeps_about_the_person(client):
    token = await _fatima_everywhere()

    data = json.loads((await client.get(f"/r/{token}/gegevens.json")).content)

    other = data["other"]
    assert other["newsletter"]["name"] == "Fatima el Amrani"
    assert other["newsletter"]["confirmed_at"] is None  # asked, not confirmed yet
    assert [m["subject"] for m in other["mailings"]] == ["Terugblik leeratelier"]
    assert other["evaluations"] == [
        {"event": "Leeratelier armoede", "rating": 4, "useful": "De casus", "better": "",
         "answered_on": "2030-04-16"}
    ]  # fmt: skip
    assert other["suppression"]["reason"] == "bounce"


async def test_an_erasure_removes_the_subscription_and_the_name_on_deliveries_and_answers(client):
    token = await _fatima_everywhere()

    response = await post_form(client, f"/r/{token}/wissen", {})

    assert response.status_code == 200, response.text
    assert await Subscriber.count() == 0
    [delivery] = await MailingDelivery.select(MailingDelivery.to_address, MailingDelivery.to_name)
    assert delivery == {"to_address": "", "to_name": ""}  # the mailing's count stays
    [answer] = await EvaluationAnswer.select(EvaluationAnswer.rating, EvaluationAnswer.registration)
    assert answer == {"rating": 4, "registration": None}  # the answer stays, anonymous
    assert await Suppression.count() == 1  # still no mail to an address that bounced
