"""The evaluation: one answer per personal link, anonymous by default, open from the
event's start until some weeks after it, its results in the back office and the API."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import re

from events.services.registration.core import RegistrationInput, register
from events.tables import Event, Registration
from mailings.services.evaluations import (
    OPEN_WEEKS,
    Outcome,
    evaluation_links_for,
    evaluation_results,
    evaluation_summary,
    submit_evaluation,
)
from mailings.services.sending import send_mailing
from mailings.tables import EvaluationAnswer, EvaluationLink, Mailing
from tests.conftest import eventually, post_form
from tests.mailings.helpers import an_event, mails_to
from werkplaats.enums import Role

GOOD = {"rating": "4", "useful": "De casus uit Zaanstad.", "better": "Meer tijd voor vragen."}


async def held_event(*people: tuple[str, str]) -> tuple[str, int, list[int]]:
    """An event held yesterday, with its people registered; (slug, id, registration ids)."""
    slug = await an_event()
    for name, address in people:
        await register(slug, RegistrationInput(name=name, email=address, privacy_consent=True))
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    await Event.update(
        {Event.starts_at: yesterday, Event.ends_at: yesterday + dt.timedelta(hours=3)}
    ).where(Event.slug == slug)
    event = await Event.select(Event.id).where(Event.slug == slug).first()
    ids = [r["id"] for r in await Registration.select(Registration.id).order_by(Registration.id)]
    return slug, event["id"], ids


async def test_an_answer_is_saved_once_and_counted(client):
    _slug, event_id, [jan] = await held_event(("Jan de Boer", "jan@example.nl"))
    token = (await evaluation_links_for(event_id, [jan]))[jan]

    first = await submit_evaluation(token, GOOD)
    second = await submit_evaluation(token, GOOD | {"rating": "1"})

    assert (first, second) == (Outcome.SAVED, Outcome.ALREADY)
    assert await evaluation_summary(event_id) == (1, 4.0)


async def test_an_anonymous_answer_names_nobody_and_its_link_keeps_no_time(client):
    _slug, event_id, [jan, fatima] = await held_event(
        ("Jan de Boer", "jan@example.nl"), ("Fatima el Amrani", "fatima@example.nl")
    )
    links = await evaluation_links_for(event_id, [jan, fatima])

    await submit_evaluation(links[jan], GOOD)
    await submit_evaluation(links[fatima], GOOD | {"rating": "5"}, named=True)

    answers = await EvaluationAnswer.select().order_by(EvaluationAnswer.rating)
    assert [a["registration"] for a in answers] == [None, fatima]
    assert {column._meta.name for column in EvaluationLink._meta.columns} == {
        "id", "event", "registration", "token", "used",
    }  # fmt: skip
    results = await evaluation_results(event_id)
    assert [a["name"] for a in results.answers] == ["", "Fatima el Amrani"]
    assert (results.count, results.mean) == (2, 4.5)
    assert results.distribution == {1: 0, 2: 0, 3: 0, 4: 1, 5: 1}


async def test_two_answers_at_once_through_one_link_save_one(client):
    _slug, event_id, [jan] = await held_event(("Jan de Boer", "jan@example.nl"))
    token = (await evaluation_links_for(event_id, [jan]))[jan]

    outcomes = await asyncio.gather(*(submit_evaluation(token, GOOD) for _ in range(4)))

    assert sorted(outcomes) == sorted([Outcome.SAVED] + [Outcome.ALREADY] * 3)
    assert await EvaluationAnswer.count() == 1


async def test_the_form_closes_some_weeks_after_the_event(client):
    _slug, event_id, [jan] = await held_event(("Jan de Boer", "jan@example.nl"))
    token = (await evaluation_links_for(event_id, [jan]))[jan]
    later = dt.datetime.now(dt.UTC) + dt.timedelta(weeks=OPEN_WEEKS, days=1)

    outcome = await submit_evaluation(token, GOOD, now=later)

    assert outcome is Outcome.CLOSED
    assert await EvaluationAnswer.count() == 0
    assert (await EvaluationLink.select(EvaluationLink.used).first())["used"] is False


async def test_the_page_refuses_a_missing_rating_then_thanks_then_says_it_was_used(client):
    _slug, event_id, [jan] = await held_event(("Jan de Boer", "jan@example.nl"))
    token = (await evaluation_links_for(event_id, [jan]))[jan]

    page = await client.get(f"/evaluatie/{token}")
    missing = await post_form(client, f"/evaluatie/{token}", {"useful": "De casus"})
    saved = await post_form(client, f"/evaluatie/{token}", GOOD)
    again = await client.get(f"/evaluatie/{token}")
    unknown = await client.get("/evaluatie/bestaat-niet")

    assert page.status_code == 200 and 'name="rating"' in page.text
    assert missing.status_code == 400 and 'id="rating-error"' in missing.text
    assert "De casus" in missing.text  # what they wrote stays
    assert saved.status_code == 200 and "Bedankt" in saved.text
    assert again.status_code == 409 and "al beantwoord" in again.text
    assert unknown.status_code == 404
    assert await EvaluationAnswer.count() == 1


async def test_a_mailing_gives_each_attendee_their_own_evaluation_link(client):
    _slug, event_id, [jan, fatima] = await held_event(
        ("Jan de Boer", "jan@example.nl"), ("Fatima el Amrani", "fatima@example.nl")
    )
    rows = await Mailing.insert(
        Mailing(subject="Hoe was het?", body="Vul in: {{ evaluatie_link }}", event=event_id)
    ).returning(Mailing.id)

    await send_mailing(rows[0]["id"])

    [to_jan] = await eventually(lambda: _mails("jan@example.nl"))
    [to_fatima] = await eventually(lambda: _mails("fatima@example.nl"))
    links = await evaluation_links_for(event_id, [jan, fatima])
    assert f"/evaluatie/{links[jan]}" in to_jan.get_body(("plain",)).get_content()
    assert f"/evaluatie/{links[fatima]}" in to_fatima.get_body(("plain",)).get_content()
    assert links[jan] != links[fatima]


async def _mails(address: str):
    return [m for m in mails_to(address) if m["Subject"] == "Hoe was het?"]


async def test_results_in_the_back_office_as_csv_and_in_the_api(client, login, api_headers):
    slug, event_id, [jan, fatima] = await held_event(
        ("Jan de Boer", "jan@example.nl"), ("Fatima el Amrani", "fatima@example.nl")
    )
    links = await evaluation_links_for(event_id, [jan, fatima])
    await submit_evaluation(links[jan], GOOD)
    await submit_evaluation(links[fatima], {"rating": "5", "useful": "Alles"}, named=True)
    headers = await api_headers(Role.ORGANISER)

    api = await client.get(f"/api/v1/events/{slug}/evaluation", headers=headers)
    anonymous = await client.get(f"/api/v1/events/{slug}/evaluation")
    await login(Role.ORGANISER)
    page = await client.get(f"/beheer/mailings/evaluatie/{slug}")
    exported = await client.get(f"/beheer/mailings/evaluatie/{slug}/evaluatie.csv")

    assert api.status_code == 200, api.text
    body = api.json()
    assert (body["count"], body["mean"]) == (2, 4.5)
    assert body["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1}
    assert sorted(a["name"] for a in body["answers"]) == ["", "Fatima el Amrani"]
    assert anonymous.status_code in (401, 403)
    assert page.status_code == 200
    assert "Meer tijd voor vragen." in page.text and re.search(r"4,5", page.text)
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3 and sorted(row[1] for row in rows[1:]) == ["4", "5"]
