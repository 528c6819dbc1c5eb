"""The evaluation: the public form behind a personal link, the results per event in
the back office (with a CSV) and in the API."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from msgspec import Struct

from events.controllers.shared import event_or_404
from events.enums import EventStatus
from events.services.catalogue.listing import list_events
from mailings.services.evaluations import (
    RATINGS,
    EvaluationResults,
    Outcome,
    evaluation_form,
    evaluation_results,
    submit_evaluation,
)
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.exports import ExportTable, to_csv
from werkplaats.forms import FormData, field
from werkplaats.i18n import _
from werkplaats.responses import private_download

PAGE = "mailings/evaluation.html"
RESULTS = "/beheer/mailings/evaluatie"
_STATUS = {Outcome.ALREADY: 409, Outcome.CLOSED: 410}


class EvaluationPageController(Controller):
    path = "/evaluatie"
    include_in_schema = False

    @get("/{token:str}")
    async def form(self, token: FromPath[str]) -> Template:
        found = await evaluation_form(token)
        if found is None:
            raise NotFoundException()
        status = _STATUS.get(found.outcome, 200) if found.outcome else 200
        return Template(
            PAGE,
            context={"found": found, "outcome": "", "form": {}, "errors": {}},
            status_code=status,
        )

    @post("/{token:str}", status_code=200)
    async def submit(self, token: FromPath[str], data: FormData) -> Template:
        found = await evaluation_form(token)
        if found is None:
            raise NotFoundException()
        form = {name: field(data, name) for name in ("rating", "useful", "better", "named")}
        try:
            outcome = await submit_evaluation(token, form, named=form["named"] == "yes")
        except FieldErrors as exc:
            context = {"found": found, "outcome": "", "form": form, "errors": exc.errors}
            return Template(PAGE, context=context, status_code=400)
        return Template(
            PAGE,
            context={"found": found, "outcome": outcome.value, "form": {}, "errors": {}},
            status_code=_STATUS.get(outcome, 200),
        )


class EvaluationResultsController(Controller):
    path = RESULTS
    guards = [organiser_only]
    include_in_schema = False

    @get("/")
    async def index(self, event: FromQuery[str] = "") -> Template | Redirect:
        if event:
            return Redirect(f"{RESULTS}/{event}")
        events = await list_events(statuses=(EventStatus.PUBLISHED, EventStatus.CANCELLED))
        return Template("mailings/beheer/evaluation.html", context={"events": events})

    @get("/{slug:str}")
    async def show(self, slug: FromPath[str]) -> Template:
        event = await event_or_404(slug)
        results = await evaluation_results(event["id"])
        return Template(
            "mailings/beheer/evaluation.html",
            context={"event": event, "results": results, "ratings": RATINGS},
        )

    @get("/{slug:str}/evaluatie.csv")
    async def csv(self, slug: FromPath[str]) -> Response:
        event = await event_or_404(slug)
        table = _table(await evaluation_results(event["id"]))
        return private_download(to_csv(table), "text/csv", f"evaluatie-{slug}.csv")


def _table(results: EvaluationResults) -> ExportTable:
    header = [_("Date"), _("Rating"), _("What was useful"), _("What could be better"), _("Name")]
    rows = [
        [a["answered_on"], a["rating"], a["useful"], a["better"], a["name"]]
        for a in results.answers
    ]
    return ExportTable(header=header, rows=rows)


class EvaluationOut(Struct):
    count: int
    mean: float | None
    distribution: dict[str, int]  # "1".."5" → how many
    answers: list[dict[str, object]]  # rating, useful, better, answered_on, name ("" anonymous)


class EvaluationApiController(Controller):
    path = "/api/v1/events/{slug:str}/evaluation"
    tags = ["mailings"]
    guards = [organiser_only]

    @get("/")
    async def results(self, slug: FromPath[str]) -> EvaluationOut:
        """The event's evaluation: how many answered, the mean, the distribution, the texts."""
        results = await evaluation_results((await event_or_404(slug))["id"])
        return EvaluationOut(
            count=results.count,
            mean=results.mean,
            distribution={str(r): n for r, n in results.distribution.items()},
            answers=[{**a, "answered_on": a["answered_on"].isoformat()} for a in results.answers],
        )
