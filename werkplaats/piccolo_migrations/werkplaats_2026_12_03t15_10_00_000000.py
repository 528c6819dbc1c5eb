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
    manager.add_column(
        table_class_name="OutgoingMail",
        tablename="outgoing_mail",
        column_name="claimed_by",
        db_column_name="claimed_by",
        column_class_name="Varchar",
        column_class=Varchar,
        params={"length": 120, "default": "", **COMMON},
        schema=None,
    )
    manager.add_column(
        table_class_name="OutgoingMail",
        tablename="outgoing_mail",
        column_name="lease_until",
        db_column_name="lease_until",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={**COMMON, "default": None, "null": True},
        schema=None,
    )
    manager.add_column(
        table_class_name="Job",
        tablename="job",
        column_name="claimed_by",
        db_column_name="claimed_by",
        column_class_name="Varchar",
        column_class=Varchar,
        params={"length": 120, "default": "", **COMMON},
        schema=None,
    )
    manager.add_column(
        table_class_name="Job",
        tablename="job",
        column_name="lease_until",
        db_column_name="lease_until",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={**COMMON, "default": None, "null": True},
        schema=None,
    )
    return manager
