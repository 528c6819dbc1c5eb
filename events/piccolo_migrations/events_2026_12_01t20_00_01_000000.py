"""An index that answers a calendar feed's version from the index alone.

A calendar asking "changed since?" costs one aggregate over the feed's events
(`events.services.calendars.versions`): with this covering index SQLite and PostgreSQL read
only the index, about half the work of visiting each row. Raw SQL like the unique
index on registrations: Piccolo has no composite index of its own.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T20:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "covering index for calendar feed versions"


class Event(Table, tablename="event"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="events", description=DESCRIPTION)

    async def create_index():
        await Event.raw(
            "CREATE INDEX event_calendar_feed ON event (status, ends_at, updated_at, sequence)"
        )

    async def drop_index():
        await Event.raw("DROP INDEX event_calendar_feed")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
