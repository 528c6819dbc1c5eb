"""Calendar feeds, the page on how to subscribe, and the attendee's own feed link.

Every `.ics` answer carries an ETag and a Last-Modified from one aggregate query,
and a conditional request that matches gets a 304 before anything is built. The
version is taken before the body, so a change in between gives an older ETag with
a newer body, never the other way round: the next request simply fetches again.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.calendar_links import FeedLinks, feed_links
from events.enums import EventKind
from events.services.calendars.feeds import (
    attendee_feed,
    calendar_of,
    feed_for_token,
    make_attendee_feed,
    registrant_email,
    replace_token,
    revoke,
)
from events.services.calendars.versions import (
    Feed,
    event_file,
    feed_body,
    feed_version,
    kind_feed,
    public_feed,
    theme_feed,
)
from events.services.catalogue.listing import all_themes
from werkplaats.conditional import is_not_modified, validator_headers
from werkplaats.i18n import DEFAULT_LANGUAGE, _, get_language
from werkplaats.settings import get_settings

CACHE_SECONDS = 300
ICS = "text/calendar"  # Litestar adds "; charset=utf-8" to text types


async def calendar_response(
    request: Request, feed: Feed | None, *, filename: str = ""
) -> Response[bytes]:
    if feed is None:
        raise NotFoundException()
    version = await feed_version(feed)
    if feed.one_event and version.events == 0:
        raise NotFoundException()
    scope = "private" if feed.private else "public"
    headers = validator_headers(
        etag=version.etag,
        last_modified=version.last_modified,
        cache_control=f"{scope}, max-age={CACHE_SECONDS}",
    )
    if is_not_modified(request.headers, etag=version.etag, last_modified=version.last_modified):
        return Response(b"", status_code=304, headers=headers)
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(await feed_body(feed), media_type=ICS, headers=headers)


async def event_calendar(request: Request, slug: str) -> Response[bytes]:
    """`/events/{slug}.ics`: routed from the event page's path, which it shares."""
    return await calendar_response(request, event_file(slug), filename=f"{slug}.ics")


def _ics_name(name: str) -> str:
    if not name.endswith(".ics"):
        raise NotFoundException()
    return name.removesuffix(".ics")


def _links(title: str, path: str, anchor: str = "") -> FeedLinks:
    """A feed's links; on the English page, the feed is in English too."""
    if get_language() != DEFAULT_LANGUAGE:
        path = f"{path}?lang={get_language()}"
    return feed_links(title, path, base_url=get_settings().base_url, anchor=anchor)


async def subscribe_feeds() -> dict[str, Any]:
    return {
        "all_feed": _links(_("All events"), "/calendar.ics", "alles"),
        "kind_feeds": [
            _links(_(kind.plural_label), f"/calendar/{kind.value}.ics", kind.value)
            for kind in EventKind
        ],
        "theme_feeds": [
            _links(theme["name"], f"/calendar/thema/{theme['slug']}.ics", f"thema-{theme['slug']}")
            for theme in await all_themes()
        ],
    }


class CalendarController(Controller):
    path = "/"
    include_in_schema = False

    @get("/calendar")
    async def page(self) -> Template:
        return Template("events/calendar.html", context=await subscribe_feeds())

    @get("/calendar.ics")
    async def everything(self, request: Request) -> Response[bytes]:
        return await calendar_response(request, public_feed())

    @get("/calendar/{name:str}")
    async def kind(self, request: Request, name: FromPath[str]) -> Response[bytes] | Redirect:
        kind = _ics_name(name)
        if kind not in set(EventKind):
            typed = kind.lower().replace("-", "_")  # a person types hyphens
            if typed in set(EventKind):
                query = f"?{request.url.query}" if request.url.query else ""
                return Redirect(f"/calendar/{typed}.ics{query}", status_code=301)
            raise NotFoundException()
        return await calendar_response(request, kind_feed(EventKind(kind)))

    @get("/calendar/thema/{name:str}")
    async def theme(self, request: Request, name: FromPath[str]) -> Response[bytes]:
        return await calendar_response(request, await theme_feed(_ics_name(name)))

    @get("/calendar/feed/{name:str}")
    async def personal(self, request: Request, name: FromPath[str]) -> Response[bytes]:
        view = await feed_for_token(_ics_name(name))
        return await calendar_response(request, calendar_of(view) if view else None)


async def personal_feed_context(email: str) -> dict[str, Any]:
    """The attendee's feed for their personal page: links if it is active."""
    view = await attendee_feed(email)
    links = _links(_("My events"), view.path, "mijn-agenda") if view and view.is_active else None
    return {"my_feed": view, "my_feed_links": links}


class PersonalFeedController(Controller):
    """The attendee makes, replaces or revokes their feed link from their own page."""

    path = "/r/{token:str}/agenda"
    include_in_schema = False

    async def _email(self, token: str) -> str:
        email = await registrant_email(token)
        if email is None:
            raise NotFoundException()
        return email

    @post("/")
    async def make(self, request: Request, token: FromPath[str]) -> Redirect:
        await make_attendee_feed(await self._email(token))
        flash(request, _("Your calendar link is ready."), category="success")
        return Redirect(f"/r/{token}#mijn-agenda", status_code=303)

    @post("/vervangen")
    async def replace(self, request: Request, token: FromPath[str]) -> Redirect:
        feed = await attendee_feed(await self._email(token))
        if feed is not None:
            await replace_token(feed.id)
        message = _("You have a new calendar link. The old link no longer works.")
        flash(request, message, category="success")
        return Redirect(f"/r/{token}#mijn-agenda", status_code=303)

    @post("/intrekken")
    async def revoke(self, request: Request, token: FromPath[str]) -> Redirect:
        feed = await attendee_feed(await self._email(token))
        if feed is not None:
            await revoke(feed.id)
        flash(request, _("Your calendar link no longer works."), category="success")
        return Redirect(f"/r/{token}#mijn-agenda", status_code=303)
