"""Conditional GET rules (RFC 9110 §13), on their own."""

from __future__ import annotations

import datetime as dt

from werkplaats.conditional import http_date, is_not_modified, validator_headers

ETAG = '"abc123"'
CHANGED = dt.datetime(2030, 4, 16, 11, 30, 15, 999999, tzinfo=dt.UTC)


def not_modified(**headers: str) -> bool:
    names = {key.replace("_", "-"): value for key, value in headers.items()}
    return is_not_modified(names, etag=ETAG, last_modified=CHANGED)


def test_if_none_match_with_the_etag_weak_or_strong_or_star_is_not_modified():
    assert not_modified(if_none_match=ETAG)
    assert not_modified(if_none_match=f'"old", W/{ETAG}')
    assert not_modified(if_none_match="*")
    assert not not_modified(if_none_match='"old"')


def test_if_none_match_wins_over_if_modified_since():
    assert not not_modified(if_none_match='"old"', if_modified_since=http_date(CHANGED))


def test_if_modified_since_counts_whole_seconds():
    assert not_modified(if_modified_since="Tue, 16 Apr 2030 11:30:15 GMT")
    assert not_modified(if_modified_since="Tue, 16 Apr 2030 12:00:00 GMT")
    assert not not_modified(if_modified_since="Tue, 16 Apr 2030 11:30:14 GMT")
    assert not not_modified(if_modified_since="gisteren")
    assert not not_modified()


def test_validator_headers_give_an_http_date_in_gmt():
    headers = validator_headers(
        etag=ETAG, last_modified=CHANGED, cache_control="public, max-age=300"
    )

    assert headers == {
        "ETag": ETAG,
        "Cache-Control": "public, max-age=300",
        "Last-Modified": "Tue, 16 Apr 2030 11:30:15 GMT",
    }
