"""An index for the seat decision: the registered of one event, counted from the index.

The count runs under the event's seat lock on every registration and every change of
status, so it must not visit rows. Raw SQL like the other composite indexes.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-03T09:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "index on registration (event, status) for the seat count"


class Registration(Table, tablename="registration"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="events", description=DESCRIPTION)

    async def create_index():
        await Registration.raw(
            "CREATE INDEX registration_event_status ON registration (event, status)"
        )

    async def drop_index():
        await Registration.raw("DROP INDEX registration_event_status")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
