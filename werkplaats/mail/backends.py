"""Where a finished message goes: `.eml` files (the default) or an SMTP server.

SMTP_URL forms: `smtp://host:25` (plain), `smtp+starttls://user:pass@host:587`,
`smtps://user:pass@host:465` (TLS from the start). Certificates are verified,
against SMTP_CA_FILE when it is set.
"""

from __future__ import annotations

import asyncio
import os
import smtplib
import ssl
from dataclasses import dataclass
from email import policy
from email.message import Message
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from werkplaats.mail.message import UnsafeHeader
from werkplaats.settings import Settings

# RFC 5322 lines end in CRLF, on the wire and in the `.eml` files.
CRLF = policy.compat32.clone(linesep="\r\n")


class MailBackend(Protocol):
    async def deliver(self, message: Message, *, name: str) -> None: ...


@dataclass(frozen=True)
class FileBackend:
    directory: Path

    async def deliver(self, message: Message, *, name: str) -> None:
        """Write atomically under a name derived from the outbox row: a retry overwrites."""
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / f"{name}.eml"
        temporary = target.with_suffix(".tmp")
        temporary.write_bytes(message.as_bytes(policy=CRLF))
        os.replace(temporary, target)


@dataclass(frozen=True)
class SmtpBackend:
    host: str
    port: int
    security: str  # "plain" | "starttls" | "ssl"
    username: str | None = None
    password: str | None = None
    ca_file: str | None = None
    timeout: float = 30.0

    @classmethod
    def from_url(cls, url: str, ca_file: str | None = None) -> SmtpBackend:
        parts = urlsplit(url)
        security = {"smtp": "plain", "smtp+starttls": "starttls", "smtps": "ssl"}.get(parts.scheme)
        if security is None:
            raise ValueError(f"SMTP_URL: unsupported scheme {parts.scheme!r}")
        default_port = {"plain": 25, "starttls": 587, "ssl": 465}[security]
        return cls(
            host=parts.hostname or "localhost",
            port=parts.port or default_port,
            security=security,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            ca_file=ca_file,
        )

    def _send(self, message: Message) -> None:
        context = ssl.create_default_context(cafile=self.ca_file)
        client: smtplib.SMTP
        if self.security == "ssl":
            client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.security == "starttls":
                client.starttls(context=context)
            if self.username:
                client.login(self.username, self.password or "")
            client.send_message(message)

    async def deliver(self, message: Message, *, name: str) -> None:
        await asyncio.to_thread(self._send, message)


def is_permanent(exc: BaseException) -> bool:
    """A refusal for good (an SMTP 5xx, or a header we will not write): a retry would
    only be refused again. A 4xx or a lost connection is worth another try."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return isinstance(exc, UnsafeHeader)


def backend_for(settings: Settings) -> MailBackend:
    if settings.smtp_url:
        return SmtpBackend.from_url(settings.smtp_url, ca_file=settings.smtp_ca_file)
    return FileBackend(settings.mail_dir)
