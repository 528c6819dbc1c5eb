"""The mails to speakers, built by the worker from the abstract's id."""

from __future__ import annotations

from typing import Any

from congress.enums import AbstractState
from congress.services.abstracts import abstract_by_id
from congress.services.decisions import DECISION_MAIL, REMINDER_MAIL
from congress.services.review import speaker_comments
from congress.services.submission import RECEIVED_MAIL
from congress.views import AbstractView
from werkplaats.mail import MailContent, MailNotWanted, mail_builder
from werkplaats.settings import get_settings


async def _abstract(params: dict[str, Any]) -> AbstractView:
    view = await abstract_by_id(params["abstract"])
    if view is None:
        raise MailNotWanted("the abstract is gone")
    return view


def abstract_context(view: AbstractView) -> dict[str, Any]:
    return {
        "a": view,
        "abstract_url": view.url,
        "call_url": f"{get_settings().base_url}{view.call.url}",
    }


@mail_builder(RECEIVED_MAIL)
async def received_mail(params: dict[str, Any]) -> MailContent:
    """Thank you, what we received, and the personal link to change or withdraw it."""
    return MailContent(context=abstract_context(await _abstract(params)))


@mail_builder(DECISION_MAIL)
async def decision_mail(params: dict[str, Any]) -> MailContent:
    """Accepted (confirm before …), not accepted, or waiting list; with what the
    reviewers wrote for the speaker. Not sent if the decision changed since."""
    view = await _abstract(params)
    if view.state is not AbstractState(params["state"]):
        raise MailNotWanted("superseded by a later decision")
    comments = await speaker_comments(view.id)
    return MailContent(context=abstract_context(view) | {"comments": comments})


@mail_builder(REMINDER_MAIL)
async def reminder_mail(params: dict[str, Any]) -> MailContent:
    """Please confirm: only while the abstract is accepted and not confirmed."""
    view = await _abstract(params)
    if not view.can_confirm:
        raise MailNotWanted("confirmed or no longer accepted")
    return MailContent(context=abstract_context(view))
