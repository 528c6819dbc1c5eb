"""What the fault tests share: an SMTP inbox that counts, a rush of registrations."""

from __future__ import annotations

import asyncio
import email
from collections import defaultdict
from email import policy

import httpx


class Inbox:
    """An aiosmtpd handler keeping who got which Message-ID (of the mails whose
    subject holds `subject`, when given)."""

    def __init__(self, subject: str = "") -> None:
        self.subject = subject
        self.received: dict[str, list[str]] = defaultdict(list)

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        if self.subject in str(message["Subject"]):
            for to in envelope.rcpt_tos:
                self.received[to.lower()].append(message["Message-ID"])
        return "250 OK"

    async def holds(self, count: int) -> bool:
        """At least `count` people got a mail (async, for `eventually`)."""
        return len(self.received) >= count

    def twice(self) -> list[str]:
        return [to for to, ids in self.received.items() if len(ids) > 1]


async def register_all(
    url: str, slug: str, count: int, spread: float = 0.05, first: int = 0
) -> list[int | str]:
    """`count` registrations through the API (people numbered from `first`), one every
    `spread` seconds; each answer's status, or the client error's name when none came."""
    async with httpx.AsyncClient(trust_env=False, timeout=30.0) as client:

        async def one(number: int) -> int | str:
            body = {
                "name": f"Deelnemer {number}",
                "email": f"deelnemer{number}@buurtteam-alkmaar.example",
                "privacy_consent": True,
            }
            await asyncio.sleep((number - first) * spread)
            try:
                response = await client.post(f"{url}/api/v1/events/{slug}/registrations", json=body)
            except httpx.HTTPError as exc:
                return type(exc).__name__
            return response.status_code

        return await asyncio.gather(*(one(n) for n in range(first, first + count)))
