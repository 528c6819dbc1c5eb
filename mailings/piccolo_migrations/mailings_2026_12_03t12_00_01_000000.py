"""Unique publication slugs, after the column exists (raw steps run before a
migration's column changes, and SQLite cannot add a UNIQUE column)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-03T12:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "publication slugs filled in and unique"


class Publication(Table, tablename="publication"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="mailings", description=DESCRIPTION)

    async def unique_slugs():
        # Rows from before have no slug: each gets one from its id.
        await Publication.raw(
            "UPDATE publication SET slug = 'publicatie-' || CAST(id AS VARCHAR(20)) "
            "WHERE slug = ''"
        )
        await Publication.raw("CREATE UNIQUE INDEX publication_slug ON publication (slug)")

    async def drop_unique_slugs():
        await Publication.raw("DROP INDEX publication_slug")

    manager.add_raw(unique_slugs)
    manager.add_raw_backwards(drop_unique_slugs)
    return manager
