"""The demo congress: a call that is open when the demo is loaded, with abstracts."""

from __future__ import annotations

from collections import Counter

from congress.demo import CONGRESS_SLUG, load_demo
from congress.services.abstracts import abstracts_where
from congress.services.assignment_plan import organisation_key
from congress.services.call import call_for_event
from congress.services.programme_view import published_programme
from congress.services.review_overview import totals_of
from congress.tables import Abstract, CallForAbstracts, Contributor, SessionChoice
from events.demo import load_demo as load_events


async def test_demo_congress_has_an_open_call_with_every_leeratelier_as_track():
    await load_events()

    await load_demo()
    await load_demo()

    call = await call_for_event(CONGRESS_SLUG)
    assert call.closed_reason() is None
    assert len(call.tracks) == 7
    assert [f.kind.value for f in call.formats] == [
        "presentatie",
        "workshop",
        "dialoogsessie",
        "poster",
        "pitch",
    ]
    assert await CallForAbstracts.count() == 1


async def test_demo_abstracts_have_speakers_with_organisations_and_a_track():
    await load_events()
    await load_demo()

    views = await abstracts_where(Abstract.id > 0)

    assert len(views) == await Abstract.count() >= 10
    assert all(v.speakers and v.track for v in views)
    assert all(p.organisation for v in views for p in v.contributors)
    assert await Contributor.count() > len(views)


async def test_demo_call_is_reviewed_and_decided_without_conflicts():
    await load_events()
    await load_demo()

    call = await call_for_event(CONGRESS_SLUG)
    totals = await totals_of(call)

    assert all(len(t.reviews) == 2 and t.mean is not None for t in totals)
    states = Counter(t.abstract.state.value for t in totals)
    assert states["rejected"] == 1 and states["waitlisted"] == 1
    assert states["accepted"] == len(totals) - 2
    for t in totals:
        organisations = {organisation_key(p.organisation) for p in t.abstract.contributors}
        assert not {organisation_key(r.organisation) for r in t.reviews} & organisations


async def test_demo_programme_is_published_from_the_accepted_abstracts_with_choices():
    await load_events()
    await load_demo()

    programme = await published_programme(CONGRESS_SLUG)

    accepted = await Abstract.count().where(Abstract.state == "accepted")
    assert len(programme.sessions) == accepted > 0
    assert await SessionChoice.count() > 40
    for session in programme.sessions:
        taken = await SessionChoice.count().where(SessionChoice.item == session.id)
        assert taken <= session.capacity
