"""The workshop choice on the registration form (`events.hooks.registration_form_sections`).

One question per parallel round of the published programme: a session, or "later".
`check` refuses a session that is not in that round, or full when the form is sent;
`save` takes the places under each session's lock, in the registration's
transaction, so a session that filled up in the meantime undoes the registration
with a message beside the round, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from congress.services.programme_view import published_programme
from congress.services.session_choice import (
    RoundChoice,
    SessionFull,
    choose_session,
    leave_round,
    rounds_to_choose,
)
from events.views import EventView, RegistrationView
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _
from werkplaats.render import render


def _value(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name, "")
    if isinstance(value, list):
        value = value[-1] if value else ""
    return str(value).strip()


async def rounds_of(event: EventView) -> list[RoundChoice]:
    programme = await published_programme(event.slug)
    return await rounds_to_choose(programme) if programme else []


def checked_choices(rounds: list[RoundChoice], data: Mapping[str, Any]) -> dict[str, int]:
    """Field name → chosen item id, for the rounds where one was chosen."""
    errors: dict[str, str] = {}
    chosen: dict[str, int] = {}
    for round_ in rounds:
        text = _value(data, round_.field_name)
        if not text:
            continue
        session = next((s for s in round_.sessions if str(s.id) == text), None)
        if session is None:
            errors[round_.field_name] = _("Choose one of the sessions of this round.")
        elif round_.left(session) <= 0:
            errors[round_.field_name] = SessionFull(session.title).message
        else:
            chosen[round_.field_name] = session.id
    if errors:
        raise FieldErrors(errors)
    return chosen


async def save_choices(registration: RegistrationView, data: dict[str, Any]) -> None:
    """Every round as the form sent it: a session taken, or the round left."""
    if not registration.can_change:
        raise FieldErrors({"workshops": _("Your registration can no longer be changed.")})
    rounds = await rounds_of(registration.event)
    chosen = checked_choices(rounds, data)
    errors: dict[str, str] = {}
    for round_ in rounds:
        if round_.field_name not in chosen:
            await leave_round(registration.id, round_.slot_id)
            continue
        try:
            await choose_session(registration.id, chosen[round_.field_name])
        except SessionFull as exc:
            errors[round_.field_name] = exc.message
    if errors:
        raise FieldErrors(errors)


class WorkshopChoice:
    key = "workshops"

    async def render(
        self, event: EventView, *, values: Mapping[str, Any], errors: Mapping[str, str]
    ) -> Markup | None:
        rounds = await rounds_of(event)
        if not rounds:
            return None
        return Markup(
            render(
                "congress/_choose_sessions.html",
                rounds=rounds,
                values=values,
                errors=errors,
                intro=True,
            )
        )

    async def check(self, event: EventView, data: Mapping[str, Any]) -> dict[str, int]:
        return checked_choices(await rounds_of(event), data)

    async def save(self, registration_id: int, value: dict[str, int]) -> None:
        for name, item_id in value.items():
            try:
                await choose_session(registration_id, item_id, new=True)
            except SessionFull as exc:
                raise FieldErrors({name: exc.message}) from None


SECTION = WorkshopChoice()
