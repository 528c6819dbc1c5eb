"""A speaker's or co-author's contributions are in their data download; an erasure
takes their name, address and organisation off them, and withdraws a contribution
that had no one else on it."""

from __future__ import annotations

import json

from congress.enums import AbstractState
from congress.services.submission import PersonInput, submit_abstract
from congress.tables import Abstract, Contributor, SpeakerCertificate
from events.services.privacy.personal_data import erase_personal_data, personal_data
from events.services.registration.core import RegistrationInput, register
from tests.conftest import post_form
from tests.congress.helpers import entry, make_congress
from tests.congress.test_speaker_certificates import _congress

FATIMA = "fatima@gemeente-haarlem.example"


async def test_contributions_are_in_the_download_and_lose_the_name_at_erasure(client):
    slug, _call = await make_congress()
    await submit_abstract(
        slug,
        entry(
            title="Armoede in de wijk",
            speakers=[PersonInput("Fatima el Amrani", FATIMA, "Gemeente Haarlem")],
            co_authors=[],
        ),
    )
    await submit_abstract(
        slug,
        entry(
            title="Samen leren in de wijk",
            speakers=[PersonInput("Jan de Boer", "jan@hva.example", "HvA")],
            co_authors=[PersonInput("Fatima el Amrani", FATIMA, "Gemeente Haarlem")],
        ),
    )
    outcome = await register(
        slug, RegistrationInput(name="Fatima el Amrani", email=FATIMA, privacy_consent=True)
    )

    data = json.loads((await client.get(f"/r/{outcome.token}/gegevens.json")).content)
    await post_form(client, f"/r/{outcome.token}/wissen", {})

    titles = sorted(c["title"] for c in data["other"]["contributions"])
    assert titles == ["Armoede in de wijk", "Samen leren in de wijk"]
    assert await Contributor.count().where(Contributor.email == FATIMA) == 0
    assert await Contributor.count().where(Contributor.name == "Fatima el Amrani") == 0
    states = {
        row["title"]: row["state"] for row in await Abstract.select(Abstract.title, Abstract.state)
    }
    assert states == {
        "Armoede in de wijk": AbstractState.WITHDRAWN,  # no one else on it
        "Samen leren in de wijk": AbstractState.SUBMITTED,  # Jan's work goes on
    }


async def test_an_erasure_deletes_the_certificates_as_speaker(client):
    _slug, token, speaker, _co_author, _other = await _congress()
    await client.get(f"/s/{token}/certificaat/{speaker}")  # issued
    [issued] = await SpeakerCertificate.select(SpeakerCertificate.code)
    email = (await Contributor.select(Contributor.email).where(Contributor.id == speaker).first())[
        "email"
    ]

    data = await personal_data(email)
    await erase_personal_data(email)

    assert [c["code"] for c in data["other"]["speaker_certificates"]] == [issued["code"]]
    assert await SpeakerCertificate.count() == 0
    assert (await client.get(f"/verify/{issued['code']}")).status_code == 404
