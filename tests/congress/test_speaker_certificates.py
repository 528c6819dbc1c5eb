"""Certificates as speaker: a confirmed speaker of a contribution in the published
programme downloads one from /s/{token} once the congress has ended, the organiser
from the contribution's page; the PDF is read back by pdftotext."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from congress.enums import ContributorRole
from congress.services.programme import place_contribution, publish_programme
from congress.tables import Abstract, Contributor, SpeakerCertificate
from events.tables import Event
from tests.congress.helpers import pdftotext
from tests.congress.programme_helpers import congress_with_programme

TITLE = "Reflecteren in het wijkteam"


async def _congress(*, ended: bool = True, confirmed: bool = True, placed: bool = True):
    """(slug, token, speaker's contributor id, co-author's id, another abstract's speaker id)
    of the first contribution, placed in Ronde 1 and published."""
    (
        slug,
        event_id,
        rooms,
        slots,
        (reflecteren, klantreis, _dilemmas),
    ) = await congress_with_programme()
    if placed:
        await place_contribution(reflecteren, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 1"])
    await place_contribution(klantreis, slot_id=slots["Ronde 1"], room_id=rooms["Zaal 2"])
    await publish_programme(event_id)
    now = dt.datetime.now(dt.UTC)
    confirmed_at = now if confirmed else None
    await Abstract.update({Abstract.confirmed_at: confirmed_at}).where(
        Abstract.id.is_in([reflecteren, klantreis])
    )
    if ended:
        await Event.update(
            {Event.starts_at: now - dt.timedelta(days=2), Event.ends_at: now - dt.timedelta(days=1)}
        ).where(Event.id == event_id)
    token = (await Abstract.select(Abstract.token).where(Abstract.id == reflecteren).first())[
        "token"
    ]
    people = await Contributor.select(Contributor.id, Contributor.abstract, Contributor.role).where(
        Contributor.abstract.is_in([reflecteren, klantreis])
    )
    mine = {p["role"]: p["id"] for p in people if p["abstract"] == reflecteren}
    other = next(p["id"] for p in people if p["abstract"] == klantreis and p["role"] == "speaker")
    return slug, token, mine[ContributorRole.SPEAKER], mine[ContributorRole.CO_AUTHOR], other


async def test_a_confirmed_speaker_downloads_a_certificate_as_speaker_after_the_congress(client):
    _slug, token, speaker, _co_author, _other = await _congress()

    page = await client.get(f"/s/{token}")
    response = await client.get(f"/s/{token}/certificaat/{speaker}")

    assert f'href="/s/{token}/certificaat/{speaker}"' in page.text
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "certificaat-als-spreker" in response.headers["content-disposition"]
    text = " ".join(pdftotext(response.content).split())
    assert "Noor Hendriks" in text
    assert "Certificaat als spreker" in text
    assert "heeft als spreker bijgedragen met" in text
    assert TITLE in text
    assert "Congres Werkplaats 2030" in text


async def test_the_certificate_as_speaker_is_verified_and_issued_once(client):
    _slug, token, speaker, _co_author, _other = await _congress()

    first = await client.get(f"/s/{token}/certificaat/{speaker}")
    second = await client.get(f"/s/{token}/certificaat/{speaker}")
    rows = await SpeakerCertificate.select(SpeakerCertificate.code)
    verified = await client.get(f"/verify/{rows[0]['code']}")

    assert (first.status_code, second.status_code, len(rows)) == (200, 200, 1)
    assert "Certificaat als spreker" in verified.text
    assert TITLE in verified.text
    assert "Noor Hendriks" in verified.text
    code_on_paper = re.sub(r"\s", "", pdftotext(second.content))
    assert rows[0]["code"] in code_on_paper.replace("-", "")


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        ({"ended": False}, "zodra het congres is afgelopen"),
        ({"confirmed": False}, "die zij hebben bevestigd"),
        ({"placed": False}, "in het gepubliceerde programma"),
    ],
    ids=["before-the-end", "unconfirmed", "not-in-the-programme"],
)
async def test_no_certificate_as_speaker_until_it_is_earned(client, state, reason):
    _slug, token, speaker, _co_author, _other = await _congress(**state)

    page = await client.get(f"/s/{token}")
    response = await client.get(f"/s/{token}/certificaat/{speaker}")

    assert "/certificaat/" not in page.text
    assert response.status_code == 409
    assert reason in response.text
    assert await SpeakerCertificate.count() == 0


async def test_another_persons_contributor_id_or_a_co_author_is_not_found(client):
    _slug, token, _speaker, co_author, other = await _congress()

    someone_else = await client.get(f"/s/{token}/certificaat/{other}")
    a_co_author = await client.get(f"/s/{token}/certificaat/{co_author}")
    wrong_token = await client.get(f"/s/{'x' * 43}/certificaat/{other}")

    assert [someone_else.status_code, a_co_author.status_code, wrong_token.status_code] == [
        404,
        404,
        404,
    ]
    assert await SpeakerCertificate.count() == 0


async def test_the_organiser_downloads_a_speakers_certificate_from_the_contribution(client, login):
    slug, _token, speaker, _co_author, _other = await _congress()
    abstract_id = (await Contributor.select(Contributor.abstract).where(Contributor.id == speaker))[
        0
    ]["abstract"]
    await login()
    base = f"/beheer/events/{slug}/congres/bijdragen/{abstract_id}"

    page = await client.get(base)
    response = await client.get(f"{base}/certificaat/{speaker}")

    assert f'href="{base}/certificaat/{speaker}"' in page.text
    assert response.status_code == 200
    assert TITLE in " ".join(pdftotext(response.content).split())


async def test_a_speaker_whose_details_were_erased_gets_no_certificate(client):
    _slug, token, speaker, _co_author, _other = await _congress()
    await Contributor.update(  # what an erasure on their request leaves
        {Contributor.name: "—", Contributor.email: "", Contributor.organisation: ""}
    ).where(Contributor.id == speaker)

    page = await client.get(f"/s/{token}")
    response = await client.get(f"/s/{token}/certificaat/{speaker}")

    assert "/certificaat/" not in page.text
    assert response.status_code == 404
    assert await SpeakerCertificate.count() == 0
