"""Editable texts of the automatic mails: per event, or the network's default."""

from enum import Enum

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class Event(Table, tablename="event", schema=None):
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


ID = "2026-12-04T02:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "automatic mail texts"

KINDS = Enum(
    "AutomaticMail",
    {"MOVED": "moved", "CANCELLED": "cancelled", "REMINDER": "reminder", "FOLLOWUP": "followup"},
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


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="mailings", description=DESCRIPTION)
    table = {"table_class_name": "AutomaticText", "tablename": "automatic_text", "schema": None}

    manager.add_table(
        class_name="AutomaticText", tablename="automatic_text", schema=None, columns=None
    )
    manager.add_column(
        **table,
        column_name="event",
        db_column_name="event",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params=_params(
            references=Event,
            on_delete=OnDelete.cascade,
            on_update=OnUpdate.cascade,
            target_column=None,
            null=True,
        ),
    )
    for name, column, params in (
        ("kind", Varchar, _params(default="", length=20, choices=KINDS)),
        ("subject", Varchar, _params(default="", length=300)),
        ("body", Text, _params(default="")),
        ("updated_by", Varchar, _params(default="", length=254)),
        ("updated_at", Timestamptz, _params(default=TimestamptzNow())),
    ):
        manager.add_column(
            **table,
            column_name=name,
            db_column_name=name,
            column_class_name=column.__name__,
            column_class=column,
            params=params,
        )
    return manager
