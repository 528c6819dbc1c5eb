"""One copy of an item per source: (source, remote_id) unique."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-04T03:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "remote items unique per source"
TABLES = ("remote_event", "remote_publication")


class Source(Table, tablename="source"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="federation", description=DESCRIPTION)

    async def unique_items():
        for table in TABLES:
            await Source.raw(
                f"CREATE UNIQUE INDEX {table}_source_remote_id ON {table} (source, remote_id)"
            )

    async def drop_unique_items():
        for table in TABLES:
            await Source.raw(f"DROP INDEX {table}_source_remote_id")

    manager.add_raw(unique_items)
    manager.add_raw_backwards(drop_unique_items)
    return manager
