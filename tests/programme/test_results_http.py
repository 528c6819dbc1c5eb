"""The dashboard and the report API over HTTP."""

from __future__ import annotations

from events.enums import EventKind
from programme.enums import TargetKind
from programme.services.years import create_programme, programme_year, targets_of
from tests.conftest import post_form
from tests.programme.helpers import add_attendee, add_event, add_partner, at
from werkplaats.enums import Role
from werkplaats.errors import FieldErrors


async def _year_2022() -> None:
    await create_programme("Werkplaats Sociaal Domein Noord-Holland", 2020, 2022)
    await add_partner("Gemeente Velsen", "gemeente", "velsen.example", "Velsen")
    event = await add_event("regio-voorjaar-2022", EventKind.REGIONALE_BIJEENKOMST, at(2022, 3, 8))
    await add_attendee(event, "sanne@velsen.example")
    await add_attendee(event, "ruud@velsen.example")


async def test_dashboard_shows_targets_state_events_and_reach(client, login) -> None:
    await _year_2022()
    await login(Role.ORGANISER)

    page = await client.get("/beheer/resultaten/2022")

    assert page.status_code == 200
    text = page.text
    assert "Resultaten 2022" in text
    assert "Regionale bijeenkomsten met alle partners" in text
    assert "Niet gehaald" in text  # one regional meeting of two, the year is over
    assert "Regio voorjaar 2022" in text
    assert "<dt>Deelnemers (aangemeld bij de ingang)</dt><dd>2</dd>" in text
    assert "<td>Velsen</td><td>2</td>" in text


async def test_dashboard_of_a_year_outside_every_programme_is_404(client, login) -> None:
    await _year_2022()
    await login(Role.ORGANISER)

    page = await client.get("/beheer/resultaten/2019")

    assert page.status_code == 404
    assert "In 2019 loopt geen programma" in page.text


async def test_dashboard_needs_an_organiser(client, login) -> None:
    await _year_2022()
    await login(Role.CHECKIN)

    page = await client.get("/beheer/resultaten/2022")

    assert page.status_code == 403


async def test_target_below_zero_is_a_field_error_and_changes_nothing(client, login) -> None:
    await _year_2022()
    await login(Role.ORGANISER)
    form = {kind.value: "2" for kind in TargetKind}

    refused = await post_form(client, "/beheer/resultaten/2022/doelen", form | {"publicatie": "-1"})
    saved = await post_form(
        client, "/beheer/resultaten/2022/doelen", form | {"publicatie": "4"}, follow_redirects=False
    )

    assert refused.status_code == 400
    assert "Een doel kan niet lager zijn dan nul." in refused.text
    assert saved.status_code in (302, 303)
    assert (await targets_of(await programme_year(2022)))[TargetKind.PUBLICATIE] == 4


async def test_report_api_gives_targets_with_state_and_figures(client, api_headers) -> None:
    await _year_2022()

    response = await client.get("/api/v1/reports/2022", headers=await api_headers())

    assert response.status_code == 200
    body = response.json()
    targets = {t["kind"]: t for t in body["targets"]}
    assert targets["regionale_bijeenkomst"] == {
        "kind": "regionale_bijeenkomst",
        "minimum": 2,
        "held": 1,
        "planned": 0,
        "state": "missed",
    }
    assert targets["congres"]["minimum"] == 1
    assert body["events"][0]["attendance"] == 2
    assert body["reach"]["attendees"] == 2
    assert body["reach"]["by_municipality"] == [{"label": "Velsen", "count": 2}]


async def test_report_api_year_outside_programme_is_404_with_message(client, api_headers) -> None:
    await _year_2022()

    response = await client.get("/api/v1/reports/2031", headers=await api_headers())
    anonymous = await client.get("/api/v1/reports/2022")

    assert response.status_code == 404
    assert "2031" in response.json()["message"]
    assert anonymous.status_code == 401


async def test_a_year_no_calendar_holds_is_a_400_not_a_500(client, api_headers, login) -> None:
    # Found by schemathesis: /api/v1/reports/49650671864521310208 was a 500.
    await _year_2022()
    headers = await api_headers()

    huge = await client.get("/api/v1/reports/49650671864521310208", headers=headers)
    past = await client.get("/api/v1/reports/1999", headers=headers)
    await login(Role.ORGANISER)
    page = await client.get("/beheer/resultaten/99999")

    assert huge.status_code == 422 and "year" in huge.json()["errors"]
    assert past.status_code == 422
    assert page.status_code == 400


async def test_a_programme_runs_forward_within_the_calendar() -> None:
    backwards = await _errors_of(create_programme("Achterstevoren", 2024, 2023))
    far = await _errors_of(create_programme("Ver weg", 2020, 2200))

    assert "2000" in backwards["first_year"] and "2099" in backwards["first_year"]
    assert far == backwards
    assert await programme_year(2024) is None


async def _errors_of(call) -> dict[str, str]:
    try:
        await call
    except FieldErrors as exc:
        return exc.errors
    raise AssertionError("no field error")
