"""Reviewers see and score only what is assigned to them; organisers see the totals."""

from __future__ import annotations

import pytest

from congress.enums import Decision
from congress.services.assignment import assign_automatically, assign_by_hand, assign_by_track
from congress.services.call import call_by_id
from congress.services.decisions import decide
from congress.services.review import save_review, task_of, tasks_of
from congress.services.review_overview import progress_of, totals_of
from congress.services.submission import PersonInput, submit_abstract
from congress.tables import CallForAbstracts, ReviewAssignment, Reviewer, ReviewerTrack
from tests.conftest import PASSWORD, post_form
from tests.congress.helpers import add_criteria, entry, make_congress, make_reviewer
from werkplaats.errors import FieldErrors
from werkplaats.tables import User


async def _user_of(reviewer_id: int) -> int:
    return (await Reviewer.select(Reviewer.user).where(Reviewer.id == reviewer_id).first())["user"]


async def _two_abstracts_two_reviewers():
    slug, call_id = await make_congress()
    criteria = await add_criteria(call_id, "Relevantie voor de praktijk", "Kwaliteit")
    mine = await submit_abstract(slug, entry())
    other = await submit_abstract(slug, entry(title="Blended hulp bij geldzorgen"))
    anna = await make_reviewer(call_id, "anna@movisie.example", "Movisie", password=PASSWORD)
    karel = await make_reviewer(call_id, "karel@haarlem.example", "Gemeente Haarlem")
    await assign_by_hand(mine.id, anna)
    await assign_by_hand(other.id, karel)
    return slug, call_id, criteria, mine, other, anna, karel


async def test_reviewer_sees_only_the_abstracts_assigned_to_them():
    _slug, _call, _c, mine, other, anna, _karel = await _two_abstracts_two_reviewers()

    tasks = await tasks_of(await _user_of(anna))

    assert [t.abstract.id for t in tasks] == [mine.id]
    assert await task_of(await _user_of(anna), other.id) is None


async def test_reviewer_cannot_review_an_abstract_not_assigned_to_them():
    _slug, _call, criteria, _mine, other, anna, _karel = await _two_abstracts_two_reviewers()

    with pytest.raises(LookupError):
        await save_review(await _user_of(anna), other.id, scores={str(c): "5" for c in criteria})

    assert await ReviewAssignment.count().where(ReviewAssignment.reviewed_at.is_not_null()) == 0


async def test_reviewer_page_of_an_unassigned_abstract_is_a_404_like_a_missing_one(client):
    _slug, _call, criteria, mine, other, _anna, _karel = await _two_abstracts_two_reviewers()
    await post_form(client, "/login", {"email": "anna@movisie.example", "password": PASSWORD})

    own = await client.get(f"/beoordelen/{mine.id}")
    foreign = await client.get(f"/beoordelen/{other.id}")
    missing = await client.get("/beoordelen/99999")
    posted = await post_form(
        client, f"/beoordelen/{other.id}", {f"score.{c}": "5" for c in criteria}
    )

    assert own.status_code == 200 and mine.title in own.text
    assert (foreign.status_code, missing.status_code, posted.status_code) == (404, 404, 404)
    assert other.title not in foreign.text
    assert await ReviewAssignment.count().where(ReviewAssignment.reviewed_at.is_not_null()) == 0


async def test_reviewer_role_is_needed_for_the_review_pages(client, login):
    await login()  # an organiser: not a reviewer

    response = await client.get("/beoordelen/")

    assert response.status_code == 403


async def test_score_out_of_range_is_refused_on_the_form_and_nothing_saved(client):
    _slug, _call, criteria, mine, _other, _anna, _karel = await _two_abstracts_two_reviewers()
    await post_form(client, "/login", {"email": "anna@movisie.example", "password": PASSWORD})

    response = await post_form(
        client, f"/beoordelen/{mine.id}", {f"score.{criteria[0]}": "6", f"score.{criteria[1]}": "4"}
    )

    assert response.status_code == 400
    assert "Een score is een heel getal van 1 tot 5." in response.text
    assert await ReviewAssignment.count().where(ReviewAssignment.reviewed_at.is_not_null()) == 0


async def test_anonymised_review_hides_names_and_organisations(client):
    _slug, call_id, _c, mine, _other, _anna, _karel = await _two_abstracts_two_reviewers()
    await CallForAbstracts.update({CallForAbstracts.anonymised: True}).where(
        CallForAbstracts.id == call_id
    )
    await post_form(client, "/login", {"email": "anna@movisie.example", "password": PASSWORD})

    page = await client.get(f"/beoordelen/{mine.id}")

    assert mine.title in page.text
    for hidden in (
        "Noor Hendriks",
        "Hogeschool Inholland",
        "Bas Jansen",
        "DOCK",
        "inholland.example",
    ):
        assert hidden not in page.text


