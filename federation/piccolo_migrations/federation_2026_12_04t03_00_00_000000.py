"""Sources of other Werkplaatsen, their events and publications, theme mapping."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
    Boolean,
    Date,
    ForeignKey,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-04T03:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "federation: sources, remote events and publications, theme mapping"


class Source(Table, tablename="source", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


def _params(**changes):
    return {
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    } | changes


def _text(length):
    return Varchar, _params(default="", length=length)


SOURCE_FK = (
    ForeignKey,
    _params(
        references=Source,
        on_delete=OnDelete.cascade,
        on_update=OnUpdate.cascade,
        target_column=None,
    ),
)
TABLES = {
    ("Source", "source"): {
        "name": _text(200),
        "region": _text(100),
        "events_url": _text(500),
        "publications_url": _text(500),
        "events_etag": _text(300),
        "events_last_modified": _text(100),
        "publications_etag": _text(300),
        "publications_last_modified": _text(100),
        "last_attempt_at": (Timestamptz, _params(default=None, null=True)),
        "last_success_at": (Timestamptz, _params(default=None, null=True)),
        "last_error": (Text, _params(default="")),
        "skipped": (Text, _params(default="[]")),
        "created_at": (Timestamptz, _params(default=TimestamptzNow())),
    },
    ("RemoteEvent", "remote_event"): {
        "source": SOURCE_FK,
        "remote_id": _text(300),
        "name": _text(300),
        "description": (Text, _params(default="")),
        "starts_at": (Timestamptz, _params(default=TimestamptzNow(), index=True)),
        "ends_at": (Timestamptz, _params(default=TimestamptzNow())),
        "cancelled": (Boolean, _params(default=False)),
        "kind": _text(60),
        "themes": (Text, _params(default="[]")),
        "place": _text(300),
        "city": _text(150),
        "online": (Boolean, _params(default=False)),
        "url": _text(500),
        "registration_url": _text(500),
        "organiser": _text(200),
    },
    ("RemotePublication", "remote_publication"): {
        "source": SOURCE_FK,
        "remote_id": _text(300),
        "name": _text(300),
        "url": _text(500),
        "authors": _text(500),
        "published_on": (Date, _params(default=None, null=True)),
        "abstract": (Text, _params(default="")),
        "themes": (Text, _params(default="[]")),
        "genre": _text(60),
    },
    ("ThemeMapping", "theme_mapping"): {
        "from_name": (Varchar, _params(default="", length=150, unique=True)),
        "to_name": _text(150),
    },
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="federation", description=DESCRIPTION)
    for (class_name, tablename), columns in TABLES.items():
        manager.add_table(class_name=class_name, tablename=tablename, schema=None, columns=None)
        for name, (column, params) in columns.items():
            manager.add_column(
                table_class_name=class_name,
                tablename=tablename,
                schema=None,
                column_name=name,
                db_column_name=name,
                column_class_name=column.__name__,
                column_class=column,
                params=params,
            )

    return manager
