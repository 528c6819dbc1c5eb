"""The congress: its call for abstracts, the formats and questions of the call, and
the abstracts with their speakers and co-authors.

A call belongs to one event; its tracks are that event's themes (the network's
Leerateliers), so an abstract's `track` is a theme. An abstract is reachable from
outside only by `token` (the speaker's link /s/…), like a registration.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from congress.enums import AbstractState, AssignedBy, ContributorRole, FormatKind, SlotKind
from events.tables import Event, Registration, Session, Theme
from werkplaats.tables import User


class CallForAbstracts(Table):
    event = ForeignKey(references=Event, null=False, unique=True, on_delete=OnDelete.cascade)
    opens_at = Timestamptz()
    closes_at = Timestamptz()
    introduction = Text(default="", help_text="Markdown")
    word_limit = Integer(default=300, help_text="Words in the abstract")
    max_speakers = Integer(default=3)
    max_co_authors = Integer(default=5)
    anonymised = Boolean(default=False, help_text="Reviewers see no names or organisations")
    reviewers_per_abstract = Integer(default=2)
    confirm_within_days = Integer(default=14, help_text="Accepted speakers confirm within")
    remind_after_days = Integer(default=7, help_text="Unconfirmed speakers are reminded after")


class CallFormat(Table):
    """A format the call offers (presentatie, workshop, …) and how long it lasts."""

    call = ForeignKey(references=CallForAbstracts, null=False, on_delete=OnDelete.cascade)
    kind = Varchar(length=20, choices=FormatKind)
    duration_minutes = Integer(default=60)


class CallQuestion(Table):
    """An organiser's own question on the call form; answers are kept on the abstract."""

    call = ForeignKey(references=CallForAbstracts, null=False, on_delete=OnDelete.cascade)
    label = Varchar(length=300)
    help_text = Varchar(length=300, default="")
    required = Boolean(default=False)
    max_length = Integer(default=1000)
    position = Integer(default=0)


