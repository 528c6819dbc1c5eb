"""An organiser switches the call on for a fresh event and edits it, over HTTP."""

from __future__ import annotations

import datetime as dt
import json

from congress.enums import AssignedBy
from congress.tables import (
    Abstract,
    CallForAbstracts,
    CallFormat,
    CallQuestion,
    ReviewAssignment,
    ReviewCriterion,
    Reviewer,
)
from events.services.catalogue.events import create_event
from events.services.catalogue.reference import save_theme
from tests.conftest import demo_event_values, post_form
from tests.congress.helpers import THEMES, call_form
from tests.events.helpers import field_errors
from werkplaats.auth.accounts import create_user
from werkplaats.enums import Role
from werkplaats.i18n import TIMEZONE, local
from werkplaats.tables import AuditEntry


async def _fresh_event() -> str:
    for name in THEMES:
        await save_theme({"name": name, "description": ""})
    return await create_event(
        demo_event_values(
            title="Slotcongres 2031",
            starts_at=dt.datetime(2031, 6, 12, 9, tzinfo=TIMEZONE),
            ends_at=dt.datetime(2031, 6, 12, 17, tzinfo=TIMEZONE),
            themes=["sociale-reflexiviteit", "blended-hulpverlening"],
        )
    )


def _local(moment: dt.datetime) -> str:
    return local(moment).strftime("%Y-%m-%dT%H:%M")


