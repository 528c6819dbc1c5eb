"""Personal calendar feeds: an attendee's own events, or a partner's kinds and themes.

A feed is reached only by its token, in `/calendar/feed/{token}.ics`; the token is
random (256 bits) and says nothing about whose it is. An attendee has at most one
feed per e-mail address, made from their personal page; it holds every event they
have an active registration for under that address. A partner organisation's feed
holds every event of the kinds or on the themes it chose (either is enough).

Replacing a token makes the old link a 404 at once; revoking keeps the row and its
token, so the old link stays dead, until a new link is made.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from events.enums import EventKind, FeedKind
from events.services.calendars.selection import NOTHING, in_feeds, of_kinds, on_themes
from events.services.calendars.versions import NETWORK, Feed, attendee_selection
from events.tables import CalendarFeed, CalendarFeedTheme, Partner, Registration, Theme
from werkplaats.db import atomic, lock
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _

TOKEN_BYTES = 32
MAX_LABEL = 200


def new_feed_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@dataclass(frozen=True, slots=True)
class FeedView:
    id: int
    token: str
    kind: FeedKind
    email: str
    partner_id: int | None
    partner_name: str
    label: str
    event_kinds: tuple[EventKind, ...]
    themes: list[dict[str, Any]] = field(default_factory=list)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def path(self) -> str:
        return f"/calendar/feed/{self.token}.ics"

    @property
    def choices(self) -> list[str]:
        """What a partner feed follows, as people read it."""
        return [_(kind.plural_label) for kind in self.event_kinds] + [
            t["name"] for t in self.themes
        ]


def _kinds(text: str) -> tuple[EventKind, ...]:
    return tuple(EventKind(value) for value in text.split(",") if value in set(EventKind))


_COLUMNS = (
    *CalendarFeed.all_columns(exclude=[CalendarFeed.partner]),
    CalendarFeed.partner.id.as_alias("partner_id"),
    CalendarFeed.partner.name.as_alias("partner_name"),
)


async def _views(rows: list[dict[str, Any]]) -> list[FeedView]:
    ids = [row["id"] for row in rows]
    themes: dict[int, list[dict[str, Any]]] = {feed_id: [] for feed_id in ids}
    if ids:
        for row in (
            await CalendarFeedTheme.select(
                CalendarFeedTheme.feed,
                CalendarFeedTheme.theme.id.as_alias("id"),
                CalendarFeedTheme.theme.name.as_alias("name"),
                CalendarFeedTheme.theme.slug.as_alias("slug"),
            )
            .where(CalendarFeedTheme.feed.is_in(ids))
            .order_by(CalendarFeedTheme.theme.name)
        ):
            themes[row["feed"]].append({k: row[k] for k in ("id", "name", "slug")})
    return [
        FeedView(
            id=row["id"],
            token=row["token"],
            kind=FeedKind(row["kind"]),
            email=row["email"],
            partner_id=row["partner_id"],
            partner_name=row["partner_name"] or "",
            label=row["label"],
            event_kinds=_kinds(row["event_kinds"]),
            themes=themes[row["id"]],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            revoked_at=row["revoked_at"],
        )
        for row in rows
    ]


async def _one(condition: Any) -> FeedView | None:
    rows = await CalendarFeed.select(*_COLUMNS).where(condition)
    views = await _views(rows)
    return views[0] if views else None


async def feed_view(feed_id: int) -> FeedView | None:
    return await _one(CalendarFeed.id == feed_id)


async def feed_for_token(token: str) -> FeedView | None:
    """The active feed behind a token; None for an unknown or revoked one."""
    if not token or len(token) > 64:
        return None
    return await _one((CalendarFeed.token == token) & CalendarFeed.revoked_at.is_null())


async def attendee_feed(email: str) -> FeedView | None:
    """The attendee's feed, also when revoked (their page then offers a new link)."""
    return await _one(
        (CalendarFeed.kind == FeedKind.ATTENDEE) & (CalendarFeed.email == email.lower())
    )


async def registrant_email(token: str) -> str | None:
    """The e-mail address behind a personal link (/r/{token}), for the feed it may have."""
    if not token or len(token) > 64:
        return None
    row = await Registration.select(Registration.email).where(Registration.token == token).first()
    return row["email"] if row else None


async def list_feeds(kind: FeedKind) -> list[FeedView]:
    query = CalendarFeed.select(*_COLUMNS).where(CalendarFeed.kind == kind)
    if kind is FeedKind.PARTNER:
        query = query.order_by(CalendarFeed.partner.name).order_by(CalendarFeed.label)
    else:
        query = query.order_by(CalendarFeed.email)
    return await _views(await query)


