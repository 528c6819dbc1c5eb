"""One registration per (event, e-mail): Piccolo has no composite unique column."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-28T19:46:50:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique registration per event and e-mail"


class Registration(Table, tablename="registration"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="events", description=DESCRIPTION)

    async def create_index():
        await Registration.raw(
            "CREATE UNIQUE INDEX registration_event_email ON registration (event, email)"
        )

    async def drop_index():
        await Registration.raw("DROP INDEX registration_event_email")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
