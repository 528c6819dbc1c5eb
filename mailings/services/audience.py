"""Who a mailing goes to: an event's registrations, or the newsletter's readers.

One row per address (lower-cased), so a person registered twice, or registered
and subscribed, gets one mail. The newsletter's readers are those whose last word
on it is yes (`services.newsletter.wants_newsletter`).
"""

from __future__ import annotations

from dataclasses import dataclass

from events.enums import RegistrationStatus
from events.tables import Registration
from mailings.enums import AudienceWho
from mailings.services.newsletter import wants_newsletter
from mailings.tables import Subscriber, SubscriberTheme


@dataclass(frozen=True)
class Recipient:
    address: str
    name: str
    language: str = "nl"
    registration_id: int | None = None
    token: str = ""  # the registration's personal link, for its placeholders
    evaluation_token: str = ""  # its link to the evaluation form, once made


_EVENT_AUDIENCE = """
SELECT r.id, r.token, r.name, r.email, r.language,
       EXISTS (SELECT 1 FROM checkin c WHERE c.registration = r.id AND c.session IS NULL
               AND c.undone_at IS NULL) AS came,
       l.token AS evaluation_token
FROM registration r LEFT JOIN evaluation_link l ON l.registration = r.id
WHERE r.event = {} AND r.status = {}
ORDER BY r.id
"""

_NAMES = "SELECT email, name, language FROM registration ORDER BY id"


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
                row["email"].lower(),
                row["name"],
                row["language"] or "nl",
                row["id"],
                row["token"],
                row["evaluation_token"] or "",
            ),
        )
    return list(wanted.values())


async def newsletter_audience(theme_id: int | None = None) -> list[Recipient]:
    """Everyone whose last word on the newsletter was yes; with `theme_id`, only the
    subscribers who chose that theme. Names from their subscription, else from their
    latest registration."""
    wanted = await wants_newsletter()
    if theme_id is not None:
        chosen = await SubscriberTheme.select(
            SubscriberTheme.subscriber.email.as_alias("email")
        ).where(SubscriberTheme.theme == theme_id)
        wanted &= {row["email"] for row in chosen}
    known: dict[str, tuple[str, str]] = {}
    for row in await Registration.raw(_NAMES):
        known[row["email"].lower()] = (row["name"], row["language"] or "nl")
    for row in await Subscriber.select(Subscriber.email, Subscriber.name, Subscriber.language):
        if row["name"] or row["email"] not in known:
            known[row["email"]] = (row["name"], row["language"] or "nl")
    return [Recipient(address, *known.get(address, ("", "nl"))) for address in sorted(wanted)]
