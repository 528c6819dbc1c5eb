"""The congress: its call for abstracts and the tracks abstracts are submitted to."""

from __future__ import annotations

from piccolo.columns import ForeignKey, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from events.tables import Event


class CallForAbstracts(Table):
    event = ForeignKey(references=Event, null=False, unique=True, on_delete=OnDelete.cascade)
    opens_at = Timestamptz()
    closes_at = Timestamptz()
    introduction = Text(default="", help_text="Markdown")


class Track(Table):
    call = ForeignKey(references=CallForAbstracts, null=False, on_delete=OnDelete.cascade)
    name = Varchar(length=150)
    description = Text(default="")
