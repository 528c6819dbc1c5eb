"""A sent mailing rendered once per language, with a mark where each recipient's
own values go (their name, their links); each recipient's mail is that stencil
with the marks replaced. Rendering Markdown and two templates per recipient cost
more than sending the mail; the letter that comes out is the one `letters`
renders for the preview and the test send.

A mark is letters and digits only, so Markdown, Jinja's escaping and the HTML
sanitiser leave it as it is; in the HTML part a value goes in escaped.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import escape

from events.views import EventView
from mailings.letters import TEMPLATE, event_values, filled_letter
from mailings.services.mailings import MailingView
from mailings.views import PublicationView
from werkplaats import i18n
from werkplaats.mail.message import RenderedMail, render_mail
from werkplaats.settings import get_settings

PERSONAL = (
    "voornaam",
    "naam",
    "persoonlijke_link",
    "certificaat_link",
    "evaluatie_link",
    "unsubscribe_url",
    "preferences_url",
)
_RUN = secrets.token_hex(6)  # no organiser's text holds this process's marks


def mark(name: str) -> str:
    return f"wpm{_RUN}n{PERSONAL.index(name)}z"


@dataclass(frozen=True)
class Stencil:
    mail: RenderedMail

    def filled(self, values: Mapping[str, str]) -> RenderedMail:
        def put(text: str, quote) -> str:
            for name in PERSONAL:
                if (found := mark(name)) in text:
                    text = text.replace(found, quote(values.get(name, "")))
            return text

        return RenderedMail(
            put(self.mail.subject, str),
            put(self.mail.body_text, str),
            put(self.mail.body_html, lambda value: str(escape(value))),
        )


def make_stencil(
    mailing: MailingView,
    event: EventView | None,
    publications: list[PublicationView],
    language: str,
    *,
    unsubscribe: bool,
) -> Stencil:
    """The mailing in `language`; `unsubscribe`: with the newsletter's links."""
    marks = {name: mark(name) for name in PERSONAL}
    with i18n.language(language):
        values = event_values(event) | marks
        context = {
            "letter": filled_letter(mailing.subject, mailing.body, values),
            "publications": publications,
            "base_url": get_settings().base_url,
        }
    if unsubscribe:
        context |= {"unsubscribe_url": marks["unsubscribe_url"]}
        context |= {"preferences_url": marks["preferences_url"]}
    mail = render_mail(TEMPLATE, name=marks["naam"], language=language, context=context)
    return Stencil(mail)
