"""Kinds and states of events; labels are gettext markers, translated when shown."""

from __future__ import annotations

from enum import StrEnum

from werkplaats.i18n import N_

# The longest an event may last (a summer school, a congress week): the catalogue
# refuses longer ones, and a calendar shows a longer one kept from before as one block.
MAX_EVENT_DAYS = 31


class EventKind(StrEnum):
    REGIONALE_BIJEENKOMST = "regionale_bijeenkomst"
    THEMABIJEENKOMST = "themabijeenkomst"
    ACTUALITEITENCOLLEGE = "actualiteitencollege"
    CONGRES = "congres"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def plural_label(self) -> str:
        return KIND_PLURAL_LABELS[self]


KIND_LABELS = {
    EventKind.REGIONALE_BIJEENKOMST: N_("Regional meeting"),
    EventKind.THEMABIJEENKOMST: N_("Themed meeting"),
    EventKind.ACTUALITEITENCOLLEGE: N_("Topical lecture"),
    EventKind.CONGRES: N_("Congress"),
}

KIND_PLURAL_LABELS = {
    EventKind.REGIONALE_BIJEENKOMST: N_("Regional meetings"),
    EventKind.THEMABIJEENKOMST: N_("Themed meetings"),
    EventKind.ACTUALITEITENCOLLEGE: N_("Topical lectures"),
    EventKind.CONGRES: N_("Congresses"),
}


class EventStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    EventStatus.DRAFT: N_("Draft"),
    EventStatus.PUBLISHED: N_("Published"),
    EventStatus.CANCELLED: N_("Cancelled"),
}


class PartnerKind(StrEnum):
    GEMEENTE = "gemeente"
    ZORG_WELZIJN = "zorg_welzijn"
    ONDERWIJS = "onderwijs"
    CLIENTENORGANISATIE = "clientenorganisatie"
    NETWERK = "netwerk"
    KENNISINSTITUUT = "kennisinstituut"
    OVERIG = "overig"


class ChangedBy(StrEnum):
    """Who made a registration change, as the extension points are told."""

    REGISTRANT = "registrant"  # the form or the personal page
    API = "api"
    ORGANISER = "organiser"  # the back office
    SYSTEM = "system"  # a promotion from the waiting list


SOURCE_ACTORS = {
    "web": ChangedBy.REGISTRANT,
    "api": ChangedBy.API,
    "backoffice": ChangedBy.ORGANISER,
}


class RegistrationStatus(StrEnum):
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    PENDING = "pending"  # waits for an organiser's approval
    CANCELLED = "cancelled"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return REGISTRATION_STATUS_LABELS[self]

    @property
    def is_active(self) -> bool:
        return self in ACTIVE_STATUSES


REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.REGISTERED: N_("Registered"),
    RegistrationStatus.WAITLISTED: N_("On the waiting list"),
    RegistrationStatus.PENDING: N_("Awaiting approval"),
    RegistrationStatus.CANCELLED: N_("Cancelled"),
    RegistrationStatus.REJECTED: N_("Not admitted"),
}
ACTIVE_STATUSES = frozenset(
    {RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING}
)


class OrganisationType(StrEnum):
    GEMEENTE = "gemeente"
    ZORG_WELZIJN = "zorg_welzijn"
    ONDERWIJS = "onderwijs"
    CLIENTENORGANISATIE = "clientenorganisatie"
    STUDENT = "student"
    OVERIG = "overig"

    @property
    def label(self) -> str:
        return ORGANISATION_TYPE_LABELS[self]


ORGANISATION_TYPE_LABELS = {
    OrganisationType.GEMEENTE: N_("Municipality"),
    OrganisationType.ZORG_WELZIJN: N_("Care or welfare organisation"),
    OrganisationType.ONDERWIJS: N_("Education"),
    OrganisationType.CLIENTENORGANISATIE: N_("Client or citizens' organisation"),
    OrganisationType.STUDENT: N_("Student"),
    OrganisationType.OVERIG: N_("Other"),
}


class QuestionKind(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    NUMBER = "number"
    DATE = "date"

    @property
    def label(self) -> str:
        return QUESTION_KIND_LABELS[self]

    @property
    def has_choices(self) -> bool:
        return self in {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}


QUESTION_KIND_LABELS = {
    QuestionKind.SHORT_TEXT: N_("Short text"),
    QuestionKind.LONG_TEXT: N_("Long text"),
    QuestionKind.SINGLE_CHOICE: N_("One choice"),
    QuestionKind.MULTIPLE_CHOICE: N_("Several choices"),
    QuestionKind.YES_NO: N_("Yes or no"),
    QuestionKind.NUMBER: N_("Number"),
    QuestionKind.DATE: N_("Date"),
}


class ConsentKind(StrEnum):
    PRIVACY = "privacy"
    NEWSLETTER = "newsletter"


class Ribbon(StrEnum):
    """The coloured band on a badge: what someone is at this event."""

    PARTICIPANT = "participant"
    SPEAKER = "speaker"
    ORGANISER = "organiser"

    @property
    def label(self) -> str:
        return RIBBON_LABELS[self]


RIBBON_LABELS = {
    Ribbon.PARTICIPANT: N_("Participant"),
    Ribbon.SPEAKER: N_("Speaker"),
    Ribbon.ORGANISER: N_("Organisation"),
}


class CheckinOutcome(StrEnum):
    """What a scan at the door means; the API's `status` (DESIGN.md)."""

    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    UNKNOWN = "unknown"
    CANCELLED = "cancelled"
    WRONG_EVENT = "wrong_event"
    NOT_ADMITTED = "not_admitted"

    @property
    def admitted(self) -> bool:
        return self in {CheckinOutcome.OK, CheckinOutcome.ALREADY_CHECKED_IN}


# What the door shows for an outcome, with `{name}` and `{time}` filled in; the door's
# script, judging a scan from its pack, gets the same texts.
CHECKIN_MESSAGES = {
    "ok": N_("Welcome, {name}"),
    "already_checked_in": N_("{name} is already in, since {time}"),
    "not_admitted": N_("Not admitted: {name}"),
    "not_admitted_waitlisted": N_("Not admitted: {name} is on the waiting list"),
    "not_admitted_pending": N_("Not admitted: {name} awaits approval"),
    "unknown": N_("Unknown code"),
    "cancelled": N_("Cancelled: {name}"),
    "wrong_event": N_("This ticket is for another event"),
}


class CheckinConflictKind(StrEnum):
    """A scan a door admitted while offline that the server, syncing it, could not:
    another door had let the person in first, or the registration was cancelled or
    changed in the meantime."""

    DUPLICATE = "duplicate"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return {
            CheckinConflictKind.DUPLICATE: N_("Let in twice"),
            CheckinConflictKind.REFUSED: N_("Let in offline, refused by the server"),
        }[self]


class BadgeLayout(StrEnum):
    A6 = "a6"  # one badge per A6 page, for badge holders
    A4 = "a4"  # eight badges per A4 sheet, with cut marks

    @property
    def label(self) -> str:
        return BADGE_LAYOUT_LABELS[self]


BADGE_LAYOUT_LABELS = {
    BadgeLayout.A6: N_("A6, one badge per page"),
    BadgeLayout.A4: N_("A4 sheets of eight, with cut marks"),
}


class FeedKind(StrEnum):
    """Whose calendar a personal feed is: an attendee's, or a partner organisation's."""

    ATTENDEE = "attendee"
    PARTNER = "partner"
