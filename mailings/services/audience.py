"""Who a mailing goes to: an event's registrations, or the newsletter's readers.

One row per address (lower-cased), so a person registered twice, or registered
and subscribed, gets one mail. The newsletter's readers are those whose latest
newsletter consent (from the registration form) is a yes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from events.enums import ConsentKind, RegistrationStatus
from events.tables import Registration
from mailings.enums import AudienceWho


@dataclass(frozen=True)
class Recipient:
    address: str
    name: str
    language: str = "nl"
    registration_id: int | None = None
    token: str = ""  # the registration's personal link, for its placeholders


_EVENT_AUDIENCE = """
SELECT r.id, r.token, r.name, r.email, r.language,
       EXISTS (SELECT 1 FROM checkin c WHERE c.registration = r.id AND c.session IS NULL
               AND c.undone_at IS NULL) AS came
FROM registration r
WHERE r.event = {} AND r.status = {}
ORDER BY r.id
"""

_NEWSLETTER_READERS = """
SELECT c.email, c.given, c.registration, r.name, r.language
FROM consent c LEFT JOIN registration r ON r.id = c.registration
WHERE c.kind = {}
ORDER BY c.given_at, c.id
"""


async def event_audience(event_id: int, who: AudienceWho) -> list[Recipient]:
    rows = await Registration.raw(_EVENT_AUDIENCE, event_id, RegistrationStatus.REGISTERED.value)
    wanted: dict[str, Recipient] = {}
    for row in rows:
        came = bool(row["came"])
        if (who is AudienceWho.CHECKED_IN and not came) or (who is AudienceWho.ABSENT and came):
            continue
        wanted.setdefault(
            row["email"].lower(),
            Recipient(
                row["email"].lower(), row["name"], row["language"] or "nl", row["id"], row["token"]
            ),
        )
    return list(wanted.values())


async def newsletter_audience() -> list[Recipient]:
    """Everyone whose last word on the newsletter was yes (later consents win)."""
    latest: dict[str, dict[str, Any]] = {}
    for row in await Registration.raw(_NEWSLETTER_READERS, ConsentKind.NEWSLETTER.value):
        latest[row["email"].lower()] = row
    return [
        Recipient(address, row["name"] or "", row["language"] or "nl")
        for address, row in sorted(latest.items())
        if row["given"]
    ]
