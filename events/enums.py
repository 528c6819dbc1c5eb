"""Kinds and states of events; labels are gettext markers, translated when shown."""

from __future__ import annotations

from enum import StrEnum

from werkplaats.i18n import N_


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
    KENNISINSTITUUT = "kennisinstituut"
    OVERIG = "overig"


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


class FeedKind(StrEnum):
    """Whose calendar a personal feed is: an attendee's, or a partner organisation's."""

    ATTENDEE = "attendee"
    PARTNER = "partner"
