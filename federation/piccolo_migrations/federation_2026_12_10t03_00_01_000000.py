"""One key per name, one follower per actor, one activity per id, and one delivery
of an activity per inbox."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-10T03:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "the ActivityPub actor's unique keys"
UNIQUE = {
    "actor_key_name": "actor_key (name)",
    "follower_actor_id": "follower (actor_id)",
    "activity_ap_id": "activity (ap_id)",
    "delivery_activity_inbox": "delivery (activity, inbox)",
}


class Follower(Table, tablename="follower"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="federation", description=DESCRIPTION)

    async def unique_keys():
        for index, target in UNIQUE.items():
            await Follower.raw(f"CREATE UNIQUE INDEX {index} ON {target}")

    async def drop_unique_keys():
        for index in UNIQUE:
            await Follower.raw(f"DROP INDEX {index}")

    manager.add_raw(unique_keys)
    manager.add_raw_backwards(drop_unique_keys)
    return manager
