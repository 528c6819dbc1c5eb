"""Kinds and states of the mailings app, importable by anyone without cycles."""

from __future__ import annotations

from enum import StrEnum

from werkplaats.i18n import N_


class PublicationKind(StrEnum):
    HANDREIKING = "handreiking"
    ARTIKEL = "artikel"
    ADVIES = "advies"
    COLUMN = "column"
    BLOG = "blog"
    CASUISTIEKBUNDEL = "casuistiekbundel"
    RAPPORT = "rapport"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return PUBLICATION_KIND_LABELS[self]


PUBLICATION_KIND_LABELS = {
    PublicationKind.HANDREIKING: N_("Guide"),
    PublicationKind.ARTIKEL: N_("Article"),
    PublicationKind.ADVIES: N_("Advice"),
    PublicationKind.COLUMN: N_("Column"),
    PublicationKind.BLOG: N_("Blog"),
    PublicationKind.CASUISTIEKBUNDEL: N_("Case collection"),
    PublicationKind.RAPPORT: N_("Report"),
    PublicationKind.VIDEO: N_("Video"),
}


class MailingState(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"  # waits for send_at
    SENT = "sent"  # its deliveries are written; each one's state is its own

    @property
    def label(self) -> str:
        return MAILING_STATE_LABELS[self]


MAILING_STATE_LABELS = {
    MailingState.DRAFT: N_("Draft"),
    MailingState.SCHEDULED: N_("Scheduled"),
    MailingState.SENT: N_("Sent"),
}


class AudienceWho(StrEnum):
    """Who of an event's registrations a mailing goes to."""

    ALL = "all"  # registered, whether they came or not
    REGISTERED = "registered"  # the same, the API's word for it
    CHECKED_IN = "checked_in"
    ABSENT = "absent"  # registered, not checked in

    @property
    def label(self) -> str:
        return AUDIENCE_LABELS[self]


AUDIENCE_LABELS = {
    AudienceWho.ALL: N_("Everyone registered"),
    AudienceWho.REGISTERED: N_("Everyone registered"),
    AudienceWho.CHECKED_IN: N_("Those who came (checked in)"),
    AudienceWho.ABSENT: N_("Those registered who did not come"),
}


DELIVERY_STATE_LABELS = {
    "queued": N_("Waiting"),
    "sending": N_("Sending"),
    "sent": N_("Sent"),
    "failed": N_("Failed"),
    "suppressed": N_("Not sent: on the suppression list"),
}


class AutomaticMail(StrEnum):
    MOVED = "moved"  # time or place changed: the new .ics, SEQUENCE raised
    CANCELLED = "cancelled"
    REMINDER = "reminder"  # some days before, to everyone registered
    FOLLOWUP = "followup"  # the morning after, to those who came: a mailing

    @property
    def label(self) -> str:
        return AUTOMATIC_MAIL_LABELS[self]


AUTOMATIC_MAIL_LABELS = {
    AutomaticMail.MOVED: N_("A notice when the time or place changes, with the new calendar file"),
    AutomaticMail.CANCELLED: N_("A notice to everyone registered or waiting when it is cancelled"),
    AutomaticMail.REMINDER: N_("A reminder to everyone registered, some days before"),
    AutomaticMail.FOLLOWUP: N_(
        "A follow-up the morning after, to those who came: publications, certificate, evaluation"
    ),
}

NOTICES = (AutomaticMail.MOVED, AutomaticMail.CANCELLED, AutomaticMail.REMINDER)


class FollowupMode(StrEnum):
    """What happens the morning after an event."""

    OFF = "off"
    DRAFT = "draft"  # a mailing the organiser completes and sends
    SEND = "send"  # the same mailing, sent by itself

    @property
    def label(self) -> str:
        return FOLLOWUP_MODE_LABELS[self]


FOLLOWUP_MODE_LABELS = {
    FollowupMode.OFF: N_("No follow-up"),
    FollowupMode.DRAFT: N_("Make a draft for me to complete and send"),
    FollowupMode.SEND: N_("Send it by itself"),
}
