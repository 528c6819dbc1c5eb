"""Demo call for abstracts for the congress at the end of the programme year."""

from __future__ import annotations

import datetime as dt

from congress.tables import CallForAbstracts, Track
from events.tables import Event
from werkplaats.i18n import TIMEZONE

CONGRESS_SLUG = "congres-werkplaats-sociaal-domein-2027"
TRACKS = [
    (
        "Leerateliers in de praktijk",
        "Wat leverden de Leerateliers op voor inwoners en professionals?",
    ),
    (
        "Onderwijs en onderzoek",
        "Kennis uit de Werkplaats in de opleidingen Social Work (hbo en mbo).",
    ),
    ("Beleid en uitvoering", "Gemeenten, toegang en de participatiewet."),
]


async def load_demo() -> None:
    event = await Event.select(Event.id).where(Event.slug == CONGRESS_SLUG).first()
    if event is None or await CallForAbstracts.exists().where(
        CallForAbstracts.event == event["id"]
    ):
        return
    rows = await CallForAbstracts.insert(
        CallForAbstracts(
            event=event["id"],
            opens_at=dt.datetime(2027, 1, 15, 9, tzinfo=TIMEZONE),
            closes_at=dt.datetime(2027, 5, 1, 23, 59, tzinfo=TIMEZONE),
            introduction="Deel je praktijkonderzoek, je project of je ervaring als professional of inwoner.",
        )
    ).returning(CallForAbstracts.id)
    await Track.insert(*[Track(call=rows[0]["id"], name=n, description=d) for n, d in TRACKS])
