"""Demo publications of the network (guides, articles, columns), from its own texts.

Idempotent: a publication is matched by its slug; demo events and themes it names are
loaded before it (events.demo), and one that is missing is left out.
"""

from __future__ import annotations

import datetime as dt

from events.tables import Event, Theme
from mailings.services.publications import save_publication
from mailings.tables import Publication

SITE = "https://www.werkplaatssociaaldomein.nl/noord-holland"

PUBLICATIONS = [
    {
        "slug": "handreiking-integraal-en-wijkgericht-werken-k4",
        "title": "Handreiking integraal en wijkgericht werken in de K4",
        "kind": "handreiking",
        "authors": "Leertraject K4",
        "published_on": dt.date(2026, 6, 15),
        "summary": "Wat de gemeenten Schagen, Den Helder, Hollands Kroon en Texel leerden "
        "over samenwerken in de wijk.",
        "themes": ["integraal-en-wijkgericht-werken"],
        "events": ["regionale-bijeenkomst-najaar-2026"],
    },
    {
        "slug": "column-sociaal-werk-dat-zichzelf-bevraagt",
        "title": "Column: sociaal werk dat zichzelf bevraagt",
        "kind": "column",
        "authors": "Leeratelier Sociale Reflexiviteit",
        "published_on": dt.date(2026, 9, 2),
        "summary": "Over bewust sociaal handelen en waarom reflectie geen luxe is.",
        "themes": ["sociale-reflexiviteit"],
        "events": ["themabijeenkomst-sociale-reflexiviteit"],
    },
    {
        "slug": "casuistiekbundel-blended-hulpverlening",
        "title": "Casuïstiekbundel blended hulpverlening",
        "kind": "casuistiekbundel",
        "authors": "BEB-project",
        "published_on": dt.date(2026, 11, 4),
        "summary": "Klantreizen schoolmaatschappelijk werk en armoede: wat werkt online, "
        "wat fysiek?",
        "themes": ["blended-hulpverlening"],
        "events": ["actualiteitencollege-armoede-en-schulden"],
    },
    {
        "slug": "advies-uitvoering-participatiewet-ijmond",
        "title": "Advies: de participatiewet in uitvoering bij IJmond Werkt!",
        "kind": "advies",
        "authors": "Leeratelier Uitvoering van de participatiewet, IJmond Werkt!",
        "published_on": dt.date(2026, 10, 20),
        "summary": "Aanbevelingen voor consulenten en beleidsmakers over maatwerk in de "
        "participatiewet.",
        "themes": ["participatiewet-in-uitvoering"],
        "events": ["actualiteitencollege-participatiewet"],
    },
    {
        "slug": "artikel-gevolgen-covid-19-sociaal-domein",
        "title": "Artikel: de gevolgen van Covid-19 voor het sociaal domein",
        "kind": "artikel",
        "authors": "DOCK, Haarlem Effect, Werkplaats Sociaal Domein Noord-Holland",
        "published_on": dt.date(2025, 11, 12),
        "summary": "Wat sociaal werkers in Haarlem zagen veranderen in de wijk, en wat bleef.",
        "themes": ["inclusieve-wijk"],
        "events": [],
    },
    {
        "slug": "rapport-verbetertraject-toegang-hollands-kroon",
        "title": "Rapport verbetertraject Toegang Hollands Kroon",
        "kind": "rapport",
        "authors": "Movisie, Werkplaats Sociaal Domein Noord-Holland",
        "published_on": dt.date(2026, 3, 30),
        "summary": "Hoe inwoners de weg naar hulp en ondersteuning vinden, en waar die "
        "weg vastloopt.",
        "themes": ["toegang-tot-hulp-en-ondersteuning"],
        "events": [],
    },
]


async def load_demo() -> None:
    themes = {row["slug"] for row in await Theme.select(Theme.slug)}
    events = {row["slug"] for row in await Event.select(Event.slug)}
    for item in PUBLICATIONS:
        if await Publication.exists().where(Publication.slug == item["slug"]):
            continue
        await save_publication(
            item
            | {
                "url": f"{SITE}/publicaties/{item['slug']}",
                "themes": [t for t in item["themes"] if t in themes],
                "events": [e for e in item["events"] if e in events],
            }
        )
