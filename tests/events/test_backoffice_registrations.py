"""The back office for registrations, exports and an event's questions."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re

from openpyxl import load_workbook

from events.enums import EventStatus, RegistrationStatus
from events.services.catalogue.events import create_event, set_status
from events.services.registration.core import RegistrationInput, register
from events.services.registration.export import HEADERS
from events.services.registration.seats import change_status
from events.tables import Answer, Consent, Event, Question, Registration
from tests.conftest import demo_event_values, post_form
from tests.events.helpers import (
    field_errors,
    flashes,
    in_language,
    input_value,
    log_in_without_backoffice,
)
from werkplaats.enums import Role
from werkplaats.i18n import local
from werkplaats.tables import OutgoingMail

EN = {"lang": "en"}


async def _event(**overrides) -> tuple[str, int]:
    slug = await create_event(demo_event_values(**overrides))
    row = await Event.select(Event.id).where(Event.slug == slug).first()
    return slug, row["id"]


async def _register(slug: str, name: str, email: str, **extra) -> int:
    outcome = await register(
        slug, RegistrationInput(name=name, email=email, privacy_consent=True, **extra)
    )
    row = await Registration.select(Registration.id).where(Registration.email == email).first()
    assert outcome.status is not None
    return row["id"]


async def _status(registration_id: int) -> str:
    row = (
        await Registration.select(Registration.status)
        .where(Registration.id == registration_id)
        .first()
    )
    return row["status"]


async def _question(event_id: int, label: str, kind: str, **extra) -> int:
    rows = await Question.insert(
        Question(event=event_id, label=label, kind=kind, **extra)
    ).returning(Question.id)
    return rows[0]["id"]


def _names(page: str) -> list[str]:
    return re.findall(r'<a href="/beheer/events/[^/]+/registrations/\d+">([^<]*)</a>', page)


def _tab_counts(page: str) -> dict[str, int]:
    tabs = page.split('aria-label="Filter by status"')[1].split("</nav>")[0]
    return {label: int(n) for label, n in re.findall(r">([^<>]+) \((\d+)\)</a>", tabs)}


def _facts(page: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", page))


def _action(slug: str, registration_id: int, action: str) -> tuple[str, dict[str, str]]:
    return f"/beheer/events/{slug}/registrations/{registration_id}/status", {"action": action}


PERSON_FORM = {
    "name": "Fatima el Amrani",
    "email": "Fatima@Gemeente-Haarlem.example",
    "organisation": "Gemeente Haarlem",
    "organisation_type": "gemeente",
    "job_role": "Wijkcoach",
    "registerplein_number": "461012345",
    "language": "nl",
    "privacy_consent": "1",
}


async def test_registrations_anonymous_is_sent_to_login(client):
    slug, _event_id = await _event()

    response = await client.get(f"/beheer/events/{slug}/registrations", follow_redirects=False)

    assert response.status_code in (302, 303)
    assert response.headers["location"] == f"/login?next=/beheer/events/{slug}/registrations"


async def test_registrations_checkin_role_is_forbidden(client, make_user):
    slug, _event_id = await _event()
    registration_id = await _register(slug, "Anne de Boer", "anne@example.nl")
    await log_in_without_backoffice(client, make_user, Role.CHECKIN)
    paths = [
        f"/beheer/events/{slug}/registrations",
        f"/beheer/events/{slug}/registrations/{registration_id}",
        f"/beheer/events/{slug}/registrations.csv",
        f"/beheer/events/{slug}/registrations.xlsx",
        f"/beheer/events/{slug}/questions",
    ]

    responses = [await client.get(path, params=EN) for path in paths]
    cancel = await post_form(client, *_action(slug, registration_id, "cancel"))

    assert [r.status_code for r in responses] == [403] * len(paths)
    assert "Anne de Boer" not in "".join(r.text for r in responses)
    assert cancel.status_code == 403
    assert await _status(registration_id) == RegistrationStatus.REGISTERED


async def test_registrations_page_counts_per_status_and_seats_left(client, login):
    slug, _event_id = await _event(capacity=2)
    await _register(slug, "Anne de Boer", "anne@example.nl")
    await _register(slug, "Bram Jansen", "bram@example.nl")
    await _register(slug, "Chris Visser", "chris@example.nl")
    dirk = await _register(slug, "Dirk Smit", "dirk@example.nl")
    await change_status(dirk, RegistrationStatus.CANCELLED)
    await login(Role.ORGANISER)

    page = (await client.get(f"/beheer/events/{slug}/registrations", params=EN)).text

    assert _tab_counts(page) == {
        "All": 4,
        "Registered": 2,
        "On the waiting list": 1,
        "Awaiting approval": 0,
        "Cancelled": 1,
        "Not admitted": 0,
    }
    facts = _facts(page)
    assert (facts["Capacity"], facts["Seats taken"], facts["Seats left"]) == ("2", "2", "0")
    assert "On the waiting list · no. 1" in page


async def test_registrations_search_looks_in_name_email_and_organisation(client, login):
    slug, _event_id = await _event()
    await _register(slug, "Zeynep Yilmaz", "zeynep@example.nl", organisation="Gemeente Haarlem")
    await _register(slug, "anna de Vries", "anna@kennemerhart.example")
    await _register(slug, "Bram Jansen", "bram@haarlem.example", organisation="Dock")
    await login(Role.ORGANISER)
    url = f"/beheer/events/{slug}/registrations"

    everyone = await client.get(url, params=EN)
    haarlem = await client.get(url, params={"q": "HAARLEM"})
    by_name = await client.get(url, params={"q": "vries"})
    none = await client.get(url, params={"q": "utrecht"})

    assert _names(everyone.text) == ["anna de Vries", "Bram Jansen", "Zeynep Yilmaz"]
    assert _names(haarlem.text) == ["Bram Jansen", "Zeynep Yilmaz"]
    assert _names(by_name.text) == ["anna de Vries"]
    assert _names(none.text) == []
    assert input_value(haarlem.text, "q") == "HAARLEM"


async def test_registrations_status_filter_shows_only_that_status(client, login):
    slug, _event_id = await _event(capacity=1)
    await _register(slug, "Anne de Boer", "anne@example.nl")
    await _register(slug, "Bram Jansen", "bram@example.nl")
    await login(Role.ORGANISER)

    page = await client.get(f"/beheer/events/{slug}/registrations", params={"status": "waitlisted"})

    assert _names(page.text) == ["Bram Jansen"]


async def test_add_on_behalf_registers_with_backoffice_as_source(client, login):
    slug, event_id = await _event()
    await login(Role.ORGANISER)

    response = await post_form(
        client, f"/beheer/events/{slug}/registrations", PERSON_FORM, follow_redirects=False
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/beheer/events/{slug}/registrations"
    row = await Registration.select().where(Registration.event == event_id).first()
    assert (row["email"], row["source"], row["status"]) == (
        "fatima@gemeente-haarlem.example",
        "backoffice",
        RegistrationStatus.REGISTERED,
    )
    privacy = await Consent.select().where(Consent.kind == "privacy").first()
    assert (privacy["given"], privacy["source"]) == (True, "backoffice")
    assert await OutgoingMail.count().where(OutgoingMail.to_address == row["email"]) == 1
    page = await client.get(response.headers["location"], params=EN)
    assert flashes(page.text) == [
        in_language("nl", "{name} is registered.").format(name="Fatima el Amrani")
    ]


async def test_add_on_behalf_with_bad_input_shows_field_errors_and_keeps_values(client, login):
    slug, _event_id = await _event()
    await _question(
        _event_id, "Welke workshop?", "single_choice", choices=["A", "B"], required=True
    )
    await login(Role.ORGANISER)
    form = {**PERSON_FORM, "email": "fatima@", "privacy_consent": ""}

    response = await post_form(
        client, f"/beheer/events/{slug}/registrations", form, params=EN, follow_redirects=False
    )

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    errors = field_errors(response.text)
    assert set(errors) >= {"email", "privacy_consent"}
    assert errors["privacy_consent"] == "Confirm that this person agreed to the privacy statement."
    assert "Answer the question “Welke workshop?”: it is required." in html.unescape(response.text)
    assert input_value(response.text, "name") == "Fatima el Amrani"
    assert input_value(response.text, "email") == "fatima@"
    assert await Registration.count() == 0


async def test_add_on_behalf_twice_sends_the_link_again_and_opens_the_registration(client, login):
    slug, _event_id = await _event()
    existing = await _register(slug, "Fatima el Amrani", "fatima@gemeente-haarlem.example")
    await login(Role.ORGANISER)

    response = await post_form(
        client, f"/beheer/events/{slug}/registrations", PERSON_FORM, follow_redirects=False
    )

    assert response.headers["location"] == f"/beheer/events/{slug}/registrations/{existing}"
    assert await Registration.count() == 1
    templates = await OutgoingMail.select(OutgoingMail.template).order_by(OutgoingMail.id)
    assert [t["template"] for t in templates] == ["registration_registered", "registration_link"]
    page = await client.get(response.headers["location"], params=EN)
    message = in_language(
        "nl",
        "{email} is already registered for this event. The link to the registration has "
        "been sent to that address again.",
    )
    assert flashes(page.text) == [message.format(email="fatima@gemeente-haarlem.example")]


async def test_add_on_behalf_after_registration_closed_registers(client, login):
    closed = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    slug, _event_id = await _event(registration_closes_at=closed)
    await login(Role.ORGANISER)
    page = await client.get(f"/beheer/events/{slug}/registrations")

    response = await post_form(client, f"/beheer/events/{slug}/registrations", PERSON_FORM)

    assert 'action="/beheer/events/' + slug + '/registrations#add"' in page.text
    assert flashes(response.text) == [
        in_language("nl", "{name} is registered.").format(name="Fatima el Amrani")
    ]
    row = await Registration.select(Registration.status, Registration.source).first()
    assert row == {"status": RegistrationStatus.REGISTERED, "source": "backoffice"}


async def test_add_on_behalf_to_a_cancelled_event_flashes_the_reason(client, login):
    slug, _event_id = await _event()
    await set_status(slug, EventStatus.CANCELLED)
    await login(Role.ORGANISER)

    response = await post_form(client, f"/beheer/events/{slug}/registrations", PERSON_FORM)

    assert flashes(response.text) == [in_language("nl", "This event has been cancelled.")]
    assert 'action="/beheer/events/' + slug + '/registrations#add"' not in response.text
    assert await Registration.count() == 0


async def test_approve_on_moderated_event_registers(client, login):
    slug, _event_id = await _event(moderated=True)
    pending = await _register(slug, "Anne de Boer", "anne@example.nl")
    await login(Role.ORGANISER)
    assert await _status(pending) == RegistrationStatus.PENDING

    response = await post_form(client, *_action(slug, pending, "approve"), params=EN)

    assert await _status(pending) == RegistrationStatus.REGISTERED
    assert flashes(response.text) == ["Anne de Boer is registered."]


async def test_approve_when_full_puts_on_the_waiting_list(client, login):
    slug, _event_id = await _event(moderated=True, capacity=1)
    first = await _register(slug, "Anne de Boer", "anne@example.nl")
    second = await _register(slug, "Bram Jansen", "bram@example.nl")
    await change_status(first, RegistrationStatus.REGISTERED)
    await login(Role.ORGANISER)

    response = await post_form(client, *_action(slug, second, "approve"), params=EN)

    assert await _status(second) == RegistrationStatus.WAITLISTED
    assert flashes(response.text) == [
        "There is no free seat: Bram Jansen is on the waiting list, number 1."
    ]


async def test_reject_pending_registration(client, login):
    slug, _event_id = await _event(moderated=True)
    pending = await _register(slug, "Anne de Boer", "anne@example.nl")
    await login(Role.ORGANISER)

    response = await post_form(client, *_action(slug, pending, "reject"), params=EN)

    assert await _status(pending) == RegistrationStatus.REJECTED
    assert flashes(response.text) == ["Anne de Boer has not been admitted."]
    assert "Approve" not in response.text


async def test_cancel_gives_the_seat_to_the_first_in_line(client, login):
    slug, _event_id = await _event(capacity=1)
    seated = await _register(slug, "Anne de Boer", "anne@example.nl")
    first_in_line = await _register(slug, "Bram Jansen", "bram@example.nl")
    second_in_line = await _register(slug, "Chris Visser", "chris@example.nl")
    await login(Role.ORGANISER)

    await post_form(client, *_action(slug, seated, "cancel"))

    assert [await _status(i) for i in (seated, first_in_line, second_in_line)] == [
        RegistrationStatus.CANCELLED,
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
    ]
    page = await client.get(f"/beheer/events/{slug}/registrations/{second_in_line}", params=EN)
    assert "On the waiting list, number 1" in page.text


async def test_move_from_waiting_list_when_full_is_refused(client, login):
    slug, _event_id = await _event(capacity=1)
    await _register(slug, "Anne de Boer", "anne@example.nl")
    waiting = await _register(slug, "Bram Jansen", "bram@example.nl")
    await login(Role.ORGANISER)

    response = await post_form(client, *_action(slug, waiting, "promote"), params=EN)

    assert flashes(response.text) == ["There is no free seat."]
    assert await _status(waiting) == RegistrationStatus.WAITLISTED


async def test_move_from_waiting_list_with_a_free_seat_registers(client, login):
    slug, event_id = await _event(capacity=1)
    await _register(slug, "Anne de Boer", "anne@example.nl")
    waiting = await _register(slug, "Bram Jansen", "bram@example.nl")
    await Event.update({Event.capacity: 2}).where(Event.id == event_id)  # no automatic promotion
    await login(Role.ORGANISER)

    response = await post_form(client, *_action(slug, waiting, "promote"), params=EN)

    assert await _status(waiting) == RegistrationStatus.REGISTERED
    assert flashes(response.text) == ["Bram Jansen is registered."]


async def test_action_on_a_registration_in_another_state_changes_nothing(client, login):
    slug, _event_id = await _event()
    registered = await _register(slug, "Anne de Boer", "anne@example.nl")
    await login(Role.ORGANISER)

    response = await post_form(client, *_action(slug, registered, "reject"), params=EN)

    assert await _status(registered) == RegistrationStatus.REGISTERED
    assert flashes(response.text) == ["This registration is now “Registered”: nothing was changed."]


async def test_resend_writes_a_second_mail_for_the_same_registration(client, login):
    slug, _event_id = await _event()
    registration_id = await _register(slug, "Anne de Boer", "anne@example.nl")
    await login(Role.ORGANISER)

    response = await post_form(
        client, f"/beheer/events/{slug}/registrations/{registration_id}/resend", {}, params=EN
    )

    mails = await OutgoingMail.select(OutgoingMail.dedupe_key, OutgoingMail.template).where(
        OutgoingMail.dedupe_key.like(f"registration:{registration_id}:%")
    )
    assert [m["template"] for m in mails] == ["registration_registered"] * 2
    assert len({m["dedupe_key"] for m in mails}) == 2
    assert flashes(response.text) == [
        "The mail about this registration has been sent again to anne@example.nl."
    ]


async def test_registration_detail_shows_answers_consents_and_sensitive_needs(client, login):
    slug, event_id = await _event()
    question = await _question(event_id, "Welke workshop?", "single_choice", choices=["A", "B"])
    await _register(
        slug,
        "Anne de Boer",
        "anne@example.nl",
        answers={question: "B"},
        accessibility_needs="Rolstoelplek",
        dietary_needs="Vegetarisch",
        newsletter_consent=True,
    )
    registration = await Registration.select(Registration.id).first()
    await login(Role.ORGANISER)

    page = await client.get(f"/beheer/events/{slug}/registrations/{registration['id']}", params=EN)

    facts = _facts(page.text)
    assert facts["Welke workshop?"] == "B"
    assert (facts["Accessibility"], facts["Dietary wishes"]) == ("Rolstoelplek", "Vegetarisch")
    assert "Sensitive personal data" in page.text
    consents = re.findall(
        r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>[^<]*</td><td>([^<]*)</td>", page.text
    )
    assert consents == [("Privacy statement", "yes", "2026-1"), ("Newsletter", "yes", "2026-1")]


async def test_registration_of_another_event_is_not_found(client, login):
    slug, _event_id = await _event()
    other_slug, _other_id = await _event(title="Actualiteitencollege armoede")
    elsewhere = await _register(other_slug, "Anne de Boer", "anne@example.nl")
    await login(Role.ORGANISER)

    page = await client.get(f"/beheer/events/{slug}/registrations/{elsewhere}", params=EN)
    cancel = await post_form(client, *_action(slug, elsewhere, "cancel"))
    resend = await post_form(client, f"/beheer/events/{slug}/registrations/{elsewhere}/resend", {})

    assert (page.status_code, cancel.status_code, resend.status_code) == (404, 404, 404)
    assert "Anne de Boer" not in page.text
    assert await _status(elsewhere) == RegistrationStatus.REGISTERED
    assert await OutgoingMail.count() == 1


def _csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


async def test_csv_export_is_dutch_excel_with_a_column_per_question(client, login):
    slug, event_id = await _event(capacity=1)
    question = await _question(event_id, "Welke workshop?", "single_choice", choices=["A", "B"])
    await _register(slug, "Anne de Boer", "anne@example.nl", organisation_type="gemeente")
    await _register(slug, "Bram Jansen", "bram@example.nl", answers={question: "B"})
    await login(Role.ORGANISER)

    response = await client.get(f"/beheer/events/{slug}/registrations.csv", params={"lang": "nl"})

    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="aanmeldingen-{slug}.csv"'
    )
    header, *rows = _csv_rows(response.content)
    assert header[0] == "Naam"
    assert header == [in_language("nl", title) for title in HEADERS] + ["Welke workshop?"]
    assert [row[0] for row in rows] == ["Anne de Boer", "Bram Jansen"]
    anne, bram = rows
    assert anne[3] == in_language("nl", "Municipality")
    assert (bram[6], bram[7], bram[-1]) == (in_language("nl", "On the waiting list"), "1", "B")
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", anne[8])
    assert anne[11] == in_language("nl", "no")


async def test_xlsx_export_has_a_bold_frozen_header_and_real_dates(client, login):
    slug, event_id = await _event()
    question = await _question(event_id, "Aantal collega's", "number")
    await _register(slug, "Anne de Boer", "anne@example.nl", answers={question: "3"})
    created = (await Registration.select(Registration.created_at).first())["created_at"]
    await login(Role.ORGANISER)

    response = await client.get(f"/beheer/events/{slug}/registrations.xlsx", params=EN)

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header == [*HEADERS, "Aantal collega's"]
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    row = [cell.value for cell in sheet[2]]
    assert row[:3] == ["Anne de Boer", "anne@example.nl", None]
    assert row[6] == "Registered"
    assert row[8] == local(created).replace(tzinfo=None, second=0, microsecond=0)
    assert row[-1] == 3
    assert sheet.column_dimensions["B"].width > 8


async def test_exports_keep_a_typed_formula_as_text(client, login):
    slug, _event_id = await _event()
    await _register(slug, '=HYPERLINK("http://evil.example","klik")', "eve@example.nl")
    await login(Role.ORGANISER)

    csv_response = await client.get(f"/beheer/events/{slug}/registrations.csv")
    xlsx_response = await client.get(f"/beheer/events/{slug}/registrations.xlsx")

    assert _csv_rows(csv_response.content)[1][0] == '\'=HYPERLINK("http://evil.example","klik")'
    cell = load_workbook(io.BytesIO(xlsx_response.content)).active["A2"]
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://evil.example","klik")')


async def _questions(event_id: int) -> list[dict]:
    return await (
        Question.select().where(Question.event == event_id).order_by(Question.position)
    ).output(load_json=True)


async def test_questions_can_be_added_edited_and_deleted_with_their_answers(client, login):
    slug, event_id = await _event()
    await login(Role.ORGANISER)
    url = f"/beheer/events/{slug}/questions"
    new = {"label": "Welk dagdeel?", "kind": "single_choice", "choices": "Ochtend\r\nMiddag\r\n"}

    added = await post_form(client, url, {**new, "required": "1"}, follow_redirects=False)
    [question] = await _questions(event_id)
    await _register(slug, "Anne de Boer", "anne@example.nl", answers={question["id"]: "Middag"})
    edited = await post_form(
        client, url, {**new, "id": str(question["id"]), "label": "Welk dagdeel kies je?"}
    )
    [changed] = await _questions(event_id)
    deleted = await post_form(client, f"{url}/{question['id']}/delete", {}, params=EN)

    assert added.status_code == 303
    assert (question["label"], question["choices"], question["required"]) == (
        "Welk dagdeel?",
        ["Ochtend", "Middag"],
        True,
    )
    assert edited.status_code == 200
    assert (changed["label"], changed["required"]) == ("Welk dagdeel kies je?", False)
    assert flashes(deleted.text) == ["Question deleted, with its answers."]
    assert await _questions(event_id) == []
    assert await Answer.count() == 0


async def test_questions_conditional_question_points_to_an_earlier_one(client, login):
    slug, event_id = await _event()
    driver = await _question(event_id, "Neem je iemand mee?", "yes_no", position=0)
    await login(Role.ORGANISER)
    url = f"/beheer/events/{slug}/questions"

    await post_form(
        client,
        url,
        {
            "label": "Wie neem je mee?",
            "kind": "short_text",
            "max_length": "120",
            "shown_if_question": str(driver),
            "shown_if_value": "Yes",
        },
    )
    page = await client.get(url, params=EN)

    follow_up = (await _questions(event_id))[1]
    assert (follow_up["shown_if_question"], follow_up["shown_if_value"]) == (driver, "ja")
    assert (follow_up["position"], follow_up["max_length"]) == (1, 120)
    assert "only when “Neem je iemand mee?” is “ja”" in page.text
    registration_form = await client.get(f"/events/{slug}")
    assert f'data-shown-if="q{driver}" data-shown-value="ja"' in registration_form.text


async def test_questions_with_bad_input_show_field_errors(client, login):
    slug, event_id = await _event()
    later = await _question(event_id, "Later", "short_text", position=5)
    await login(Role.ORGANISER)
    url = f"/beheer/events/{slug}/questions"

    empty = await post_form(client, url, {"label": " ", "kind": "single_choice"}, params=EN)
    too_long = await post_form(client, url, {"label": "x" * 301, "kind": "short_text"})
    forward = await post_form(
        client,
        url,
        {"label": "Eerder", "kind": "short_text", "position": "1", "shown_if_question": str(later)},
    )

    assert empty.status_code == too_long.status_code == forward.status_code == 400
    assert empty.headers["content-type"].startswith("text/html")
    assert field_errors(empty.text) == {
        "label": "Enter the question.",
        "choices": "Give the options, one per line.",
    }
    assert set(field_errors(too_long.text)) == {"label"}
    assert set(field_errors(forward.text)) == {"shown_if_question"}
    assert input_value(forward.text, "label") == "Eerder"
    assert [q["label"] for q in await _questions(event_id)] == ["Later"]


async def test_questions_condition_on_a_choice_must_be_one_of_its_options(client, login):
    slug, event_id = await _event()
    choice = await _question(event_id, "Dagdeel", "single_choice", choices=["Ochtend", "Middag"])
    await login(Role.ORGANISER)

    response = await post_form(
        client,
        f"/beheer/events/{slug}/questions",
        {
            "label": "Lunch?",
            "kind": "yes_no",
            "shown_if_question": str(choice),
            "shown_if_value": "Avond",
        },
        params=EN,
    )

    assert field_errors(response.text) == {
        "shown_if_value": "Enter one of the options of that question: Ochtend, Middag."
    }


async def test_questions_moving_one_behind_its_dependent_is_refused(client, login):
    slug, event_id = await _event()
    driver = await _question(event_id, "Neem je iemand mee?", "yes_no", position=0)
    await _question(event_id, "Wie?", "short_text", position=1, shown_if_question=driver)
    await login(Role.ORGANISER)
    url = f"/beheer/events/{slug}/questions"

    moved = await post_form(
        client,
        url,
        {"id": str(driver), "label": "Neem je iemand mee?", "kind": "yes_no", "position": "2"},
        params=EN,
    )
    deleted = await post_form(client, f"{url}/{driver}/delete", {})

    assert field_errors(moved.text) == {
        "position": "“Wie?” depends on this question, so keep this one before it."
    }
    assert flashes(deleted.text) == ["First remove the condition of “Wie?”."]
    assert [q["position"] for q in await _questions(event_id)] == [0, 1]


async def test_question_of_another_event_is_not_found(client, login):
    slug, _event_id = await _event()
    _other_slug, other_id = await _event(title="Actualiteitencollege armoede")
    elsewhere = await _question(other_id, "Elders", "short_text")
    await login(Role.ORGANISER)
    url = f"/beheer/events/{slug}/questions"

    edit = await client.get(url, params={"edit": elsewhere})
    save = await post_form(client, url, {"id": str(elsewhere), "label": "X", "kind": "short_text"})
    delete = await post_form(client, f"{url}/{elsewhere}/delete", {})

    assert (edit.status_code, save.status_code, delete.status_code) == (404, 404, 404)
    assert [q["label"] for q in await _questions(other_id)] == ["Elders"]


async def test_event_form_links_to_registrations_and_questions(client, login):
    slug, _event_id = await _event()
    await login(Role.ORGANISER)

    page = await client.get(f"/beheer/events/{slug}", params=EN)

    assert f'<a href="/beheer/events/{slug}/registrations">Registrations</a>' in page.text
    assert f'<a href="/beheer/events/{slug}/questions">Questions</a>' in page.text


async def test_organiser_corrects_a_registerplein_number(client, login):
    slug = await create_event(demo_event_values())
    await register(
        slug, RegistrationInput(name="Bas Bakker", email="bas@dock.example", privacy_consent=True)
    )
    row = await Registration.select(Registration.id).first()
    await login(Role.ORGANISER)
    url = f"/beheer/events/{slug}/registrations/{row['id']}"

    wrong = await post_form(client, f"{url}/registerplein", {"registerplein_number": "12345"})
    right = await post_form(client, f"{url}/registerplein", {"registerplein_number": "4610 12345"})

    assert "begint met 4610" in wrong.text
    assert "Het Registerplein-nummer is opgeslagen." in right.text
    stored = await Registration.select(Registration.registerplein_number).first()
    assert stored["registerplein_number"] == "461012345"
