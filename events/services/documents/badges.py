"""Who gets a badge, batches of badges as jobs, and a single badge at the desk.

Only registered people get a badge: not the waiting list, not those awaiting
approval, not the cancelled. A batch is everyone registered, or only those whose
badge was never printed (`badge_printed_at` empty).

A batch is a job (`create_job`, kind `badges`, scope `event:<id>`). Who is in it
is decided when the organiser asks, and kept in the job's parameters: a job run
again after a crash prints the same people, even though the first run may have
marked them printed already. Someone cancelled since is left out. Registrations
are marked printed only once the file is stored (`JobOutput.after_store`); doing
that twice changes nothing but the time.

A single badge for a late arrival is rendered at once, while they wait, and marks
that registration printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from events import hooks
from events.badges import Badge, BadgeEvent, badges_document, chunks, join_pdfs, sort_key
from events.enums import BadgeLayout, RegistrationStatus, Ribbon
from events.tables import Event, Registration
from werkplaats.db import atomic
from werkplaats.i18n import _, get_language, normalise_language
from werkplaats.jobs import JobContext, JobOutput, JobView, create_job, jobs_for
from werkplaats.pdf import in_pdf_thread

BADGE_JOB = "badges"

Progress = Callable[[int, int], Awaitable[None]]


class NoBadges(Exception):
    """Nobody to print a badge for; `message` says why, in the organiser's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BadgeCounts:
    registered: int
    printed: int

    @property
    def not_printed(self) -> int:
        return self.registered - self.printed


@dataclass(frozen=True)
class QueuedBatch:
    job: int
    total: int


def scope_of(event_id: int) -> str:
    return f"event:{event_id}"


def _registered(event_id: int) -> Any:
    return (Registration.event == event_id) & (Registration.status == RegistrationStatus.REGISTERED)


async def badge_counts(event_id: int) -> BadgeCounts:
    registered = await Registration.count().where(_registered(event_id))
    printed = await Registration.count().where(
        _registered(event_id) & Registration.badge_printed_at.is_not_null()
    )
    return BadgeCounts(registered=registered, printed=printed)


async def badge_ids(event_id: int, *, only_unprinted: bool) -> list[int]:
    query = Registration.select(Registration.id).where(_registered(event_id))
    if only_unprinted:
        query = query.where(Registration.badge_printed_at.is_null())
    return [row["id"] for row in await query.order_by(Registration.id)]


def _nobody(only_unprinted: bool) -> NoBadges:
    if only_unprinted:
        return NoBadges(_("Every registered person already has a printed badge."))
    return NoBadges(_("Nobody is registered for this event yet: there are no badges to print."))


async def start_badge_batch(
    event_id: int,
    *,
    layout: BadgeLayout,
    only_unprinted: bool,
    by: int | None,
    language: str | None = None,
) -> QueuedBatch:
    """Queue a batch. Raises `NoBadges` when nobody would be in it."""
    async with atomic():
        ids = await badge_ids(event_id, only_unprinted=only_unprinted)
        if not ids:
            raise _nobody(only_unprinted)
        params = {
            "event": event_id,
            "layout": layout.value,
            "only_unprinted": only_unprinted,
            "language": normalise_language(language or get_language()),
            "registrations": ids,
        }
        job_id = await create_job(
            BADGE_JOB, params=params, scope=scope_of(event_id), by=by, total=len(ids)
        )
    return QueuedBatch(job=job_id, total=len(ids))


@dataclass(frozen=True)
class BadgeBatch:
    job: JobView
    layout: BadgeLayout
    only_unprinted: bool


async def badge_batches(event_id: int, *, limit: int = 10) -> list[BadgeBatch]:
    """The event's latest batches, newest first; finished files are kept."""
    jobs = await jobs_for(scope_of(event_id), kind=BADGE_JOB, limit=limit)
    return [
        BadgeBatch(
            job=job,
            layout=BadgeLayout(job.params.get("layout", BadgeLayout.A6)),
            only_unprinted=bool(job.params.get("only_unprinted")),
        )
        for job in jobs
    ]


