"""Checks on a registrant's own details and on the registration window."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from events.enums import EventStatus, OrganisationType
from events.services.catalogue.rules import EMAIL_PATTERN
from werkplaats.i18n import _, format_moment
from werkplaats.text_rules import text_errors

REGISTERPLEIN_PATTERN = re.compile(r"^4610\d{4,8}$")
LIMITS = {"name": 200, "organisation": 200, "job_role": 200}
NEEDS_LIMIT = 1000
NEEDS = ("accessibility_needs", "dietary_needs")


def check_person(data: Any) -> dict[str, str]:
    """Field errors in the registrant's own details (not the event's questions)."""
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = _("Enter your name.")
    email = data.email.strip()
    if not email:
        errors["email"] = _("Enter your e-mail address.")
    elif len(email) > 254 or not EMAIL_PATTERN.match(email):
        errors["email"] = _("Enter a valid e-mail address, like name@example.nl.")
    for name, limit in LIMITS.items():
        if len(getattr(data, name).strip()) > limit:
            errors[name] = _("At most {n} characters.").format(n=limit)
    for name in NEEDS:
        if len(getattr(data, name).strip()) > NEEDS_LIMIT:
            errors[name] = _("At most {n} characters.").format(n=NEEDS_LIMIT)
    lines, texts = ("name", "email", "organisation", "job_role"), NEEDS
    errors = text_errors(data, lines=lines, texts=texts) | errors
    if data.organisation_type and data.organisation_type not in set(OrganisationType):
        errors["organisation_type"] = _("Choose one of the options.")
    number = data.registerplein_number.replace(" ", "")
    if number and not REGISTERPLEIN_PATTERN.match(number):
        errors["registerplein_number"] = _(
            "A Registerplein number starts with 4610 and has only digits, e.g. 461012345."
        )
    data.registerplein_number = number
    if not data.privacy_consent:
        errors["privacy_consent"] = _(
            "You can only register if you agree to the privacy statement."
        )
    return errors


def registration_closes_at(event: dict[str, Any]) -> dt.datetime:
    return event["registration_closes_at"] or event["ends_at"]


def window_error(
    event: dict[str, Any], now: dt.datetime | None = None, *, ignore_window: bool = False
) -> str | None:
    """Why registration is not possible now, or None when it is.

    `ignore_window`: an organiser adds someone before registration opens or after it
    closes; not to a cancelled event or one that has taken place.
    """
    now = now or dt.datetime.now(dt.UTC)
    if event["status"] == EventStatus.CANCELLED:
        return _("This event has been cancelled.")
    if event["status"] != EventStatus.PUBLISHED:
        return _("Registration for this event is not open.")
    if event["ends_at"] <= now:
        return _("This event has already taken place.")
    if ignore_window:
        return None
    opens = event["registration_opens_at"]
    if opens and now < opens:
        return _("Registration opens on {moment}.").format(moment=format_moment(opens))
    if registration_closes_at(event) <= now:
        return _("Registration for this event has closed.")
    return None
