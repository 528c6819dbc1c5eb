"""Privacy by design: a retention period per event, the moment a registration was
anonymised, and a record of each export or erasure of someone's data."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T12:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "retention months, anonymised_at, privacy requests"


def _params(**values):
    return {
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
        **values,
    }


def _column(manager, table, tablename, name, column_class, **params):
    manager.add_column(
        table_class_name=table,
        tablename=tablename,
        column_name=name,
        db_column_name=name,
        column_class_name=column_class.__name__,
        column_class=column_class,
        params=_params(**params),
        schema=None,
    )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="events", description=DESCRIPTION)
    _column(manager, "Event", "event", "retention_months", Integer, default=12)
    _column(manager, "Registration", "registration", "anonymised_at", Timestamptz,
            default=None, null=True)  # fmt: skip
    manager.add_table(
        class_name="PrivacyRequest", tablename="privacy_request", schema=None, columns=None
    )
    _column(manager, "PrivacyRequest", "privacy_request", "id", Serial, primary_key=True)
    _column(manager, "PrivacyRequest", "privacy_request", "kind", Varchar, length=10, default="")
    _column(manager, "PrivacyRequest", "privacy_request", "by_name", Varchar,
            length=200, default="")  # fmt: skip
    _column(manager, "PrivacyRequest", "privacy_request", "registrations", Integer, default=0)
    _column(manager, "PrivacyRequest", "privacy_request", "created_at", Timestamptz,
            default=TimestamptzNow())  # fmt: skip
    return manager
