"""The registration JSON API: POST /api/v1/events/{slug}/registrations (public), and
GET / DELETE /api/v1/registrations/{token} for the registrant's own link."""

from __future__ import annotations

import datetime as dt
from typing import Any

from events.enums import EventStatus, QuestionKind, RegistrationStatus
from events.services.catalogue.events import create_event
from events.tables import Answer, Consent, Event, Question, Registration
from tests.conftest import demo_event_values, eventually
from tests.events.helpers import in_language
from werkplaats.enums import MailState
from werkplaats.mail import MailNotWanted
from werkplaats.mail.outbox import prepared
from werkplaats.tables import OutgoingMail

PERSON = {
    "name": "Fatima el Amrani",
    "email": "Fatima@Gemeente-Haarlem.example",
    "privacy_consent": True,
    "organisation": "Gemeente Haarlem",
    "organisation_type": "gemeente",
    "registerplein_number": "4610 12345",
}


def url(slug: str) -> str:
    return f"/api/v1/events/{slug}/registrations"


def person(**overrides: Any) -> dict[str, Any]:
    return {**PERSON, **overrides}


async def written() -> dict[str, int]:
    """Rows a registration writes; an error must leave every count as it was."""
    return {
        "registrations": await Registration.count(),
        "answers": await Answer.count(),
        "consents": await Consent.count(),
        "mails": await OutgoingMail.count(),
    }


async def mails(template: str) -> list[dict[str, Any]]:
    """The mails as they are sent (rendered now if the worker has not yet), in the
    order written: PostgreSQL returns rows the worker has updated since in any order."""
    rows = await OutgoingMail.select().order_by(OutgoingMail.id).output(load_json=True)
    sent = []
    for row in rows:
        try:
            sent.append(await prepared(row))
        except MailNotWanted:  # superseded by a later change: not sent
            continue
    return [row for row in sent if row["template"] == template]


async def token_of(email: str) -> str:
    row = await Registration.select(Registration.token).where(Registration.email == email).first()
    return row["token"]


async def add_question(slug: str, **values: Any) -> int:
    event = await Event.select(Event.id).where(Event.slug == slug).first()
    rows = await Question.insert(Question(event=event["id"], max_length=500, **values)).returning(
        Question.id
    )
    return rows[0]["id"]


