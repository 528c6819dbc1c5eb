"""The reviewer's pages: the abstracts assigned to them, and the review form.

An abstract that is not assigned to the logged-in reviewer is a 404, exactly like
one that does not exist: ids in the path reveal nothing.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from congress.services.review import ReviewTask, save_review, task_of, tasks_of
from werkplaats.auth.guards import current_user, requires
from werkplaats.enums import Role
from werkplaats.errors import FieldErrors
from werkplaats.forms import FormData, field
from werkplaats.i18n import _
from werkplaats.params import PathId

reviewers_only = requires(Role.REVIEWER)


def _form(task: ReviewTask) -> dict[str, str]:
    return {
        **{f"score.{key}": str(value) for key, value in task.scores.items()},
        "comment_committee": task.comment_committee,
        "comment_speaker": task.comment_speaker,
    }


def _page(
    task: ReviewTask, form: dict[str, Any], errors: dict[str, str], status: int = 200
) -> Template:
    return Template(
        "congress/review.html",
        context={"task": task, "a": task.abstract, "form": form, "errors": errors},
        status_code=status,
    )


class ReviewController(Controller):
    path = "/beoordelen"
    guards = [reviewers_only]
    include_in_schema = False

    @get("/")
    async def index(self, request: Request) -> Template:
        tasks = await tasks_of(current_user(request).id)
        return Template("congress/reviews.html", context={"tasks": tasks})

    @get("/{abstract_id:int}")
    async def show(self, request: Request, abstract_id: PathId) -> Template:
        task = await task_of(current_user(request).id, abstract_id)
        if task is None:
            raise NotFoundException()
        return _page(task, _form(task), {})

    @post("/{abstract_id:int}")
    async def save(self, request: Request, abstract_id: PathId, data: FormData) -> Any:
        user_id = current_user(request).id
        task = await task_of(user_id, abstract_id)
        if task is None:
            raise NotFoundException()
        scores = {str(c.id): field(data, c.field_name) for c in task.criteria}
        try:
            await save_review(
                user_id,
                abstract_id,
                scores=scores,
                comment_committee=field(data, "comment_committee"),
                comment_speaker=field(data, "comment_speaker"),
            )
        except FieldErrors as exc:
            form = {k: field(data, k) for k in data if k != "_csrf_token"}
            return _page(task, form, exc.errors, status=400)
        flash(request, _("Your review has been saved."), category="success")
        return Redirect("/beoordelen/", status_code=303)
