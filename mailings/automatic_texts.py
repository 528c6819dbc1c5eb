"""The subject and body (Markdown with placeholders) of each automatic mail.

Three layers, the nearest one wins: the event's own text, the network's default
(`event` empty), the built-in text. The built-in text is translated into each
recipient's language; an organiser's text goes as they wrote it. Placeholders are
checked when a text is saved, so an automatic mail never meets an unknown one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mailings import placeholders
from mailings.enums import AutomaticMail
from mailings.services.mailings import letter_errors
from mailings.tables import AutomaticText
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import N_, _

BUILT_IN = {
    AutomaticMail.REMINDER: (
        N_("Reminder: {{ evenement }}"),
        N_(
            "Dear {{ voornaam }},\n\n"
            "Soon you are expected at {{ evenement }}, a meeting you registered for. "
            "Can you no longer come? Cancel on your personal page, so someone else can "
            "have your place."
        ),
    ),
    AutomaticMail.MOVED: (
        N_("Changed: {{ evenement }}"),
        N_(
            "Dear {{ voornaam }},\n\n"
            "The time or place of {{ evenement }}, a meeting you registered for, has "
            "changed. Below is how it is now. Can you no longer come? Cancel on your "
            "personal page, so someone else can have your place."
        ),
    ),
    AutomaticMail.CANCELLED: (
        N_("Cancelled: {{ evenement }}"),
        N_(
            "Dear {{ voornaam }},\n\n"
            "We are sorry: {{ evenement }}, which you registered for or were waiting "
            "for, has been cancelled. You do not need to do anything."
        ),
    ),
    AutomaticMail.FOLLOWUP: (
        N_("Thank you for coming: {{ evenement }}"),
        N_(
            "Dear {{ voornaam }},\n\n"
            "Thank you for coming to {{ evenement }} on {{ datum }}. Below you find the "
            "publications that belong to this meeting.\n\n"
            "[Download your certificate of attendance]({{ certificaat_link }})\n\n"
            "How was it? Tell us in two minutes, so the next meeting is better still: "
            "[fill in the evaluation]({{ evaluatie_link }})"
        ),
    ),
}


@dataclass(frozen=True)
class MailText:
    subject: str
    body: str
    source: str  # "event" | "network" | "built_in"


def _where(kind: AutomaticMail, event_id: int | None):
    owner = AutomaticText.event.is_null() if event_id is None else AutomaticText.event == event_id
    return (AutomaticText.kind == kind.value) & owner


async def own_text(kind: AutomaticMail, event_id: int | None) -> MailText | None:
    """The text saved for exactly this event (or, with None, the network), if any."""
    row = await AutomaticText.select().where(_where(kind, event_id)).first()
    if row is None:
        return None
    return MailText(row["subject"], row["body"], "network" if event_id is None else "event")


def built_in_text(kind: AutomaticMail) -> MailText:
    """The built-in text in the current language."""
    subject, body = BUILT_IN[kind]
    return MailText(_(subject), _(body), "built_in")


async def automatic_text(kind: AutomaticMail, event_id: int | None) -> MailText:
    """The text an automatic mail of this event (None: any event) is written with;
    the built-in one in the current language."""
    if event_id is not None and (found := await own_text(kind, event_id)):
        return found
    return await own_text(kind, None) or built_in_text(kind)


async def save_automatic_text(
    kind: AutomaticMail, event_id: int | None, *, subject: str, body: str, by: str = ""
) -> None:
    """Keep an organiser's text; FieldErrors (per field, in their language) for an
    empty or unsafe subject, an empty body or a placeholder that does not exist."""
    subject, body = subject.strip(), body.strip()
    errors = letter_errors(subject, body, for_event=True)
    if errors:
        raise FieldErrors(errors)
    async with atomic():
        await lock(f"automatic-text:{kind.value}:{event_id}")
        await AutomaticText.delete().where(_where(kind, event_id))
        await AutomaticText.insert(
            AutomaticText(
                event=event_id,
                kind=kind.value,
                subject=subject,
                body=body,
                updated_by=by,
                updated_at=dt.datetime.now(dt.UTC),
            )
        )


async def reset_automatic_text(kind: AutomaticMail, event_id: int | None) -> None:
    """Back to the default: the network's text for an event, the built-in one for
    the network."""
    await AutomaticText.delete().where(_where(kind, event_id))


def placeholder_list() -> list[placeholders.Placeholder]:
    return placeholders.allowed(for_event=True)
