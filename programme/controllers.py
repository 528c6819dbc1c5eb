"""The results dashboard (/beheer/resultaten/{year}) and the report API."""

from __future__ import annotations

import asyncio
import datetime as dt

from litestar import Controller, Request, get, post
from litestar.plugins.flash import flash
from litestar.response import Redirect, Response, Template

from programme.annual_report import annual_report_pdf, report_document, report_table
from programme.charts import CHARTS, chart_data
from programme.enums import TargetState
from programme.schemas import ReportOut
from programme.services.report import YearReport, year_report
from programme.services.years import latest_year, programme_year, set_targets
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors, error_page, json_error
from werkplaats.exports import XLSX_MEDIA_TYPE, to_csv, to_xlsx
from werkplaats.forms import FormData, field
from werkplaats.i18n import TIMEZONE, _
from werkplaats.params import PathYear
from werkplaats.pdf import in_pdf_thread
from werkplaats.responses import private_download

PATH = "/beheer/resultaten"
SVG_MEDIA_TYPE = "image/svg+xml"


def results_path(year: int) -> str:
    return f"{PATH}/{year}"


def _no_programme(year: int) -> str:
    return _("No programme runs in %(year)s: there are no targets or results for that year.") % {
        "year": year
    }


def chart_path(year: int, name: str) -> str:
    return f"{PATH}/{year}/grafieken/{name}.svg"


async def _page(
    report: YearReport,
    *,
    form: dict | None = None,
    errors: dict | None = None,
    status_code: int = 200,
) -> Template:
    form = form or {t.kind.value: str(t.minimum) for t in report.targets}
    return Template(
        "programme/dashboard.html",
        context={
            "report": report,
            "form": form,
            "errors": errors or {},
            "path": results_path,
            "chart": chart_path,
            "years": (await chart_data(report)).years,
            "states": list(TargetState),
        },
        status_code=status_code,
    )


class ResultsController(Controller):
    path = PATH
    guards = [organiser_only]
    include_in_schema = False

    @get("/")
    async def index(self, request: Request) -> Redirect | Response:
        year = await latest_year(dt.datetime.now(TIMEZONE).year)
        if year is None:
            return error_page(request, 404, _("No programme yet"), _("Make a programme first."))
        return Redirect(results_path(year))

    @get("/{year:int}")
    async def dashboard(self, request: Request, year: PathYear) -> Template | Response:
        report = await year_report(year)
        if report is None:
            return error_page(request, 404, _("No programme in this year"), _no_programme(year))
        return await _page(report)

    @get("/{year:int}/grafieken/{name:str}")
    async def chart(self, request: Request, year: PathYear, name: str) -> Response:
        """`/beheer/resultaten/{year}/grafieken/opkomst.svg` and the other charts."""
        draw = CHARTS.get(name.removesuffix(".svg")) if name.endswith(".svg") else None
        report = await year_report(year)
        if draw is None or report is None:
            return error_page(request, 404, _("No such chart"), _no_programme(year))
        svg = draw(await chart_data(report))
        return Response(
            svg, media_type=SVG_MEDIA_TYPE, headers={"Cache-Control": "private, no-cache"}
        )

    @get("/{year:int}/jaarverslag.pdf")
    async def report_pdf(self, request: Request, year: PathYear) -> Response:
        document = await report_document(year)
        if document is None:
            return error_page(request, 404, _("No programme in this year"), _no_programme(year))
        body = await in_pdf_thread(annual_report_pdf, document)
        return private_download(body, "application/pdf", f"jaarverslag-{year}.pdf", inline=True)

    @get("/{year:int}/jaarverslag.csv")
    async def report_csv(self, request: Request, year: PathYear) -> Response:
        document = await report_document(year)
        if document is None:
            return error_page(request, 404, _("No programme in this year"), _no_programme(year))
        return private_download(
            to_csv(report_table(document)), "text/csv", f"jaarverslag-{year}.csv"
        )

    @get("/{year:int}/jaarverslag.xlsx")
    async def report_xlsx(self, request: Request, year: PathYear) -> Response:
        document = await report_document(year)
        if document is None:
            return error_page(request, 404, _("No programme in this year"), _no_programme(year))
        title = _("Annual report %(year)s") % {"year": year}
        body = await asyncio.to_thread(to_xlsx, report_table(document), title=title)
        return private_download(body, XLSX_MEDIA_TYPE, f"jaarverslag-{year}.xlsx")

    @post("/{year:int}/doelen")
    async def save_targets(
        self, request: Request, year: PathYear, data: FormData
    ) -> Template | Redirect | Response:
        programme = await programme_year(year)
        if programme is None:
            return error_page(request, 404, _("No programme in this year"), _no_programme(year))
        form = {key: field(data, key) for key in data}
        try:
            await set_targets(programme, form)
        except FieldErrors as exc:
            report = await year_report(year)
            assert report is not None
            return await _page(report, form=form, errors=exc.errors, status_code=400)
        flash(request, _("Targets saved."), category="success")
        return Redirect(results_path(year))


class ReportApiController(Controller):
    path = "/api/v1/reports"
    tags = ["reports"]
    guards = [organiser_only]

    @get("/{year:int}")
    async def report(self, year: PathYear) -> ReportOut | Response:
        """The programme year's targets with their state, its events with attendance,
        and the reach. A year outside every programme is a 404."""
        report = await year_report(year)
        if report is None:
            return json_error(404, _no_programme(year))
        return ReportOut.of(report)
