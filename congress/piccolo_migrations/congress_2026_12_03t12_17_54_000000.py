"""One session per registration and round; counting a session's choices is an index scan."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-03T12:17:54:000000"
VERSION = "1.38.0"
DESCRIPTION = "session choice uniqueness"

UNIQUE = {"session_choice_per_round": "ON session_choice (registration, slot)"}
PLAIN = {"session_choice_item": "ON session_choice (item)"}


class SessionChoice(Table, tablename="session_choice"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="congress", description=DESCRIPTION)

    async def create_indexes():
        for name, definition in UNIQUE.items():
            await SessionChoice.raw(f"CREATE UNIQUE INDEX {name} {definition}")
        for name, definition in PLAIN.items():
            await SessionChoice.raw(f"CREATE INDEX {name} {definition}")

    async def drop_indexes():
        for name in (*UNIQUE, *PLAIN):
            await SessionChoice.raw(f"DROP INDEX {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
