"""Submitting an abstract without an account, and the speaker's own page /s/{token}."""

from __future__ import annotations

import datetime as dt

import pytest

from congress.enums import AbstractState, ContributorRole
from congress.services.abstracts import abstract_by_token
from congress.services.submission import (
    CallClosed,
    PersonInput,
    submit_abstract,
    update_abstract,
    withdraw_abstract,
)
from congress.tables import Abstract, CallForAbstracts, CallQuestion, Contributor
from tests.congress.helpers import entry, make_congress
from werkplaats.errors import FieldErrors
from werkplaats.mail.outbox import prepared
from werkplaats.tables import OutgoingMail


async def test_submit_abstract_writes_it_with_speakers_and_co_authors():
    slug, _call = await make_congress()

    view = await submit_abstract(slug, entry())

    assert view.state is AbstractState.SUBMITTED
    assert view.track == {
        "id": view.track["id"],
        "name": "Sociale reflexiviteit",
        "slug": "sociale-reflexiviteit",
    }
    assert [(p.role, p.name, p.organisation) for p in view.contributors] == [
        (ContributorRole.SPEAKER, "Noor Hendriks", "Hogeschool Inholland"),
        (ContributorRole.CO_AUTHOR, "Bas Jansen", "DOCK"),
    ]
    assert len(view.token) >= 43  # 256 bits, URL-safe


async def test_submit_abstract_mails_the_first_speaker_the_personal_link():
    slug, _call = await make_congress()

    view = await submit_abstract(slug, entry())

    row = await OutgoingMail.select().output(load_json=True).first()
    assert row["to_address"] == "noor@inholland.example"
    mail = await prepared(row)
    assert mail["subject"] == "We hebben je samenvatting voor Congres Werkplaats 2030 ontvangen"
    assert f"http://testserver.local/s/{view.token}" in mail["body_text"]
    assert "Bas Jansen (DOCK)" in mail["body_text"]


async def test_abstract_over_the_word_limit_is_refused_with_the_count():
    slug, _call = await make_congress(word_limit=5)

    with pytest.raises(FieldErrors) as caught:
        await submit_abstract(slug, entry(abstract="een twee drie vier vijf zes"))

    assert caught.value.errors == {
        "abstract": "De samenvatting heeft 6 woorden; er zijn er hoogstens 5 toegestaan."
    }
    assert await Abstract.count() == 0


async def test_co_author_without_organisation_is_refused_for_that_field():
    slug, _call = await make_congress()

    with pytest.raises(FieldErrors) as caught:
        await submit_abstract(
            slug, entry(co_authors=[PersonInput("Bas Jansen", "bas@dock.example", "")])
        )

    assert list(caught.value.errors) == ["co_authors.0.organisation"]
    assert await Abstract.count() == 0
    assert await Contributor.count() == 0
    assert await OutgoingMail.count() == 0


async def test_bad_abstract_names_every_wrong_field():
    slug, _call = await make_congress(question_required=True)

    with pytest.raises(FieldErrors) as caught:
        await submit_abstract(
            slug,
            entry(
                title="",
                format="keynote",
                track="onbekend",
                speakers=[PersonInput("", "geen-adres", "x")],
                publish_consent=False,
            ),
        )

    assert set(caught.value.errors) == {
        "title",
        "format",
        "track",
        "speakers.0.name",
        "speakers.0.email",
        f"answers.{(await _question_id())}",
        "publish_consent",
    }


async def _question_id() -> int:
    return (await CallQuestion.select(CallQuestion.id).first())["id"]


async def test_abstract_after_the_deadline_is_refused():
    slug, _call = await make_congress(opens=dt.timedelta(days=-30), closes=dt.timedelta(seconds=-1))

    with pytest.raises(CallClosed) as caught:
        await submit_abstract(slug, entry())

    assert caught.value.message.startswith("De oproep is gesloten op ")
    assert await Abstract.count() == 0


async def test_speaker_edits_until_the_deadline_then_no_more():
    slug, call_id = await make_congress()
    view = await submit_abstract(slug, entry())

    await update_abstract(view.token, entry(title="Reflecteren met de reflectiekaart"))
    await CallForAbstracts.update({CallForAbstracts.closes_at: dt.datetime.now(dt.UTC)}).where(
        CallForAbstracts.id == call_id
    )
    with pytest.raises(CallClosed):
        await update_abstract(view.token, entry(title="Te laat"))

    assert (await abstract_by_token(view.token)).title == "Reflecteren met de reflectiekaart"


async def test_withdraw_once_then_it_stays_withdrawn():
    slug, _call = await make_congress()
    view = await submit_abstract(slug, entry())

    first = await withdraw_abstract(view.token)
    second = await withdraw_abstract(view.token)

    assert (first, second) == (True, False)
    assert (await abstract_by_token(view.token)).state is AbstractState.WITHDRAWN
