"""A congress with an open call, and valid abstracts, for the congress tests."""

from __future__ import annotations

import datetime as dt
import subprocess
from typing import Any

from congress.enums import FormatKind
from congress.services.submission import AbstractInput, PersonInput
from congress.tables import CallForAbstracts, CallFormat, CallQuestion, ReviewCriterion, Reviewer
from events.enums import EventKind
from events.services.catalogue.events import create_event
from events.services.catalogue.reference import save_theme
from events.tables import Event
from tests.conftest import demo_event_values
from werkplaats.auth.accounts import create_user
from werkplaats.enums import Role
from werkplaats.i18n import TIMEZONE

THEMES = ("Sociale reflexiviteit", "Blended hulpverlening")


async def make_congress(
    *,
    opens: dt.timedelta = dt.timedelta(days=-1),
    closes: dt.timedelta = dt.timedelta(days=30),
    word_limit: int = 50,
    question_required: bool = False,
) -> tuple[str, int]:
    """A published congress with a call open from `now + opens` to `now + closes`;
    (slug, call id)."""
    for name in THEMES:
        await save_theme({"name": name, "description": ""})
    slug = await create_event(
        demo_event_values(
            title="Congres Werkplaats 2030",
            kind=EventKind.CONGRES,
            starts_at=dt.datetime(2030, 11, 11, 9, tzinfo=TIMEZONE),
            ends_at=dt.datetime(2030, 11, 11, 17, tzinfo=TIMEZONE),
            themes=["sociale-reflexiviteit", "blended-hulpverlening"],
            capacity=300,
        )
    )
    event = await Event.select(Event.id).where(Event.slug == slug).first()
    now = dt.datetime.now(dt.UTC)
    rows = await CallForAbstracts.insert(
        CallForAbstracts(
            event=event["id"],
            opens_at=now + opens,
            closes_at=now + closes,
            word_limit=word_limit,
            max_speakers=2,
            max_co_authors=2,
        )
    ).returning(CallForAbstracts.id)
    call_id = rows[0]["id"]
    await CallFormat.insert(
        CallFormat(call=call_id, kind=FormatKind.WORKSHOP, duration_minutes=60),
        CallFormat(call=call_id, kind=FormatKind.PITCH, duration_minutes=10),
    )
    await CallQuestion.insert(
        CallQuestion(call=call_id, label="Wat heb je nodig?", required=question_required)
    )
    return slug, call_id


def entry(**overrides: Any) -> AbstractInput:
    values: dict[str, Any] = {
        "title": "Reflecteren in het wijkteam",
        "abstract": "Sociaal werkers bespreken dilemma's uit de praktijk met een reflectiekaart.",
        "format": "workshop",
        "track": "sociale-reflexiviteit",
        "speakers": [
            PersonInput("Noor Hendriks", "noor@inholland.example", "Hogeschool Inholland")
        ],
        "co_authors": [PersonInput("Bas Jansen", "bas@dock.example", "DOCK")],
        "publish_consent": True,
    }
    values.update(overrides)
    return AbstractInput(**values)


def call_form(**overrides: str) -> dict[str, str]:
    """What the call form posts for a valid abstract."""
    values = {
        "title": "Reflecteren in het wijkteam",
        "abstract": "Sociaal werkers bespreken dilemma's uit de praktijk met een reflectiekaart.",
        "format": "workshop",
        "track": "sociale-reflexiviteit",
        "speakers.0.name": "Noor Hendriks",
        "speakers.0.email": "noor@inholland.example",
        "speakers.0.organisation": "Hogeschool Inholland",
        "co_authors.0.name": "Bas Jansen",
        "co_authors.0.email": "bas@dock.example",
        "co_authors.0.organisation": "DOCK",
        "publish_consent": "1",
    }
    values.update(overrides)
    return values


def api_abstract(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "De klantreis armoede",
        "abstract": "Inwoners met geldzorgen zoeken hulp online en aan de balie.",
        "format": "pitch",
        "track": "blended-hulpverlening",
        "speakers": [{"name": "Fatma Yilmaz", "email": "fatma@mee.example", "organisation": "MEE"}],
        "publish_consent": True,
    }
    body.update(overrides)
    return body


async def make_reviewer(call_id: int, email: str, organisation: str, *, password: str = "") -> int:
    """An account with role reviewer, made a reviewer of the call; the Reviewer id."""
    user = await create_user(email, role=Role.REVIEWER, name=email.split("@")[0], password=password)
    rows = await Reviewer.insert(
        Reviewer(call=call_id, user=user.id, organisation=organisation)
    ).returning(Reviewer.id)
    return rows[0]["id"]


async def add_criteria(call_id: int, *labels: str) -> list[int]:
    rows = await ReviewCriterion.insert(
        *[ReviewCriterion(call=call_id, label=label, position=i) for i, label in enumerate(labels)]
    ).returning(ReviewCriterion.id)
    return [r["id"] for r in rows]


def pdftotext(pdf: bytes) -> str:
    """The text of a PDF as poppler reads it (it shares no code with WeasyPrint)."""
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode()
