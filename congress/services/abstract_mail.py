"""The mails to speakers, built by the worker from the abstract's id."""

from __future__ import annotations

from typing import Any

from congress.services.abstracts import abstract_by_id
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
