"""`/beheer/audit`: the audit log for admins, searchable, a page at a time, and as CSV."""

from __future__ import annotations

import json
from typing import Any

from litestar import Controller, Response, get
from litestar.params import FromQuery
from litestar.response import Template

from werkplaats.auth.guards import admin_only
from werkplaats.db import contains
from werkplaats.exports import ExportTable, to_csv
from werkplaats.i18n import _, format_moment
from werkplaats.params import Page
from werkplaats.tables import AuditEntry

PAGE_SIZE = 100
CSV_LIMIT = 50_000


def _query(search: str, action: str) -> Any:
    query = AuditEntry.select().order_by(AuditEntry.id, ascending=False)
    if action:
        query = query.where(AuditEntry.action.like(f"{action.strip()[:60]}%"))
    if search := search.strip()[:100]:
        query = query.where(
            contains(AuditEntry.actor, search)
            | contains(AuditEntry.subject, search)
            | contains(AuditEntry.detail, search)
        )
    return query


def _detail(text: str) -> str:
    """`key: value, …` for the page; what the entry says, in one line."""
    if not text:
        return ""
    values = json.loads(text)
    return ", ".join(f"{k}: {v}" for k, v in values.items() if v not in (None, "", []))


class AuditController(Controller):
    path = "/beheer/audit"
    guards = [admin_only]
    include_in_schema = False

    @get("/")
    async def index(
        self, q: FromQuery[str] = "", action: FromQuery[str] = "", page: Page = 1
    ) -> Template:
        rows = await _query(q, action).limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)
        actions = await AuditEntry.select(AuditEntry.action).distinct().order_by(AuditEntry.action)
        return Template(
            "beheer/audit.html",
            context={
                "entries": [row | {"detail": _detail(row["detail"])} for row in rows[:PAGE_SIZE]],
                "more": len(rows) > PAGE_SIZE,
                "actions": [row["action"] for row in actions],
                "q": q.strip()[:100],
                "action": action.strip()[:60],
                "page": page,
            },
        )

    @get("/audit.csv")
    async def export(self, q: FromQuery[str] = "", action: FromQuery[str] = "") -> Response[bytes]:
        rows = await _query(q, action).limit(CSV_LIMIT)
        header = [
            _("When"),
            _("Who"),
            _("Network address"),
            _("Action"),
            _("Subject"),
            _("Details"),
        ]
        table = ExportTable(
            header=header,
            rows=[
                [
                    format_moment(row["at"]),
                    row["actor"],
                    row["address"],
                    row["action"],
                    row["subject"],
                    _detail(row["detail"]),
                ]
                for row in rows
            ],
        )
        return Response(
            to_csv(table),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
        )
