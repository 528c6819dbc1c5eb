"""Where a finished message goes: `.eml` files (the default) or an SMTP server.

SMTP_URL forms: `smtp://host:25` (plain), `smtp+starttls://user:pass@host:587`,
`smtps://user:pass@host:465` (TLS from the start). Certificates are verified,
against SMTP_CA_FILE when it is set. A worker process keeps its connections open
for the next mails, and hands the server at most SMTP_RATE_PER_MINUTE a minute.
"""

from __future__ import annotations

import asyncio
import os
import smtplib
import ssl
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
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


class RateLimiter:
    """At most `per_minute` mails a minute, evenly spaced: each caller reserves the
    next free moment and sleeps until it (0: no limit). The clock and the sleep can
    be given, so a test drives it without waiting."""

    def __init__(
        self,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.clock = clock
        self.sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    async def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = self.clock()
            moment = max(now, self._next)
            self._next = moment + self.interval
        if moment > now:
            await self.sleep(moment - now)


# A connection not used for this long is asked whether it is still there (NOOP)
# before it carries a mail: servers close idle ones after a minute or so.
IDLE_CHECK_SECONDS = 10.0


@dataclass
class SmtpBackend:
    """Sends over connections it keeps open: one per mail being sent at the same
    time, taken back afterwards for the next mail. A connection the server closed
    meanwhile is replaced by a new one, once, for the same mail."""

    host: str
    port: int
    security: str  # "plain" | "starttls" | "ssl"
    username: str | None = None
    password: str | None = None
    ca_file: str | None = None
    timeout: float = 30.0
    rate_per_minute: int = 0
    _idle: list[tuple[smtplib.SMTP, float]] = field(
        default_factory=list, init=False, repr=False, compare=False
    )
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )
    _limiter: RateLimiter = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._limiter = RateLimiter(self.rate_per_minute)

    @classmethod
    def from_url(
        cls, url: str, ca_file: str | None = None, rate_per_minute: int = 0
    ) -> SmtpBackend:
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
            rate_per_minute=rate_per_minute,
        )

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context(cafile=self.ca_file)
        client: smtplib.SMTP
        if self.security == "ssl":
            client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.security == "starttls":
                client.starttls(context=context)
            if self.username:
                client.login(self.username, self.password or "")
        except BaseException:
            _close(client)
            raise
        return client

    def _take(self) -> tuple[smtplib.SMTP, bool]:
        """An open connection (True: one used before) or a new one."""
        while True:
            with self._lock:
                if not self._idle:
                    break
                client, since = self._idle.pop()
            if time.monotonic() - since < IDLE_CHECK_SECONDS or _alive(client):
                return client, True
            _close(client)
        return self._connect(), False

    def _send(self, message: Message) -> None:
        client, reused = self._take()
        try:
            client.send_message(message)
        except smtplib.SMTPServerDisconnected:
            _close(client)
            if not reused:
                raise
            client = self._connect()  # it went away while idle: once more, on a new one
            try:
                client.send_message(message)
            except BaseException:
                _close(client)
                raise
        except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused):
            # The server refused this mail; the connection itself is still good.
            self._give_back(client)
            raise
        except BaseException:
            _close(client)
            raise
        self._give_back(client)

    def _give_back(self, client: smtplib.SMTP) -> None:
        with self._lock:
            self._idle.append((client, time.monotonic()))

    async def deliver(self, message: Message, *, name: str) -> None:
        await self._limiter.wait()
        await asyncio.to_thread(self._send, message)

    def close(self) -> None:
        """Say goodbye on every idle connection."""
        with self._lock:
            idle, self._idle = self._idle, []
        for client, _since in idle:
            _close(client, polite=True)


def _alive(client: smtplib.SMTP) -> bool:
    try:
        return client.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


def _close(client: smtplib.SMTP, *, polite: bool = False) -> None:
    try:
        if polite:
            client.quit()
        else:
            client.close()
    except (smtplib.SMTPException, OSError):
        client.close()


def is_permanent(exc: BaseException) -> bool:
    """A refusal for good (an SMTP 5xx, or a header we will not write): a retry would
    only be refused again. A 4xx or a lost connection is worth another try."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return isinstance(exc, UnsafeHeader)


_smtp_backends: dict[tuple[str, str | None, int], SmtpBackend] = {}


def backend_for(settings: Settings) -> MailBackend:
    """The backend of these settings: for SMTP one per process, so its connections
    and its rate are shared by every mail the process sends."""
    if not settings.smtp_url:
        return FileBackend(settings.mail_dir)
    key = (settings.smtp_url, settings.smtp_ca_file, settings.smtp_rate_per_minute)
    backend = _smtp_backends.get(key)
    if backend is None:
        backend = _smtp_backends.setdefault(
            key,
            SmtpBackend.from_url(
                settings.smtp_url,
                ca_file=settings.smtp_ca_file,
                rate_per_minute=settings.smtp_rate_per_minute,
            ),
        )
    return backend
