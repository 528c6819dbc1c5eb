"""When registration is possible, and what a registrant may type."""

from __future__ import annotations

import datetime as dt

import pytest

from events.enums import EventStatus, RegistrationStatus
from events.services.catalogue.events import create_event, set_status
from events.services.registration.core import RegistrationClosed, RegistrationInput, register
from events.services.registration.mail import status_mail
from events.services.registration.seats import change_status
from events.tables import Registration
from tests.conftest import demo_event_values
from werkplaats.errors import FieldErrors
from werkplaats.i18n import TIMEZONE, language
from werkplaats.mail import MailNotWanted

NOW = dt.datetime.now(TIMEZONE)


def person(**overrides) -> RegistrationInput:
    values = {"name": "Kees Visser", "email": "kees@welzijn.example", "privacy_consent": True}
    return RegistrationInput(**{**values, **overrides})


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"registration_opens_at": NOW + dt.timedelta(days=1)}, "Registration opens on"),
        (
            {
                "registration_closes_at": NOW - dt.timedelta(minutes=1),
                "registration_opens_at": NOW - dt.timedelta(days=2),
            },
            "has closed",
        ),
        (
            {
                "starts_at": NOW - dt.timedelta(days=2),
                "ends_at": NOW - dt.timedelta(days=2, hours=-3),
            },
            "already taken place",
        ),
    ],
    ids=["not-yet-open", "closed", "past"],
)
async def test_register_outside_the_window_is_refused_and_takes_no_seat(overrides, message):
    slug = await create_event(demo_event_values(**overrides))

    with language("en"), pytest.raises(RegistrationClosed) as caught:
        await register(slug, person())

    assert message in caught.value.message
    assert await Registration.count() == 0


async def test_register_for_a_cancelled_event_is_refused():
    slug = await create_event(demo_event_values())
    await set_status(slug, EventStatus.CANCELLED)

    with language("en"), pytest.raises(RegistrationClosed) as caught:
        await register(slug, person())

    assert caught.value.message == "This event has been cancelled."
    assert await Registration.count() == 0


async def test_register_for_a_draft_is_unknown():
    slug = await create_event(demo_event_values(status=EventStatus.DRAFT))

    with pytest.raises(LookupError):
        await register(slug, person())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": " "}, "name"),
        ({"email": "kees@"}, "email"),
        ({"email": "x" * 250 + "@a.nl"}, "email"),
        ({"registerplein_number": "12345678"}, "registerplein_number"),
        ({"registerplein_number": "4610abc"}, "registerplein_number"),
        ({"organisation": "o" * 201}, "organisation"),
        ({"organisation_type": "bank"}, "organisation_type"),
        ({"privacy_consent": False}, "privacy_consent"),
    ],
)
async def test_register_with_bad_details_is_a_field_error_and_writes_nothing(overrides, field):
    slug = await create_event(demo_event_values())

    with pytest.raises(FieldErrors) as caught:
        await register(slug, person(**overrides))

    assert list(caught.value.errors) == [field]
    assert await Registration.count() == 0


async def test_registerplein_number_with_spaces_is_accepted_without_them():
    slug = await create_event(demo_event_values())

    await register(slug, person(registerplein_number="4610 1234 5"))

    row = await Registration.select(Registration.registerplein_number).first()
    assert row["registerplein_number"] == "461012345"


async def test_moderated_event_waits_for_approval_then_admits_or_waitlists():
    slug = await create_event(demo_event_values(moderated=True, capacity=1))
    first = await register(slug, person(email="a@example.nl"))
    second = await register(slug, person(email="b@example.nl"))
    rows = await Registration.select(Registration.id).order_by(Registration.id)

    approved = [
        (await change_status(rows[0]["id"], RegistrationStatus.REGISTERED)).status,
        (await change_status(rows[1]["id"], RegistrationStatus.REGISTERED)).status,
    ]

    assert (first.status, second.status) == (RegistrationStatus.PENDING, RegistrationStatus.PENDING)
    assert approved == [RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]


async def test_cancelled_registration_can_register_again_with_a_new_link():
    slug = await create_event(demo_event_values())
    first = await register(slug, person())
    row = await Registration.select(Registration.id).first()
    await change_status(row["id"], RegistrationStatus.CANCELLED)

    again = await register(slug, person())

    assert again.status is RegistrationStatus.REGISTERED
    assert again.token != first.token
    assert await Registration.count() == 1


async def test_status_mail_of_a_new_registration_tells_the_status_its_seat_got():
    slug = await create_event(demo_event_values(capacity=1))
    await register(slug, person(email="a@example.nl"))
    await register(slug, person(email="b@example.nl"))
    first, second = await Registration.select(Registration.id).order_by(Registration.id)

    seated = await status_mail({"registration": first["id"], "version": 1})
    waiting = await status_mail({"registration": second["id"], "version": 1})

    assert seated.template == "registration_registered"
    assert [a.filename for a in seated.attachments] == ["ticket-qr.png", f"{slug}.ics"]
    assert (waiting.template, waiting.context["position"]) == ("registration_waitlisted", 1)


async def test_status_mail_of_a_version_changed_since_is_not_sent():
    slug = await create_event(demo_event_values())
    await register(slug, person())
    row = await Registration.select(Registration.id).first()
    await change_status(row["id"], RegistrationStatus.CANCELLED)

    with pytest.raises(MailNotWanted):
        await status_mail({"registration": row["id"], "version": 1})
    cancelled = await status_mail({"registration": row["id"], "status": "cancelled"})

    assert cancelled.template == "registration_cancelled"
