"""The shell's own pages: health, the language switch, the back-office outbox."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from litestar import Controller, Response, get
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template

from werkplaats import queue
from werkplaats.auth.guards import organiser_only
from werkplaats.db import get_engine
from werkplaats.forms import safe_next
from werkplaats.i18n import normalise_language
from werkplaats.mail.outbox import outbox_counts
from werkplaats.middleware import language_cookie
from werkplaats.params import Page
from werkplaats.tables import OutgoingMail


async def _check_database() -> dict[str, Any]:
    try:
        await OutgoingMail.raw("SELECT 1")
    except Exception as exc:  # reported, not raised: this is the health page
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "engine": get_engine().engine_type}


async def _check_queue() -> dict[str, Any]:
    broker = queue.broker
    kind = type(broker).__name__
    if kind == "RedisBroker":
        try:
            await asyncio.to_thread(broker.client.ping)
        except Exception as exc:
            return {"ok": False, "broker": kind, "error": type(exc).__name__}
    return {"ok": True, "broker": kind, "in_process_worker": queue.worker_running()}


class HealthController(Controller):
    path = "/health"
    tags = ["health"]

    @get("/")
    async def health(self) -> Response[dict[str, Any]]:
        database, jobs = await _check_database(), await _check_queue()
        ok = database["ok"] and jobs["ok"]
        body = {"status": "ok" if ok else "error", "database": database, "queue": jobs}
        return Response(body, status_code=200 if ok else 503)


@get("/favicon.ico", include_in_schema=False)
async def favicon() -> Redirect:
    """Browsers and feed readers ask for /favicon.ico whatever the page names."""
    return Redirect("/static/favicon.svg", status_code=301)


class LanguageController(Controller):
    path = "/taal"
    include_in_schema = False

    @get("/{code:str}")
    async def switch(self, code: FromPath[str], next: FromQuery[str] = "/") -> Redirect:
        language = normalise_language(code)
        return Redirect(safe_next(next, "/"), headers={"set-cookie": language_cookie(language)})


class BackofficeController(Controller):
    path = "/beheer"
    guards = [organiser_only]
    include_in_schema = False

    @get("/outbox")
    async def outbox(
        self,
        mail_state: Annotated[str, QueryParameter(name="state")] = "",
        page: Page = 1,
    ) -> Template:
        query = OutgoingMail.select(
            OutgoingMail.id,
            OutgoingMail.to_address,
            OutgoingMail.subject,
            OutgoingMail.template,
            OutgoingMail.state,
            OutgoingMail.attempts,
            OutgoingMail.last_error,
            OutgoingMail.created_at,
            OutgoingMail.sent_at,
        ).order_by(OutgoingMail.id, ascending=False)
        if mail_state:
            query = query.where(OutgoingMail.state == mail_state)
        page = max(page, 1)
        rows = await query.limit(50).offset((page - 1) * 50)
        return Template(
            "beheer/outbox.html",
            context={
                "mails": rows,
                "counts": await outbox_counts(),
                "state": mail_state,
                "page": page,
            },
        )
