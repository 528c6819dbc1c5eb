"""The figures agree with the registrations, check-ins and publications they come from."""

from __future__ import annotations

import datetime as dt

from events.enums import EventKind
from events.tables import Checkin
from mailings.tables import Publication
from programme.enums import TargetKind, TargetState
from programme.services.report import year_report
from programme.services.years import create_programme
from tests.programme.helpers import add_attendee, add_event, add_partner, at
from werkplaats.i18n import TIMEZONE

NOW = dt.datetime(2023, 1, 15, tzinfo=TIMEZONE)


async def _year() -> dict[str, int]:
    await create_programme("Werkplaats", 2020, 2022)
    await add_partner("Gemeente Velsen", "gemeente", "velsen.example", "Velsen")
    await add_partner("IJmond Werkt!", "overig", "ijmondwerkt.example", "Beverwijk")
    before = await add_event("regio-2021", EventKind.REGIONALE_BIJEENKOMST, at(2021, 10, 5))
    await add_attendee(before, "sanne@velsen.example")
    first = await add_event("regio-voorjaar", EventKind.REGIONALE_BIJEENKOMST, at(2022, 3, 8))
    second = await add_event("college-armoede", EventKind.ACTUALITEITENCOLLEGE, at(2022, 9, 6))
    return {"first": first, "second": second}


async def test_attendance_counts_live_entrance_checkins_only() -> None:
    events = await _year()
    await add_attendee(events["first"], "sanne@velsen.example")
    await add_attendee(events["first"], "bas@ijmondwerkt.example")
    await add_attendee(events["first"], "nooit@velsen.example", checked_in=False)
    undone = await add_attendee(events["first"], "weg@velsen.example")
    await Checkin.update({Checkin.undone_at: NOW}).where(Checkin.registration == undone)

    report = await year_report(2022, now=NOW)

    assert {e.slug: e.attendance for e in report.events} == {
        "regio-voorjaar": 2,
        "college-armoede": 0,
    }


async def test_reach_by_partner_domain_type_municipality_and_returning() -> None:
    events = await _year()
    await add_attendee(events["first"], "sanne@velsen.example")
    await add_attendee(events["second"], "sanne@velsen.example")  # one person, twice
    await add_attendee(events["first"], "ruud@velsen.example")
    await add_attendee(events["second"], "bas@ijmondwerkt.example")
    await add_attendee(
        events["second"],
        "esra@buurtteam.example",
        organisation=" Buurtteam Zuid ",
        organisation_type="zorg_welzijn",
    )
    await add_attendee(events["second"], "olaf@elders.example", organisation="buurtteam zuid")

    reach = (await year_report(2022, now=NOW)).reach

    assert reach.attendees == 5
    assert reach.organisations == 3  # Velsen, IJmond Werkt!, Buurtteam Zuid
    assert (reach.first_time, reach.returning) == (4, 1)
    assert dict(reach.by_type) == {
        "Gemeente": 2,
        "Overig": 1,
        "Zorg- of welzijnsorganisatie": 1,
        "Onbekend": 1,
    }
    assert dict(reach.by_municipality) == {"Velsen": 2, "Beverwijk": 1, "Onbekend": 2}


async def test_publications_count_by_date_of_publication() -> None:
    await _year()
    for slug, published in [("gids", dt.date(2022, 4, 1)), ("column", dt.date(2021, 12, 31))]:
        await Publication.insert(
            Publication(
                title=slug,
                slug=slug,
                kind="artikel",
                url="https://example.org/",
                published_on=published,
            )
        )

    report = await year_report(2022, now=NOW)

    publications = next(t for t in report.targets if t.kind == TargetKind.PUBLICATIE)
    assert [p.title for p in publications.counted] == ["gids"]
    assert (publications.held, publications.state) == (1, TargetState.MISSED)
