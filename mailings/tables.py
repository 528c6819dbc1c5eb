"""Publications of the network; mailings and one delivery per recipient."""

from __future__ import annotations

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.tables import Event, Registration, Theme
from mailings.enums import AudienceWho, AutomaticMail, MailingState, PublicationKind
from werkplaats.tables import OutgoingMail


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


class Mailing(Table):
    """A mail an organiser composes once and sends to an audience.

    The audience is an event's registrations (`event` + `who`) or the newsletter
    list (`newsletter`, optionally one `theme`). `body` is Markdown with
    placeholders, checked when the mailing is saved and previewed.
    """

    subject = Varchar(length=300)
    body = Text(default="", help_text="Markdown with {{ placeholders }}")
    event = ForeignKey(references=Event, null=True, on_delete=OnDelete.set_null)
    who = Varchar(length=12, choices=AudienceWho, default=AudienceWho.ALL)
    newsletter = Boolean(default=False, help_text="Audience: the newsletter's subscribers")
    theme = ForeignKey(references=Theme, null=True, on_delete=OnDelete.set_null)
    publication_ids = Varchar(length=500, default="", help_text="Cards, in order: '3,1,7'")
    state = Varchar(length=10, choices=MailingState, default=MailingState.DRAFT, index=True)
    send_at = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)
    created_by = Varchar(length=254, default="", help_text="The organiser's address")
    # Unique when set: the index comes from a raw migration step.
    made_for = Varchar(length=60, default="", help_text="Made by itself: 'followup:{event}'")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class MailingDelivery(Table):
    """One recipient of a sent mailing, written in the transaction that sends it.

    Its state is its outbox row's (queued, sending, sent, failed), or `suppressed`
    when the address was on the suppression list: then there is no outbox row.
    """

    mailing = ForeignKey(references=Mailing, null=False, on_delete=OnDelete.cascade)
    to_address = Varchar(length=254)
    to_name = Varchar(length=200, default="")
    language = Varchar(length=5, default="nl")
    registration = ForeignKey(references=Registration, null=True, on_delete=OnDelete.set_null)
    outgoing_mail = ForeignKey(references=OutgoingMail, null=True, on_delete=OnDelete.set_null)
    suppressed = Boolean(default=False)


class Subscriber(Table):
    """A reader of the newsletter, or someone who said yes to it when registering.

    `token` is their own link (preferences, one-click unsubscribe); `confirm_token`
    the double opt-in link, valid until `confirm_expires_at`. Whether they want the
    newsletter now is their latest newsletter `Consent` (events), which every
    subscribe, confirm and unsubscribe writes with its time, source and wording.
    """

    email = Varchar(length=254, unique=True, index=True, help_text="Lower-cased")
    name = Varchar(length=200, default="")
    language = Varchar(length=5, default="nl")
    token = Varchar(length=64, unique=True, index=True)
    confirm_token = Varchar(length=64, default="", index=True)
    confirm_expires_at = Timestamptz(null=True, default=None)
    confirmed_at = Timestamptz(null=True, default=None)
    unsubscribed_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class SubscriberTheme(Table):
    subscriber = ForeignKey(references=Subscriber, null=False, on_delete=OnDelete.cascade)
    theme = ForeignKey(references=Theme, null=False, on_delete=OnDelete.cascade)


class Suppression(Table):
    """An address no mail goes to: a hard bounce or a complaint, imported by hand."""

    email = Varchar(length=254, unique=True, index=True, help_text="Lower-cased")
    reason = Varchar(length=20, default="bounce")
    note = Varchar(length=300, default="")
    created_at = Timestamptz(default=TimestamptzNow())


class EventMailSwitch(Table):
    """An organiser's choice for one automatic mail of one event (a notice when it
    moves, when it is cancelled, the reminder, the follow-up); without a row the
    mail is on, and the follow-up is made as a draft."""

    event = ForeignKey(references=Event, null=False, on_delete=OnDelete.cascade)
    kind = Varchar(length=20, choices=AutomaticMail)
    enabled = Boolean(default=True)
    days = Integer(null=True, default=None, help_text="The reminder: how many days before")
    sends_itself = Boolean(default=False, help_text="The follow-up: sent, not only drafted")


class AutomaticText(Table):
    """An organiser's own subject and body (Markdown with placeholders) for one kind
    of automatic mail: of one event, or without `event` the network's default.
    Without a row the built-in text goes, in each recipient's language."""

    event = ForeignKey(references=Event, null=True, on_delete=OnDelete.cascade)
    kind = Varchar(length=20, choices=AutomaticMail)
    subject = Varchar(length=300)
    body = Text(help_text="Markdown with {{ placeholders }}")
    updated_by = Varchar(length=254, default="", help_text="The organiser's address")
    updated_at = Timestamptz(default=TimestamptzNow())


class EvaluationLink(Table):
    """One registration's link to the evaluation form of its event.

    `used` is all it keeps of the answer: no time and no answer id, so an answer
    given anonymously cannot be traced back to the person who gave it.
    """

    event = ForeignKey(references=Event, null=False, on_delete=OnDelete.cascade)
    registration = ForeignKey(
        references=Registration, null=False, unique=True, on_delete=OnDelete.cascade
    )
    token = Varchar(length=64, unique=True, index=True)
    used = Boolean(default=False)


class EvaluationAnswer(Table):
    """An answer to an event's evaluation. `registration` is set only when the person
    chose to give their name; the day alone, so its time says nothing either."""

    event = ForeignKey(references=Event, null=False, on_delete=OnDelete.cascade)
    rating = Integer(help_text="1 (poor) to 5 (very good)")
    useful = Text(default="", help_text="What was useful")
    better = Text(default="", help_text="What could be better")
    registration = ForeignKey(references=Registration, null=True, on_delete=OnDelete.set_null)
    answered_on = Date()
