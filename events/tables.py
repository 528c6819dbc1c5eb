"""Tables of the event catalogue.

Times are stored in UTC (`Timestamptz`) and shown in Europe/Amsterdam. A slug is
chosen once and never changes on its own: partners keep it in links and calendars.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
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

from events.enums import (
    CheckinConflictKind,
    ConsentKind,
    EventKind,
    EventStatus,
    FeedKind,
    OrganisationType,
    PartnerKind,
    QuestionKind,
    RegistrationStatus,
    Ribbon,
)
from werkplaats.tables import User


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
    net_hours = Decimal(
        digits=(5, 1), null=True, default=None, help_text="Hours of programme, breaks excluded"
    )
    sequence = Integer(default=0, help_text="Raised when time or place changes (iCalendar)")
    retention_months = Integer(
        default=12, help_text="Registrations are anonymised this long after the event (AVG)"
    )
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


class Question(Table):
    """An event's own question on the registration form.

    `shown_if_question` makes it conditional: shown only when that answer has a
    value (`shown_if_value` empty) or has exactly that value.
    """

    event = ForeignKey(references=Event, null=False, on_delete=OnDelete.cascade)
    label = Varchar(length=300)
    help_text = Varchar(length=300, default="")
    kind = Varchar(length=20, choices=QuestionKind)
    required = Boolean(default=False)
    choices = JSON(default=[], help_text="The options of a choice question, in order")
    max_length = Integer(default=500)
    position = Integer(default=0)
    shown_if_question = ForeignKey(references="self", null=True, on_delete=OnDelete.set_null)
    shown_if_value = Varchar(length=300, default="")


class Registration(Table):
    """One person's registration for one event; reachable from outside only by `token`.

    `token` opens the personal page (/r/…); `ticket_code` is what the QR code holds
    at the door. Both are random and carry no personal data. Accessibility and
    dietary needs are sensitive personal data (AVG): shown only to organisers.
    One row per (event, e-mail): registering again reactivates it.
    """

    event = ForeignKey(references=Event, null=False, on_delete=OnDelete.cascade)
    token = Varchar(length=64, unique=True, index=True)
    ticket_code = Varchar(length=32, unique=True, index=True)
    status = Varchar(length=12, choices=RegistrationStatus, index=True)
    name = Varchar(length=200)
    email = Varchar(length=254, index=True, help_text="Lower-cased")
    organisation = Varchar(length=200, default="")
    organisation_type = Varchar(length=30, default="", choices=OrganisationType)
    job_role = Varchar(length=200, default="")
    registerplein_number = Varchar(length=20, default="")
    accessibility_needs = Text(default="", secret=True, help_text="Sensitive (AVG)")
    dietary_needs = Text(default="", secret=True, help_text="Sensitive (AVG)")
    language = Varchar(length=2, default="nl")
    source = Varchar(length=12, default="web", help_text="web, api or backoffice")
    version = Integer(default=1, help_text="Raised on every change (ticket cache, mails)")
    waitlisted_at = Timestamptz(null=True, default=None, help_text="Order of the waiting list")
    ribbon = Varchar(length=12, choices=Ribbon, default=Ribbon.PARTICIPANT)
    badge_printed_at = Timestamptz(null=True, default=None, help_text="In a finished batch")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    cancelled_at = Timestamptz(null=True, default=None)
    anonymised_at = Timestamptz(
        null=True, default=None, help_text="Personal data removed; status and figures kept"
    )


class Answer(Table):
    registration = ForeignKey(references=Registration, null=False, on_delete=OnDelete.cascade)
    question = ForeignKey(references=Question, null=False, on_delete=OnDelete.cascade)
    # JSON text (str, number, bool, ISO date or list of choices), kept as Text:
    # SQLite's JSON column has numeric affinity and would turn "3.5" into a float.
    value = Text()


class Consent(Table):
    """A consent as given: when, where, and to which wording (by version)."""

    registration = ForeignKey(references=Registration, null=True, on_delete=OnDelete.cascade)
    email = Varchar(length=254, index=True)
    kind = Varchar(length=20, choices=ConsentKind)
    given = Boolean()
    given_at = Timestamptz(default=TimestamptzNow())
    source = Varchar(length=50, help_text="e.g. registration form, API")
    wording_version = Varchar(length=20)


class CheckinLink(Table):
    """A check-in link for volunteers without an account: one event, revocable.

    Only the SHA-256 of its token is kept; the link is shown once, when made.
    """

    event = ForeignKey(references=Event, null=False, on_delete=OnDelete.cascade)
    token_hash = Varchar(length=64, unique=True, index=True)
    label = Varchar(length=100, help_text="Who holds it, e.g. 'Vrijwilliger ingang'")
    created_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
    last_used_at = Timestamptz(null=True, default=None)


class Checkin(Table):
    """One admission of a registration: at the entrance (`session` empty) or into one
    programme session (a workshop room).

    Partial unique indexes (see the migration) allow one live check-in per
    registration and place, and one row per scanner nonce: a second scan or a retried
    request writes nothing. An undo keeps the row and sets `undone_at`.
    """

    event = ForeignKey(references=Event, null=False, on_delete=OnDelete.cascade)
    registration = ForeignKey(references=Registration, null=False, on_delete=OnDelete.cascade)
    session = ForeignKey(references=Session, null=True, on_delete=OnDelete.cascade)
    checked_in_at = Timestamptz(default=TimestamptzNow())
    by_user = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    by_link = ForeignKey(references=CheckinLink, null=True, on_delete=OnDelete.set_null)
    by_name = Varchar(length=200, default="", help_text="Who scanned, as shown at the door")
    method = Varchar(length=10, default="scan", help_text="scan, search or api")
    nonce = Varchar(length=64, default="", help_text="The scanner's id of this scan")
    undone_at = Timestamptz(null=True, default=None)
    undone_by = Varchar(length=200, default="")


class CheckinConflict(Table):
    """A scan an offline door admitted that the server could not record as a check-in
    when the door synced (`kind`, see `CheckinConflictKind`): shown to the door and in the
    organiser's check-in list. One row per (event, nonce): a batch sent again writes
    nothing twice.
    """

    event = ForeignKey(references=Event, null=False, on_delete=OnDelete.cascade)
    registration = ForeignKey(references=Registration, null=True, on_delete=OnDelete.cascade)
    session = ForeignKey(references=Session, null=True, on_delete=OnDelete.cascade)
    kind = Varchar(length=12, choices=CheckinConflictKind)
    outcome = Varchar(length=20, help_text="What the server found (CheckinOutcome)")
    scanned_at = Timestamptz(help_text="When the door scanned, by its own clock")
    by_user = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    by_link = ForeignKey(references=CheckinLink, null=True, on_delete=OnDelete.set_null)
    by_name = Varchar(length=200, default="")
    nonce = Varchar(length=64)
    recorded_at = Timestamptz(default=TimestamptzNow())


class Certificate(Table):
    """A certificate of attendance (bewijs van deelname), as issued.

    What it says is kept as it was issued, so `/verify/{code}` confirms the paper
    in someone's portfolio even after the event or the name changes.
    """

    registration = ForeignKey(
        references=Registration, null=False, unique=True, on_delete=OnDelete.cascade
    )
    code = Varchar(length=32, unique=True, index=True, help_text="Verification code")
    name = Varchar(length=200)
    registerplein_number = Varchar(length=20, default="")
    event_title = Varchar(length=200)
    event_starts_at = Timestamptz()
    event_ends_at = Timestamptz()
    net_hours = Decimal(digits=(5, 1), null=True, default=None)
    accreditation_points = Decimal(digits=(5, 1), null=True, default=None)
    accreditation_id = Varchar(length=50, default="")
    organiser = Varchar(length=200, default="")
    language = Varchar(length=2, default="nl")
    issued_at = Timestamptz(default=TimestamptzNow())
    mailed_at = Timestamptz(null=True, default=None)


class CalendarFeed(Table):
    """A calendar behind /calendar/feed/{token}.ics: an attendee's own events (every
    active registration under `email`), or the kinds and themes a partner chose.

    `token` is the only key and carries nothing: replacing it makes the old link a
    404 at once. A revoked feed keeps its row (and its token, so that link stays
    dead); making a link again gives a new token.
    """

    token = Varchar(length=64, unique=True, index=True)
    kind = Varchar(length=10, choices=FeedKind)
    email = Varchar(length=254, default="", index=True, help_text="Attendee feeds, lower-cased")
    partner = ForeignKey(references=Partner, null=True, on_delete=OnDelete.cascade)
    label = Varchar(length=200, default="", help_text="Partner feeds: e.g. the team it is for")
    event_kinds = Varchar(length=200, default="", help_text="Partner feeds: kinds, comma-separated")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(null=True, default=None)


class CalendarFeedTheme(Table):
    """A theme a partner feed follows."""

    feed = ForeignKey(references=CalendarFeed, null=False, on_delete=OnDelete.cascade)
    theme = ForeignKey(references=Theme, null=False, on_delete=OnDelete.cascade)


class PrivacyRequest(Table):
    """A record that someone's data was handed over or erased: by them (their personal
    link) or by an organiser on their request. It holds no personal data itself."""

    kind = Varchar(length=10, help_text="export or erase")
    by_name = Varchar(length=200, default="", help_text="The organiser; empty: the person")
    registrations = Integer(default=0, help_text="How many registrations it covered")
    created_at = Timestamptz(default=TimestamptzNow())
