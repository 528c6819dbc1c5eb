"""Back office for an event's own questions on the registration form."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.controllers.shared import event_or_404 as _event
from events.controllers.shared import event_tabs
from events.enums import QuestionKind
from events.services.registration.question_admin import (
    FORM_FIELDS,
    answer_counts,
    delete_question,
    form_from_question,
    question_of_event,
    save_question,
)
from events.services.registration.questions import questions_for
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.forms import FormData, field
from werkplaats.i18n import _
from werkplaats.params import PathId, QueryId


async def _page(
    event: dict[str, Any],
    form: dict[str, Any],
    errors: dict[str, str],
    *,
    question_id: int | None = None,
    status_code: int = 200,
) -> Template:
    questions = await questions_for(event["id"])
    return Template(
        "beheer/questions.html",
        context={
            "event": event,
            "tabs": await event_tabs(event["slug"]),
            "questions": questions,
            "labels": {q.id: q.label for q in questions},
            "answer_counts": await answer_counts(event["id"]),
            "kinds": list(QuestionKind),
            "form": form,
            "errors": errors,
            "question_id": question_id,
        },
        status_code=status_code,
    )


class QuestionBackofficeController(Controller):
    path = "/beheer/events/{slug:str}/questions"
    guards = [organiser_only]
    include_in_schema = False

    @get("/")
    async def index(self, slug: FromPath[str], edit: QueryId = None) -> Template:
        event = await _event(slug)
        if edit is None:
            return await _page(event, {"kind": QuestionKind.SHORT_TEXT.value}, {})
        question = await question_of_event(event["id"], edit)
        if question is None:
            raise NotFoundException()
        return await _page(event, form_from_question(question), {}, question_id=question.id)

    @post("/")
    async def save(
        self, request: Request, slug: FromPath[str], data: FormData
    ) -> Template | Redirect:
        event = await _event(slug)
        question_id = int(field(data, "id")) if field(data, "id").isdigit() else None
        if question_id is not None and await question_of_event(event["id"], question_id) is None:
            raise NotFoundException()
        form: dict[str, Any] = {name: field(data, name) for name in FORM_FIELDS}
        form["required"] = field(data, "required") == "1"
        try:
            await save_question(event["id"], form, question_id=question_id)
        except FieldErrors as exc:
            return await _page(event, form, exc.errors, question_id=question_id, status_code=400)
        flash(request, _("Question saved."), category="success")
        return Redirect(f"/beheer/events/{slug}/questions", status_code=303)

    @post("/{question_id:int}/delete")
    async def delete(self, request: Request, slug: FromPath[str], question_id: PathId) -> Redirect:
        event = await _event(slug)
        if await question_of_event(event["id"], question_id) is None:
            raise NotFoundException()
        try:
            await delete_question(event["id"], question_id)
        except FieldErrors as exc:
            flash(request, " ".join(exc.errors.values()), category="error")
        else:
            flash(request, _("Question deleted, with its answers."), category="success")
        return Redirect(f"/beheer/events/{slug}/questions", status_code=303)
