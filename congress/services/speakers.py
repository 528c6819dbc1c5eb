"""The speakers of a congress who will be there: speakers (not co-authors) of an
accepted contribution that they confirmed. They are their own group in the
registrations export, and get a certificate as speaker after the event."""

from __future__ import annotations

from dataclasses import dataclass

from congress.enums import AbstractState, ContributorRole
from congress.tables import Contributor


@dataclass(frozen=True)
class Speaker:
    contributor_id: int
    abstract_id: int
    name: str
    email: str
    organisation: str
    title: str  # of their contribution


async def confirmed_speakers(event_id: int) -> list[Speaker]:
    """By contribution title, then in the order the speakers were given."""
    rows = await (
        Contributor.select(
            Contributor.id,
            Contributor.abstract,
            Contributor.name,
            Contributor.email,
            Contributor.organisation,
            Contributor.abstract.title.as_alias("title"),
        )
        .where(
            (Contributor.abstract.call.event == event_id)
            & (Contributor.role == ContributorRole.SPEAKER)
            & (Contributor.abstract.state == AbstractState.ACCEPTED)
            & Contributor.abstract.confirmed_at.is_not_null()
        )
        .order_by(Contributor.abstract.title)
        .order_by(Contributor.position)
    )
    return [
        Speaker(r["id"], r["abstract"], r["name"], r["email"], r["organisation"], r["title"])
        for r in rows
    ]


def titles_by_email(speakers: list[Speaker]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for speaker in speakers:
        found.setdefault(speaker.email, []).append(speaker.title)
    return found