async def _event(event_id: int) -> BadgeEvent:
    row = await Event.select(Event.title, Event.starts_at, Event.ends_at).where(
        Event.id == event_id
    )
    if not row:
        raise LookupError(event_id)
    return BadgeEvent(row[0]["title"], row[0]["starts_at"], row[0]["ends_at"])


async def _badges(ids: Sequence[int]) -> dict[int, Badge]:
    """Registration id → badge, for those of `ids` still registered."""
    rows = await Registration.select(
        Registration.id,
        Registration.name,
        Registration.organisation,
        Registration.ribbon,
        Registration.ticket_code,
    ).where(
        Registration.id.is_in(list(ids)) & (Registration.status == RegistrationStatus.REGISTERED)
    )
    lines = await hooks.badge_lines.merged([row["id"] for row in rows])
    return {
        row["id"]: Badge(
            row["name"],
            row["organisation"],
            Ribbon(row["ribbon"]),
            row["ticket_code"],
            tuple(lines.get(row["id"], ())),
        )
        for row in rows
    }


async def mark_printed(ids: Sequence[int]) -> None:
    if ids:
        now = dt.datetime.now(dt.UTC)
        await Registration.update({Registration.badge_printed_at: now}).where(
            Registration.id.is_in(list(ids))
        )


async def render_badges(
    event_id: int,
    ids: Sequence[int],
    *,
    layout: BadgeLayout,
    language: str,
    progress: Progress | None = None,
) -> tuple[bytes, list[int]]:
    """The PDF of the badges of `ids` still registered, sorted by surname, and whose
    they are. Rendered a chunk at a time on a PDF thread; `progress(done, total)`
    after each."""
    event = await _event(event_id)
    found = await _badges(ids)
    if not found:
        raise NoBadges(_("None of the people in this batch is still registered."))
    order = sorted(found, key=lambda registration_id: sort_key(found[registration_id]))
    ordered = [found[registration_id] for registration_id in order]
    parts: list[bytes] = []
    done = 0
    for chunk in chunks(ordered):
        parts.append(
            await in_pdf_thread(badges_document, event, chunk, layout=layout, language=language)
        )
        done += len(chunk)
        if progress is not None:
            await progress(done, len(ordered))
    return await in_pdf_thread(join_pdfs, parts), order


def batch_filename(slug: str, layout: BadgeLayout) -> str:
    return f"badges-{slug}-{layout.value}.pdf"


async def run_badge_batch(job: JobContext) -> JobOutput:
    """The job: render, then mark printed once the file is stored."""
    params = job.params
    layout = BadgeLayout(params["layout"])
    event_row = await Event.select(Event.slug).where(Event.id == params["event"]).first()
    if event_row is None:
        raise NoBadges(_("This event no longer exists."))
    pdf, printed = await render_badges(
        params["event"],
        params["registrations"],
        layout=layout,
        language=params["language"],
        progress=job.progress,
    )
    return JobOutput(
        content=pdf,
        filename=batch_filename(event_row["slug"], layout),
        result={"count": len(printed), "layout": layout.value},
        after_store=lambda: mark_printed(printed),
    )


async def single_badge(
    event_id: int, registration_id: int, *, layout: BadgeLayout = BadgeLayout.A6
) -> bytes:
    """One badge, now, in the organiser's language; marks it printed. Raises
    `LookupError` for a registration of another event, `NoBadges` for one that is
    not registered."""
    row = (
        await Registration.select(Registration.status)
        .where((Registration.id == registration_id) & (Registration.event == event_id))
        .first()
    )
    if row is None:
        raise LookupError(registration_id)
    if row["status"] != RegistrationStatus.REGISTERED:
        raise NoBadges(_("Only someone who is registered gets a badge."))
    pdf, printed = await render_badges(
        event_id, [registration_id], layout=layout, language=get_language()
    )
    await mark_printed(printed)
    return pdf


async def set_ribbon(event_id: int, registration_id: int, ribbon: Ribbon) -> bool:
    """Change what the badge says someone is; False if not a registration of this event."""
    rows = (
        await Registration.update(
            {Registration.ribbon: ribbon, Registration.updated_at: dt.datetime.now(dt.UTC)}
        )
        .where((Registration.id == registration_id) & (Registration.event == event_id))
        .returning(Registration.id)
    )
    return bool(rows)
