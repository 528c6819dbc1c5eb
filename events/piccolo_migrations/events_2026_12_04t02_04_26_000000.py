"""One conflict row per (event, nonce): a batch an offline door sends again records
nothing twice. (Its own migration: Piccolo runs raw steps before the tables.)"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-04T02:04:26:000000"
VERSION = "1.38.0"
DESCRIPTION = "check-in conflicts once per nonce"


class CheckinConflict(Table, tablename="checkin_conflict"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="events", description=DESCRIPTION)

    async def create_index():
        await CheckinConflict.raw(
            "CREATE UNIQUE INDEX checkin_conflict_nonce ON checkin_conflict (event, nonce)"
        )

    async def drop_index():
        await CheckinConflict.raw("DROP INDEX checkin_conflict_nonce")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
