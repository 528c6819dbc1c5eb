"""The outbox's builder for a mailing's deliveries: it makes one recipient's mail
just before the worker sends it, from the mailing's stencil (`mailings.stencil`)."""

from __future__ import annotations

from typing import Any

from events.views import EventView
from mailings.automatic import AUTO_SUBMITTED
from mailings.letters import personal_values
from mailings.services.audience import Recipient
from mailings.services.mailings import MailingView, get_mailing
from mailings.services.newsletter import preferences_url, unsubscribe_url
from mailings.services.publications import publications_by_id
from mailings.services.sending import BUILDER, mailing_event
from mailings.stencil import Stencil, make_stencil
from mailings.tables import MailingDelivery
from mailings.views import PublicationView
from werkplaats.mail.outbox import MailContent, MailNotWanted, mail_builder
from werkplaats.memo import TimedCache

# A sent mailing does not change: its text, event and cards are read once a minute
# per process, not once per recipient. The key holds the moment it was sent, so a
# mailing id used again (a database emptied, as between tests) is never mistaken.
_mailings = TimedCache(seconds=60, size=64)
_stencils = TimedCache(seconds=60, size=64)  # (mailing, sent, language, unsubscribe)

_RECIPIENT = """
SELECT d.to_address, d.to_name, d.language, d.registration, d.suppressed, r.token,
       s.token AS reader_token, l.token AS evaluation_token
FROM mailing_delivery d LEFT JOIN registration r ON r.id = d.registration
     LEFT JOIN subscriber s ON s.email = d.to_address
     LEFT JOIN evaluation_link l ON l.registration = d.registration
WHERE d.mailing = {} AND d.to_address = {}
"""


async def _mailing(
    mailing_id: int, sent_at: str
) -> tuple[MailingView, EventView | None, list[PublicationView]] | None:
    found = _mailings.get((mailing_id, sent_at))
    if found is None:
        mailing = await get_mailing(mailing_id)
        if mailing is None:
            return None
        found = (
            mailing,
            await mailing_event(mailing),
            await publications_by_id(mailing.publication_ids),
        )
        _mailings.set((mailing_id, sent_at), found)
    return found


def _stencil(
    key: tuple[Any, ...],
    found: tuple[MailingView, EventView | None, list[PublicationView]],
    language: str,
    unsubscribe: bool,
) -> Stencil:
    stencil = _stencils.get((*key, language, unsubscribe))
    if stencil is None:
        mailing, event, publications = found
        stencil = make_stencil(mailing, event, publications, language, unsubscribe=unsubscribe)
        _stencils.set((*key, language, unsubscribe), stencil)
    return stencil


@mail_builder(BUILDER)
async def build_mailing_delivery(params: dict[str, Any]) -> MailContent:
    key = (params["mailing"], params.get("sent_at", ""))
    found = await _mailing(*key)
    rows = await MailingDelivery.raw(_RECIPIENT, params["mailing"], params["address"])
    if found is None or not rows or rows[0]["suppressed"]:
        raise MailNotWanted("the mailing or this recipient is gone")
    mailing = found[0]
    row = rows[0]
    recipient = Recipient(
        row["to_address"],
        row["to_name"],
        row["language"],
        row["registration"],
        row["token"] or "",
        row["evaluation_token"] or "",
    )
    values = personal_values(recipient, for_event=mailing.for_event)
    unsubscribe = bool(mailing.newsletter and row["reader_token"])
    if not unsubscribe:
        rendered = _stencil(key, found, recipient.language, False).filled(values)
        headers = AUTO_SUBMITTED if mailing.automatic else {}
        return MailContent(context={}, rendered=rendered, headers=headers)
    # RFC 8058: one click in the mail program unsubscribes, without a visit.
    url = unsubscribe_url(row["reader_token"])
    values |= {"unsubscribe_url": url, "preferences_url": preferences_url(row["reader_token"])}
    return MailContent(
        context={},
        rendered=_stencil(key, found, recipient.language, True).filled(values),
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
