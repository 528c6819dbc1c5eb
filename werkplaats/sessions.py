"""Server-side sessions in the database, written only when there is something to keep.

Litestar's backend writes a session row (and sets a cookie) on every response, even
for an anonymous visitor with an empty session: a database write per page view and
a table that only grows. Here an empty session without a cookie writes nothing, and
expired rows are swept.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.types import Empty, Message, ScopeSession

from werkplaats.queue import register_sweeper
from werkplaats.store import delete_expired


class QuietSessionBackend(ServerSideSessionBackend):
    async def store_in_message(
        self, scope_session: ScopeSession, message: Message, connection: ASGIConnection
    ) -> None:
        has_cookie = self.config.key in connection.cookies
        if (scope_session is Empty or not scope_session) and not has_cookie:
            return
        await super().store_in_message(scope_session, message, connection)


SESSION_COOKIE = "session"


class SessionConfig(ServerSideSessionConfig):
    _backend_class = QuietSessionBackend


async def forget_session(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """Drop the session the browser came with, so a login starts a new id.

    Without this, an id planted in someone's browser before they log in would be
    logged in too (session fixation).
    """
    old_id = connection.cookies.pop(SESSION_COOKIE, None)
    if old_id:
        await connection.app.stores.get("sessions").delete(old_id)
    connection.clear_session()


async def _sweep_expired(min_age: float) -> int:
    await delete_expired()
    return 0  # nothing re-enqueued


register_sweeper(_sweep_expired)
