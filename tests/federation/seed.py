"""A source with a copy, one item skipped and its last fetch failed: what the agenda
and the back office show at their fullest, for page tests."""

from __future__ import annotations

import datetime as dt
import json

from federation.tables import RemoteEvent, RemotePublication, Source


async def a_source_gone_bad() -> int:
    now = dt.datetime.now(dt.UTC)
    [row] = await Source.insert(
        Source(
            name="Werkplaats Sociaal Domein Utrecht",
            region="Utrecht",
            events_url="https://utrecht.example/api/v1/federation/events.json",
            publications_url="https://utrecht.example/api/v1/federation/publications.json",
            last_attempt_at=now,
            last_success_at=now - dt.timedelta(hours=3),
            last_error="De bron antwoordde niet binnen 10 seconden.",
            skipped=json.dumps([{"id": "e9", "reason": "No name.", "feed": "events"}]),
        )
    ).returning(Source.id)
    starts = now + dt.timedelta(days=20)
    await RemoteEvent.insert(
        RemoteEvent(
            source=row["id"], remote_id="e1", name="Schuldhulp in de wijk", starts_at=starts,
            ends_at=starts + dt.timedelta(hours=3), kind="themabijeenkomst",
            themes=json.dumps(["Armoede en schulden"]), place="Stadskantoor", city="Utrecht",
            url="https://utrecht.example/events/schuldhulp",
        )
    )  # fmt: skip
    await RemotePublication.insert(
        RemotePublication(
            source=row["id"], remote_id="p1", name="Casuïstiekbundel vroegsignalering",
            url="https://utrecht.example/vroegsignalering.pdf", genre="casuistiekbundel",
            published_on=dt.date(2026, 10, 1), themes=json.dumps(["Armoede en schulden"]),
        )
    )  # fmt: skip
    return row["id"]
