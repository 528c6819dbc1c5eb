"""Refreshing the copies of a source: both feeds fetched (conditionally), read, and
stored as a whole in one transaction. A fetch or a feed that fails keeps the last
good copy and says why; an item that fails is skipped and listed.

The sweeper claims each source that is due by writing its `last_attempt_at` (one
statement, so two sweepers never both claim it) and hands it to the worker.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from federation.parse import FeedError, parse_events, parse_publications
from federation.services.fetch import FetchError, fetch_feed
from federation.tables import RemoteEvent, RemotePublication, Source
from werkplaats import queue
from werkplaats.db import atomic, lock
from werkplaats.i18n import _

log = logging.getLogger(__name__)
REFRESH_EVERY = dt.timedelta(minutes=15)
REFRESH_ACTOR = "refresh_federation_source"
# Rows a statement: 2,000 items of 15 columns would pass PostgreSQL's 32,767 parameters
# only just, and SQLite's limit is lower where it was built with the old default.
INSERT_CHUNK = 500
FEEDS = (
    ("events", parse_events, RemoteEvent),
    ("publications", parse_publications, RemotePublication),
)


def _row(table: Any, source_id: int, item: dict[str, Any]) -> Any:
    return table(source=source_id, **{**item, "themes": json.dumps(item["themes"])})


async def _store(table: Any, source_id: int, parsed: Any, changes: dict[str, str]) -> None:
    async with atomic():
        # Two refreshes of one source at once (the sweeper's and "fetch now") take
        # turns: each replaces the copy whole, and neither meets the other's rows.
        await lock(f"federation-source-{source_id}")
        await table.delete().where(table.source == source_id)
        rows = [_row(table, source_id, item) for item in parsed.items]
        for start in range(0, len(rows), INSERT_CHUNK):
            await table.insert(*rows[start : start + INSERT_CHUNK])
        await Source.update(changes).where(Source.id == source_id)


async def _refresh_feed(
    source: dict[str, Any], prefix: str, parse: Any, table: Any
) -> list[dict[str, str]]:
    """Fetch and store one feed; what it skipped (kept from last time on a 304).
    Raises FetchError or FeedError, and the copy stays."""
    url = source[f"{prefix}_url"]
    if not url:
        return []
    fetched = await fetch_feed(
        url, etag=source[f"{prefix}_etag"], last_modified=source[f"{prefix}_last_modified"]
    )
    if not fetched.changed:
        before = json.loads(source["skipped"] or "[]")
        return [item for item in before if item.get("feed") == prefix]
    parsed = parse(fetched.body)
    changes = {f"{prefix}_etag": fetched.etag, f"{prefix}_last_modified": fetched.last_modified}
    await _store(table, source["id"], parsed, changes)
    return [{**item, "feed": prefix} for item in parsed.skipped]


async def refresh_source(source_id: int) -> bool | None:
    """Fetch the source's feeds now; True when every feed was read, None when there
    is no such source (any more)."""
    source = await Source.select().where(Source.id == source_id).first()
    if source is None:
        return None
    errors, skipped = [], []
    for prefix, parse, table in FEEDS:
        try:
            skipped += await _refresh_feed(source, prefix, parse, table)
        except FetchError as exc:
            errors.append(str(exc))
        except FeedError as exc:
            errors.append(_(str(exc)))
    now = dt.datetime.now(dt.UTC)
    changes: dict[Any, Any] = {
        Source.last_attempt_at: now,
        Source.last_error: " ".join(dict.fromkeys(errors)),
    }
    if not errors:
        changes[Source.last_success_at] = now
        changes[Source.skipped] = json.dumps(skipped[:200])
    await Source.update(changes).where(Source.id == source_id)
    if errors:
        log.warning("source %s: %s", source_id, " ".join(errors))
    return not errors


async def refresh_due_sources(min_age: float = 0) -> int:
    """A sweeper: claim each source not tried for REFRESH_EVERY and queue its refresh."""
    now = dt.datetime.now(dt.UTC)
    due = await Source.select(Source.id).where(
        Source.last_attempt_at.is_null() | (Source.last_attempt_at < now - REFRESH_EVERY)
    )
    claimed = 0
    for row in due:
        won = (
            await Source.update({Source.last_attempt_at: now})
            .where(
                (Source.id == row["id"])
                & (
                    Source.last_attempt_at.is_null()
                    | (Source.last_attempt_at < now - REFRESH_EVERY)
                )
            )
            .returning(Source.id)
        )
        if won:
            queue.send(REFRESH_ACTOR, row["id"])
            claimed += 1
    return claimed
