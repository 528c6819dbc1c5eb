"""Small fixed vocabularies of the shell, importable from anywhere without cycles."""

from __future__ import annotations

from enum import StrEnum

from werkplaats.i18n import N_


class Role(StrEnum):
    ADMIN = "admin"
    ORGANISER = "organiser"
    REVIEWER = "reviewer"
    CHECKIN = "checkin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: N_("Administrator"),
    Role.ORGANISER: N_("Organiser"),
    Role.REVIEWER: N_("Reviewer"),
    Role.CHECKIN: N_("Door staff"),
}


class MailState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SUPPRESSED = "suppressed"  # not sent on purpose: what it told about is gone

    @property
    def label(self) -> str:
        return MAIL_STATE_LABELS[self]


MAIL_STATE_LABELS = {
    MailState.QUEUED: N_("Queued"),
    MailState.SENDING: N_("Sending"),
    MailState.SENT: N_("Sent"),
    MailState.FAILED: N_("Failed"),
    MailState.SUPPRESSED: N_("Not sent"),
}


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
