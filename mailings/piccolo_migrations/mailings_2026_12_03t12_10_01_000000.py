"""One delivery per address in a mailing, and the index the progress page counts from."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-03T12:10:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "mailing_delivery unique (mailing, to_address)"


class MailingDelivery(Table, tablename="mailing_delivery"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="mailings", description=DESCRIPTION)

    async def create_index():
        await MailingDelivery.raw(
            "CREATE UNIQUE INDEX mailing_delivery_address "
            "ON mailing_delivery (mailing, to_address)"
        )

    async def drop_index():
        await MailingDelivery.raw("DROP INDEX mailing_delivery_address")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
