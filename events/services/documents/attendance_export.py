"""Attendance lists as spreadsheets: for accreditation in PE-online, of the
certificates issued, and the check-in list of a place.

PE-online takes an attendance list as registration numbers pasted into its field
"Te verwerken" from a spreadsheet ("Presentie invoeren – Deelnemers invoeren"), so
the Registerplein number is the first column and each person one row. Those who
attended without giving a number come last, their first cell empty and marked,
so an organiser can chase them and the column of numbers stays clean to copy.
The CSV is written as the registrations export writes it (`to_csv`).
"""

from __future__ import annotations

from typing import Any

from events.services.checkin import desk as checkin_desk
from events.services.documents.certificates import CertificateView, certificates_for_event
from events.tables import Checkin
from werkplaats import audit
from werkplaats.exports import ExportTable, spreadsheet_time
from werkplaats.i18n import N_, _

ATTENDANCE_HEADERS = (
    N_("Registerplein number"),
    N_("Name"),
    N_("Organisation"),
    N_("Checked in at"),
    N_("Note"),
)
CERTIFICATE_HEADERS = (
    N_("Name"),
    N_("Registerplein number"),
    N_("Verification code"),
    N_("Issued on"),
    N_("Mailed on"),
)


async def _attendees(event_id: int) -> list[dict[str, Any]]:
    """Each registration with a live check-in, once, with its first check-in time."""
    rows = await Checkin.select(
        Checkin.registration.id.as_alias("id"),
        Checkin.registration.name.as_alias("name"),
        Checkin.registration.organisation.as_alias("organisation"),
        Checkin.registration.registerplein_number.as_alias("number"),
        Checkin.checked_in_at,
    ).where((Checkin.event == event_id) & Checkin.undone_at.is_null())
    first: dict[int, dict[str, Any]] = {}
    for row in rows:
        seen = first.get(row["id"])
        if seen is None or row["checked_in_at"] < seen["checked_in_at"]:
            first[row["id"]] = row
    return list(first.values())


async def attendance_table(event: dict[str, Any]) -> ExportTable:
    """Numbers first, by name; then those without a number, by name."""
    await audit.record("export.attendance", f"event:{event['slug']}")
    attendees = sorted(
        await _attendees(event["id"]),
        key=lambda r: (not r["number"], r["name"].casefold(), r["id"]),
    )
    rows = [
        [
            r["number"],
            r["name"],
            r["organisation"],
            spreadsheet_time(r["checked_in_at"]),
            "" if r["number"] else _("No Registerplein number"),
        ]
        for r in attendees
    ]
    return ExportTable(header=[_(title) for title in ATTENDANCE_HEADERS], rows=rows)


def _certificate_row(certificate: CertificateView) -> list[Any]:
    return [
        certificate.name,
        certificate.registerplein_number,
        certificate.code_groups,
        spreadsheet_time(certificate.issued_at),
        spreadsheet_time(certificate.mailed_at),
    ]


async def certificates_table(event: dict[str, Any]) -> ExportTable:
    await audit.record("export.certificates", f"event:{event['slug']}")
    certificates = await certificates_for_event(event["id"])
    return ExportTable(
        header=[_(title) for title in CERTIFICATE_HEADERS],
        rows=[_certificate_row(c) for c in certificates],
    )


CHECKIN_HEADERS = (
    N_("Name"),
    N_("Organisation"),
    N_("E-mail address"),
    N_("Registerplein number"),
    N_("Checked in at"),
    N_("Checked in by"),
    N_("How"),
)
CHECKIN_METHODS = {
    "scan": N_("scan"),
    "search": N_("by name"),
    "api": "API",
    "offline": N_("judged on the phone"),  # a door with its pack, synced by batch
}


async def checkin_list_table(event_id: int, session_id: int | None) -> ExportTable:
    """Everyone with a seat, by name, and when and how they came in at this place."""
    rows = [
        [
            line.person.name,
            line.person.organisation,
            line.email,
            line.registerplein_number,
            spreadsheet_time(line.person.checked_in_at, seconds=True),
            line.person.checked_in_by,
            _(CHECKIN_METHODS[line.method]) if line.method in CHECKIN_METHODS else line.method,
        ]
        for line in await checkin_desk.checkin_list(event_id, session_id)
    ]
    return ExportTable(header=[_(title) for title in CHECKIN_HEADERS], rows=rows)
