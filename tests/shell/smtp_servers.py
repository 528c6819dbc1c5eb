"""aiosmtpd servers for the SMTP tests: a handler that records what it received."""

from __future__ import annotations

import datetime as dt
import email
from collections.abc import Callable
from email.policy import default as default_policy
from typing import Any

from aiosmtpd.smtp import AuthResult, LoginPassword


def outgoing_row(**values: Any) -> dict[str, Any]:
    return {
        "id": 12,
        "message_id": "<12.smtp@testserver.local>",
        "to_address": "anne@example.nl",
        "to_name": "Anne de Vries",
        "subject": "Uw aanmelding voor de regionale bijeenkomst",
        "body_text": "Beste Anne,\n\nTot dinsdag!\n",
        "body_html": "<p>Beste Anne,</p><p>Tot dinsdag!</p>",
        "attachments": [],
        "language": "nl",
        "created_at": dt.datetime(2030, 4, 10, 9, 0, tzinfo=dt.UTC),
        **values,
    }


class RecordingHandler:
    """Keeps each message with whether it came over TLS, who logged in and over
    which connection (the client's address and port)."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        ssl_object = server.transport.get_extra_info("ssl_object")
        self.messages.append(
            {
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "message": email.message_from_bytes(envelope.content, policy=default_policy),
                "tls": ssl_object is not None,
                "login": session.authenticated and session.auth_data.login,
                "peer": session.peer,
            }
        )
        return "250 OK"


def password_check(login: bytes, password: bytes) -> Callable[..., AuthResult]:
    def authenticate(
        server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            login,
            password,
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    return authenticate
