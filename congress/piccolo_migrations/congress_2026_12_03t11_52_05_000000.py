"""One assignment per (abstract, reviewer), one reviewer row per (call, account).

The assignment service inserts with ON CONFLICT DO NOTHING against these, so two
organisers assigning at once, or a retried request, never assign twice.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-03T11:52:05:000000"
VERSION = "1.38.0"
DESCRIPTION = "review uniqueness"

INDEXES = {
    "review_assignment_pair": "ON review_assignment (abstract, reviewer)",
    "reviewer_once": 'ON reviewer (call, "user")',
}


class Reviewer(Table, tablename="reviewer"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="congress", description=DESCRIPTION)

    async def create_indexes():
        for name, definition in INDEXES.items():
            await Reviewer.raw(f"CREATE UNIQUE INDEX {name} {definition}")

    async def drop_indexes():
        for name in INDEXES:
            await Reviewer.raw(f"DROP INDEX {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
