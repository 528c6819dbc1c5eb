"""Small fixed vocabularies of the shell, importable from anywhere without cycles."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    ORGANISER = "organiser"
    REVIEWER = "reviewer"
    CHECKIN = "checkin"


class MailState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SUPPRESSED = "suppressed"  # not sent on purpose: what it told about is gone


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
