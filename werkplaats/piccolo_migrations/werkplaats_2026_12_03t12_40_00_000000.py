"""account.sessions_since: disabling an account ends every session it had."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T12:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "account.sessions_since"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="werkplaats", description=DESCRIPTION)
    manager.add_column(
        table_class_name="User",
        tablename="account",
        column_name="sessions_since",
        db_column_name="sessions_since",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )
    return manager
