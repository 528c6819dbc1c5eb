"""Certificates as speaker: who earns one, and issuing it.

A speaker (not a co-author) earns one for a contribution that was accepted,
confirmed and placed in the programme, once that programme is published and the
event has ended without being cancelled. The certificate is events' certificate
(the same PDF and `/verify/{code}`, found there through
`events.hooks.certificate_by_code`), naming the contribution; what it says is a
snapshot taken when it is issued, in the abstract's language.

Issuing is idempotent like events' certificates of attendance: the contributor
column is unique and the insert does nothing on a conflict, so two downloads at
once end with one certificate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from congress.enums import AbstractState, ContributorRole
from congress.tables import Abstract, Contributor, Programme, ProgrammeItem, SpeakerCertificate
from events.services.documents.certificates import event_has_ended, new_code, organiser_line
from events.tables import Event
from events.views import CertificateView
from werkplaats import i18n
from werkplaats.db import atomic
from werkplaats.i18n import _


class NotEarned(Exception):
    """This speaker has no certificate (yet); `message` says why, for the page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CertifiedSpeaker:
    """A speaker of a contribution who can download a certificate as speaker."""

    contributor_id: int
    name: str


def _view(row: dict[str, Any]) -> CertificateView:
    return CertificateView(
        id=row["id"],
        registration_id=None,
        code=row["code"],
        name=row["name"],
        registerplein_number="",
        event_title=row["event_title"],
        event_starts_at=row["event_starts_at"],
        event_ends_at=row["event_ends_at"],
        net_hours=None,
        accreditation_points=None,
        accreditation_id="",
        organiser=row["organiser"],
        language=row["language"],
        issued_at=row["issued_at"],
        mailed_at=None,
        contribution=row["contribution_title"],
    )


def _speaker() -> Any:
    """A speaker, not a co-author, whose details were not erased (an erasure on their
    request blanks the address): no certificate is made out to a dash."""
    return (Contributor.role == ContributorRole.SPEAKER) & (Contributor.email != "")


async def _refusal(abstract: dict[str, Any]) -> str | None:
    """Why the speakers of this abstract earn no certificate now; None if they do."""
    if abstract["state"] != AbstractState.ACCEPTED or abstract["confirmed_at"] is None:
        return _("Only speakers of an accepted contribution they confirmed get a certificate.")
    item = (
        await ProgrammeItem.select(ProgrammeItem.slot.event.as_alias("event"))
        .where(ProgrammeItem.abstract == abstract["id"])
        .first()
    )
    published = item and await Programme.exists().where(
        (Programme.event == item["event"]) & Programme.published_at.is_not_null()
    )
    if not published:
        return _("Only speakers of a contribution in the published programme get a certificate.")
    event = await Event.select().where(Event.id == item["event"]).first()
    if event is None or not event_has_ended(event):
        return _("The certificate as speaker can be downloaded once the congress has ended.")
    return None


async def certified_speakers(abstract_id: int) -> list[CertifiedSpeaker]:
    """The speakers of this abstract who can download a certificate now, in order."""
    abstract = await Abstract.select().where(Abstract.id == abstract_id).first()
    if abstract is None or await _refusal(abstract) is not None:
        return []
    rows = (
        await Contributor.select(Contributor.id, Contributor.name)
        .where((Contributor.abstract == abstract_id) & _speaker())
        .order_by(Contributor.position)
    )
    return [CertifiedSpeaker(r["id"], r["name"]) for r in rows]


async def _certificate_of(contributor_id: int) -> CertificateView | None:
    row = (
        await SpeakerCertificate.select()
        .where(SpeakerCertificate.contributor == contributor_id)
        .first()
    )
    return _view(row) if row else None


async def _snapshot(contributor: dict[str, Any], abstract: dict[str, Any]) -> SpeakerCertificate:
    event = await Event.select().where(Event.id == abstract["call.event"]).first()
    language = i18n.normalise_language(abstract["language"])
    with i18n.language(language):
        organiser = organiser_line(event)
    return SpeakerCertificate(
        contributor=contributor["id"],
        code=new_code(),
        name=contributor["name"],
        contribution_title=abstract["title"],
        event_title=event["title"],
        event_starts_at=event["starts_at"],
        event_ends_at=event["ends_at"],
        organiser=organiser,
        language=language,
    )


async def speaker_certificate(abstract_id: int, contributor_id: int) -> CertificateView:
    """The certificate of this speaker of this abstract, issued now if it has none.

    LookupError: no speaker with that id on this abstract (another person's id is
    not found here). NotEarned: the speaker earns none now; nothing is written."""
    contributor = (
        await Contributor.select()
        .where(
            (Contributor.id == contributor_id) & (Contributor.abstract == abstract_id) & _speaker()
        )
        .first()
    )
    if contributor is None:
        raise LookupError(contributor_id)
    abstract = (
        await Abstract.select(*Abstract.all_columns(), Abstract.call.event)
        .where(Abstract.id == abstract_id)
        .first()
    )
    reason = await _refusal(abstract)
    if reason is not None:
        raise NotEarned(reason)
    existing = await _certificate_of(contributor_id)
    if existing is not None:
        return existing
    row = await _snapshot(contributor, abstract)
    async with atomic():
        await SpeakerCertificate.insert(row).on_conflict(
            target=SpeakerCertificate.contributor, action="DO NOTHING"
        )
    found = await _certificate_of(contributor_id)
    assert found is not None  # written above, or by the download that won the race
    return found


async def speaker_certificate_by_code(code: str) -> CertificateView | None:
    row = await SpeakerCertificate.select().where(SpeakerCertificate.code == code).first()
    return _view(row) if row else None