def settings_form(**overrides: str) -> dict[str, str]:
    now = dt.datetime.now(dt.UTC)
    values = {
        "opens_at": _local(now - dt.timedelta(days=1)),
        "closes_at": _local(now + dt.timedelta(days=30)),
        "introduction": "Deel wat je leerde in de Leerateliers.",
        "formats.workshop.offered": "1",
        "formats.workshop.minutes": "75",
        "formats.pitch.offered": "1",
        "formats.pitch.minutes": "10",
        "word_limit": "250",
        "max_speakers": "2",
        "max_co_authors": "3",
        "questions.0.label": "Wat heb je nodig in de zaal?",
        "questions.0.max_length": "500",
        "criteria.0.label": "Relevantie voor de praktijk",
        "criteria.1.label": "Kwaliteit",
        "reviewers_per_abstract": "1",
        "confirm_within_days": "14",
        "remind_after_days": "7",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


async def test_organiser_switches_a_call_on_a_speaker_submits_and_a_reviewer_is_assigned(
    client, login
):
    slug = await _fresh_event()
    await login()
    await create_user("anna@movisie.example", role=Role.REVIEWER, name="Anna de Vries")
    empty = await client.get(f"/beheer/events/{slug}/congres/oproep")

    saved = await post_form(client, f"/beheer/events/{slug}/congres/oproep", settings_form())
    await post_form(
        client,
        f"/beheer/events/{slug}/congres/beoordelaars",
        {"email": "anna@movisie.example", "organisation": "Movisie"},
    )
    sent = await post_form(client, f"/events/{slug}/oproep", call_form())
    assigned = await post_form(
        client, f"/beheer/events/{slug}/congres/toewijzen", {"mode": "auto", "per_abstract": "1"}
    )

    assert "Oproep aanzetten" in empty.text
    assert saved.status_code == 200 and "De oproep is opgeslagen." in saved.text
    assert sent.status_code == 200 and "/s/" in str(sent.url)
    assert "1 toewijzing gemaakt." in assigned.text
    call = await CallForAbstracts.select().first()
    assert (call["word_limit"], call["max_speakers"], call["reviewers_per_abstract"]) == (
        250,
        2,
        1,
    )
    formats = await CallFormat.select(CallFormat.kind, CallFormat.duration_minutes)
    assert sorted((f["kind"], f["duration_minutes"]) for f in formats) == [
        ("pitch", 10),
        ("workshop", 75),
    ]
    pair = await ReviewAssignment.select(
        ReviewAssignment.assigned_by, ReviewAssignment.reviewer.user.email.as_alias("email")
    ).first()
    assert pair == {"assigned_by": AssignedBy.AUTO.value, "email": "anna@movisie.example"}
    entry = await AuditEntry.select().where(AuditEntry.action == "call.created").first()
    assert entry["subject"] == f"event:{slug}" and entry["actor"] == "organiser@werkplaats.test"


async def test_bad_settings_get_a_message_beside_each_field_and_nothing_is_written(client, login):
    slug = await _fresh_event()
    await login()

    response = await post_form(
        client,
        f"/beheer/events/{slug}/congres/oproep",
        settings_form(
            closes_at="2100-01-01T10:00",
            **{
                "formats.workshop.offered": None,
                "formats.pitch.offered": None,
                "word_limit": "veel",
                "max_speakers": "0",
                "questions.1.label": "Twee\u202eregels",
            },
        ),
    )

    assert response.status_code == 400
    assert field_errors(response.text) == {
        "closes_at": "Kies een moment tussen 2000 en 2099.",
        "formats": "Bied minstens één vorm aan.",
        "word_limit": "Vul een heel getal in.",
        "max_speakers": "Vul een getal van 1 tot en met 10 in.",
        "questions.1.label": "Gebruik één regel, zonder regeleinden of onzichtbare stuurtekens.",
    }
    assert 'value="Wat heb je nodig in de zaal?"' in response.text  # what was typed stays
    assert await CallForAbstracts.count() == 0
    assert await AuditEntry.count().where(AuditEntry.action.like("call.%")) == 0


async def test_the_messages_are_in_english_for_an_english_organiser(client, login):
    slug = await _fresh_event()
    await login()
    await client.get("/taal/en?next=/")

    response = await post_form(
        client,
        f"/beheer/events/{slug}/congres/oproep",
        settings_form(closes_at=_local(dt.datetime.now(dt.UTC) - dt.timedelta(days=2))),
    )

    assert field_errors(response.text) == {"closes_at": "The call must close after it opens."}


async def test_editing_keeps_question_ids_and_refuses_to_drop_a_scored_criterion(client, login):
    slug = await _fresh_event()
    await login()
    url = f"/beheer/events/{slug}/congres/oproep"
    await post_form(client, url, settings_form())
    question = await CallQuestion.select().first()
    first, second = await ReviewCriterion.select().order_by(ReviewCriterion.position)
    call = await CallForAbstracts.select().first()
    await post_form(client, f"/events/{slug}/oproep", call_form())
    reviewer = await create_user("karel@haarlem.example", role=Role.REVIEWER, name="Karel")
    rows = await Reviewer.insert(Reviewer(call=call["id"], user=reviewer.id)).returning(Reviewer.id)
    await ReviewAssignment.insert(
        ReviewAssignment(
            abstract=(await Abstract.select(Abstract.id).first())["id"],
            reviewer=rows[0]["id"],
            scores={str(first["id"]): 4, str(second["id"]): 3},
            reviewed_at=dt.datetime.now(dt.UTC),
        )
    )
    keep = {
        "questions.0.id": str(question["id"]),
        "questions.0.label": "Wat heb je nodig?",
        "criteria.0.id": str(first["id"]),
        "criteria.1.id": str(second["id"]),
    }

    dropped = await post_form(client, url, settings_form(**keep, **{"criteria.1.label": ""}))
    renamed = await post_form(client, url, settings_form(**keep, word_limit="300", anonymised="1"))

    assert dropped.status_code == 400
    assert "rename it" not in dropped.text and "hernoem hem" in dropped.text
    assert renamed.status_code == 200
    assert [q["id"] for q in await CallQuestion.select()] == [question["id"]]
    assert (await CallQuestion.select().first())["label"] == "Wat heb je nodig?"
    assert await ReviewCriterion.count() == 2
    changed = await AuditEntry.select().where(AuditEntry.action == "call.changed").first()
    assert json.loads(changed["detail"])["fields"] == ["anonymised", "questions", "word_limit"]
