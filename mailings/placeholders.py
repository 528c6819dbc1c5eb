"""Placeholders in a mailing's subject and body: `{{ voornaam }}` and the like.

They are plain substitutions, not Jinja: an organiser's text is never run as a
template. Which ones a mailing may use depends on its audience (an event's links
only exist for that event's registrations); `check` refuses any other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from werkplaats.i18n import N_, _

PATTERN = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


@dataclass(frozen=True)
class Placeholder:
    name: str
    meaning: str
    event_only: bool = False


PLACEHOLDERS = (
    Placeholder("voornaam", N_("first name")),
    Placeholder("naam", N_("full name")),
    Placeholder("evenement", N_("title of the event"), event_only=True),
    Placeholder("datum", N_("date and time of the event"), event_only=True),
    Placeholder("persoonlijke_link", N_("link to their own registration"), event_only=True),
    Placeholder("certificaat_link", N_("link to their certificate"), event_only=True),
    Placeholder("evaluatie_link", N_("link to the evaluation form"), event_only=True),
)
BY_NAME = {p.name: p for p in PLACEHOLDERS}


def allowed(*, for_event: bool) -> list[Placeholder]:
    return [p for p in PLACEHOLDERS if for_event or not p.event_only]


def uses(text: str, name: str) -> bool:
    return any(match.group(1) == name for match in PATTERN.finditer(text))


def shown(name: str) -> str:
    return "{{ " + name + " }}"


def check(text: str, *, for_event: bool) -> str | None:
    """A message naming what is wrong with the placeholders in `text`, or None."""
    names = [match.group(1) for match in PATTERN.finditer(text)]
    unknown = [name for name in names if name not in BY_NAME]
    if unknown:
        return _("Unknown placeholder: {names}. You can use: {allowed}.").format(
            names=", ".join(shown(name) for name in dict.fromkeys(unknown)),
            allowed=", ".join(shown(p.name) for p in allowed(for_event=for_event)),
        )
    event_only = [name for name in names if BY_NAME[name].event_only and not for_event]
    if event_only:
        return _("{names} only works in a mailing to the people of one event.").format(
            names=", ".join(shown(name) for name in dict.fromkeys(event_only))
        )
    leftover = PATTERN.sub("", text)
    if "{{" in leftover or "}}" in leftover or "{%" in leftover:
        return _("Write a placeholder as {{ name }}, with two braces on each side.")
    return None


def fill(text: str, values: Mapping[str, str], *, markdown: bool = False) -> str:
    """`text` with every placeholder replaced; in Markdown, values are escaped so a
    name with `*` or `[` stays text."""

    def value(match: re.Match[str]) -> str:
        found = values.get(match.group(1), "")
        return _MARKDOWN_SPECIAL.sub(r"\\\1", found) if markdown else found

    return PATTERN.sub(value, text)


def fill_known(text: str, values: Mapping[str, str]) -> str:
    """`text` with the placeholders named in `values` replaced, the others kept."""
    return PATTERN.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else ""
