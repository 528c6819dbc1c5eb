"""The follow-up after an event: whether it sends itself, and the mailing it made."""

from enum import Enum

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-04T02:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "follow-up after an event"


def _params(default):
    return {
        "default": default,
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
    manager = MigrationManager(migration_id=ID, app_name="mailings", description=DESCRIPTION)

    manager.add_column(
        table_class_name="EventMailSwitch",
        tablename="event_mail_switch",
        column_name="sends_itself",
        db_column_name="sends_itself",
        column_class_name="Boolean",
        column_class=Boolean,
        params=_params(False),
        schema=None,
    )
    manager.add_column(
        table_class_name="Mailing",
        tablename="mailing",
        column_name="made_for",
        db_column_name="made_for",
        column_class_name="Varchar",
        column_class=Varchar,
        params=_params("") | {"length": 60},
        schema=None,
    )
    manager.alter_column(
        table_class_name="EventMailSwitch",
        tablename="event_mail_switch",
        column_name="kind",
        db_column_name="kind",
        params={
            "choices": Enum(
                "AutomaticMail",
                {
                    "MOVED": "moved",
                    "CANCELLED": "cancelled",
                    "REMINDER": "reminder",
                    "FOLLOWUP": "followup",
                },
            )
        },
        old_params={
            "choices": Enum(
                "AutomaticMail",
                {"MOVED": "moved", "CANCELLED": "cancelled", "REMINDER": "reminder"},
            )
        },
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )
    return manager
