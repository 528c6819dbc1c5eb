"""Tables of the event catalogue.

Times are stored in UTC (`Timestamptz`) and shown in Europe/Amsterdam. A slug is
chosen once and never changes on its own: partners keep it in links and calendars.
"""

from __future__ import annotations

from piccolo.columns import (
    Boolean,
    Decimal,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.enums import EventKind, EventStatus, PartnerKind


class Theme(Table):
    """A theme of the programme, often one of the network's learning studios."""

    name = Varchar(length=150)
    slug = Varchar(length=160, unique=True, index=True)
    description = Text(default="")


class Venue(Table):
    name = Varchar(length=200)
    address = Varchar(length=200, default="", help_text="Street and number")
    postal_code = Varchar(length=10, default="")
    city = Varchar(length=100, default="")
    directions = Text(default="", help_text="Route, parking, accessibility")


class Event(Table):
    title = Varchar(length=200)
    slug = Varchar(length=160, unique=True, index=True)
    kind = Varchar(length=30, choices=EventKind, index=True)
    status = Varchar(length=12, choices=EventStatus, default=EventStatus.DRAFT, index=True)
    summary = Text(default="", help_text="One or two sentences, plain text")
    description = Text(default="", help_text="Markdown, sanitised when shown")
    starts_at = Timestamptz(index=True)
    ends_at = Timestamptz()
    venue = ForeignKey(references=Venue, null=True)
    online_url = Varchar(length=500, default="")
    capacity = Integer(null=True, default=None, help_text="Empty = no limit")
    registration_opens_at = Timestamptz(null=True, default=None)
    registration_closes_at = Timestamptz(null=True, default=None)
    moderated = Boolean(default=False, help_text="Registrations wait for approval")
    contact_name = Varchar(length=200, default="")
    contact_email = Varchar(length=254, default="")
    accreditation_id = Varchar(length=50, default="")
    accreditation_points = Decimal(digits=(5, 1), null=True, default=None)
    sequence = Integer(default=0, help_text="Raised when time or place changes (iCalendar)")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class EventTheme(Table):
    event = ForeignKey(references=Event, null=False, on_delete=OnDelete.cascade)
    theme = ForeignKey(references=Theme, null=False, on_delete=OnDelete.cascade)


class Session(Table):
    """One item of an event's programme: a plenary talk, a workshop in a room, a break.

    Check-in per workshop room and the congress's parallel rounds hang off this.
    """

    event = ForeignKey(references=Event, null=False, on_delete=OnDelete.cascade)
    title = Varchar(length=200)
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    description = Text(default="")
    speakers = Varchar(length=300, default="")
    room = Varchar(length=100, default="")
    capacity = Integer(null=True, default=None)
    position = Integer(default=0)


class Partner(Table):
    """A partner organisation of the network (municipality, welfare organisation, …)."""

    name = Varchar(length=200, unique=True)
    kind = Varchar(length=30, choices=PartnerKind, default=PartnerKind.OVERIG)
    city = Varchar(length=100, default="")
    website = Varchar(length=300, default="")
