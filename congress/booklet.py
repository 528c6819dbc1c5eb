"""The programme booklet: an A5 PDF with the programme grid, the abstracts by round,
an index of speakers and the practical information.

`booklet_pdf` is pure (views in, bytes out) so the bench renders it without a
database. It renders the booklet in two parts and joins their pages: the front
(cover, grid, abstracts) first, then the back (index, practical information) with
the page numbers where the front's abstracts landed, printed as text. A CSS
`target-counter` would say the same, but makes WeasyPrint lay out pages again
(the booklet row of `bench.congress` measures it).

`booklet_file` keeps one file per programme version under DATA_DIR/booklets/:
any change to the programme raises the version, so the next download renders the
booklet again, and an unchanged programme is served from disk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from congress.services.programme_view import ProgrammeView, SessionView
from events.views import EventView
from werkplaats.pdf import join_pages, render_pages
from werkplaats.settings import get_settings


@dataclass(frozen=True)
class IndexEntry:
    name: str
    organisation: str
    sessions: list[SessionView]


def speaker_index(programme: ProgrammeView) -> list[IndexEntry]:
    """Every speaker and co-author, by surname-ish order (the last word of the name)."""
    people: dict[tuple[str, str], list[SessionView]] = {}
    for session in programme.sessions:
        for person in [*session.speakers, *session.co_authors]:
            people.setdefault((person.name, person.organisation), []).append(session)
    return [
        IndexEntry(name, organisation, sessions)
        for (name, organisation), sessions in sorted(
            people.items(), key=lambda kv: (kv[0][0].split()[-1].casefold(), kv[0][0])
        )
    ]


def booklet_pdf(programme: ProgrammeView, event: EventView) -> bytes:
    context = {"programme": programme, "event": event}
    front = render_pages("congress/booklet.html", stylesheets=("base.css",), **context)
    page_of = {
        anchor: number for number, page in enumerate(front.pages, 1) for anchor in page.anchors
    }
    back = render_pages(
        "congress/booklet_back.html",
        stylesheets=("base.css",),
        index=speaker_index(programme),
        page_of=page_of,
        first_page=len(front.pages) + 1,
        **context,
    )
    return join_pages([front, back])


def booklet_path(programme: ProgrammeView) -> Path:
    folder = get_settings().data_dir / "booklets"
    return folder / f"{programme.event_slug}-v{programme.version}.pdf"


def booklet_file(programme: ProgrammeView, event: EventView) -> Path:
    """The booklet of this version of the programme, rendered if it is not on disk yet."""
    path = booklet_path(programme)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")  # two renders never mix
        partial.write_bytes(booklet_pdf(programme, event))
        partial.replace(path)
    return path
