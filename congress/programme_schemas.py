"""The published programme as JSON (`GET /api/v1/events/{slug}/programme`)."""

from __future__ import annotations

import datetime as dt

from msgspec import Struct

from congress.services.programme_view import ProgrammeView, SessionView
from congress.views import session_path
from werkplaats.settings import get_settings


class PersonOut(Struct):
    name: str
    organisation: str


class SessionOut(Struct):
    id: int
    title: str
    format: str
    track: str | None
    room: str
    capacity: int
    speakers: list[PersonOut]
    url: str


class RoundOut(Struct):
    title: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str | None
    teaching_minutes: int
    sessions: list[SessionOut]


class RoomOut(Struct):
    name: str
    capacity: int


class ProgrammeOut(Struct):
    event: str
    published_at: dt.datetime
    version: int
    net_teaching_minutes: int
    rooms: list[RoomOut]
    rounds: list[RoundOut]

    @classmethod
    def from_view(cls, programme: ProgrammeView) -> ProgrammeOut:
        assert programme.published_at is not None
        base = get_settings().base_url

        def session(s: SessionView) -> SessionOut:
            return SessionOut(
                id=s.id,
                title=s.title,
                format=s.format.value,
                track=s.track["slug"] if s.track else None,
                room=s.room,
                capacity=s.capacity,
                speakers=[PersonOut(p.name, p.organisation) for p in s.speakers],
                url=f"{base}{session_path(programme.event_slug, s.id)}",
            )

        return cls(
            event=programme.event_slug,
            published_at=programme.published_at,
            version=programme.version,
            net_teaching_minutes=programme.teaching_minutes,
            rooms=[RoomOut(r["name"], r["capacity"]) for r in programme.rooms],
            rounds=[
                RoundOut(
                    title=slot.title,
                    kind=slot.kind.value,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    room=slot.room or None,
                    teaching_minutes=slot.teaching_minutes,
                    sessions=[session(s) for s in slot.sessions],
                )
                for slot in programme.slots
            ],
        )
