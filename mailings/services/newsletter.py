"""The newsletter: double opt-in, preferences and unsubscribing, each a consent row.

Whether someone wants the newsletter is their latest newsletter `Consent` that
means something: a yes from anywhere (the registration form's box, a confirmed
subscription), or a no that withdraws (an unsubscribe). A registration without the
box ticked writes a no as well, but that is no withdrawal of an earlier yes.
Unsubscribing is idempotent: a second click changes nothing and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from events.enums import ConsentKind
from events.tables import Consent, Theme
from mailings.tables import Subscriber, SubscriberTheme
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _, normalise_language
from werkplaats.mail.outbox import send_mail
from werkplaats.settings import get_settings
from werkplaats.text_rules import line_error

WORDING_VERSION = "nieuwsbrief-2026-1"
CONFIRM_DAYS = 7
WITHDRAWALS = ("unsubscribe", "one-click", "preferences")  # sources of a no that counts


class Confirmation(StrEnum):
    CONFIRMED = "confirmed"
    ALREADY = "already"  # the link was used before
    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SubscriberView:
    id: int
    email: str
    name: str
    language: str
    token: str
    subscribed: bool
    themes: list[str]  # slugs


def _token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits


def preferences_url(token: str) -> str:
    return f"{get_settings().base_url}/nieuwsbrief/{token}"


def unsubscribe_url(token: str) -> str:
    return f"{get_settings().base_url}/afmelden/{token}"


async def _consent(email: str, given: bool, source: str) -> None:
    await Consent.insert(
        Consent(
            email=email,
            kind=ConsentKind.NEWSLETTER.value,
            given=given,
            source=source,
            wording_version=WORDING_VERSION,
        )
    )


def _valid_address(address: str) -> bool:
    local, _at, domain = address.partition("@")
    return bool(local) and "." in domain and " " not in address and len(address) <= 254


async def subscribe(
    email: str, *, name: str = "", themes: Sequence[str] = (), language: str = "nl"
) -> None:
    """Ask for a subscription: a confirmation link goes by mail (double opt-in).

    The same page follows whether the address was known or not, so nobody learns
    from it who reads the newsletter.
    """
    address = email.strip().lower()
    errors: dict[str, str] = {}
    if not _valid_address(address):
        errors["email"] = _("Enter an e-mail address, e.g. naam@example.nl.")
    if problem := line_error(name):
        errors["name"] = problem
    known = {row["slug"]: row["id"] for row in await Theme.select(Theme.id, Theme.slug)}
    if any(slug not in known for slug in themes):
        errors["themes"] = _("This is not one of the allowed values.")
    if errors:
        raise FieldErrors(errors)
    confirm = _token()
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=CONFIRM_DAYS)
    async with atomic():
        await lock(f"subscriber:{address}")
        row = (
            await Subscriber.select(Subscriber.id, Subscriber.token)
            .where(Subscriber.email == address)
            .first()
        )
        data = {
            Subscriber.confirm_token: confirm,
            Subscriber.confirm_expires_at: expires,
            Subscriber.language: normalise_language(language),
        }
        if name:
            data[Subscriber.name] = name.strip()
        if row is None:
            token = _token()
            data |= {Subscriber.email: address, Subscriber.token: token}
            rows = await Subscriber.insert(Subscriber(_data=data)).returning(Subscriber.id)
            subscriber_id = rows[0]["id"]
        else:
            subscriber_id, token = row["id"], row["token"]
            await Subscriber.update(data).where(Subscriber.id == subscriber_id)
        await _set_themes(subscriber_id, [known[slug] for slug in themes])
        await send_mail(
            to=address,
            name=name,
            language=language,
            template="newsletter_confirm",
            dedupe_key=f"newsletter-confirm:{confirm}",
            context={"confirm_url": f"{get_settings().base_url}/nieuwsbrief/bevestig/{confirm}"},
        )


async def _set_themes(subscriber_id: int, theme_ids: Sequence[int]) -> None:
    await SubscriberTheme.delete().where(SubscriberTheme.subscriber == subscriber_id)
    if theme_ids:
        await SubscriberTheme.insert(
            *(SubscriberTheme(subscriber=subscriber_id, theme=t) for t in theme_ids)
        )


async def confirm(confirm_token: str) -> Confirmation:
    """Use a double opt-in link: once it subscribes, after that it only says so."""
    async with atomic():
        row = (
            await Subscriber.select()
            .where((Subscriber.confirm_token == confirm_token) & (Subscriber.confirm_token != ""))
            .first()
        )
        if row is None:
            return Confirmation.UNKNOWN
        await lock(f"subscriber:{row['email']}")
        if row["confirmed_at"] is not None and row["unsubscribed_at"] is None:
            return Confirmation.ALREADY
        if row["confirm_expires_at"] is None or row["confirm_expires_at"] < dt.datetime.now(dt.UTC):
            return Confirmation.EXPIRED
        now = dt.datetime.now(dt.UTC)
        await Subscriber.update(
            {
                Subscriber.confirmed_at: now,
                Subscriber.unsubscribed_at: None,
                Subscriber.confirm_expires_at: None,
            }
        ).where(Subscriber.id == row["id"])
        await _consent(row["email"], True, "double opt-in")
    return Confirmation.CONFIRMED


async def unsubscribe(token: str, *, source: str = "one-click") -> bool:
    """Stop the newsletter for the owner of `token`; False if the token is unknown.

    Safe to repeat: only the first time writes the consent row.
    """
    async with atomic():
        row = await Subscriber.select().where(Subscriber.token == token).first()
        if row is None:
            return False
        await lock(f"subscriber:{row['email']}")
        changed = (
            await Subscriber.update({Subscriber.unsubscribed_at: dt.datetime.now(dt.UTC)})
            .where((Subscriber.id == row["id"]) & Subscriber.unsubscribed_at.is_null())
            .returning(Subscriber.id)
        )
        if changed:
            await _consent(row["email"], False, source)
    return True


async def save_preferences(token: str, themes: Sequence[str]) -> bool:
    view = await subscriber_by_token(token)
    if view is None:
        return False
    known = {row["slug"]: row["id"] for row in await Theme.select(Theme.id, Theme.slug)}
    async with atomic():
        await _set_themes(view.id, [known[slug] for slug in themes if slug in known])
    return True


async def subscriber_by_token(token: str) -> SubscriberView | None:
    row = await Subscriber.select().where(Subscriber.token == token).first()
    if row is None:
        return None
    themes = await SubscriberTheme.select(SubscriberTheme.theme.slug.as_alias("slug")).where(
        SubscriberTheme.subscriber == row["id"]
    )
    wants = await wants_newsletter([row["email"]])
    return SubscriberView(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        language=row["language"],
        token=row["token"],
        subscribed=row["email"] in wants,
        themes=[t["slug"] for t in themes],
    )


_LATEST = """
SELECT email, given FROM consent
WHERE kind = {} AND (given OR source IN ({}, {}, {}))
ORDER BY given_at, id
"""


async def wants_newsletter(addresses: Sequence[str] | None = None) -> set[str]:
    """The addresses whose last word on the newsletter is yes (of `addresses`, or all)."""
    latest: dict[str, bool] = {}
    for row in await Consent.raw(_LATEST, ConsentKind.NEWSLETTER.value, *WITHDRAWALS):
        latest[row["email"].lower()] = bool(row["given"])
    # An erased person's consents keep their yes or no without the address (""),
    # which is nobody to write to.
    wanted = {address for address, given in latest.items() if given and address}
    return wanted if addresses is None else wanted & {a.lower() for a in addresses}


async def tokens_for(addresses: Sequence[str]) -> dict[str, str]:
    """Each address's own link token, made for those who have none yet (someone who
    said yes on a registration form gets one with their first newsletter)."""
    if not addresses:
        return {}
    rows = await Subscriber.select(Subscriber.email, Subscriber.token).where(
        Subscriber.email.is_in(list(addresses))
    )
    tokens: dict[str, Any] = {row["email"]: row["token"] for row in rows}
    missing = [a for a in addresses if a not in tokens]
    if missing:
        now = dt.datetime.now(dt.UTC)
        made = {address: _token() for address in missing}
        await Subscriber.insert(
            *(Subscriber(email=a, token=t, confirmed_at=now) for a, t in made.items())
        )
        tokens |= made
    return tokens
