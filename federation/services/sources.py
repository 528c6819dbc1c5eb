"""The other Werkplaatsen this one reads: added, changed and removed by an organiser,
each with the state of its last fetch."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from federation.services.fetch import url_problem
from federation.tables import RemoteEvent, RemotePublication, Source
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _
from werkplaats.text_rules import text_errors

FIELDS = ("name", "region", "events_url", "publications_url")
LIMITS = {"name": 200, "region": 100, "events_url": 500, "publications_url": 500}


@dataclass(frozen=True)
class SourceView:
    id: int
    name: str
    region: str
    events_url: str
    publications_url: str
    last_attempt_at: dt.datetime | None
    last_success_at: dt.datetime | None
    last_error: str
    skipped: list[dict[str, str]] = field(default_factory=list)
    events: int = 0
    publications: int = 0

    @property
    def state(self) -> str:
        """`ok`, `failing` (the last copy stays) or `new` (never fetched well)."""
        if self.last_error:
            return "failing"
        return "ok" if self.last_success_at else "new"


def check_source(values: Mapping[str, Any]) -> dict[str, str]:
    clean = {name: str(values.get(name) or "").strip() for name in FIELDS}
    errors = text_errors(clean, lines=FIELDS)
    if not clean["name"]:
        errors["name"] = _("Enter a name.")
    if not clean["events_url"]:
        errors["events_url"] = _("Enter the address of its events feed.")
    for name in ("events_url", "publications_url"):
        if clean[name] and (problem := url_problem(clean[name])):
            errors.setdefault(name, problem)
    for name, limit in LIMITS.items():
        if len(clean[name]) > limit:
            errors.setdefault(name, _("At most {n} characters.").format(n=limit))
    if errors:
        raise FieldErrors(errors)
    return clean


async def add_source(values: Mapping[str, Any]) -> int:
    clean = check_source(values)
    [row] = await Source.insert(Source(**clean)).returning(Source.id)
    return row["id"]


async def remove_source(source_id: int) -> bool:
    """The source and its copies go; the agenda no longer shows them."""
    rows = await Source.delete().where(Source.id == source_id).returning(Source.id)
    return bool(rows)


async def _counts(table: Any) -> dict[int, int]:
    rows = await table.raw(
        f'SELECT "source", COUNT(*) AS "n" FROM "{table._meta.tablename}" GROUP BY "source"'
    )
    return {row["source"]: row["n"] for row in rows}


async def list_sources() -> list[SourceView]:
    rows = await Source.select().order_by(Source.region).order_by(Source.name)
    events, publications = await _counts(RemoteEvent), await _counts(RemotePublication)
    return [
        SourceView(
            id=row["id"],
            name=row["name"],
            region=row["region"],
            events_url=row["events_url"],
            publications_url=row["publications_url"],
            last_attempt_at=row["last_attempt_at"],
            last_success_at=row["last_success_at"],
            last_error=row["last_error"],
            skipped=json.loads(row["skipped"] or "[]"),
            events=events.get(row["id"], 0),
            publications=publications.get(row["id"], 0),
        )
        for row in rows
    ]
