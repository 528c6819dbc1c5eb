"""Composing a mailing: its rules, and what the back office and the API show of it.

A mailing is edited while it is a draft or scheduled; once sent it is fixed, and
what each recipient got is its delivery's outbox row. Rules are checked in
`check_mailing`, and again under the mailing's lock where a send could race.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from events.tables import Event, Theme
from mailings import placeholders
from mailings.enums import AudienceWho, MailingState
from mailings.tables import Mailing, MailingDelivery, Publication
from werkplaats.enums import MailState
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _
from werkplaats.text_rules import line_error, text_error

# Line breaks written out (percent-encoded, quoted-printable, escaped): pasted from
# somewhere, they would read as one in a header that a program decodes.
_ENCODED_BREAK = re.compile(r"%0[ad]|=0[ad]|\\[rn]", re.IGNORECASE)

DELIVERY_STATES = (*(state.value for state in MailState),)


@dataclass(frozen=True)
class MailingView:
    id: int
    subject: str
    body: str
    event_id: int | None
    event_slug: str
    event_title: str
    who: AudienceWho
    newsletter: bool
    theme_id: int | None  # a newsletter for one theme's subscribers
    theme_slug: str
    publication_ids: list[int]
    state: MailingState
    send_at: dt.datetime | None
    sent_at: dt.datetime | None
    created_by: str
    created_at: dt.datetime
    automatic: bool = False  # made by itself (the follow-up), not by an organiser

    @property
    def for_event(self) -> bool:
        return self.event_id is not None

    @property
    def title(self) -> str:
        """The subject as the back office names the mailing: its event's title in,
        the placeholders that differ per recipient as they are."""
        return placeholders.fill_known(self.subject, {"evenement": self.event_title})

    @property
    def editable(self) -> bool:
        return self.state is not MailingState.SENT


def subject_error(subject: str) -> str | None:
    """What keeps `subject` out of a mail header: a line break, plain or encoded."""
    if line_error(subject) or _ENCODED_BREAK.search(subject):
        return _("A subject is one line: no line breaks or control characters.")
    return None


def _ids(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip().isdigit()]


def letter_errors(subject: str, body: str, *, for_event: bool) -> dict[str, str]:
    """{field: message} for a subject and a Markdown body with placeholders (of a
    mailing, or of an automatic mail's text); empty when both can be sent."""
    errors: dict[str, str] = {}
    if not subject:
        errors["subject"] = _("Enter a subject.")
    elif problem := subject_error(subject):
        errors["subject"] = problem
    elif len(subject) > 300:
        errors["subject"] = _("At most {n} characters.").format(n=300)
    if not body:
        errors["body"] = _("Write the message.")
    elif problem := text_error(body):
        errors["body"] = problem
    for name, text in (("subject", subject), ("body", body)):
        problem = placeholders.check(text, for_event=for_event)
        if problem and name not in errors:
            errors[name] = problem
    return errors


async def check_mailing(values: Mapping[str, Any]) -> dict[Any, Any]:
    """The columns to write from `values`; FieldErrors naming every bad field."""
    subject = str(values.get("subject") or "").strip()
    body = str(values.get("body") or "").strip()
    event_slug = str(values.get("event") or "").strip()
    errors = letter_errors(subject, body, for_event=bool(event_slug))
    newsletter = bool(values.get("newsletter"))
    event = None
    if event_slug:
        event = await Event.select(Event.id).where(Event.slug == event_slug).first()
        if event is None:
            errors["event"] = _("There is no event at this address.")
    if bool(event_slug) == newsletter:
        errors["audience"] = _("Choose one audience: the people of an event, or the newsletter.")
    theme = None
    theme_slug = str(values.get("theme") or "").strip() if newsletter else ""
    if theme_slug:
        theme = await Theme.select(Theme.id).where(Theme.slug == theme_slug).first()
        if theme is None:
            errors["theme"] = _("This is not one of the allowed values.")
    who = str(values.get("who") or AudienceWho.ALL.value)
    if who not in set(AudienceWho):
        errors["who"] = _("This is not one of the allowed values.")
    send_at = values.get("send_at")
    if send_at is not None and send_at <= dt.datetime.now(dt.UTC):
        errors["send_at"] = _("Choose a moment in the future.")
    publication_ids = [int(i) for i in values.get("publications") or [] if str(i).isdigit()]
    if publication_ids:
        found = await Publication.select(Publication.id).where(
            Publication.id.is_in(publication_ids)
        )
        if len({row["id"] for row in found}) != len(set(publication_ids)):
            errors["publications"] = _("One of the chosen publications does not exist.")
    if errors:
        raise FieldErrors(errors)
    scheduled = {Mailing.send_at: send_at, Mailing.state: MailingState.SCHEDULED} if send_at else {}
    return scheduled | {
        Mailing.subject: subject,
        Mailing.body: body,
        Mailing.event: event["id"] if event else None,
        Mailing.who: who,
        Mailing.newsletter: newsletter,
        Mailing.theme: theme["id"] if theme else None,
        Mailing.publication_ids: ",".join(str(i) for i in dict.fromkeys(publication_ids)),
    }


async def create_mailing(values: Mapping[str, Any], *, by: str = "") -> int:
    data = await check_mailing(values) | {Mailing.created_by: by}
    rows = await Mailing.insert(Mailing(_data=data)).returning(Mailing.id)
    return rows[0]["id"]


async def update_mailing(mailing_id: int, values: Mapping[str, Any]) -> None:
    """Change a mailing that is not sent yet (a sent one is refused)."""
    data = await check_mailing(values) | {Mailing.updated_at: dt.datetime.now(dt.UTC)}
    changed = (
        await Mailing.update(data)
        .where((Mailing.id == mailing_id) & (Mailing.state != MailingState.SENT.value))
        .returning(Mailing.id)
    )
    if not changed:
        raise FieldErrors({"subject": _("This mailing has been sent and cannot change.")})


_SELECT = """
SELECT m.*, e.slug AS event_slug, e.title AS event_title, t.slug AS theme_slug
FROM mailing m LEFT JOIN event e ON e.id = m.event LEFT JOIN theme t ON t.id = m.theme
"""


def _view(row: dict[str, Any]) -> MailingView:
    return MailingView(
        id=row["id"],
        subject=row["subject"],
        body=row["body"],
        event_id=row["event"],
        event_slug=row["event_slug"] or "",
        event_title=row["event_title"] or "",
        who=AudienceWho(row["who"]),
        newsletter=bool(row["newsletter"]),
        theme_id=row["theme"],
        theme_slug=row["theme_slug"] or "",
        publication_ids=_ids(row["publication_ids"]),
        state=MailingState(row["state"]),
        send_at=row["send_at"],
        sent_at=row["sent_at"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        automatic=bool(row["made_for"]),
    )


async def get_mailing(mailing_id: int) -> MailingView | None:
    rows = await Mailing.raw(_SELECT + " WHERE m.id = {}", mailing_id)
    return _view(rows[0]) if rows else None


async def list_mailings(limit: int = 100) -> list[MailingView]:
    rows = await Mailing.raw(_SELECT + " ORDER BY m.id DESC LIMIT {}", limit)
    return [_view(row) for row in rows]


_COUNTS = """
SELECT CASE WHEN d.suppressed THEN 'suppressed' ELSE COALESCE(o.state, 'queued') END AS state,
       COUNT(*) AS n
FROM mailing_delivery d LEFT JOIN outgoing_mail o ON o.id = d.outgoing_mail
WHERE d.mailing = {}
GROUP BY 1
"""

_DELIVERIES = """
SELECT d.id, d.to_address, d.to_name, d.suppressed, o.state, o.last_error, o.sent_at,
       o.attempts
FROM mailing_delivery d LEFT JOIN outgoing_mail o ON o.id = d.outgoing_mail
WHERE d.mailing = {}
ORDER BY d.id
"""


async def delivery_counts(mailing_id: int) -> dict[str, int]:
    """Deliveries per state, every state named (0 when none)."""
    counts = dict.fromkeys(DELIVERY_STATES, 0)
    for row in await MailingDelivery.raw(_COUNTS, mailing_id):
        counts[row["state"]] = row["n"]
    return counts


async def deliveries(mailing_id: int) -> list[dict[str, Any]]:
    rows = await MailingDelivery.raw(_DELIVERIES, mailing_id)
    for row in rows:
        # No outbox row (yet, or any more): it waits, unless it was suppressed.
        row["state"] = MailState.SUPPRESSED.value if row["suppressed"] else row["state"] or "queued"
    return rows
