"""Certificate verification codes of 130 bits: 26 characters where 16 (80 bits) were.

DESIGN.md asks ≥ 128 bits of every code in a link. Codes already issued stay as they
are and keep verifying; the column only grows (SQLite keeps no length: a no-op there).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar

ID = "2026-12-03T12:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "certificate.code up to 32 characters"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="events", description=DESCRIPTION)
    manager.alter_column(
        table_class_name="Certificate",
        tablename="certificate",
        column_name="code",
        db_column_name="code",
        params={"length": 32},
        old_params={"length": 20},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )
    return manager
