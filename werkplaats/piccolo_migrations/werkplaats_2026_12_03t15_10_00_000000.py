"""Claims with an owner and a lease (werkplaats.leases) on outgoing mail and jobs:
a late finish never overwrites a row taken back, a restarted worker takes up its
own rows at once."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T15:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "claimed_by and lease_until on outgoing_mail and job"

COMMON = {
    "null": False,
    "primary_key": False,
    "unique": False,
    "index": False,
    "index_method": IndexMethod.btree,
    "choices": None,
    "db_column_name": None,
    "secret": False,
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="werkplaats", description=DESCRIPTION)
    for table_class_name, tablename in (("OutgoingMail", "outgoing_mail"), ("Job", "job")):
        for name, column_class, params in (
            ("claimed_by", Varchar, {"length": 120, "default": "", **COMMON}),
            ("lease_until", Timestamptz, {**COMMON, "default": None, "null": True}),
        ):
            manager.add_column(
                table_class_name=table_class_name,
                tablename=tablename,
                column_name=name,
                db_column_name=name,
                column_class_name=column_class.__name__,
                column_class=column_class,
                params=params,
                schema=None,
            )
    return manager
