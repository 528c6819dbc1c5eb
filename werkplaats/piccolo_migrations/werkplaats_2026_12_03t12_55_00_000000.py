"""Outgoing mail keeps extra headers (List-Unsubscribe, Auto-Submitted) with what was
rendered, so a retry sends the same message."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T12:55:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "outgoing_mail.headers"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="werkplaats", description=DESCRIPTION)
    manager.add_column(
        table_class_name="OutgoingMail",
        tablename="outgoing_mail",
        column_name="headers",
        db_column_name="headers",
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
