"""What the congress adds to events' pages and feeds, through `events.hooks`."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from congress.services.call import call_for_event
from congress.services.programme_calendar import programme_entries, speaker_entries
from congress.services.programme_view import published_programme
from congress.services.speaker_certificates import speaker_certificate_by_code
from congress.services.speakers import confirmed_speakers, titles_by_email
from congress.tables import CallForAbstracts
from events import hooks
from events.ical_text import CalendarEntry
from events.tables import Registration
from events.views import EventView
from werkplaats.enums import Role
from werkplaats.i18n import N_, _
from werkplaats.nav import HeaderLink, register_header_link
from werkplaats.render import render

register_header_link(HeaderLink("/beoordelen/", N_("Reviewing"), (Role.REVIEWER,)))
hooks.certificate_by_code.register(speaker_certificate_by_code)  # /verify/{code}


@hooks.event_page_items.register
async def programme_panel(event: EventView) -> list[hooks.Panel]:
    """The published programme: a grid by room and time, a list by round on a phone."""
    programme = await published_programme(event.slug)
    if programme is None:
        return []
    html = Markup(
        render("congress/_programme.html", programme=programme, theme="", themes=event.themes)
    )
    return [hooks.Panel("programma", _("Congress programme"), html, shows_programme=True)]


@hooks.event_page_items.register
async def call_panel(event: EventView) -> list[hooks.Panel]:
    """The call for abstracts of the event, until it closes."""
    call = await call_for_event(event.slug)
    if call is None or call.closes_at <= dt.datetime.now(dt.UTC):
        return []
    html = Markup(
        render("congress/_call_panel.html", call=call, closed_reason=call.closed_reason())
    )
    return [hooks.Panel("oproep", _("Call for abstracts"), html)]


@hooks.event_calendar_entries.register
async def programme_calendar(event: EventView) -> list[CalendarEntry]:
    programme = await published_programme(event.slug)
    return programme_entries(programme) if programme else []


@hooks.personal_calendar_entries.register
async def my_sessions(email: str) -> list[CalendarEntry]:
    return await speaker_entries(email)


@hooks.backoffice_event_tabs.register
async def congress_tabs(slug: str) -> list[hooks.Tab]:
    """The call's settings for every event (where it is switched on); review and
    programme once the event has a call."""
    base = f"/beheer/events/{slug}"
    tabs = [hooks.Tab("congress-call", _("Call for abstracts"), f"{base}/congres/oproep")]
    if await CallForAbstracts.exists().where(CallForAbstracts.event.slug == slug):
        tabs += [
            hooks.Tab("congress-review", _("Review"), f"{base}/congres/"),
            hooks.Tab("congress-programme", _("Programme"), f"{base}/programma/"),
        ]
    return tabs


@hooks.export_columns.register
async def speaker_column(event_id: int) -> list[hooks.ExportColumn]:
    """Confirmed speakers are a group of their own in the registrations export: the
    column holds the title of what they present."""
    titles = titles_by_email(await confirmed_speakers(event_id))
    if not titles:
        return []
    rows = await Registration.select(Registration.id, Registration.email).where(
        (Registration.event == event_id) & Registration.email.is_in(sorted(titles))
    )
    values = {r["id"]: "; ".join(titles[r["email"]]) for r in rows}
    return [hooks.ExportColumn(_("Speaker"), values)]
