"""A mailing as one recipient reads it: placeholders filled, Markdown rendered,
the chosen publications as cards. Used by the preview, the test send and the
outbox's builder, so what the organiser saw is what is sent."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from events.views import EventView
from mailings import placeholders
from mailings.services.audience import Recipient
from mailings.services.evaluations import evaluation_url
from mailings.services.mailings import MailingView
from mailings.views import PublicationView
from werkplaats import i18n
from werkplaats.mail.message import RenderedMail, render_mail
from werkplaats.render import markdown
from werkplaats.settings import get_settings

TEMPLATE = "mailing"
LINK_STYLE = "color:#1d4f6e;"

_LINK = re.compile(r"\[([^\]]+)\]\((\S+?)\)")
_STRONG = re.compile(r"(\*\*|__)(.+?)\1")


@dataclass(frozen=True)
class Letter:
    subject: str
    text: str  # the Markdown, filled, as plain text
    html: Any  # Markup


def plain_text(markdown_text: str) -> str:
    """The Markdown as a text part reads it: a link as its words and its address, no
    asterisks around bold words. Lists, headings and paragraphs read as they are."""
    text = _LINK.sub(
        lambda m: m.group(2) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})",
        markdown_text,
    )
    return _STRONG.sub(r"\2", text)


def personal_values(recipient: Recipient, *, for_event: bool) -> dict[str, str]:
    """The placeholders that differ from one recipient to the next."""
    values = {"voornaam": placeholders.first_name(recipient.name), "naam": recipient.name}
    if for_event:
        personal = f"{get_settings().base_url}/r/{recipient.token or 'voorbeeld'}"
        values |= {
            "persoonlijke_link": personal,
            "certificaat_link": f"{personal}/certificate.pdf",
            "evaluatie_link": evaluation_url(recipient.evaluation_token or "voorbeeld"),
        }
    return values


def event_values(event: EventView | None) -> dict[str, str]:
    """The placeholders of the event, the same for every recipient (in the current
    language: its date)."""
    return {"evenement": event.title, "datum": event.when} if event is not None else {}


def placeholder_values(recipient: Recipient, event: EventView | None) -> dict[str, str]:
    return event_values(event) | personal_values(recipient, for_event=event is not None)


def filled_letter(subject: str, body: str, values: Mapping[str, str]) -> Letter:
    html = markdown(placeholders.fill(body, values, markdown=True))
    return Letter(
        subject=placeholders.fill(subject, values),
        text=plain_text(placeholders.fill(body, values)),
        # Mail programs drop style sheets: a link gets the cards' colour inline.
        html=Markup(str(html).replace("<a ", f'<a style="{LINK_STYLE}" ')),
    )


def written(subject: str, body: str, recipient: Recipient, event: EventView | None) -> Letter:
    """`subject` and `body` (Markdown) as `recipient` reads them: placeholders filled."""
    with i18n.language(recipient.language):
        return filled_letter(subject, body, placeholder_values(recipient, event))


def letter(mailing: MailingView, recipient: Recipient, event: EventView | None) -> Letter:
    return written(mailing.subject, mailing.body, recipient, event)


def mail_context(
    mailing: MailingView,
    recipient: Recipient,
    event: EventView | None,
    publications: list[PublicationView],
) -> dict[str, Any]:
    return {
        "letter": letter(mailing, recipient, event),
        "publications": publications,
        "base_url": get_settings().base_url,
    }


def render_letter(
    mailing: MailingView,
    recipient: Recipient,
    event: EventView | None,
    publications: list[PublicationView],
) -> RenderedMail:
    context = mail_context(mailing, recipient, event, publications)
    return render_mail(TEMPLATE, name=recipient.name, language=recipient.language, context=context)
