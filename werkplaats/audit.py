"""The audit log: who did what to which record, when and from where (ASVS 7.1, 7.2).

Services call `record()` where an organiser, admin or door volunteer changes,
cancels, exports, mails, checks in or undoes something, inside the transaction of the
change: an action that was rolled back leaves no entry, and one that happened always
does. Who acted comes from the request (`RequestContextMiddleware` calls
`set_actor`); a door volunteer's link names itself with `acting_as`; a job is
"system". Entries hold ids and names of things, never a password, token or answer.
Admins read them at `/beheer/audit`; the sweeper deletes entries older than
AUDIT_RETENTION_DAYS.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from werkplaats.queue import register_sweeper
from werkplaats.settings import get_settings
from werkplaats.tables import AuditEntry


@dataclass(frozen=True, slots=True)
class Actor:
    name: str  # an e-mail address, "volunteer link: …", or "system"
    id: int | None = None
    address: str = ""


SYSTEM = Actor("system")
_actor: contextvars.ContextVar[Actor] = contextvars.ContextVar("werkplaats_actor", default=SYSTEM)


def set_actor(actor: Actor) -> contextvars.Token[Actor]:
    return _actor.set(actor)


def reset_actor(token: contextvars.Token[Actor]) -> None:
    _actor.reset(token)


def current_actor() -> Actor:
    return _actor.get()


@contextmanager
def acting_as(name: str) -> Iterator[None]:
    """Record what follows as done by `name` (a volunteer's link), from the same address."""
    token = _actor.set(Actor(name, None, _actor.get().address))
    try:
        yield
    finally:
        _actor.reset(token)


async def record(action: str, subject: str = "", **detail: Any) -> None:
    """One entry: `action` ("event.cancelled"), `subject` ("event:slug"), and what
    else tells the story (short values; ids and names, never secrets)."""
    actor = _actor.get()
    await AuditEntry.insert(
        AuditEntry(
            actor_id=actor.id,
            actor=actor.name[:254],
            address=actor.address[:45],
            action=action[:60],
            subject=subject[:200],
            detail=json.dumps(detail, default=str, ensure_ascii=False) if detail else "",
        )
    )


async def _sweep_old_entries(min_age: float) -> int:
    keep = dt.timedelta(days=get_settings().audit_retention_days)
    await AuditEntry.delete().where(AuditEntry.at < dt.datetime.now(dt.UTC) - keep)
    return 0


register_sweeper(_sweep_old_entries)
