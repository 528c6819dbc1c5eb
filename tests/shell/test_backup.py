"""`werkplaats backup` and `werkplaats restore`, run as processes on this run's own
database (SQLite, or PostgreSQL in CI): what was there comes back, row for row."""

from __future__ import annotations

from events.services.catalogue.events import create_event
from events.tables import Event, Registration
from tests.conftest import demo_event_values
from tests.events.test_registration_api import person, url
from tests.shell.test_cli import werkplaats


async def _state() -> dict[str, list]:
    events = await Event.select(Event.slug, Event.title).order_by(Event.id)
    people = await Registration.select(Registration.email, Registration.status).order_by(
        Registration.id
    )
    return {"events": events, "registrations": people}


async def test_a_backup_restored_brings_back_every_row(client, tmp_path):
    slug = await create_event(demo_event_values(capacity=1))
    await client.post(url(slug), json=person(email="eerste@example.nl"))
    await client.post(url(slug), json=person(email="tweede@example.nl"))  # waiting list
    before = await _state()
    target = tmp_path / "werkplaats.backup"

    made = await werkplaats("backup", str(target))
    assert made.returncode == 0, made.stderr
    assert target.stat().st_size > 0 and not list(tmp_path.glob("*.partial"))

    await Registration.delete(force=True)
    await create_event(demo_event_values(title="Na de back-up"))
    assert await _state() != before

    restored = await werkplaats("restore", "--yes", str(target))
    assert restored.returncode == 0, restored.stderr
    assert await _state() == before


async def test_restore_asks_first_and_changes_nothing_when_refused(tmp_path):
    await create_event(demo_event_values())
    target = tmp_path / "werkplaats.backup"
    assert (await werkplaats("backup", str(target))).returncode == 0
    await create_event(demo_event_values(title="Tweede"))

    refused = await werkplaats("restore", str(target), stdin="n\n")

    assert refused.returncode != 0
    assert await Event.count() == 2


async def test_restore_of_a_file_that_is_no_backup_says_so_and_changes_nothing(tmp_path):
    await create_event(demo_event_values())
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"dit is geen back-up" * 100)

    result = await werkplaats("restore", "--yes", str(junk))

    assert result.returncode != 0
    assert result.stderr.startswith("Error: ")  # said, not a traceback
    assert "Traceback" not in result.stderr
    assert await Event.count() == 1
