"""All data held about one person (by e-mail address): to download, and to erase.

A person asks from their personal link; an organiser may do either on their
request. Each export and erasure is recorded in `PrivacyRequest`, which holds no
personal data (what, by which organiser, how many registrations).

Erasure first cancels what is still to come (through the seat lock, so the first in
line moves up), then in one transaction anonymises every registration of the address
(as the retention job does), deletes its certificates, its calendar feeds and the
mails it was sent and blanks the address on its consents, after asking the other
apps (`hooks.erase_personal_data`) to do the same with theirs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from events import hooks
from events.enums import ChangedBy, RegistrationStatus
from events.services.privacy.retention import anonymise_registrations
from events.services.registration.mine import answers_of
from events.services.registration.seats import StatusConflict, change_status
from events.tables import (
    CalendarFeed,
    Certificate,
    Checkin,
    Consent,
    Event,
    PrivacyRequest,
    Question,
    Registration,
)
from events.views import PERSON_FIELDS
from werkplaats.db import atomic
from werkplaats.tables import OutgoingMail

EXPORT, ERASE = "export", "erase"
_PERSONAL = (*PERSON_FIELDS, "language", "status", "ribbon")


def moment(value: dt.datetime | None) -> str | None:
    """A moment in the download (also the other apps' parts): ISO 8601 in UTC."""
    return value.astimezone(dt.UTC).isoformat() if value else None


async def _registrations(email: str) -> list[dict[str, Any]]:
    if not email:
        return []
    return await Registration.select().where(
        (Registration.email == email.strip().lower()) & Registration.anonymised_at.is_null()
    )


async def _registration_data(row: dict[str, Any]) -> dict[str, Any]:
    event = (
        await Event.select(Event.title, Event.slug, Event.starts_at)
        .where(Event.id == row["event"])
        .first()
    )
    labels = {
        q["id"]: q["label"]
        for q in await Question.select(Question.id, Question.label).where(
            Question.event == row["event"]
        )
    }
    checkins = await Checkin.select(Checkin.checked_in_at).where(
        (Checkin.registration == row["id"]) & Checkin.undone_at.is_null()
    )
    certificates = await Certificate.select(Certificate.code, Certificate.issued_at).where(
        Certificate.registration == row["id"]
    )
    consents = await Consent.select(Consent.kind, Consent.given, Consent.given_at).where(
        Consent.registration == row["id"]
    )
    return {
        "event": {
            "title": event["title"],
            "slug": event["slug"],
            "starts_at": moment(event["starts_at"]),
        },
        **{name: row[name] for name in _PERSONAL},
        "registered_at": moment(row["created_at"]),
        "cancelled_at": moment(row["cancelled_at"]),
        "answers": {
            labels.get(question, str(question)): value
            for question, value in (await answers_of(row["id"])).items()
        },
        "consents": [
            {"kind": c["kind"], "given": c["given"], "at": moment(c["given_at"])} for c in consents
        ],
        "checked_in_at": [moment(c["checked_in_at"]) for c in checkins],
        "certificates": [
            {"code": c["code"], "issued_at": moment(c["issued_at"])} for c in certificates
        ],
    }


async def personal_data(email: str, *, by_name: str = "") -> dict[str, Any]:
    """Everything held about `email`, as JSON-ready data; the export is recorded."""
    email = email.strip().lower()
    rows = await _registrations(email)
    feeds = await CalendarFeed.select(CalendarFeed.created_at, CalendarFeed.revoked_at).where(
        CalendarFeed.email == email
    )
    mails = await OutgoingMail.select(
        OutgoingMail.subject, OutgoingMail.state, OutgoingMail.created_at, OutgoingMail.sent_at
    ).where(OutgoingMail.to_address == email)
    data = {
        "email": email,
        "made_at": moment(dt.datetime.now(dt.UTC)),
        "registrations": [await _registration_data(row) for row in rows],
        "calendar_feeds": [
            {"created_at": moment(f["created_at"]), "revoked_at": moment(f["revoked_at"])}
            for f in feeds
        ],
        "mails": [
            {
                "subject": m["subject"],
                "state": m["state"],
                "created_at": moment(m["created_at"]),
                "sent_at": moment(m["sent_at"]),
            }
            for m in mails
        ],
        "other": {part.key: part.data for part in await hooks.personal_data.collect(email)},
    }
    await _record(EXPORT, by_name, len(rows))
    return data


async def erase_personal_data(email: str, *, by_name: str = "") -> int:
    """Erase what is held about `email`; the number of registrations it covered."""
    email = email.strip().lower()
    rows = await _registrations(email)
    for row in rows:  # what is still to come is cancelled first: the seat goes on
        if RegistrationStatus(row["status"]).is_active:
            # changed meanwhile: it is anonymised all the same
            with contextlib.suppress(StatusConflict):
                await change_status(
                    row["id"], RegistrationStatus.CANCELLED, notify=False, by=ChangedBy.REGISTRANT
                )
    ids = [row["id"] for row in rows]
    async with atomic():
        # The other apps first: what they hold may hang on a registration's address.
        await hooks.erase_personal_data.call(email)
        await Certificate.delete().where(Certificate.registration.is_in(ids or [0]))
        await anonymise_registrations(ids)
        await CalendarFeed.delete().where(CalendarFeed.email == email)
        await Consent.update({Consent.email: ""}).where(Consent.email == email)
        # Also a mail being sent right now: its worker's last write finds no row
        # (`werkplaats.leases`), so nothing of it is written back.
        await OutgoingMail.delete().where(OutgoingMail.to_address == email)
        await _record(ERASE, by_name, len(ids))
    return len(ids)


async def _record(kind: str, by_name: str, registrations: int) -> None:
    await PrivacyRequest.insert(
        PrivacyRequest(kind=kind, by_name=by_name, registrations=registrations)
    )
