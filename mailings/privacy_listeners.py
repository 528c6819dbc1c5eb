"""What mailings holds about a person, in their data download and in an erasure
(`events.hooks.personal_data`, `erase_personal_data`).

Held by e-mail address: a newsletter subscription (with its themes), the mailings
sent to them, a suppression (a bounce or complaint, imported by hand), and the
evaluations they answered with their name. An erasure removes the subscription,
blanks the address and name on every delivery (the mailing's counts stay), and
takes the name off their evaluations (the answers stay, anonymous, as if given so).
A suppression stays: it is what keeps mail from an address that bounced or
complained, and it is shown in the download.
"""

from __future__ import annotations

from typing import Any

from events import hooks
from events.services.privacy.personal_data import moment
from mailings.tables import (
    EvaluationAnswer,
    MailingDelivery,
    Subscriber,
    SubscriberTheme,
    Suppression,
)


async def _newsletter(email: str) -> dict[str, Any] | None:
    row = await Subscriber.select().where(Subscriber.email == email).first()
    if row is None:
        return None
    themes = await SubscriberTheme.select(SubscriberTheme.theme.name.as_alias("theme")).where(
        SubscriberTheme.subscriber == row["id"]
    )
    return {
        "name": row["name"],
        "language": row["language"],
        "subscribed_at": moment(row["created_at"]),
        "confirmed_at": moment(row["confirmed_at"]),
        "unsubscribed_at": moment(row["unsubscribed_at"]),
        "themes": [t["theme"] for t in themes],
    }


def _delivery(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "subject": row["subject"],
        "sent_at": moment(row["sent_at"]),
        "suppressed": row["suppressed"],
    }


@hooks.personal_data.register
async def mailings_data(email: str) -> list[hooks.PersonalData]:
    deliveries = await MailingDelivery.select(
        MailingDelivery.mailing.subject.as_alias("subject"),
        MailingDelivery.mailing.sent_at.as_alias("sent_at"),
        MailingDelivery.suppressed,
    ).where(MailingDelivery.to_address == email)
    suppression = await Suppression.select(Suppression.reason, Suppression.created_at).where(
        Suppression.email == email
    ).first()  # fmt: skip
    evaluations = await EvaluationAnswer.select(
        EvaluationAnswer.event.title.as_alias("event"),
        EvaluationAnswer.rating,
        EvaluationAnswer.useful,
        EvaluationAnswer.better,
        EvaluationAnswer.answered_on,
    ).where(EvaluationAnswer.registration.email == email)
    parts = [
        hooks.PersonalData("newsletter", await _newsletter(email)),
        hooks.PersonalData("mailings", [_delivery(d) for d in deliveries]),
        hooks.PersonalData(
            "evaluations",
            [{**e, "answered_on": e["answered_on"].isoformat()} for e in evaluations],
        ),
    ]
    if suppression is not None:
        since = moment(suppression["created_at"])
        parts.append(
            hooks.PersonalData("suppression", {"reason": suppression["reason"], "since": since})
        )
    return [part for part in parts if part.data]  # only what is held


@hooks.erase_personal_data.register
async def erase_mailings_data(email: str) -> None:
    await Subscriber.delete().where(Subscriber.email == email)  # its themes cascade
    await MailingDelivery.update(
        {MailingDelivery.to_address: "", MailingDelivery.to_name: ""}
    ).where(MailingDelivery.to_address == email)
    ids = [
        row["id"]
        for row in await EvaluationAnswer.select(EvaluationAnswer.id).where(
            EvaluationAnswer.registration.email == email
        )
    ]
    if ids:
        await EvaluationAnswer.update({EvaluationAnswer.registration: None}).where(
            EvaluationAnswer.id.is_in(ids)
        )
