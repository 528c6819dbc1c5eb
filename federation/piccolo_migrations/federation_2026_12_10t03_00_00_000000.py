"""The ActivityPub actor: its key pair, its followers, what it sent and to whom."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-10T03:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "federation: the ActivityPub actor's key, followers, activities, deliveries"


class Activity(Table, tablename="activity", schema=None):
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


NOW = (Timestamptz, _params(default=TimestamptzNow()))
NOT_YET = (Timestamptz, _params(default=None, null=True))
TABLES = {
    ("ActorKey", "actor_key"): {
        "name": _text(60),
        "private_key_pem": (Text, _params(default="", secret=True)),
        "public_key_pem": (Text, _params(default="")),
        "created_at": NOW,
    },
    ("Follower", "follower"): {
        "actor_id": _text(500),
        "inbox": _text(500),
        "shared_inbox": _text(500),
        "follow_id": _text(500),
        "created_at": NOW,
    },
    ("Activity", "activity"): {
        "ap_id": _text(500),
        "kind": _text(20),
        "object_id": (Varchar, _params(default="", length=500, index=True)),
        "body": (Text, _params(default="")),
        "created_at": NOW,
    },
    ("Delivery", "delivery"): {
        "activity": (
            ForeignKey,
            _params(
                references=Activity,
                on_delete=OnDelete.cascade,
                on_update=OnUpdate.cascade,
                target_column=None,
            ),
        ),
        "inbox": _text(500),
        "state": (Varchar, _params(default="pending", length=10)),
        "attempts": (Integer, _params(default=0)),
        "next_attempt_at": NOT_YET,
        "sent_at": NOT_YET,
        "last_error": (Text, _params(default="")),
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
