"""Demo publications of the network (guides, articles, columns)."""

from __future__ import annotations

import datetime as dt

from mailings.tables import Publication

PUBLICATIONS = [
    (
        "Handreiking integraal en wijkgericht werken in de K4",
        "handreiking",
        "Leertraject K4",
        dt.date(2026, 6, 15),
        "Wat gemeenten Schagen, Den Helder, Hollands Kroon en Texel leerden over samenwerken in de wijk.",
    ),
    (
        "Column: sociaal werk dat zichzelf bevraagt",
        "column",
        "Leeratelier Sociale Reflexiviteit",
        dt.date(2026, 9, 2),
        "Over bewust sociaal handelen en waarom reflectie geen luxe is.",
    ),
    (
        "Casuïstiekbundel blended hulpverlening",
        "casuistiekbundel",
        "BEB-project",
        dt.date(2026, 11, 4),
        "Klantreizen schoolmaatschappelijk werk en armoede: wat werkt online, wat fysiek?",
    ),
]


async def load_demo() -> None:
    for title, kind, authors, published_on, summary in PUBLICATIONS:
        if await Publication.exists().where(Publication.title == title):
            continue
        await Publication.insert(
            Publication(
                title=title,
                kind=kind,
                authors=authors,
                published_on=published_on,
                summary=summary,
                url=f"https://werkplaats.example.org/publicaties/{published_on:%Y}/{kind}",
            )
        )
