"""A request that cannot reach the database gets a 503 that says so and when to retry,
not a 500; any other error stays a 500."""

from __future__ import annotations

import asyncpg

from events.controllers import public
from werkplaats.db import database_away


async def test_a_page_while_the_database_is_away_is_a_503_with_retry_after(client, monkeypatch):
    async def refused(**_: object) -> list:
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(public, "list_events", refused)

    response = await client.get("/", headers={"Accept-Language": "nl"})

    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert "We kunnen onze database even niet bereiken" in response.text


async def test_any_other_error_is_still_a_500(client, monkeypatch):
    async def broken(**_: object) -> list:
        raise ValueError("a bug")

    monkeypatch.setattr(public, "list_events", broken)

    response = await client.get("/", headers={"Accept-Language": "nl"})

    assert response.status_code == 500
    assert "retry-after" not in response.headers


def test_what_counts_as_the_database_being_away():
    closed = asyncpg.exceptions.InterfaceError("connection is closed")
    wrapped = RuntimeError("query failed")
    wrapped.__cause__ = ConnectionResetError()

    assert database_away(ConnectionRefusedError())
    assert database_away(asyncpg.exceptions.AdminShutdownError("terminating connection"))
    assert database_away(closed)
    assert database_away(wrapped)
    assert not database_away(
        asyncpg.exceptions.InterfaceError(
            "cannot use Connection.transaction() in a manually started transaction"
        )
    )
    assert not database_away(ValueError("a bug"))