def calendar_of(view: FeedView) -> Feed:
    """What the feed holds, for `events.services.calendars.versions`."""
    if view.kind is FeedKind.ATTENDEE:
        return Feed(
            key=f"attendee:{view.id}",
            selection=attendee_selection(view.email),
            name=_("My events – {network}").format(network=NETWORK),
            description=_("The events you registered for at the Werkplaats Sociaal Domein."),
            email=view.email,
            private=True,
            changed_at=view.updated_at,
        )
    parts = []
    if view.event_kinds:
        parts.append(of_kinds(view.event_kinds))
    if view.themes:
        parts.append(on_themes(t["id"] for t in view.themes))
    # Its themes can have been deleted since: then it follows nothing.
    chosen = parts[0] | parts[1] if len(parts) == 2 else parts[0] if parts else NOTHING
    name = " · ".join(part for part in (view.partner_name, view.label) if part)
    return Feed(
        key=f"partner:{view.id}",
        selection=in_feeds() & chosen,
        name=f"{NETWORK} – {name}",
        description=_("The events {partner} follows: {choices}.").format(
            partner=view.partner_name, choices=", ".join(view.choices)
        ),
        private=True,
        changed_at=view.updated_at,
    )


async def make_attendee_feed(email: str) -> FeedView:
    """The attendee's feed; a revoked one comes back with a new token."""
    email = email.strip().lower()
    async with atomic():
        await lock(f"calendar-feed:{email}")
        existing = await attendee_feed(email)
        if existing is None:
            await CalendarFeed.insert(
                CalendarFeed(token=new_feed_token(), kind=FeedKind.ATTENDEE, email=email)
            )
        elif not existing.is_active:
            await replace_token(existing.id)
    made = await attendee_feed(email)
    assert made is not None
    return made


async def replace_token(feed_id: int) -> None:
    """A new link for the feed; the old one stops working at once."""
    await CalendarFeed.update(
        {
            CalendarFeed.token: new_feed_token(),
            CalendarFeed.revoked_at: None,
            CalendarFeed.updated_at: dt.datetime.now(dt.UTC),
        }
    ).where(CalendarFeed.id == feed_id)


async def revoke(feed_id: int) -> None:
    now = dt.datetime.now(dt.UTC)
    await CalendarFeed.update({CalendarFeed.revoked_at: now, CalendarFeed.updated_at: now}).where(
        (CalendarFeed.id == feed_id) & CalendarFeed.revoked_at.is_null()
    )


@dataclass(slots=True)
class PartnerChoice:
    """What the subscribe form sends, as text: ids and values not yet checked."""

    partner: str = ""
    label: str = ""
    kinds: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)


async def _check_choice(choice: PartnerChoice) -> tuple[dict[str, str], int, list[int]]:
    errors: dict[str, str] = {}
    partner_id = int(choice.partner) if choice.partner.isdigit() else 0
    if not partner_id or not await Partner.exists().where(Partner.id == partner_id):
        errors["partner"] = _("Choose a partner organisation.")
    if len(choice.label.strip()) > MAX_LABEL:
        errors["label"] = _("At most {n} characters.").format(n=MAX_LABEL)
    if set(choice.kinds) - set(EventKind):
        errors["kinds"] = _("This is not one of the allowed values.")
    wanted = {int(t) for t in choice.themes if t.isdigit()}
    found = (
        [row["id"] for row in await Theme.select(Theme.id).where(Theme.id.is_in(list(wanted)))]
        if wanted
        else []
    )
    if len(found) != len(set(choice.themes)):
        errors["themes"] = _("Choose themes from the list.")
    if not choice.kinds and not choice.themes:
        errors["kinds"] = _("Choose at least one kind of event or one theme.")
    return errors, partner_id, sorted(found)


async def save_partner_feed(choice: PartnerChoice, *, feed_id: int | None = None) -> int:
    """Make a partner feed (or change what it follows); FieldErrors, having written
    nothing, when no kind and no theme is chosen or a choice is unknown."""
    errors, partner_id, theme_ids = await _check_choice(choice)
    if errors:
        raise FieldErrors(errors)
    values = {
        CalendarFeed.partner: partner_id,
        CalendarFeed.label: choice.label.strip(),
        CalendarFeed.event_kinds: ",".join(k for k in EventKind if k in set(choice.kinds)),
        CalendarFeed.updated_at: dt.datetime.now(dt.UTC),
    }
    async with atomic():
        if feed_id is None:
            new = {CalendarFeed.token: new_feed_token(), CalendarFeed.kind: FeedKind.PARTNER}
            rows = await CalendarFeed.insert(CalendarFeed(_data={**new, **values})).returning(
                CalendarFeed.id
            )
            feed_id = rows[0]["id"]
        else:
            await CalendarFeed.update(values).where(CalendarFeed.id == feed_id)
        await CalendarFeedTheme.delete().where(CalendarFeedTheme.feed == feed_id)
        if theme_ids:
            await CalendarFeedTheme.insert(
                *[CalendarFeedTheme(feed=feed_id, theme=theme_id) for theme_id in theme_ids]
            )
    return feed_id
