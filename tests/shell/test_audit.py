"""The audit log: what staff did is recorded with who, from where and on what, in the
transaction of the change; admins read and search it; old entries go (issue 13, ASVS V7)."""

from __future__ import annotations

import datetime as dt
import json

from events.enums import RegistrationStatus
from events.services.catalogue.events import create_event
from events.tables import Registration
from tests.conftest import demo_event_values, post_form
from tests.events.test_registration_api import person, token_of, url
from werkplaats.audit import _sweep_old_entries
from werkplaats.enums import Role
from werkplaats.tables import AuditEntry


async def entries() -> list[dict]:
    return await AuditEntry.select().order_by(AuditEntry.id)


async def test_an_organiser_cancelling_an_event_is_recorded_with_who_and_where(client, login):
    slug = await create_event(demo_event_values())
    organiser = await login(Role.ORGANISER)
    await AuditEntry.delete(force=True)  # the creation above was the test's own

    await post_form(client, f"/beheer/events/{slug}/status", {"status": "cancelled"})

    [entry] = await entries()
    assert (entry["action"], entry["subject"]) == ("event.cancelled", f"event:{slug}")
    assert (entry["actor"], entry["actor_id"]) == (organiser.email, organiser.id)
    assert entry["address"]  # the client's address


async def test_a_status_change_by_staff_is_recorded_but_not_the_registrants_own(client, login):
    slug = await create_event(demo_event_values())
    await client.post(url(slug), json=person(email="eerste@example.nl"))
    await client.post(url(slug), json=person(email="tweede@example.nl"))
    first = (
        await Registration.select(Registration.id)
        .where(Registration.email == "eerste@example.nl")
        .first()
    )
    await post_form(client, f"/r/{await token_of('tweede@example.nl')}/annuleren", {})
    await login(Role.ORGANISER)

    await post_form(
        client,
        f"/beheer/events/{slug}/registrations/{first['id']}/status",
        {"action": "cancel"},
    )

    found = [
        (e["action"], e["subject"])
        for e in await entries()
        if e["action"].startswith("registration.")
    ]
    assert found == [("registration.cancelled", f"registration:{first['id']}")]
    assert (
        await Registration.select(Registration.status).where(Registration.id == first["id"]).first()
    )["status"] == RegistrationStatus.CANCELLED


async def test_an_export_of_personal_data_is_recorded(client, login):
    slug = await create_event(demo_event_values())
    await login(Role.ORGANISER)

    response = await client.get(f"/beheer/events/{slug}/registrations.csv")

    assert response.status_code == 200
    assert ("export.registrations", f"event:{slug}") in [
        (e["action"], e["subject"]) for e in await entries()
    ]


async def test_admins_read_and_search_the_log_and_organisers_may_not(client, login, make_user):
    slug = await create_event(demo_event_values(title="Schulden en armoede"))
    await create_event(demo_event_values(title="Jeugd en gezin"))
    await login(Role.ADMIN)

    page = await client.get("/beheer/audit/", params={"q": slug})
    exported = await client.get("/beheer/audit/audit.csv", params={"action": "event."})

    assert page.status_code == 200
    assert f"event:{slug}" in page.text and "event:jeugd-en-gezin" not in page.text
    assert exported.text.count("event.created") == 2
    organiser = await make_user(Role.ORGANISER, email="organisator@werkplaats.test")
    client.cookies.clear()
    await post_form(
        client,
        "/login",
        {"email": organiser.email, "password": "correct horse battery staple", "next": "/"},
    )
    assert (await client.get("/beheer/audit/", follow_redirects=False)).status_code == 403


async def test_entries_older_than_the_retention_are_swept():
    await create_event(demo_event_values())
    await AuditEntry.update(
        {AuditEntry.at: dt.datetime.now(dt.UTC) - dt.timedelta(days=731)}
    ).where(AuditEntry.action == "event.created")
    await create_event(demo_event_values(title="Recent"))

    await _sweep_old_entries(0)

    [kept] = await entries()
    assert json.loads(kept["detail"]) == {"title": "Recent"}


async def test_the_log_export_never_hands_a_spreadsheet_a_formula(client, login):
    await AuditEntry.insert(
        AuditEntry(actor='=HYPERLINK("https://example.org/x";"klik")', action="account.saved",
                   subject="+31 20 1234567", detail="{}")
    )  # fmt: skip
    await login(Role.ADMIN)

    exported = await client.get("/beheer/audit/audit.csv")

    line = next(row for row in exported.text.splitlines() if "HYPERLINK" in row)
    assert ";'=HYPERLINK" in line.replace('"', "")
    assert ";'+31 20 1234567;" in line
    assert exported.content.startswith("\ufeff".encode())
