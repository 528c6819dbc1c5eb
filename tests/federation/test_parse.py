"""A source's feed is read item by item: bad items are skipped with a reason."""

from __future__ import annotations

import json

import pytest

from federation.parse import (
    BAD_START,
    BAD_URL,
    DUPLICATE,
    NO_ID,
    TOO_MANY,
    FeedError,
    parse_events,
)


def _event(**changes) -> dict:
    item = {
        "@type": "Event",
        "identifier": "event-1@elders.example",
        "name": "Schulden in de wijk",
        "startDate": "2030-05-01T13:00:00+02:00",
        "endDate": "2030-05-01T16:00:00+02:00",
        "url": "https://elders.example/events/schulden",
    }
    item.update(changes)
    return {key: value for key, value in item.items() if value is not None}


def _feed(*items) -> bytes:
    return json.dumps({"@type": "DataFeed", "dataFeedElement": list(items)}).encode()


def test_parse_keeps_script_in_a_description_as_plain_text():
    body = _feed(_event(description="<script>alert(1)</script>Kom &amp; praat <b>mee</b>"))

    [item] = parse_events(body).items

    assert item["description"] == "Kom & praat mee"


def test_parse_skips_bad_items_with_their_reason_and_keeps_the_rest():
    body = _feed(
        _event(),
        _event(),  # the same id again
        _event(identifier="event-2@elders.example", startDate="2030-05-01T13:00:00"),
        _event(identifier="event-3@elders.example", url="javascript:alert(1)"),
        _event(identifier=None),
    )

    parsed = parse_events(body)

    assert [item["remote_id"] for item in parsed.items] == ["event-1@elders.example"]
    assert parsed.skipped == [
        {"id": "event-1@elders.example", "reason": DUPLICATE},
        {"id": "event-2@elders.example", "reason": BAD_START},
        {"id": "event-3@elders.example", "reason": BAD_URL},
        {"id": "#5", "reason": NO_ID},
    ]


def test_parse_takes_at_most_2000_items():
    items = [_event(identifier=f"event-{n}") for n in range(2001)]

    parsed = parse_events(_feed(*items))

    assert len(parsed.items) == 2000
    assert parsed.skipped == [{"id": "", "reason": TOO_MANY}]


@pytest.mark.parametrize("body", [b"<html>", b'{"dataFeedElement": 3}', b"\xff\xfe"])
def test_parse_refuses_a_feed_it_cannot_read(body):
    with pytest.raises(FeedError):
        parse_events(body)


def test_parse_skips_a_time_past_what_utc_holds():
    body = _feed(_event(startDate="9999-12-31T23:30:00-14:00"))

    assert parse_events(body).skipped == [{"id": "event-1@elders.example", "reason": BAD_START}]
