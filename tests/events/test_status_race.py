"""Two organisers acting on one registration at the same moment end in one state.

The allowed moves (`events.services.registration.seats.TRANSITIONS`) are checked under the seat
lock, after it is taken: the second organiser finds the status changed and is told
so, and only the first change is mailed.
"""

from __future__ import annotations

import asyncio

import pytest

from events.enums import ChangedBy, RegistrationStatus
from events.services.catalogue.events import create_event
from events.services.registration.core import RegistrationInput, register
from events.services.registration.seats import StatusConflict, change_status
from events.tables import Registration
from tests.conftest import demo_event_values
from werkplaats.mail import MailNotWanted
from werkplaats.mail.outbox import prepared
from werkplaats.tables import OutgoingMail

S = RegistrationStatus
ROUNDS = 8


async def _pending(slug: str, number: int) -> int:
    email = f"aanvrager{number}@buurtteam-alkmaar.example"
    await register(
        slug, RegistrationInput(name=f"Aanvrager {number}", email=email, privacy_consent=True)
    )
    row = await Registration.select(Registration.id).where(Registration.email == email).first()
    return row["id"]


async def _at_once(registration_id: int, *wanted: RegistrationStatus) -> list[object]:
    return await asyncio.gather(
        *(change_status(registration_id, status, by=ChangedBy.ORGANISER) for status in wanted),
        return_exceptions=True,
    )


async def _status_mails(registration_id: int) -> list[str]:
    """The templates of the status mails, as the worker renders them."""
    rows = (
        await OutgoingMail.select()
        .where(OutgoingMail.dedupe_key.like(f"registration:{registration_id}:v%"))
        .output(load_json=True)
    )
    templates = []
    for row in rows:
        try:
            templates.append((await prepared(row))["template"])
        except MailNotWanted:  # the pending mail, superseded by the decision
            continue
    return sorted(templates)


@pytest.mark.parametrize("order", ["approve-first", "reject-first"])
async def test_approve_and_reject_at_once_end_in_one_state(order):
    slug = await create_event(demo_event_values(moderated=True, capacity=50))
    wanted = (S.REGISTERED, S.REJECTED) if order == "approve-first" else (S.REJECTED, S.REGISTERED)

    for number in range(ROUNDS):
        registration_id = await _pending(slug, number)

        results = await _at_once(registration_id, *wanted)

        won = [r for r in results if not isinstance(r, BaseException)]
        lost = [r for r in results if isinstance(r, StatusConflict)]
        assert (len(won), len(lost)) == (1, 1), results
        final = (
            await Registration.select(Registration.status).where(Registration.id == registration_id)
        )[0]
        assert final["status"] == won[0].status
        assert lost[0].current is won[0].status
        mails = await _status_mails(registration_id)
        other = next(status for status in wanted if status is not won[0].status)
        assert mails.count(f"registration_{won[0].status}") == 1
        assert f"registration_{other}" not in mails


async def test_two_cancels_at_once_cancel_once_and_promote_once():
    slug = await create_event(demo_event_values(capacity=1))
    first = await register(
        slug, RegistrationInput(name="Eerste", email="a@wijk.example", privacy_consent=True)
    )
    await register(
        slug, RegistrationInput(name="Tweede", email="b@wijk.example", privacy_consent=True)
    )
    row = (
        await Registration.select(Registration.id).where(Registration.token == first.token).first()
    )

    results = await _at_once(row["id"], S.CANCELLED, S.CANCELLED)

    changed = [r for r in results if r.changed]
    assert len(changed) == 1 and len(changed[0].promoted) == 1
    counts = {
        status: await Registration.count().where(Registration.status == status) for status in S
    }
    assert (counts[S.REGISTERED], counts[S.CANCELLED], counts[S.WAITLISTED]) == (1, 1, 0)


async def test_leaving_the_waiting_list_clears_its_place_in_line():
    slug = await create_event(demo_event_values(capacity=1))
    first = await register(
        slug, RegistrationInput(name="Eerste", email="a@wijk.example", privacy_consent=True)
    )
    for letter in "bc":
        await register(
            slug,
            RegistrationInput(name=letter, email=f"{letter}@wijk.example", privacy_consent=True),
        )
    rows = {
        r["email"]: r
        for r in await Registration.select(
            Registration.id, Registration.email, Registration.waitlisted_at
        )
    }
    assert rows["b@wijk.example"]["waitlisted_at"] is not None

    await change_status(rows["c@wijk.example"]["id"], S.CANCELLED, notify=False)  # leaves the list
    first_row = await Registration.select(Registration.id).where(Registration.token == first.token)
    await change_status(first_row[0]["id"], S.CANCELLED, notify=False)  # b moves up

    after = {
        r["email"]: r["waitlisted_at"]
        for r in await Registration.select(Registration.email, Registration.waitlisted_at)
    }
    assert after == {"a@wijk.example": None, "b@wijk.example": None, "c@wijk.example": None}
