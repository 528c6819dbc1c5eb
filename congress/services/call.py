"""Reading a call for abstracts with what its form offers."""

from __future__ import annotations

from typing import Any

from congress.enums import FormatKind
from congress.tables import CallForAbstracts, CallFormat, CallQuestion
from congress.views import CallQuestionView, CallView, FormatView
from events.tables import EventTheme

_CALL_COLUMNS = (
    *CallForAbstracts.all_columns(),
    CallForAbstracts.event.slug.as_alias("event_slug"),
    CallForAbstracts.event.title.as_alias("event_title"),
    CallForAbstracts.event.status.as_alias("event_status"),
    CallForAbstracts.event.ends_at.as_alias("event_ends_at"),
)


async def _view(row: dict[str, Any]) -> CallView:
    formats = await (
        CallFormat.select(CallFormat.kind, CallFormat.duration_minutes)
        .where(CallFormat.call == row["id"])
        .order_by(CallFormat.id)
    )
    questions = await (
        CallQuestion.select()
        .where(CallQuestion.call == row["id"])
        .order_by(CallQuestion.position, CallQuestion.id)
    )
    tracks = await (
        EventTheme.select(
            EventTheme.theme.id.as_alias("id"),
            EventTheme.theme.name.as_alias("name"),
            EventTheme.theme.slug.as_alias("slug"),
        )
        .where(EventTheme.event == row["event"])
        .order_by(EventTheme.theme.name)
    )
    return CallView(
        id=row["id"],
        event_id=row["event"],
        event_slug=row["event_slug"],
        event_title=row["event_title"],
        event_status=row["event_status"],
        event_ends_at=row["event_ends_at"],
        opens_at=row["opens_at"],
        closes_at=row["closes_at"],
        introduction=row["introduction"],
        word_limit=row["word_limit"],
        max_speakers=row["max_speakers"],
        max_co_authors=row["max_co_authors"],
        anonymised=row["anonymised"],
        reviewers_per_abstract=row["reviewers_per_abstract"],
        confirm_within_days=row["confirm_within_days"],
        remind_after_days=row["remind_after_days"],
        formats=[FormatView(FormatKind(f["kind"]), f["duration_minutes"]) for f in formats],
        tracks=list(tracks),
        questions=[
            CallQuestionView(q["id"], q["label"], q["help_text"], q["required"], q["max_length"])
            for q in questions
        ],
    )


async def call_for_event(slug: str, *, drafts: bool = False) -> CallView | None:
    """The call of the event `slug`, or None if it has none (or is a draft, unless
    `drafts`)."""
    where = CallForAbstracts.event.slug == slug
    if not drafts:
        where &= CallForAbstracts.event.status != "draft"
    row = await CallForAbstracts.select(*_CALL_COLUMNS).where(where).first()
    return await _view(row) if row else None


async def call_by_id(call_id: int) -> CallView:
    row = (
        await CallForAbstracts.select(*_CALL_COLUMNS).where(CallForAbstracts.id == call_id).first()
    )
    assert row is not None
    return await _view(row)