async def test_review_is_closed_once_the_abstract_is_decided():
    _slug, _call, criteria, mine, _other, anna, _karel = await _two_abstracts_two_reviewers()
    await decide(mine.id, Decision.REJECT)

    with pytest.raises(FieldErrors) as caught:
        await save_review(await _user_of(anna), mine.id, scores={str(c): "3" for c in criteria})

    assert "form" in caught.value.errors


async def test_totals_sorted_by_mean_with_spread_and_progress_per_reviewer():
    _slug, call_id, criteria, mine, other, anna, karel = await _two_abstracts_two_reviewers()
    await assign_by_hand(other.id, anna)
    relevance, quality = (str(c) for c in criteria)
    await save_review(await _user_of(anna), mine.id, scores={relevance: "3", quality: "4"})
    await save_review(await _user_of(anna), other.id, scores={relevance: "5", quality: "5"})
    await save_review(
        await _user_of(karel),
        other.id,
        scores={relevance: "2", quality: "3"},
        comment_speaker="Mooi",
    )

    totals = await totals_of(await call_by_id(call_id))
    progress = await progress_of(call_id)

    assert [(t.abstract.id, t.mean, t.spread) for t in totals] == [
        (other.id, 3.75, 2.5),
        (mine.id, 3.5, 0.0),
    ]
    assert [(p.name, p.reviewed, p.assigned) for p in progress] == [("anna", 2, 2), ("karel", 1, 1)]


async def test_hand_assignment_refuses_a_reviewer_from_a_speakers_organisation():
    slug, call_id = await make_congress()
    view = await submit_abstract(
        slug, entry(co_authors=[PersonInput("Bas", "bas@dock.example", "DOCK")])
    )
    colleague = await make_reviewer(call_id, "els@dock.example", " dock ")

    with pytest.raises(FieldErrors) as caught:
        await assign_by_hand(view.id, colleague)

    assert caught.value.errors == {
        "reviewer": "Deze beoordelaar werkt bij de organisatie van een spreker of co-auteur."
    }
    assert await ReviewAssignment.count() == 0


async def test_assign_by_track_and_automatically_never_twice():
    slug, call_id = await make_congress()
    view = await submit_abstract(slug, entry())
    anna = await make_reviewer(call_id, "anna@movisie.example", "Movisie")
    await make_reviewer(call_id, "karel@haarlem.example", "Gemeente Haarlem")
    theme = (await call_by_id(call_id)).track_of("sociale-reflexiviteit")["id"]
    await ReviewerTrack.insert(ReviewerTrack(reviewer=anna, theme=theme))

    by_track = await assign_by_track(call_id)
    automatic = await assign_automatically(call_id, per_abstract=2)
    again = await assign_automatically(call_id, per_abstract=2)

    assert (by_track, automatic, again) == (1, 1, 0)
    rows = await ReviewAssignment.select(ReviewAssignment.reviewer, ReviewAssignment.assigned_by)
    assert sorted((r["assigned_by"]) for r in rows) == ["auto", "track"]
    assert await ReviewAssignment.count().where(ReviewAssignment.abstract == view.id) == 2


async def test_organiser_overview_lists_abstracts_and_reviewers(client, login):
    slug, _call, _c, mine, _other, _anna, _karel = await _two_abstracts_two_reviewers()
    await login()

    page = await client.get(f"/beheer/events/{slug}/congres")
    assigned = await post_form(
        client, f"/beheer/events/{slug}/congres/toewijzen", {"mode": "auto", "per_abstract": "2"}
    )

    assert mine.title in page.text and "Movisie" in page.text
    assert assigned.status_code == 200
    assert await ReviewAssignment.count() == 4
    assert await User.count() == 3


async def test_organiser_reads_the_mean_with_a_dutch_decimal_comma(client, login):
    slug, _call, criteria, mine, _other, anna, _karel = await _two_abstracts_two_reviewers()
    relevance, quality = (str(c) for c in criteria)
    await save_review(await _user_of(anna), mine.id, scores={relevance: "3", quality: "4"})
    await login()

    page = await client.get(f"/beheer/events/{slug}/congres/bijdragen/{mine.id}")
    overview = await client.get(f"/beheer/events/{slug}/congres")

    assert "Gemiddelde: 3,5 · Spreiding: 0" in page.text
    assert "<td>3,5</td>" in overview.text
