"""Retention (AVG): the day after an event its dietary and accessibility answers go;
after its retention period its registrations are anonymised, keeping what the
figures and accreditation need. The job runs on the real worker."""

from __future__ import annotations

import datetime as dt
import time

from events.enums import QuestionKind, RegistrationStatus
from events.services.documents.certificates import issue_certificate
from events.services.privacy import retention
from events.services.privacy.retention import (
    RETENTION_ACTOR,
    anonymised_at,
    apply_retention,
    retention_plan,
    sensitive_answers_go_at,
)
from events.tables import Answer, Certificate, Event, Question, Registration
from tests.conftest import eventually, post_form
from tests.events.attendance import check_in, held_event, person
from werkplaats import queue
from werkplaats.enums import MailState, Role
from werkplaats.i18n import TIMEZONE
from werkplaats.tables import OutgoingMail

NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)


def test_sensitive_answers_go_at_midnight_after_the_event_in_amsterdam():
    late = dt.datetime(2026, 10, 13, 21, 30, tzinfo=dt.UTC)  # 23.30 in Amsterdam

    assert sensitive_answers_go_at(late) == dt.datetime(2026, 10, 14, tzinfo=TIMEZONE)


def test_anonymised_at_counts_calendar_months_and_keeps_to_a_short_month():
    end = dt.datetime(2026, 1, 31, 16, 0, tzinfo=TIMEZONE)

    assert anonymised_at(end, 1) == dt.datetime(2026, 2, 28, 16, 0, tzinfo=TIMEZONE)
    assert anonymised_at(end, 12) == dt.datetime(2027, 1, 31, 16, 0, tzinfo=TIMEZONE)


async def _held(**overrides):
    """An event held on 13 October 2026 with two people, one checked in, certified, and
    with answers to a question, dietary wishes and accessibility needs."""
    people = [
        person(
            "Fatima el Amrani",
            organisation="Gemeente Haarlem",
            organisation_type="gemeente",
            dietary_needs="Halal",
            accessibility_needs="Rolstoel",
            registerplein_number="461012345",
        ),
        person("Jan de Vries", organisation="Socius", organisation_type="zorg_welzijn"),
    ]
    held = await held_event(*people, **overrides)
    question = Question(
        event=held.event["id"], label="Welke workshop?", kind=QuestionKind.SHORT_TEXT
    )
    await Question.insert(question)
    fatima = held.people[0]
    await Answer.insert(Answer(registration=fatima["id"], question=question.id, value='"Armoede"'))
    await check_in(fatima)
    await issue_certificate(fatima["id"])
    return held


async def test_the_day_after_the_event_dietary_and_accessibility_answers_are_gone():
    held = await _held()

    cleared, anonymised = await apply_retention(NOW)

    fatima = await Registration.select().where(Registration.id == held.people[0]["id"]).first()
    assert (cleared, anonymised) == (1, 0)
    assert (fatima["dietary_needs"], fatima["accessibility_needs"]) == ("", "")
    assert fatima["name"] == "Fatima el Amrani"


async def test_after_the_retention_period_registrations_are_anonymised_keeping_the_figures():
    held = await _held(retention_months=1)
    before = held.people[0]

    first = await apply_retention(NOW)
    again = await apply_retention(NOW)

    rows = await Registration.select().where(Registration.event == held.event["id"])
    fatima = next(row for row in rows if row["id"] == before["id"])
    assert first == (1, 2) and again == (0, 0)
    assert {(r["name"], r["job_role"], r["registerplein_number"]) for r in rows} == {("", "", "")}
    assert {r["email"] for r in rows} == {f"{r['id']}@anonymised.invalid" for r in rows}
    assert fatima["token"] != before["token"] and fatima["anonymised_at"] is not None
    assert (fatima["status"], fatima["organisation"], fatima["organisation_type"]) == (
        RegistrationStatus.REGISTERED, "Gemeente Haarlem", "gemeente",
    )  # fmt: skip
    assert await Answer.count().where(Answer.registration == before["id"]) == 0
    assert await Certificate.count().where(Certificate.registration == before["id"]) == 1


