"""One follow-up mailing per event, after the column exists (raw steps run before a
migration's column changes): two sweeping processes make one."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-04T02:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "follow-up mailings unique per event"


class Mailing(Table, tablename="mailing"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="mailings", description=DESCRIPTION)

    async def unique_made_for():
        # Partial: every mailing an organiser wrote has it empty.
        await Mailing.raw(
            "CREATE UNIQUE INDEX mailing_made_for ON mailing (made_for) WHERE made_for <> ''"
        )

    async def drop_unique_made_for():
        await Mailing.raw("DROP INDEX mailing_made_for")

    manager.add_raw(unique_made_for)
    manager.add_raw_backwards(drop_unique_made_for)
    return manager
