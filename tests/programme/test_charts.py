"""The results' charts: SVG that parses, holds the figures' labels, and is served
behind the organiser's guard."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from programme.charts import CHARTS, chart_data
from programme.services.report import year_report
from tests.programme.helpers import year_2022
from werkplaats.enums import Role
from werkplaats.i18n import TIMEZONE

SVG = "{http://www.w3.org/2000/svg}"
NOW = dt.datetime(2023, 2, 1, tzinfo=TIMEZONE)


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode())
    assert root.tag == f"{SVG}svg"
    return [text.strip() for el in root.iter(f"{SVG}text") if (text := "".join(el.itertext()))]


async def test_each_chart_parses_as_svg_and_holds_its_labels_and_figures() -> None:
    await year_2022()
    report = await year_report(2022, now=NOW)
    data = await chart_data(report, now=NOW)

    texts = {name: _texts(draw(data)) for name, draw in CHARTS.items()}

    assert "08-03 Regio voorjaar" in texts["opkomst"] and "3" in texts["opkomst"]
    assert "04-10 Thema wonen" in texts["opkomst"]
    assert {"Gemeente", "Zorg- of welzijnsorganisatie"} <= set(texts["soort"])
    assert {"Velsen", "Haarlem", "3", "1"} <= set(texts["gemeente"])
    assert {"2020", "2021", "2022", "Niet gehaald"} <= set(texts["doelen"])
    assert "Doelen per programmajaar" in texts["doelen"]


async def test_targets_chart_counts_the_states_of_each_year() -> None:
    await year_2022()
    report = await year_report(2022, now=NOW)

    data = await chart_data(report, now=NOW)

    states = {year: sorted(t.state.value for t in targets) for year, targets in data.years}
    assert states[2022] == ["missed"] * 5  # the congress too: 2022 is the final year
    assert states[2020] == ["met", "missed", "missed", "missed", "missed"]  # no congress due


async def test_chart_is_served_as_svg_to_organisers_only(client, login) -> None:
    await year_2022()
    await login(Role.ORGANISER)

    chart = await client.get("/beheer/resultaten/2022/grafieken/gemeente.svg")
    unknown = await client.get("/beheer/resultaten/2022/grafieken/taart.svg")
    dashboard = await client.get("/beheer/resultaten/2022")

    assert chart.status_code == 200
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "Velsen" in _texts(chart.text)
    assert "<script" not in chart.text
    assert unknown.status_code == 404
    assert 'src="/beheer/resultaten/2022/grafieken/gemeente.svg"' in dashboard.text
    assert '<th scope="row">2021</th>' in dashboard.text


async def test_chart_needs_an_organiser(client, login) -> None:
    await year_2022()
    await login(Role.CHECKIN)

    chart = await client.get("/beheer/resultaten/2022/grafieken/opkomst.svg")

    assert chart.status_code == 403
