"""Confirmed speakers are their own group in the registrations export."""

from __future__ import annotations

import datetime as dt

from congress.enums import AbstractState
from congress.services.submission import submit_abstract
from congress.tables import Abstract
from events.services.registration.core import RegistrationInput, register
from tests.congress.helpers import entry, make_congress


async def _speaker_of(slug: str, title: str, *, confirmed: bool) -> None:
    submitted = await submit_abstract(slug, entry(title=title))
    await Abstract.update(
        {
            Abstract.state: AbstractState.ACCEPTED,
            Abstract.confirmed_at: dt.datetime.now(dt.UTC) if confirmed else None,
        }
    ).where(Abstract.id == submitted.id)


async def test_the_export_names_confirmed_speakers_with_what_they_present(client, login):
    slug, _call = await make_congress()
    await _speaker_of(slug, "Reflecteren in het wijkteam", confirmed=True)
    await _speaker_of(slug, "Nog niet bevestigd", confirmed=False)
    for name, email in [("Noor Hendriks", "noor@inholland.example"), ("Els", "els@dock.example")]:
        await register(slug, RegistrationInput(name=name, email=email, privacy_consent=True))
    await login()

    csv = await client.get(f"/beheer/events/{slug}/registrations.csv")

    header, *rows = csv.content.decode("utf-8-sig").splitlines()
    assert header.split(";")[-1] == "Spreker"
    by_email = {next(c for c in row.split(";") if "@" in c): row.split(";")[-1] for row in rows}
    assert by_email == {
        "noor@inholland.example": "Reflecteren in het wijkteam",
        "els@dock.example": "",
    }
