"""An event's registrations as a spreadsheet: CSV for Dutch Excel, and XLSX.

One row per registration, every status, sorted by name; headers and statuses in
the organiser's language; times in Europe/Amsterdam. Registrants type the cells
themselves, so a value that a spreadsheet would run as a formula (`=`, `+`, `-`,
`@`) is kept as text: a quote in front in the CSV, a string cell in the XLSX.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from events import hooks
from events.enums import ConsentKind, OrganisationType, QuestionKind, RegistrationStatus
from events.services.registration.admin import answer_values, by_name, number_waiting_list
from events.services.registration.questions import questions_for
from events.tables import Consent, Event, Registration
from events.views import QuestionView, display
from werkplaats import audit
from werkplaats.exports import ExportTable, spreadsheet_time
from werkplaats.i18n import N_, _

HEADERS = (
    N_("Name"),
    N_("E-mail address"),
    N_("Organisation"),
    N_("Type of organisation"),
    N_("Job or role"),
    N_("Registerplein number"),
    N_("Status"),
    N_("Place on waiting list"),
    N_("Registered on"),
    N_("Accessibility (sensitive)"),
    N_("Dietary wishes (sensitive)"),
    N_("Newsletter"),
)


async def _newsletter(event_id: int | None) -> dict[int, bool]:
    """The latest newsletter consent per registration (registering again adds one), of
    one event or (None) of all."""
    where = Consent.kind == ConsentKind.NEWSLETTER
    if event_id is not None:
        where &= Consent.registration.event == event_id
    rows = (
        await Consent.select(Consent.registration, Consent.given)
        .where(where)
        .order_by(Consent.given_at)
        .order_by(Consent.id)
    )
    return {row["registration"]: row["given"] for row in rows}


def _organisation_type(value: str) -> str:
    return _(OrganisationType(value).label) if value in set(OrganisationType) else value


def _answer_cell(question: QuestionView, value: Any) -> Any:
    """Numbers and dates stay typed, so a spreadsheet can sum and sort them."""
    if question.kind is QuestionKind.NUMBER and isinstance(value, int | float):
        return value
    if question.kind is QuestionKind.DATE and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return display(question, value)


async def export_table(event: dict[str, Any]) -> ExportTable:
    """Header and rows; call in the request, so `_()` uses the organiser's language."""
    await audit.record("export.registrations", f"event:{event['slug']}")
    questions = await questions_for(event["id"])
    registrations = await Registration.select().where(Registration.event == event["id"])
    places = number_waiting_list(registrations)
    answers = await answer_values(event["id"])
    newsletter = await _newsletter(event["id"])
    extra = await hooks.export_columns.collect(event["id"])
    rows = []
    for r in sorted(registrations, key=by_name):
        given = answers.get(r["id"], {})
        rows.append(
            [
                *_person_cells(r, places, newsletter),
                *[_answer_cell(q, given[q.id]) if q.id in given else "" for q in questions],
                *[column.values.get(r["id"], "") for column in extra],
            ]
        )
    header = [_(title) for title in HEADERS] + [q.label for q in questions]
    header += [column.header for column in extra]
    return ExportTable(header=header, rows=rows)


def _person_cells(
    r: dict[str, Any], places: dict[int, int], newsletter: dict[int, bool]
) -> list[Any]:
    """The cells of HEADERS for registration `r`."""
    return [
        r["name"],
        r["email"],
        r["organisation"],
        _organisation_type(r["organisation_type"]),
        r["job_role"],
        r["registerplein_number"],
        _(RegistrationStatus(r["status"]).label),
        places.get(r["id"]),
        spreadsheet_time(r["created_at"]),
        r["accessibility_needs"],
        r["dietary_needs"],
        _("yes") if newsletter.get(r["id"]) else _("no"),
    ]


async def all_events_table() -> ExportTable:
    """Every registration of every event, by the event's start and then by name: the
    columns of HEADERS after the event's title and start (an event's own questions
    differ from event to event, so they are in its own export only)."""
    events = {row["id"]: row for row in await Event.select(Event.id, Event.title, Event.starts_at)}
    registrations = await Registration.select()
    places: dict[int, int] = {}
    for event_id in events:
        places |= number_waiting_list([r for r in registrations if r["event"] == event_id])
    newsletter = await _newsletter(None)

    def order(r: dict[str, Any]) -> tuple[Any, ...]:
        event = events[r["event"]]
        return (event["starts_at"], event["id"], *by_name(r))

    rows = [
        [
            events[r["event"]]["title"],
            spreadsheet_time(events[r["event"]]["starts_at"]),
            *_person_cells(r, places, newsletter),
        ]
        for r in sorted(registrations, key=order)
    ]
    header = [_("Event"), _("Start"), *(_(title) for title in HEADERS)]
    return ExportTable(header=header, rows=rows)
