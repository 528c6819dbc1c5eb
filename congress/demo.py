"""Demo call for abstracts for the congress at the end of the programme year, with
abstracts after the network's Leerateliers (`congress.demo_abstracts`).

Idempotent: the call is made once; its window is set so that it is open on the day
the demo is loaded, and stays open until shortly before the congress.
"""

from __future__ import annotations

import datetime as dt

from congress.demo_abstracts import ABSTRACTS
from congress.demo_programme import load_programme_demo
from congress.demo_review import load_review_demo
from congress.enums import AbstractState, ContributorRole, FormatKind
from congress.services.submission import new_token
from congress.tables import Abstract, CallForAbstracts, CallFormat, CallQuestion, Contributor
from events.codes import slugify
from events.tables import Event, EventTheme, Theme
from werkplaats.i18n import TIMEZONE

CONGRESS_SLUG = "congres-werkplaats-sociaal-domein-2027"
FORMATS = [
    (FormatKind.PRESENTATIE, 30),
    (FormatKind.WORKSHOP, 60),
    (FormatKind.DIALOOGSESSIE, 60),
    (FormatKind.POSTER, 15),
    (FormatKind.PITCH, 10),
]
QUESTIONS = [
    (
        "Werk je in deze bijdrage samen met inwoners of ervaringsdeskundigen? Hoe?",
        "Bijvoorbeeld als medeonderzoeker of als spreker.",
        False,
    ),
    ("Wat heb je nodig in de zaal?", "Beamer, flip-over, een kring stoelen, …", False),
]
INTRODUCTION = (
    "Aan het eind van het programma deelt de Werkplaats Sociaal Domein alles wat de "
    "Leerateliers opleverden. Deel je praktijkonderzoek, je project of je ervaring als "
    "professional, student, docent of inwoner.\n\n"
    "Centraal staat de vraag: **doen we het goede in het sociaal domein, en doen we dat "
    "goed genoeg?**"
)


async def _congress() -> dict | None:
    return await Event.select(Event.id, Event.starts_at).where(Event.slug == CONGRESS_SLUG).first()


async def _all_themes_on(event_id: int) -> None:
    """Every Leeratelier is a track of the congress."""
    have = {
        r["theme"]
        for r in await EventTheme.select(EventTheme.theme).where(EventTheme.event == event_id)
    }
    themes = await Theme.select(Theme.id)
    missing = [EventTheme(event=event_id, theme=t["id"]) for t in themes if t["id"] not in have]
    if missing:
        await EventTheme.insert(*missing)


async def _abstracts(call_id: int) -> None:
    tracks = {r["slug"]: r["id"] for r in await Theme.select(Theme.id, Theme.slug)}
    now = dt.datetime.now(dt.UTC)
    for number, (title, kind, track, text, speakers, co_authors) in enumerate(ABSTRACTS):
        sent = now - dt.timedelta(days=30 - number)
        rows = await Abstract.insert(
            Abstract(
                call=call_id,
                token=new_token(),
                state=AbstractState.SUBMITTED,
                title=title,
                abstract=text,
                format=kind,
                track=tracks.get(track),
                learning_goals="Deelnemers kunnen de opbrengsten vertalen naar hun eigen werk.",
                target_audience="Sociaal professionals, beleidsmakers, docenten en studenten.",
                publish_consent=True,
                created_at=sent,
                updated_at=sent,
            )
        ).returning(Abstract.id)
        people = [(ContributorRole.SPEAKER, p) for p in speakers]
        people += [(ContributorRole.CO_AUTHOR, p) for p in co_authors]
        await Contributor.insert(
            *[
                Contributor(
                    abstract=rows[0]["id"],
                    role=role,
                    name=name,
                    email=f"{slugify(name).replace('-', '.')}@example.org",
                    organisation=organisation,
                    position=position,
                )
                for position, (role, (name, organisation)) in enumerate(people)
            ]
        )


async def load_demo() -> None:
    event = await _congress()
    if event is None or await CallForAbstracts.exists().where(
        CallForAbstracts.event == event["id"]
    ):
        return
    await _all_themes_on(event["id"])
    now = dt.datetime.now(dt.UTC)
    sixty_days_ago = (now - dt.timedelta(days=60)).astimezone(TIMEZONE)
    nine_then = sixty_days_ago.replace(hour=9, minute=0, second=0, microsecond=0)
    opens = min(dt.datetime(2027, 1, 15, 9, tzinfo=TIMEZONE), nine_then)  # a time one would set
    closes = max(dt.datetime(2027, 9, 15, 23, 59, tzinfo=TIMEZONE), now + dt.timedelta(days=90))
    rows = await CallForAbstracts.insert(
        CallForAbstracts(
            event=event["id"],
            opens_at=opens,
            closes_at=min(closes, event["starts_at"]),
            introduction=INTRODUCTION,
            word_limit=300,
            max_speakers=3,
            max_co_authors=4,
            reviewers_per_abstract=2,
        )
    ).returning(CallForAbstracts.id)
    call_id = rows[0]["id"]
    await CallFormat.insert(
        *[CallFormat(call=call_id, kind=k, duration_minutes=m) for k, m in FORMATS]
    )
    await CallQuestion.insert(
        *[
            CallQuestion(call=call_id, label=label, help_text=hint, required=required, position=i)
            for i, (label, hint, required) in enumerate(QUESTIONS)
        ]
    )
    await _abstracts(call_id)
    await load_review_demo(call_id)
    await load_programme_demo(event["id"], call_id)
