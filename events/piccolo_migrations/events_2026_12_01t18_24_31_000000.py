"""One live check-in per registration and place, one row per scanner nonce.

Partial unique indexes (PostgreSQL and SQLite both have them): an undone check-in
(`undone_at` set) no longer counts, so the person can be checked in again.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T18:24:31:000000"
VERSION = "1.38.0"
DESCRIPTION = "check-in uniqueness and counting"

INDEXES = {
    "checkin_once_at_entrance": "ON checkin (registration) "
    "WHERE session IS NULL AND undone_at IS NULL",
    "checkin_once_per_session": "ON checkin (registration, session) "
    "WHERE session IS NOT NULL AND undone_at IS NULL",
    "checkin_nonce": "ON checkin (event, nonce) WHERE nonce <> ''",
}


# The door's live counts: checked in per event and place.
PLAIN_INDEXES = {"checkin_event_session": "ON checkin (event, session)"}


class Checkin(Table, tablename="checkin"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="events", description=DESCRIPTION)

    async def create_indexes():
        for name, definition in INDEXES.items():
            await Checkin.raw(f"CREATE UNIQUE INDEX {name} {definition}")
        for name, definition in PLAIN_INDEXES.items():
            await Checkin.raw(f"CREATE INDEX {name} {definition}")

    async def drop_indexes():
        for name in [*INDEXES, *PLAIN_INDEXES]:
            await Checkin.raw(f"DROP INDEX {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
