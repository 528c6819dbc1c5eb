"""Values for tests, importable without the fixtures' side effects (tests/conftest.py
makes a database when imported): also by helper processes such as tests/deploy/seed.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from events.enums import EventKind, EventStatus
from werkplaats.i18n import TIMEZONE


def demo_event_values(**overrides: Any) -> dict[str, Any]:
    """Typed values of a valid event, for service-level tests."""
    values: dict[str, Any] = {
        "title": "Regionale bijeenkomst voorjaar",
        "kind": EventKind.REGIONALE_BIJEENKOMST,
        "status": EventStatus.PUBLISHED,
        "starts_at": dt.datetime(2030, 4, 16, 13, 30, tzinfo=TIMEZONE),
        "ends_at": dt.datetime(2030, 4, 16, 17, 0, tzinfo=TIMEZONE),
        "summary": "Alle partners bij elkaar.",
        "capacity": 100,
    }
    values.update(overrides)
    return values
