"""What the congress holds about a person, in their data download and in an erasure
(`events.hooks.personal_data`, `erase_personal_data`): the contributions they are a
speaker or co-author of, and their certificates as speaker, by e-mail address.

An erasure deletes their certificates as speaker and takes their name, address and
organisation off each contribution; the contribution itself stays (its co-authors'
work, a programme already printed), with a dash where the name was. A contribution
that had no one else on it is withdrawn too, so no one is asked to confirm it.
"""

from __future__ import annotations

import datetime as dt

from congress.enums import AbstractState
from congress.tables import Abstract, Contributor, SpeakerCertificate
from events import hooks
from events.services.privacy.personal_data import moment

# Shown where the name was, in any language.
ERASED_NAME = "—"


@hooks.personal_data.register
async def contributions_of(email: str) -> list[hooks.PersonalData]:
    rows = await Contributor.select(
        Contributor.role,
        Contributor.name,
        Contributor.organisation,
        Contributor.abstract.title.as_alias("title"),
        Contributor.abstract.state.as_alias("state"),
        Contributor.abstract.created_at.as_alias("submitted_at"),
    ).where(Contributor.email == email)
    if not rows:
        return []
    for row in rows:
        row["submitted_at"] = moment(row["submitted_at"])
    certificates = await SpeakerCertificate.select(
        SpeakerCertificate.code, SpeakerCertificate.contribution_title, SpeakerCertificate.issued_at
    ).where(SpeakerCertificate.contributor.email == email)
    for row in certificates:
        row["issued_at"] = moment(row["issued_at"])
    parts = [hooks.PersonalData("contributions", rows)]
    if certificates:
        parts.append(hooks.PersonalData("speaker_certificates", certificates))
    return parts


@hooks.erase_personal_data.register
async def erase_contributions_of(email: str) -> None:
    mine = await Contributor.select(Contributor.id, Contributor.abstract).where(
        Contributor.email == email
    )
    if not mine:
        return
    await SpeakerCertificate.delete().where(
        SpeakerCertificate.contributor.is_in([row["id"] for row in mine])
    )
    await Contributor.update(
        {Contributor.name: ERASED_NAME, Contributor.email: "", Contributor.organisation: ""}
    ).where(Contributor.email == email)
    abstracts = {row["abstract"] for row in mine}
    others = {
        row["abstract"]
        for row in await Contributor.select(Contributor.abstract).where(
            Contributor.abstract.is_in(list(abstracts)) & (Contributor.email != "")
        )
    }
    alone = sorted(abstracts - others)
    if alone:
        await Abstract.update(
            {
                Abstract.state: AbstractState.WITHDRAWN,
                Abstract.withdrawn_at: dt.datetime.now(dt.UTC),
            }
        ).where(Abstract.id.is_in(alone) & (Abstract.state != AbstractState.WITHDRAWN))
