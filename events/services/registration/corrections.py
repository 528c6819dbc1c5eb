"""What organisers correct after the fact: a registrant's Registerplein number.

Accreditation needs the number of everyone who attended, and people forget it or
mistype it; after registration closes they can no longer change it themselves. The
attendance list for PE-online reads the number as it is now. A certificate already
issued keeps what it said when it was issued.
"""

from __future__ import annotations

import datetime as dt

from events.services.registration.rules import REGISTERPLEIN_PATTERN
from events.tables import Registration
from werkplaats import audit
from werkplaats.errors import FieldErrors
from werkplaats.i18n import _


async def set_registerplein_number(event_id: int, registration_id: int, number: str) -> bool:
    """Set (or with "" clear) the number; False if not a registration of this event.

    Raises FieldErrors for a number that cannot be one, having written nothing.
    """
    number = number.replace(" ", "").strip()
    if number and not REGISTERPLEIN_PATTERN.match(number):
        raise FieldErrors(
            {
                "registerplein_number": _(
                    "A Registerplein number starts with 4610 and has only digits, e.g. 461012345."
                )
            }
        )
    rows = (
        await Registration.update(
            {
                Registration.registerplein_number: number,
                Registration.updated_at: dt.datetime.now(dt.UTC),
            }
        )
        .where((Registration.id == registration_id) & (Registration.event == event_id))
        .returning(Registration.id)
    )
    if rows:
        await audit.record("registration.corrected", f"registration:{registration_id}",
                           field="registerplein_number")  # fmt: skip
    return bool(rows)
