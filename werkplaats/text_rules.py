"""What a typed text may hold: no line breaks where one line is meant, no invisible
control characters anywhere.

A name or title with a line break ends up in a mail header (where it would start a new
header, so the mail is refused every time it is sent), a calendar line and a badge.
NUL cannot be stored in PostgreSQL text. Bidirectional overrides turn the text that
follows them around, so a title can show something other than what it holds. Each is
refused with a message at validation, before anything is written.
"""

from __future__ import annotations

import re

from werkplaats.i18n import _

# DEL and the C1 controls, the Unicode line and paragraph separators, and the bidi
# embeddings, overrides and isolates (LRE…RLO, LRI…PDI): never in any text.
_NEVER = r"\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_ONE_LINE = re.compile(rf"[\x00-\x1f{_NEVER}]")  # every C0 control, tab and line breaks too
_SEVERAL_LINES = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f{_NEVER}]")  # keeps \t \n \r


def line_error(value: str | None) -> str | None:
    """The message for a one-line text (a name, a title) that holds what it may not."""
    if value and _ONE_LINE.search(value):
        return _("Use one line, without line breaks or invisible control characters.")
    return None


def text_error(value: str | None) -> str | None:
    """The message for a text of several lines that holds invisible control characters."""
    if value and _SEVERAL_LINES.search(value):
        return _("Remove the invisible control characters from this text.")
    return None


def text_errors(
    values: object, *, lines: tuple[str, ...] = (), texts: tuple[str, ...] = ()
) -> dict[str, str]:
    """{field: message} for the one-line `lines` and several-line `texts` of `values`
    (a mapping or an object with those attributes)."""

    def read(name: str) -> str | None:
        found = values.get(name) if isinstance(values, dict) else getattr(values, name, None)
        return found if isinstance(found, str) else None

    errors: dict[str, str] = {}
    for name in lines:
        if message := line_error(read(name)):
            errors[name] = message
    for name in texts:
        if message := text_error(read(name)):
            errors[name] = message
    return errors
