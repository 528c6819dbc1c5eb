"""What `/privacy` and `/toegankelijkheid` say, taken from the settings in force: the
retention periods the events actually have, where mail goes, who has an account.

The processing register's rows name their fields and periods here; the page puts
them in words (through gettext) so the statement cannot drift from what the code
does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from piccolo.query.functions.aggregate import Count

from events.services.privacy.retention import DEFAULT_RETENTION_MONTHS, longest_retention_months
from events.tables import Event
from werkplaats.enums import Role
from werkplaats.settings import get_settings
from werkplaats.tables import User

# The last accessibility check of the site, and how it was done. Change both when the
# check is done again (tests/e2e/test_accessibility.py runs the automatic part).
LAST_CHECK = dt.date(2026, 12, 3)
CHECK_WIDTHS = (360, 390, 1366)


@dataclass(frozen=True)
class RetentionInUse:
    months: int
    events: int


async def _retention_in_use() -> list[RetentionInUse]:
    rows = await Event.select(Event.retention_months, Count(Event.id, alias="events")).group_by(
        Event.retention_months
    )
    found = [RetentionInUse(row["retention_months"], row["events"]) for row in rows]
    return sorted(found, key=lambda r: r.months) or [RetentionInUse(DEFAULT_RETENTION_MONTHS, 0)]


async def _accounts() -> dict[str, int]:
    rows = (
        await User.select(User.role, Count(User.id, alias="n"))
        .where(User.active == True)  # noqa: E712 (a Piccolo expression)
        .group_by(User.role)
    )
    return {row["role"]: row["n"] for row in rows}


def _mail_route() -> str:
    """Where outgoing mail goes: the SMTP server's host, or '' (files on this server)."""
    url = get_settings().smtp_url
    return url.split("@")[-1].split("://")[-1].split("/")[0].split(":")[0] if url else ""


async def processing_register() -> dict[str, Any]:
    settings = get_settings()
    accounts = await _accounts()
    retention = await _retention_in_use()
    return {
        "retention": retention,
        "longest_months": await longest_retention_months(),
        "default_months": DEFAULT_RETENTION_MONTHS,
        "organisers": accounts.get(Role.ORGANISER, 0) + accounts.get(Role.ADMIN, 0),
        "door_staff": accounts.get(Role.CHECKIN, 0),
        "mail_server": _mail_route(),
        "contact": settings.mail_from,
        "site": settings.base_url,
    }


def accessibility_statement() -> dict[str, Any]:
    settings = get_settings()
    return {
        "last_check": LAST_CHECK,
        "widths": CHECK_WIDTHS,
        "contact": settings.mail_from,
        "site": settings.base_url,
    }