async def test_an_event_within_its_retention_period_keeps_its_registrations():
    held = await _held(retention_months=24)

    await apply_retention(NOW)

    names = {
        r["name"] for r in await Registration.select().where(Registration.event == held.event["id"])
    }
    assert names == {"Fatima el Amrani", "Jan de Vries"}


async def test_the_retention_job_runs_on_the_worker(client):
    held = await _held(retention_months=1)

    queue.send(RETENTION_ACTOR)

    async def anonymised():
        rows = await Registration.select(Registration.name).where(
            Registration.event == held.event["id"]
        )
        return all(row["name"] == "" for row in rows) or None

    assert await eventually(anonymised)


async def test_organisers_see_what_is_removed_when(client, login):
    held = await _held(retention_months=18)
    await login(Role.ORGANISER)

    plan = await retention_plan(held.event["id"])
    page = (await client.get(f"/beheer/events/{held.slug}/registrations")).text

    assert plan.sensitive_at == dt.datetime(2026, 10, 14, tzinfo=TIMEZONE)
    assert plan.anonymise_at.date() == dt.date(2028, 4, 13)
    assert "verwijderd op woensdag 14 oktober 2026, de dag na het evenement" in page
    assert "geanonimiseerd op donderdag 13 april 2028, 18 maanden na het evenement" in page
    assert "1 aanmelding heeft er nog een." in page


async def test_the_event_form_sets_the_retention_period_and_refuses_a_wrong_one(client, login):
    held = await _held()
    await login(Role.ORGANISER)
    form = (await client.get(f"/beheer/events/{held.slug}")).text
    assert 'name="retention_months"' in form and 'value="12"' in form
    values = {
        "title": held.event["title"], "kind": held.event["kind"], "status": "published",
        "starts_at": "2026-10-13T13:30", "ends_at": "2026-10-13T17:00",
    }  # fmt: skip

    wrong = await post_form(
        client, f"/beheer/events/{held.slug}", {**values, "retention_months": "500"}
    )
    saved = await post_form(
        client, f"/beheer/events/{held.slug}", {**values, "retention_months": "24"}
    )

    assert wrong.status_code == 400
    assert "Bewaar aanmeldingen 1 tot 120 maanden." in wrong.text
    assert saved.status_code == 200
    months = await Event.select(Event.retention_months).where(Event.id == held.event["id"]).first()
    assert months["retention_months"] == 24


async def test_mails_older_than_the_longest_retention_period_leave_the_outbox():
    await _held(retention_months=18)
    old, recent = NOW - dt.timedelta(days=19 * 31), NOW - dt.timedelta(days=17 * 31)
    for key, created, state in [
        ("old", old, MailState.SENT), ("recent", recent, MailState.SENT),
        ("old-queued", old, MailState.QUEUED),
    ]:  # fmt: skip
        await OutgoingMail.insert(
            OutgoingMail(dedupe_key=key, message_id=f"<{key}@test>", to_address="a@example.org",
                         subject="", body_text="", state=state, created_at=created)
        )  # fmt: skip

    await apply_retention(NOW)

    kept = await OutgoingMail.select(OutgoingMail.dedupe_key).where(
        OutgoingMail.dedupe_key.is_in(["old", "recent", "old-queued"])
    )
    assert sorted(row["dedupe_key"] for row in kept) == ["old-queued", "recent"]


async def test_the_sweeper_sends_the_job_an_hour_after_the_last(client, monkeypatch):
    held = await _held(retention_months=1)
    monkeypatch.setattr(retention, "_last_nudge", time.monotonic() - retention.NUDGE_SECONDS)

    await retention.nudge_retention(0)

    async def anonymised():
        rows = await Registration.select(Registration.name).where(
            Registration.event == held.event["id"]
        )
        return all(row["name"] == "" for row in rows) or None

    assert await eventually(anonymised)
    assert time.monotonic() - retention._last_nudge < 60  # the next is an hour away
