from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "outbox rows rendered by the worker: builder and params"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="werkplaats", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="OutgoingMail",
        tablename="outgoing_mail",
        column_name="builder",
        db_column_name="builder",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 50,
            "default": "",
            "null": False,
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

    manager.add_column(
        table_class_name="OutgoingMail",
        tablename="outgoing_mail",
        column_name="params",
        db_column_name="params",
        column_class_name="JSON",
        column_class=JSON,
        params={
            "default": "{}",
            "null": False,
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
