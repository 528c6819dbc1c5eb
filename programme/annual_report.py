"""The annual report of a programme year: a PDF for funders and partners, and the
same figures as one table (CSV and XLSX).

`report_document` reads everything once; `annual_report_pdf` and `report_table` are
pure (document in, bytes or table out), so the bench renders without a database
between them. The charts are the dashboard's, embedded as `data:` URIs (the PDF's
URL fetcher serves nothing else from outside our own files).
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass

from mailings.enums import PublicationKind
from mailings.services.evaluations import evaluation_summary
from programme.charts import CHARTS, ChartData, chart_data
from programme.services.partners import PartnerRecord, list_partners
from programme.services.report import YearReport, year_report
from werkplaats.exports import ExportTable, spreadsheet_time
from werkplaats.i18n import TIMEZONE, _
from werkplaats.pdf import render_pdf


@dataclass(frozen=True)
class Evaluation:
    answers: int
    mean: float | None


@dataclass(frozen=True)
class PartnerReach:
    partner: PartnerRecord
    attendees: int


@dataclass(frozen=True)
class AnnualReport:
    report: YearReport
    charts: ChartData
    evaluations: dict[int, Evaluation]  # by event id
    partners: list[PartnerReach]
    made_at: dt.datetime

    @property
    def year(self) -> int:
        return self.report.year.year


async def report_document(year: int, *, now: dt.datetime | None = None) -> AnnualReport | None:
    """None when no programme runs in `year`."""
    now = now or dt.datetime.now(TIMEZONE)
    report = await year_report(year, now=now)
    if report is None:
        return None
    evaluations = {
        event.id: Evaluation(*await evaluation_summary(event.id))
        for event in report.events
        if event.held
    }
    attendees = dict(report.reach.by_partner)
    partners = [PartnerReach(p, attendees.get(p.name, 0)) for p in await list_partners()]
    partners.sort(key=lambda item: (-item.attendees, item.partner.name))
    return AnnualReport(report, await chart_data(report, now=now), evaluations, partners, now)


def chart_uri(document: AnnualReport, name: str) -> str:
    svg = CHARTS[name](document.charts).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def annual_report_pdf(document: AnnualReport) -> bytes:
    """Blocking: call it on a PDF thread (`in_pdf_thread`)."""
    return render_pdf(
        "pdf/annual_report.html",
        stylesheets=("base.css", "annual_report.css"),
        doc=document,
        report=document.report,
        chart=lambda name: chart_uri(document, name),
        publication_kind=_publication_kind,
    )


def _publication_kind(kind: str) -> str:
    try:
        return _(PublicationKind(kind).label)
    except ValueError:
        return kind


def _row(
    part: str,
    description: str,
    kind: str = "",
    state: str = "",
    date: dt.date | None = None,
    number: int | None = None,
    *more: int | float | None,
) -> list:
    """The table's columns in order; `more`: at least, planned, evaluations, mean."""
    return [part, description, kind, state, date, number, *more, *[None] * (4 - len(more))]


def report_table(document: AnnualReport) -> ExportTable:
    """Every figure of the report, one row each, saying which part it belongs to."""
    report, reach = document.report, document.report.reach
    rows = [
        _row(
            _("Targets"), _(t.kind.label), "", _(t.state.label), None, t.held, t.minimum, t.planned
        )
        for t in report.targets
    ]
    for e in report.events:
        evaluation = document.evaluations.get(e.id, Evaluation(0, None))
        when = spreadsheet_time(e.starts_at)
        state = _("held") if e.held else _("planned")
        figures = (None, None, evaluation.answers, evaluation.mean)
        rows.append(
            _row(_("Events"), e.title, _(e.kind.label), state, when, e.attendance, *figures)
        )
    for p in report.publications:
        state = _("published") if p.held else _("planned")
        rows.append(
            _row(_("Publications"), p.title, _publication_kind(p.kind), state, p.published_on)
        )
    for label, number in (
        (_("Attendees (checked in)"), reach.attendees),
        (_("Distinct organisations"), reach.organisations),
        (_("First time"), reach.first_time),
        (_("Came before"), reach.returning),
    ):
        rows.append(_row(_("Reach"), label, number=number))
    for part, counts in (
        (_("By type of organisation"), reach.by_type),
        (_("By municipality"), reach.by_municipality),
    ):
        rows.extend(_row(part, label, number=n) for label, n in counts)
    for item in document.partners:
        p = item.partner
        rows.append(_row(_("Partners"), p.name, p.kind_label, p.municipality, None, item.attendees))
    header = [
        _("Part"),
        _("Description"),
        _("Kind"),
        _("State"),
        _("Date"),
        _("Number"),
        _("At least"),
        _("Planned"),
        _("Evaluations"),
        _("Mean rating"),
    ]
    return ExportTable(header=header, rows=rows)
