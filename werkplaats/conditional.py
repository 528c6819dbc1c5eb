"""Conditional GET (RFC 9110 §13): tell a client that its copy is still current.

A client that sends `If-None-Match` is judged by that alone (weak comparison, `*`
matches anything); only without it does `If-Modified-Since` count, to the second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from email.utils import format_datetime, parsedate_to_datetime


def http_date(moment: dt.datetime) -> str:
    return format_datetime(moment.astimezone(dt.UTC).replace(microsecond=0), usegmt=True)


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def is_not_modified(
    headers: Mapping[str, str], *, etag: str, last_modified: dt.datetime | None
) -> bool:
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = [_opaque(tag) for tag in if_none_match.split(",")]
        return "*" in tags or _opaque(etag) in tags
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since is None or last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    return last_modified.astimezone(dt.UTC).replace(microsecond=0) <= since


def validator_headers(
    *, etag: str, last_modified: dt.datetime | None, cache_control: str
) -> dict[str, str]:
    headers = {"ETag": etag, "Cache-Control": cache_control}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified)
    return headers
