"""The suppression list: addresses no mailing goes to (hard bounces, complaints).

Imported by hand from the bounce reports of the mail server: one address a line,
optionally followed by a reason. Every send checks it when it writes its
deliveries; a suppressed recipient gets a delivery marked so, and no mail.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from mailings.tables import Suppression

_ADDRESS = re.compile(r"[^\s<>,;@]+@[^\s<>,;@]+\.[^\s<>,;@]+")


def addresses_in(text: str) -> list[str]:
    """Every address in a pasted bounce report, lower-cased, in order, once."""
    return list(dict.fromkeys(match.lower() for match in _ADDRESS.findall(text)))


async def import_suppressions(text: str, *, reason: str = "bounce") -> int:
    """Add the addresses in `text`; how many were new."""
    found = addresses_in(text)
    if not found:
        return 0
    known = {
        row["email"]
        for row in await Suppression.select(Suppression.email).where(Suppression.email.is_in(found))
    }
    new = [address for address in found if address not in known]
    if new:
        await Suppression.insert(*(Suppression(email=a, reason=reason) for a in new))
    return len(new)


async def suppressed_among(addresses: Sequence[str]) -> set[str]:
    if not addresses:
        return set()
    rows = await Suppression.select(Suppression.email).where(
        Suppression.email.is_in([a.lower() for a in addresses])
    )
    return {row["email"] for row in rows}


async def all_suppressions() -> list[dict[str, Any]]:
    return await Suppression.select().order_by(Suppression.created_at, ascending=False)


async def remove_suppression(address: str) -> None:
    await Suppression.delete().where(Suppression.email == address.lower())
