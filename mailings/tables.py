"""Publications of the network, with the themes and events they belong to."""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.tables import Event, Theme
from mailings.enums import PublicationKind


class Publication(Table):
    title = Varchar(length=250)
    # Unique: the index comes from a raw migration step (SQLite adds no UNIQUE column).
    slug = Varchar(length=160, help_text="Its page: /publicaties/{slug}")
    kind = Varchar(length=30, choices=PublicationKind)
    url = Varchar(length=500, help_text="Where it is read: http or https only")
    authors = Varchar(length=300, default="")
    published_on = Date(null=True, default=None)
    summary = Text(default="")
    cover_url = Varchar(length=500, default="", help_text="Optional cover image, http or https")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow(), help_text="The Atom entry's <updated>")


class PublicationTheme(Table):
    publication = ForeignKey(references=Publication, null=False, on_delete=OnDelete.cascade)
    theme = ForeignKey(references=Theme, null=False, on_delete=OnDelete.cascade)


class PublicationEvent(Table):
    publication = ForeignKey(references=Publication, null=False, on_delete=OnDelete.cascade)
    event = ForeignKey(references=Event, null=False, on_delete=OnDelete.cascade)