def keys_anywhere(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_anywhere(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_anywhere(v)}
    return set()


# --- POST /api/v1/events/{slug}/registrations ---------------------------------------


async def test_api_register_is_201_registered_and_writes_row_consents_and_mail(client):
    slug = await create_event(demo_event_values(capacity=5))

    response = await client.post(url(slug), json=person(newsletter_consent=True))

    assert (response.status_code, response.json()) == (
        201,
        {"status": "registered", "position": None},
    )
    row = await Registration.select().first()
    assert {k: row[k] for k in ("status", "name", "email", "registerplein_number")} == {
        "status": RegistrationStatus.REGISTERED,
        "name": "Fatima el Amrani",
        "email": "fatima@gemeente-haarlem.example",
        "registerplein_number": "461012345",
    }
    assert (row["source"], row["language"]) == ("api", "nl")
    consents = await Consent.select(Consent.kind, Consent.given, Consent.source).order_by(
        Consent.kind
    )
    assert consents == [
        {"kind": "newsletter", "given": True, "source": "api"},
        {"kind": "privacy", "given": True, "source": "api"},
    ]
    [mail] = await mails("registration_registered")
    assert (mail["to_address"], mail["to_name"], mail["language"]) == (
        "fatima@gemeente-haarlem.example",
        "Fatima el Amrani",
        "nl",
    )
    assert f"/r/{row['token']}" in mail["body_text"]
    assert row["token"] not in response.text  # the link goes by mail only


async def test_api_register_confirmation_mail_is_sent_by_the_worker(client):
    slug = await create_event(demo_event_values(capacity=5))

    await client.post(url(slug), json=person())

    async def sent() -> bool:
        [mail] = await mails("registration_registered")
        return mail["state"] == MailState.SENT

    assert await eventually(sent)


async def test_api_register_when_full_is_waitlisted_with_position(client):
    slug = await create_event(demo_event_values(capacity=1))
    await client.post(url(slug), json=person())

    second = await client.post(url(slug), json=person(email="jan@dock.example", name="Jan"))
    third = await client.post(url(slug), json=person(email="noor@mee.example", name="Noor"))

    assert (second.status_code, second.json()) == (201, {"status": "waitlisted", "position": 1})
    assert (third.status_code, third.json()) == (201, {"status": "waitlisted", "position": 2})
    assert [m["to_address"] for m in await mails("registration_waitlisted")] == [
        "jan@dock.example",
        "noor@mee.example",
    ]


async def test_api_register_on_moderated_event_is_pending(client):
    slug = await create_event(demo_event_values(moderated=True))

    response = await client.post(url(slug), json=person())

    assert (response.status_code, response.json()) == (201, {"status": "pending", "position": None})
    assert (await Registration.select(Registration.status).first())["status"] == "pending"


async def test_api_register_same_email_again_answers_as_the_first_and_takes_no_seat(client):
    slug = await create_event(demo_event_values(capacity=5))
    first = await client.post(url(slug), json=person())

    again = await client.post(url(slug), json=person(email="fatima@gemeente-haarlem.example "))

    # The same answer: nobody learns from it that this address was registered before.
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert again.json() == {"status": "registered", "position": None}
    assert await Registration.count() == 1
    [link] = await mails("registration_link")
    assert link["to_address"] == "fatima@gemeente-haarlem.example"
    assert f"/r/{await token_of('fatima@gemeente-haarlem.example')}" in link["body_text"]


async def test_api_register_again_on_the_waiting_list_answers_with_its_place(client):
    slug = await create_event(demo_event_values(capacity=1))
    await client.post(url(slug), json=person(email="eerste@example.nl"))
    first = await client.post(url(slug), json=person(email="tweede@example.nl"))

    again = await client.post(url(slug), json=person(email="tweede@example.nl"))

    assert first.json() == again.json() == {"status": "waitlisted", "position": 1}
    assert (first.status_code, again.status_code) == (201, 201)
    assert await Registration.count() == 2


async def test_api_register_in_english_stores_language_and_mails_in_english(client):
    slug = await create_event(demo_event_values())

    response = await client.post(f"{url(slug)}?lang=en", json=person())
    by_body = await client.post(url(slug), json=person(email="jan@dock.example", language="en"))

    assert (response.status_code, by_body.status_code) == (201, 201)
    rows = await Registration.select(Registration.language).order_by(Registration.id)
    assert [r["language"] for r in rows] == ["en", "en"]
    assert [m["language"] for m in await mails("registration_registered")] == ["en", "en"]


async def test_api_register_with_answers_stores_typed_answers(client):
    slug = await create_event(demo_event_values())
    workshop = await add_question(
        slug,
        label="Welke workshop?",
        kind=QuestionKind.SINGLE_CHOICE,
        required=True,
        choices=["Schuldhulp", "Wijkteams"],
    )
    lunch = await add_question(slug, label="Lunch?", kind=QuestionKind.YES_NO)

    response = await client.post(
        url(slug), json=person(answers={str(workshop): "Wijkteams", str(lunch): "ja"})
    )

    assert response.status_code == 201
    stored = await Answer.select(Answer.question, Answer.value).order_by(Answer.question)
    assert [(a["question"], a["value"]) for a in stored] == [
        (workshop, '"Wijkteams"'),
        (lunch, "true"),
    ]


async def test_api_register_bad_answers_are_422_per_question_and_write_nothing(client):
    slug = await create_event(demo_event_values())
    workshop = await add_question(
        slug,
        label="Welke workshop?",
        kind=QuestionKind.SINGLE_CHOICE,
        required=True,
        choices=["Schuldhulp", "Wijkteams"],
    )
    before = await written()

    wrong_choice = await client.post(url(slug), json=person(answers={str(workshop): "Koken"}))
    missing = await client.post(url(slug), json=person())
    not_a_number = await client.post(
        url(slug), json=person(name="", answers={"workshop": "Wijkteams"})
    )

    assert (wrong_choice.status_code, wrong_choice.json()) == (
        422,
        {
            "message": in_language("nl", "Please correct the marked fields."),
            "errors": {f"answers.{workshop}": in_language("nl", "Choose one of the options.")},
        },
    )
    assert missing.json()["errors"] == {
        f"answers.{workshop}": "Beantwoord de vraag “Welke workshop?”: die is verplicht."
    }
    assert (not_a_number.status_code, not_a_number.json()["errors"]) == (
        422,
        {
            "answers": in_language("nl", "This question does not belong to this event."),
            "name": in_language("nl", "Enter your name."),
        },
    )
    assert await written() == before


async def test_api_register_without_privacy_consent_is_422_in_dutch_and_english(client):
    slug = await create_event(demo_event_values())
    message = "You can only register if you agree to the privacy statement."

    dutch = await client.post(url(slug), json=person(privacy_consent=False))
    english = await client.post(f"{url(slug)}?lang=en", json=person(privacy_consent=False))

    assert (dutch.status_code, dutch.json()) == (
        422,
        {
            "message": in_language("nl", "Please correct the marked fields."),
            "errors": {"privacy_consent": in_language("nl", message)},
        },
    )
    assert (english.status_code, english.json()) == (
        422,
        {"message": "Please correct the marked fields.", "errors": {"privacy_consent": message}},
    )
    assert await written() == {"registrations": 0, "answers": 0, "consents": 0, "mails": 0}


async def test_api_register_unknown_missing_and_wrong_fields_are_422_by_field(client):
    slug = await create_event(demo_event_values())
    bodies = {
        "colour": person(colour="rood"),
        "name": {k: v for k, v in PERSON.items() if k != "name"},
        "email": person(email="geen-adres"),
        "privacy_consent": person(privacy_consent="ja"),
        "language": person(language="de"),
        "organisation_type": person(organisation_type="bakkerij"),
        "registerplein_number": person(registerplein_number="12345"),
    }

    responses = {
        field: await client.post(f"{url(slug)}?lang=en", json=b) for field, b in bodies.items()
    }

    assert {f: (r.status_code, r.json()["errors"]) for f, r in responses.items()} == {
        "colour": (422, {"colour": "This field is not known."}),
        "name": (422, {"name": "This field is required."}),
        "email": (422, {"email": "Enter a valid e-mail address, like name@example.nl."}),
        "privacy_consent": (422, {"privacy_consent": "Enter true or false."}),
        "language": (422, {"language": "This is not one of the allowed values."}),
        "organisation_type": (422, {"organisation_type": "Choose one of the options."}),
        "registerplein_number": (
            422,
            {
                "registerplein_number": "A Registerplein number starts with 4610 and has only "
                "digits, e.g. 461012345."
            },
        ),
    }
    assert await written() == {"registrations": 0, "answers": 0, "consents": 0, "mails": 0}


async def test_api_register_for_unknown_or_draft_event_is_404(client):
    draft = await create_event(demo_event_values(status=EventStatus.DRAFT))

    unknown = await client.post(url("bestaat-niet"), json=person())
    concept = await client.post(url(draft), json=person())
    bad_key = await client.post(url("bestaat-niet"), json=person(answers={"x": 1}))

    expected = (404, {"message": in_language("nl", "Page not found")})
    assert (unknown.status_code, unknown.json()) == expected
    assert (concept.status_code, concept.json()) == expected
    assert (bad_key.status_code, bad_key.json()) == expected
    assert await written() == {"registrations": 0, "answers": 0, "consents": 0, "mails": 0}


async def test_api_register_when_closed_is_409_with_the_reason_in_dutch_and_english(client):
    cancelled = await create_event(demo_event_values(status=EventStatus.CANCELLED))
    closed = await create_event(
        demo_event_values(
            title="Gesloten",
            registration_closes_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
        )
    )

    dutch = await client.post(url(cancelled), json=person())
    english = await client.post(f"{url(cancelled)}?lang=en", json=person())
    too_late = await client.post(f"{url(closed)}?lang=en", json=person())

    assert (dutch.status_code, dutch.json()) == (
        409,
        {"message": in_language("nl", "This event has been cancelled.")},
    )
    assert (english.status_code, english.json()) == (
        409,
        {"message": "This event has been cancelled."},
    )
    assert (too_late.status_code, too_late.json()) == (
        409,
        {"message": "Registration for this event has closed."},
    )
    assert await written() == {"registrations": 0, "answers": 0, "consents": 0, "mails": 0}


async def test_api_register_is_rate_limited_per_email_like_the_form(client):
    slug = await create_event(demo_event_values())
    statuses = [(await client.post(url(slug), json=person())).status_code for _ in range(10)]

    refused = await client.post(f"{url(slug)}?lang=en", json=person())

    assert statuses == [201] * 10  # each answered as the first: no second seat
    assert refused.status_code == 429
    assert 0 < int(refused.headers["retry-after"]) <= 600  # the e-mail's window
    assert refused.json() == {"message": "Too many registrations in a short time. Try again later."}
    assert await Registration.count() == 1


# --- GET / DELETE /api/v1/registrations/{token} ---------------------------------------


async def test_api_show_registration_gives_own_details_and_ticket(client):
    slug = await create_event(demo_event_values(capacity=5))
    question = await add_question(slug, label="Lunch?", kind=QuestionKind.YES_NO)
    await client.post(url(slug), json=person(answers={str(question): "nee"}))
    row = await Registration.select().first()

    response = await client.get(f"/api/v1/registrations/{row['token']}")

    assert response.status_code == 200
    assert "no-store" in response.headers["cache-control"]
    body = response.json()
    assert body == {
        "event": {
            "slug": slug,
            "title": "Regionale bijeenkomst voorjaar",
            "starts_at": "2030-04-16T11:30:00Z",
            "ends_at": "2030-04-16T15:00:00Z",
        },
        "status": "registered",
        "position": None,
        "name": "Fatima el Amrani",
        "email": "fatima@gemeente-haarlem.example",
        "organisation": "Gemeente Haarlem",
        "organisation_type": "gemeente",
        "job_role": "",
        "registerplein_number": "461012345",
        "accessibility_needs": "",
        "dietary_needs": "",
        "language": "nl",
        "answers": {str(question): False},
        "ticket_code": row["ticket_code"],
        "can_change": True,
        "created_at": body["created_at"],
    }
    assert not {k for k in keys_anywhere(body) if k == "id" or k.endswith("_id")}
    assert "token" not in keys_anywhere(body)


async def test_api_show_waitlisted_registration_has_position_and_no_ticket(client):
    slug = await create_event(demo_event_values(capacity=1))
    await client.post(url(slug), json=person())
    await client.post(url(slug), json=person(email="jan@dock.example", name="Jan"))

    response = await client.get(f"/api/v1/registrations/{await token_of('jan@dock.example')}")

    assert {k: response.json()[k] for k in ("status", "position", "ticket_code")} == {
        "status": "waitlisted",
        "position": 1,
        "ticket_code": None,
    }


async def test_api_unknown_token_is_404_without_a_hint(client):
    slug = await create_event(demo_event_values())
    await client.post(url(slug), json=person())
    token = await token_of("fatima@gemeente-haarlem.example")

    almost = await client.get(f"/api/v1/registrations/{token[:-1]}x")
    too_long = await client.get(f"/api/v1/registrations/{'a' * 100}")
    deleted = await client.delete(f"/api/v1/registrations/{token[:-1]}x")

    expected = (404, {"message": in_language("nl", "Page not found")})
    for response in (almost, too_long, deleted):
        assert (response.status_code, response.json()) == expected
    assert (await Registration.select(Registration.status).first())["status"] == "registered"


async def test_api_cancel_frees_the_seat_for_the_first_in_line(client):
    slug = await create_event(demo_event_values(capacity=1))
    await client.post(url(slug), json=person())
    await client.post(url(slug), json=person(email="jan@dock.example", name="Jan"))
    await client.post(url(slug), json=person(email="noor@mee.example", name="Noor"))
    token = await token_of("fatima@gemeente-haarlem.example")

    response = await client.delete(f"/api/v1/registrations/{token}")

    assert (response.status_code, response.json()) == (200, {"status": "cancelled"})
    shown = (await client.get(f"/api/v1/registrations/{token}")).json()
    assert (shown["status"], shown["ticket_code"], shown["can_change"]) == (
        "cancelled",
        None,
        False,
    )
    jan = (await client.get(f"/api/v1/registrations/{await token_of('jan@dock.example')}")).json()
    noor = (await client.get(f"/api/v1/registrations/{await token_of('noor@mee.example')}")).json()
    assert (jan["status"], jan["position"], bool(jan["ticket_code"])) == ("registered", None, True)
    assert (noor["status"], noor["position"]) == ("waitlisted", 1)
    assert [m["to_address"] for m in await mails("registration_cancelled")] == [
        "fatima@gemeente-haarlem.example"
    ]
    promoted = await mails("registration_registered")
    assert [m["to_address"] for m in promoted][-1] == "jan@dock.example"


async def test_api_cancel_twice_is_200_cancelled_and_changes_nothing_more(client):
    slug = await create_event(demo_event_values(capacity=1))
    await client.post(url(slug), json=person())
    token = await token_of("fatima@gemeente-haarlem.example")
    await client.delete(f"/api/v1/registrations/{token}")
    before = await written()

    again = await client.delete(f"/api/v1/registrations/{token}")

    assert (again.status_code, again.json()) == (200, {"status": "cancelled"})
    assert await written() == before
