"""The results as pictures: SVG charts drawn on the server with pygal.

Each chart shows figures that a table beside it on the page (and in the report)
also holds, so a screen reader loses nothing; the SVG carries its own title and
every value as text (`print_values`), so it reads in a PDF as on screen. No
script: pygal's tooltips would load one from elsewhere (`js=[]`), and its inline
configuration script is taken out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pygal
from pygal.etree import etree as pygal_etree
from pygal.style import Style

from programme.enums import TargetState
from programme.services.report import TargetResult, YearReport, year_targets
from werkplaats.i18n import _, local

WIDTH = 640  # drawn units; the page scales it to its column
ROW_HEIGHT = 34  # a horizontal bar and its gap: charts with many rows grow in height
LABEL_LENGTH = 32
STATE_COLOURS = {
    TargetState.MET: "#1e6b35",
    TargetState.ON_TRACK: "#1d4f6e",
    TargetState.AT_RISK: "#8a5300",
    TargetState.MISSED: "#a4161a",
}
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#c9c9c0",
    colors=("#8fb3cc",),  # light enough for the dark figures printed on the bars
    opacity=1,
    opacity_hover=1,
    font_family='system-ui, "Segoe UI", Roboto, Arial, sans-serif',
    label_font_size=16,
    major_label_font_size=16,
    value_font_size=16,
    title_font_size=18,
    legend_font_size=16,
)


@dataclass(frozen=True)
class ChartData:
    """What the charts of one year draw: the year's report, and each programme
    year's targets (for the chart over the years)."""

    report: YearReport
    years: list[tuple[int, list[TargetResult]]]


def _svg(chart: pygal.graph.graph.Graph) -> str:
    """The chart's SVG without pygal's script element (it always writes one).

    Serialised by the tree pygal built it with: lxml's when lxml is installed (apsig
    brings it), the standard library's otherwise."""
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.endswith("script"):
                parent.remove(child)
    return pygal_etree.tostring(tree, encoding="unicode")


def _short(text: str) -> str:
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1] + "…"


def _bars(title: str, rows: list[tuple[str, int]]) -> str:
    """One horizontal bar a row, top to bottom in the order given."""
    chart = pygal.HorizontalBar(
        style=STYLE,
        js=[],
        width=WIDTH,
        height=120 + ROW_HEIGHT * max(len(rows), 1),
        title=title,
        show_legend=False,
        print_values=True,
        truncate_label=-1,
        show_y_guides=False,
        include_x_axis=True,
        no_data_text=_("Nobody checked in yet."),
    )
    # pygal draws the first label at the bottom: reverse, so the list reads downwards.
    chart.x_labels = [_short(label) for label, _n in reversed(rows)]
    chart.add(title, [n for _label, n in reversed(rows)])
    return _svg(chart)


def attendance_chart(data: ChartData) -> str:
    rows = [
        (f"{local(event.starts_at):%d-%m} {event.title}", event.attendance)
        for event in data.report.events
        if event.held
    ]
    return _bars(_("Attendance per event in %(year)s") % {"year": data.report.year.year}, rows)


def by_type_chart(data: ChartData) -> str:
    title = _("Attendees by type of organisation, %(year)s") % {"year": data.report.year.year}
    return _bars(title, data.report.reach.by_type)


def by_municipality_chart(data: ChartData) -> str:
    title = _("Attendees by municipality, %(year)s") % {"year": data.report.year.year}
    return _bars(title, data.report.reach.by_municipality)


def targets_chart(data: ChartData) -> str:
    """Per programme year, how many targets are in each state."""
    chart = pygal.StackedBar(
        style=Style(
            **{
                **STYLE.to_dict(),
                "colors": tuple(STATE_COLOURS.values()),
                "value_colors": ("#ffffff",),
            }
        ),
        js=[],
        width=WIDTH,
        height=420,
        title=_("Targets per programme year"),
        legend_at_bottom=True,
        print_values=True,
        print_zeroes=False,
    )
    chart.x_labels = [str(year) for year, _targets in data.years]
    for state in STATE_COLOURS:
        counts = [sum(1 for t in targets if t.state is state) for _year, targets in data.years]
        chart.add(_(state.label), counts)
    return _svg(chart)


async def chart_data(report: YearReport, *, now: dt.datetime | None = None) -> ChartData:
    now = now or dt.datetime.now(dt.UTC)
    years = [
        (year, report.targets if year == report.year.year else await year_targets(year, now=now))
        for year in report.year.years
    ]
    return ChartData(report, years)


CHARTS: dict[str, Callable[[ChartData], str]] = {
    "opkomst": attendance_chart,
    "soort": by_type_chart,
    "gemeente": by_municipality_chart,
    "doelen": targets_chart,
}
