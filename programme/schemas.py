"""The JSON of `GET /api/v1/reports/{year}`."""

from __future__ import annotations

from msgspec import Struct

from programme.services.report import YearReport


class TargetOut(Struct):
    kind: str
    minimum: int
    held: int
    planned: int
    state: str


class CountOut(Struct):
    label: str
    count: int


class ReachOut(Struct):
    attendees: int
    organisations: int
    first_time: int
    returning: int
    by_type: list[CountOut]
    by_municipality: list[CountOut]


class EventFigureOut(Struct):
    slug: str
    title: str
    kind: str
    starts_at: str
    held: bool
    attendance: int


class ReportOut(Struct):
    year: int
    programme: str
    targets: list[TargetOut]
    events: list[EventFigureOut]
    publications: int
    reach: ReachOut

    @classmethod
    def of(cls, report: YearReport) -> ReportOut:
        reach = report.reach
        return cls(
            year=report.year.year,
            programme=report.year.name,
            targets=[
                TargetOut(t.kind.value, t.minimum, t.held, t.planned, t.state.value)
                for t in report.targets
            ],
            events=[
                EventFigureOut(
                    e.slug, e.title, e.kind.value, e.starts_at.isoformat(), e.held, e.attendance
                )
                for e in report.events
            ],
            publications=sum(1 for p in report.publications if p.held),
            reach=ReachOut(
                attendees=reach.attendees,
                organisations=reach.organisations,
                first_time=reach.first_time,
                returning=reach.returning,
                by_type=[CountOut(label, n) for label, n in reach.by_type],
                by_municipality=[CountOut(label, n) for label, n in reach.by_municipality],
            ),
        )
