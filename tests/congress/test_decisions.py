"""Decisions go out as mails of their own; accepted speakers confirm, or are reminded."""

from __future__ import annotations

import datetime as dt

import pytest

from congress.enums import AbstractState, Decision
from congress.services.abstracts import abstract_by_id
from congress.services.assignment import assign_by_hand
from congress.services.decisions import (
    confirm_participation,
    decide,
    remind_unconfirmed,
    save_materials,
)
from congress.services.review import save_review
from congress.services.submission import submit_abstract
from congress.tables import Abstract, Reviewer
from tests.conftest import post_form
from tests.congress.helpers import add_criteria, entry, make_congress, make_reviewer
from werkplaats.errors import FieldErrors
from werkplaats.i18n import TIMEZONE, format_day
from werkplaats.mail.outbox import prepared
from werkplaats.tables import OutgoingMail


async def _mail(key_part: str) -> dict:
    rows = (
        await OutgoingMail.select()
        .where(OutgoingMail.dedupe_key.like(f"%{key_part}%"))
        .output(load_json=True)
    )
    assert len(rows) == 1, rows
    return await prepared(rows[0])


async def _reviewed_abstract():
    slug, call_id = await make_congress()
    view = await submit_abstract(slug, entry())
    [criterion] = await add_criteria(call_id, "Past bij het thema")
    reviewer = await make_reviewer(call_id, "anna@movisie.example", "Movisie")
    user = (await Reviewer.select(Reviewer.user).where(Reviewer.id == reviewer).first())["user"]
    await assign_by_hand(view.id, reviewer)
    await save_review(
        user,
        view.id,
        scores={str(criterion): "4"},
        comment_committee="Sterk, maar lang.",
        comment_speaker="Maak de werkvorm concreet.",
    )
    return slug, view


async def test_acceptance_mail_asks_to_confirm_before_a_date_and_carries_the_link():
    _slug, view = await _reviewed_abstract()

    decided = await decide(view.id, Decision.ACCEPT, format="pitch")

    mail = await _mail(f"abstract:{view.id}:decided:accepted")
    day = format_day(decided.confirm_before.astimezone(TIMEZONE))
    assert mail["subject"] == f"Je bijdrage is geaccepteerd — bevestig vóór {day}"
    assert f"http://testserver.local/s/{view.token}" in mail["body_text"]
    assert "Maak de werkvorm concreet." in mail["body_text"]
    assert "Sterk, maar lang." not in mail["body_text"]  # the committee's comment stays in
    assert "anna" not in mail["body_text"]
    assert decided.format.value == "pitch"


async def test_rejection_and_waiting_list_have_subjects_of_their_own():
    slug, _call = await make_congress()
    first = await submit_abstract(slug, entry())
    second = await submit_abstract(slug, entry(title="Tweede"))

    await decide(first.id, Decision.REJECT)
    await decide(second.id, Decision.WAITLIST)

    rejected = await _mail(f"abstract:{first.id}:decided:rejected")
    waiting = await _mail(f"abstract:{second.id}:decided:waitlisted")
    assert (
        rejected["subject"]
        == "Je bijdrage voor Congres Werkplaats 2030: het besluit van de commissie"
    )
    assert waiting["subject"] == "Je bijdrage voor Congres Werkplaats 2030 staat op de wachtlijst"


async def test_waiting_list_can_become_accepted_but_a_decision_is_not_taken_twice():
    slug, _call = await make_congress()
    view = await submit_abstract(slug, entry())
    await decide(view.id, Decision.WAITLIST)

    await decide(view.id, Decision.ACCEPT)
    with pytest.raises(FieldErrors):
        await decide(view.id, Decision.ACCEPT)

    assert (await abstract_by_id(view.id)).state is AbstractState.ACCEPTED
    assert await OutgoingMail.count().where(OutgoingMail.dedupe_key.like("%:decided:%")) == 2


async def test_accept_in_an_unknown_format_is_refused_and_changes_nothing():
    slug, _call = await make_congress()
    view = await submit_abstract(slug, entry())

    with pytest.raises(FieldErrors) as caught:
        await decide(view.id, Decision.ACCEPT, format="keynote")

    assert list(caught.value.errors) == ["format"]
    assert (await abstract_by_id(view.id)).state is AbstractState.SUBMITTED


async def test_speaker_confirms_on_the_page_and_is_not_reminded(client):
    _slug, view = await _reviewed_abstract()
    await decide(view.id, Decision.ACCEPT)

    page = await client.get(f"/s/{view.token}")
    await post_form(client, f"/s/{view.token}/bevestigen", {})
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)

    assert "Bevestig mijn deelname" in page.text
    assert (await abstract_by_id(view.id)).confirmed_at is not None
    assert await remind_unconfirmed(now=later) == 0


async def test_speaker_page_shows_no_scores_or_reviewers_comments(client):
    _slug, view = await _reviewed_abstract()
    await decide(view.id, Decision.ACCEPT)

    page = await client.get(f"/s/{view.token}")

    assert "Sterk, maar lang." not in page.text
    assert "Past bij het thema" not in page.text
    assert "anna@movisie.example" not in page.text


async def test_unconfirmed_speaker_is_reminded_once_after_the_set_days():
    _slug, view = await _reviewed_abstract()
    await decide(view.id, Decision.ACCEPT)
    now = dt.datetime.now(dt.UTC)

    early = await remind_unconfirmed(now=now + dt.timedelta(days=6))
    due = await remind_unconfirmed(now=now + dt.timedelta(days=8))
    again = await remind_unconfirmed(now=now + dt.timedelta(days=9))

    assert (early, due, again) == (0, 1, 0)
    mail = await _mail(f"abstract:{view.id}:reminder")
    assert mail["subject"].startswith("Herinnering: bevestig je bijdrage vóór ")


async def test_materials_need_web_addresses_and_an_accepted_abstract():
    slug, _call = await make_congress()
    view = await submit_abstract(slug, entry())

    with pytest.raises(FieldErrors) as early:
        await save_materials(view.token, slides_url="https://x.example/s", publication_url="")
    await decide(view.id, Decision.ACCEPT)
    with pytest.raises(FieldErrors) as bad:
        await save_materials(view.token, slides_url="javascript:alert(1)", publication_url="")
    await save_materials(view.token, slides_url="https://slides.example/k4", publication_url="")

    assert list(early.value.errors) == ["form"]
    assert list(bad.value.errors) == ["slides_url"]
    row = await Abstract.select(Abstract.slides_url).where(Abstract.id == view.id).first()
    assert row["slides_url"] == "https://slides.example/k4"


async def test_confirming_something_not_accepted_does_nothing():
    slug, _call = await make_congress()
    view = await submit_abstract(slug, entry())

    assert await confirm_participation(view.token) is False
