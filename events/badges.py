"""Badges: the PDF an organiser prints before an event, and one for a late arrival.

Two layouts (`BadgeLayout`):

- A6, one badge per page (105 × 148 mm), for the common A6 badge holders;
- A4 sheets of eight 90 × 60 mm badges (2 × 4, the size of the usual landscape
  holders), with cut marks in the page margins on every cut line. The grid leaves
  15 mm left and right and 28.5 mm above and below, where every printer prints.

A badge shows the name large, the organisation, the event and its date, a ribbon
in colour *and* words (deelnemer, spreker, organisatie), and the QR code with only
`WPS1:<ticket code>` — the same code as the ticket, so either one gets a person in —
with the code in groups of four below it. A long name gets a smaller size (chosen
here, from its length) and, as a last resort, an ellipsis; nothing runs off a badge.

Badges are in the organiser's language, not the registrant's: the people at the
door and the badges on the table speak one language. They come sorted by surname
(`events.surnames`).

A big batch is rendered in chunks of `CHUNK` badges, one WeasyPrint document each,
joined with pypdf: WeasyPrint keeps the layout of every page of a document until
it is written, so one document of 1,000 badges takes some 260 MB more than the
chunks do, whose memory stays flat; a chunk is also the natural point to report
progress. The QR code is a small PNG rather than the ticket's SVG path, and the
chunks are untagged (tags do not survive the join): bench/pdfs.py measures each.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from babel.dates import format_date
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from events.codes import code_groups
from events.enums import BadgeLayout, Ribbon
from events.surnames import surname_key
from events.tickets import QrImage, qr_pixels
from werkplaats import i18n
from werkplaats.pdf import html_to_pdf
from werkplaats.render import render

CHUNK = 96  # badges per document: twelve A4 sheets, about a second of rendering
SHEET = 8  # badges on an A4 sheet
STYLESHEETS = ("base.css", "badges.css")
QR_SYMBOL_MM = {BadgeLayout.A6: 32.0, BadgeLayout.A4: 22.0}
# Name sizes (pt), largest first, with the characters a line takes at that size
# (DejaVu Sans Bold is about 0.62 em a character) and the lines a name may use.
NAME_SIZES = {
    BadgeLayout.A6: ((28, 13, 2), (24, 16, 2), (20, 19, 3), (16, 24, 3)),
    BadgeLayout.A4: ((18, 11, 2), (15, 14, 2), (13, 16, 2), (11, 19, 3)),
}


@dataclass(frozen=True)
class Badge:
    name: str
    organisation: str
    ribbon: Ribbon
    code: str
    lines: tuple[str, ...] = ()  # from other apps (`events.hooks.badge_lines`)


@dataclass(frozen=True)
class BadgeEvent:
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclass(frozen=True)
class _Printed:
    """A badge as the template gets it."""

    name: str
    name_size: int
    organisation: str
    ribbon: str
    ribbon_label: str
    code: str
    code_groups: str
    qr: QrImage
    lines: tuple[str, ...] = ()


def sort_key(badge: Badge) -> tuple[tuple[str, str, str], str, str]:
    return (surname_key(badge.name), badge.name, badge.code)


def by_surname(badges: Sequence[Badge]) -> list[Badge]:
    return sorted(badges, key=sort_key)


def _lines(words: list[str], per_line: int) -> int:
    lines, used = 1, 0
    for word in words:
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


def name_size(name: str, layout: BadgeLayout) -> int:
    """The largest size at which the name fits its lines, words unbroken."""
    words = name.split() or [""]
    for size, per_line, max_lines in NAME_SIZES[layout]:
        if max(map(len, words)) <= per_line and _lines(words, per_line) <= max_lines:
            return size
    return NAME_SIZES[layout][-1][0]


def event_dates(event: BadgeEvent) -> str:
    """`dinsdag 16 april 2030`, or `16–17 april 2030` for an event of more days."""
    start, end = i18n.local(event.starts_at).date(), i18n.local(event.ends_at).date()
    if start == end:
        return i18n.format_day(start)
    locale = i18n.get_language()
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end, 'd MMMM y', locale=locale)}"
    first = format_date(start, "d MMMM" if start.year == end.year else "d MMMM y", locale=locale)
    return f"{first} – {format_date(end, 'd MMMM y', locale=locale)}"


BADGE_LINES = 2  # what fits under the organisation on both layouts
QrMaker = Callable[..., QrImage]  # (code, *, symbol_mm) -> QrImage


def _printed(badge: Badge, layout: BadgeLayout, qr: QrMaker) -> _Printed:
    return _Printed(
        name=badge.name,
        name_size=name_size(badge.name, layout),
        organisation=badge.organisation,
        ribbon=badge.ribbon.value,
        ribbon_label=i18n.gettext(badge.ribbon.label),
        code=badge.code,
        code_groups=code_groups(badge.code),
        qr=qr(badge.code, symbol_mm=QR_SYMBOL_MM[layout]),
        lines=badge.lines[:BADGE_LINES],
    )


def chunks(badges: Sequence[Badge], size: int = CHUNK) -> Iterator[Sequence[Badge]]:
    """The badges in documents of `size` (a multiple of a sheet, so sheets stay full)."""
    for start in range(0, len(badges), size):
        yield badges[start : start + size]


def badges_html(
    event: BadgeEvent,
    badges: Sequence[Badge],
    *,
    layout: BadgeLayout,
    language: str,
    qr: QrMaker = qr_pixels,
) -> str:
    """The HTML of one document of `badges`, in the order given (callers sort them)."""
    with i18n.language(language):
        printed = [_printed(badge, layout, qr) for badge in badges]
        return render(
            "pdf/badges.html",
            event=event,
            dates=event_dates(event),
            layout=layout.value,
            sheets=[printed[i : i + SHEET] for i in range(0, len(printed), SHEET)],
            badges=printed,
        )


def badges_document(
    event: BadgeEvent, badges: Sequence[Badge], *, layout: BadgeLayout, language: str
) -> bytes:
    """One PDF of `badges` in the order given. Untagged: tags cannot be joined
    (`join_pdfs`), and a badge is for printing."""
    html = badges_html(event, badges, layout=layout, language=language)
    return html_to_pdf(html, stylesheets=STYLESHEETS, tagged=False)


def join_pdfs(parts: Sequence[bytes]) -> bytes:
    """The pages of `parts` in one PDF, with the title, author and language of the first."""
    if len(parts) == 1:
        return parts[0]
    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    first = PdfReader(io.BytesIO(parts[0]))
    writer.add_metadata(dict(first.metadata or {}))
    if "/Lang" in first.root_object:
        writer.root_object[NameObject("/Lang")] = first.root_object["/Lang"]
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def badges_pdf(
    event: BadgeEvent,
    badges: Sequence[Badge],
    *,
    layout: BadgeLayout,
    language: str = i18n.DEFAULT_LANGUAGE,
    progress: Callable[[int], None] | None = None,
    chunk_size: int = CHUNK,
) -> bytes:
    """All `badges` sorted by surname in one PDF; `progress(done)` after each chunk."""
    parts, done = [], 0
    for chunk in chunks(by_surname(badges), chunk_size):
        parts.append(badges_document(event, chunk, layout=layout, language=language))
        done += len(chunk)
        if progress is not None:
            progress(done)
    return join_pdfs(parts)
