from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from enum import Enum
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T16:24:33:983365"
VERSION = "1.38.0"
DESCRIPTION = "True"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="mailings", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="EventMailSwitch",
        tablename="event_mail_switch",
        column_name="days",
        db_column_name="days",
        column_class_name="Integer",
        column_class=Integer,
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
                },
            )
        },
        old_params={
            "choices": Enum(
                "AutomaticMail", {"MOVED": "moved", "CANCELLED": "cancelled"}
            )
        },
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager
