"""The small vocabularies of the ActivityPub actor, importable without cycles."""

from __future__ import annotations

from enum import StrEnum


class ActivityKind(StrEnum):
    CREATE = "Create"
    UPDATE = "Update"
    DELETE = "Delete"
    ACCEPT = "Accept"


class DeliveryState(StrEnum):
    PENDING = "pending"  # not posted yet, or to be tried again
    SENT = "sent"  # the inbox answered 2xx
    FAILED = "failed"  # refused for good, or out of attempts
