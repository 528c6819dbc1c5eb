"""JSON shapes of the abstracts API. Unknown fields are refused (422).

The submission service checks lengths, the word limit, the formats and tracks of the
call and says what is wrong in the user's language; the structs fix names and types.
"""

from __future__ import annotations

from typing import Literal

from msgspec import Struct

from congress.services.submission import AbstractInput, PersonInput


class PersonIn(Struct, forbid_unknown_fields=True, kw_only=True):
    name: str
    email: str
    organisation: str = ""


class AbstractCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    title: str
    abstract: str
    format: str
    track: str = ""  # a theme slug of the event
    speakers: list[PersonIn] = []
    co_authors: list[PersonIn] = []
    learning_goals: str = ""
    target_audience: str = ""
    publish_consent: bool = False
    answers: dict[str, str] = {}  # call question id → text
    language: Literal["nl", "en"] | None = None

    def to_input(self, *, language: str) -> AbstractInput:
        return AbstractInput(
            title=self.title,
            abstract=self.abstract,
            format=self.format,
            track=self.track,
            speakers=[PersonInput(p.name, p.email, p.organisation) for p in self.speakers],
            co_authors=[PersonInput(p.name, p.email, p.organisation) for p in self.co_authors],
            learning_goals=self.learning_goals,
            target_audience=self.target_audience,
            publish_consent=self.publish_consent,
            answers=self.answers,
            language=self.language or language,
        )


class AbstractCreated(Struct):
    state: str
    message: str