class Abstract(Table):
    call = ForeignKey(references=CallForAbstracts, null=False, on_delete=OnDelete.cascade)
    token = Varchar(length=64, unique=True, index=True)
    state = Varchar(length=12, choices=AbstractState, default=AbstractState.SUBMITTED, index=True)
    title = Varchar(length=200)
    abstract = Text()
    format = Varchar(length=20, choices=FormatKind)
    track = ForeignKey(references=Theme, null=True, on_delete=OnDelete.set_null)
    learning_goals = Text(default="")
    target_audience = Text(default="")
    publish_consent = Boolean(default=False)
    answers = JSON(default={}, help_text="Call question id → text")
    language = Varchar(length=2, default="nl")
    slides_url = Varchar(length=500, default="")
    publication_url = Varchar(length=500, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    withdrawn_at = Timestamptz(null=True, default=None)
    decided_at = Timestamptz(null=True, default=None)
    confirm_before = Timestamptz(null=True, default=None)
    confirmed_at = Timestamptz(null=True, default=None)
    reminded_at = Timestamptz(null=True, default=None)


class Contributor(Table):
    """A speaker (presents) or co-author (does not) of an abstract, in the given order."""

    abstract = ForeignKey(references=Abstract, null=False, on_delete=OnDelete.cascade)
    role = Varchar(length=10, choices=ContributorRole)
    name = Varchar(length=200)
    email = Varchar(length=254, index=True, help_text="Lower-cased")
    organisation = Varchar(length=200, default="")
    position = Integer(default=0)


class ReviewCriterion(Table):
    """One of the organiser's criteria, scored 1–5 (e.g. relevantie voor de praktijk)."""

    call = ForeignKey(references=CallForAbstracts, null=False, on_delete=OnDelete.cascade)
    label = Varchar(length=200)
    position = Integer(default=0)


class Reviewer(Table):
    """An account with role `reviewer` on one call: its organisation decides conflicts
    of interest; its tracks, assignment by track."""

    call = ForeignKey(references=CallForAbstracts, null=False, on_delete=OnDelete.cascade)
    user = ForeignKey(references=User, null=False, on_delete=OnDelete.cascade)
    organisation = Varchar(length=200, default="")


class ReviewerTrack(Table):
    reviewer = ForeignKey(references=Reviewer, null=False, on_delete=OnDelete.cascade)
    theme = ForeignKey(references=Theme, null=False, on_delete=OnDelete.cascade)


class ReviewAssignment(Table):
    """A reviewer asked to review an abstract; one row per pair (a unique index in the
    migration). The review itself is written on this row."""

    abstract = ForeignKey(references=Abstract, null=False, on_delete=OnDelete.cascade)
    reviewer = ForeignKey(references=Reviewer, null=False, on_delete=OnDelete.cascade)
    assigned_by = Varchar(length=10, choices=AssignedBy, default=AssignedBy.HAND)
    assigned_at = Timestamptz(default=TimestamptzNow())
    scores = JSON(default={}, help_text="Criterion id → 1..5")
    comment_committee = Text(default="")
    comment_speaker = Text(default="")
    reviewed_at = Timestamptz(null=True, default=None)


class Room(Table):
    event = ForeignKey(references=Event, null=False, on_delete=OnDelete.cascade)
    name = Varchar(length=100)
    capacity = Integer(default=30)
    position = Integer(default=0)


class ProgrammeSlot(Table):
    """A stretch of a congress day: a parallel round ("Ronde 1") or a plenary item
    (opening, keynote, pauze, lunch). `teaching_minutes` is what it adds to the
    event's net hours for accreditation (a break: 0)."""

    event = ForeignKey(references=Event, null=False, on_delete=OnDelete.cascade)
    kind = Varchar(length=10, choices=SlotKind)
    title = Varchar(length=200)
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    teaching_minutes = Integer(default=0)
    room = ForeignKey(references=Room, null=True, on_delete=OnDelete.set_null, help_text="Plenary")
    description = Text(default="")


class ProgrammeItem(Table):
    """An accepted contribution placed in a room during a parallel round.

    `overridden` records that it was placed despite a warning (a speaker in two
    places, a room used twice, a room smaller than the expected audience).
    """

    slot = ForeignKey(references=ProgrammeSlot, null=False, on_delete=OnDelete.cascade)
    room = ForeignKey(references=Room, null=False, on_delete=OnDelete.cascade)
    abstract = ForeignKey(references=Abstract, null=False, unique=True, on_delete=OnDelete.cascade)
    expected_audience = Integer(null=True, default=None)
    overridden = Boolean(default=False)
    placed_at = Timestamptz(default=TimestamptzNow())
    session = ForeignKey(
        references=Session,
        null=True,
        on_delete=OnDelete.set_null,
        help_text="The event's session it is published as: its door check-in",
    )


class Programme(Table):
    """Whether an event's programme is public, and since when it last changed."""

    event = ForeignKey(references=Event, null=False, unique=True, on_delete=OnDelete.cascade)
    published_at = Timestamptz(null=True, default=None)
    changed_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1, help_text="Raised on every change (calendars, booklet)")


class SessionChoice(Table):
    """A registration's choice of one session in a parallel round; one per round (a
    unique index in the migration). The count per item never passes the room's
    capacity: `congress.services.session_choice` decides under the item's lock."""

    registration = ForeignKey(references=Registration, null=False, on_delete=OnDelete.cascade)
    item = ForeignKey(references=ProgrammeItem, null=False, on_delete=OnDelete.cascade)
    slot = ForeignKey(references=ProgrammeSlot, null=False, on_delete=OnDelete.cascade)
    chosen_at = Timestamptz(default=TimestamptzNow())


class SpeakerCertificate(Table):
    """A certificate as speaker, as issued: to a confirmed speaker of a contribution
    placed in the published programme, after the event ended. What it says is kept as
    it was issued (like events' certificates of attendance), so `/verify/{code}`
    confirms the paper after a title or a name changes."""

    contributor = ForeignKey(
        references=Contributor, null=False, unique=True, on_delete=OnDelete.cascade
    )
    code = Varchar(length=32, unique=True, index=True, help_text="Verification code")
    name = Varchar(length=200)
    contribution_title = Varchar(length=200)
    event_title = Varchar(length=200)
    event_starts_at = Timestamptz()
    event_ends_at = Timestamptz()
    organiser = Varchar(length=200, default="")
    language = Varchar(length=2, default="nl")
    issued_at = Timestamptz(default=TimestamptzNow())
