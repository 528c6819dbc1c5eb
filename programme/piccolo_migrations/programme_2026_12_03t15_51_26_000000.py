"""One target per year and kind (raw: Piccolo has no composite unique column)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-03T15:51:26:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique target per year and kind"


class ProgrammeTarget(Table, tablename="programme_target", schema=None):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="programme", description=DESCRIPTION)

    async def unique_targets():
        await ProgrammeTarget.raw("CREATE UNIQUE INDEX programme_target_year_kind ON programme_target (year, kind)")

    async def drop_unique_targets():
        await ProgrammeTarget.raw("DROP INDEX programme_target_year_kind")

    manager.add_raw(unique_targets)
    manager.add_raw_backwards(drop_unique_targets)
    return manager
