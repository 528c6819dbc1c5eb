"""The rules an event must keep, checked on plain values before anything is written.

Every rule gives a message per field in the user's language; the limits match the
columns in `events/tables.py`, so the database never refuses what passed here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from events.enums import MAX_EVENT_DAYS, EventKind, EventStatus
from werkplaats.i18n import TIMEZONE, _
from werkplaats.text_rules import text_errors

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Words the site's own paths use where a slug stands (`/beheer/events/new`, `/api/`…):
# an event never gets one as its web address.
RESERVED_SLUGS = frozenset({"new", "api", "health", "schema", "static", "beheer", "calendar"})
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)

TIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
# What a programme can hold: its meetings lie in this century, and the longest (a
# summer school, a congress week) lasts weeks, not years. The bounds keep every list,
# feed and mail of an event small (a day of a multi-day event is an entry of its own).
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=TIMEZONE)
LATEST = dt.datetime(2100, 1, 1, tzinfo=TIMEZONE)
ONE_LINE_FIELDS = ("title", "contact_name", "contact_email", "online_url", "accreditation_id")
SEVERAL_LINE_FIELDS = ("summary", "description")
VENUE_LINES = ("name", "address", "postal_code", "city")


TEXT_LIMITS = {
    "online_url": 500,
    "contact_name": 200,
    "contact_email": 254,
    "accreditation_id": 50,
    "description": 20_000,
}
MAX_CAPACITY = 100_000
MAX_RETENTION_MONTHS = 120  # ten years: longer is no retention period
MAX_POINTS = Decimal("9999.9")  # the column holds five digits, one after the point
MAX_HOURS = Decimal("9999.9")  # the same kind of column


def _limit_errors(values: dict[str, Any]) -> dict[str, str]:
    """What the columns cannot hold: refused with a message, never a database error."""
    errors = {
        name: _("At most {n} characters.").format(n=limit)
        for name, limit in TEXT_LIMITS.items()
        if len(values.get(name) or "") > limit
    }
    capacity = values.get("capacity")
    if capacity is not None and capacity > MAX_CAPACITY:
        errors["capacity"] = _("At most {n} places.").format(n=MAX_CAPACITY)
    points = values.get("accreditation_points")
    if points is not None and Decimal(str(points)) > MAX_POINTS:
        errors["accreditation_points"] = _("At most {n} points.").format(n=MAX_POINTS)
    hours = values.get("net_hours")
    if hours is not None and Decimal(str(hours)) > MAX_HOURS:
        errors["net_hours"] = _("At most {n} hours.").format(n=MAX_HOURS)
    for name in ("accreditation_points", "net_hours"):
        if name not in errors and _decimals(values.get(name)) > 1:
            errors[name] = _("Use at most one decimal, e.g. 2,5.")
    return errors


def _decimals(value: Any) -> int:
    """How many digits a number has after the point (the columns keep one)."""
    if value is None:
        return 0
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _hours_errors(values: dict[str, Any], comparable: bool) -> dict[str, str]:
    """Net hours are more than zero and no more than the event lasts."""
    hours = values.get("net_hours")
    if hours is None:
        return {}
    if hours <= 0:
        return {"net_hours": _("Net hours must be more than zero.")}
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if comparable and starts and ends and ends > starts:
        lasts = Decimal((ends - starts).total_seconds()) / 3600
        if Decimal(str(hours)) > lasts:
            message = _("Net hours cannot be more than the event lasts ({hours} hours).")
            return {"net_hours": message.format(hours=f"{lasts:.1f}".rstrip("0").rstrip("."))}
    return {}


def check_values(values: dict[str, Any]) -> dict[str, str]:
    """Rules on the merged values of an event; returns {field: message}."""
    errors: dict[str, str] = {}
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = _("Enter a title.")
    elif len(title) > 200:
        errors["title"] = _("A title has at most 200 characters.")
    if values.get("kind") not in set(EventKind):
        errors["kind"] = _("Choose a kind of event.")
    if values.get("status") not in set(EventStatus):
        errors["status"] = _("Choose draft, published or cancelled.")
    for name in TIME_FIELDS:
        moment = values.get(name)
        if isinstance(moment, dt.datetime) and moment.tzinfo is None:
            errors[name] = _("Give the time with its offset, e.g. 2026-04-14T13:30:00+02:00.")
    comparable = not any(name in errors for name in TIME_FIELDS)  # naive vs aware
    if comparable:
        errors.update(_bound_errors(values))
        comparable = not any(name in errors for name in TIME_FIELDS)
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts is None:
        errors["starts_at"] = _("Enter when the event starts.")
    if ends is None:
        errors["ends_at"] = _("Enter when the event ends.")
    if comparable and starts and ends and ends <= starts:
        errors["ends_at"] = _("The end must be after the start.")
    capacity = values.get("capacity")
    if capacity is not None and capacity < 0:
        errors["capacity"] = _("The capacity cannot be below zero.")
    months = values.get("retention_months")
    if months is not None and not 1 <= months <= MAX_RETENTION_MONTHS:
        errors["retention_months"] = _("Keep registrations 1 to {n} months.").format(
            n=MAX_RETENTION_MONTHS
        )
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if comparable and opens and closes and closes <= opens:
        errors["registration_closes_at"] = _("Registration must close after it opens.")
    elif comparable and closes and ends and closes > ends:
        errors["registration_closes_at"] = _("Registration must close before the event ends.")
    if values.get("online_url") and not URL_PATTERN.match(values["online_url"]):
        errors["online_url"] = _("Enter a web address starting with https://.")
    if values.get("contact_email") and not EMAIL_PATTERN.match(values["contact_email"]):
        errors["contact_email"] = _("Enter a valid e-mail address.")
    points = values.get("accreditation_points")
    if points is not None and points < 0:
        errors["accreditation_points"] = _("Points cannot be below zero.")
    errors.update(_hours_errors(values, comparable))
    if len(values.get("summary") or "") > 500:
        errors["summary"] = _("A summary has at most 500 characters.")
    slug = values.get("slug")
    if slug is not None and not SLUG_PATTERN.match(slug):
        errors["slug"] = _("Use lower-case letters, digits and hyphens only.")
    elif slug in RESERVED_SLUGS:
        errors["slug"] = _("This web address is reserved for the site itself: choose another.")
    elif slug is not None and len(slug) > 160:
        errors["slug"] = _("At most {n} characters.").format(n=160)
    errors.update(_limit_errors(values))
    errors = text_errors(values, lines=ONE_LINE_FIELDS, texts=SEVERAL_LINE_FIELDS) | errors
    venue = values.get("venue")
    if isinstance(venue, dict) and not (venue.get("name") or "").strip():
        errors["venue"] = _("A venue needs a name.")
    elif isinstance(venue, dict) and (text_errors(venue, lines=VENUE_LINES, texts=("directions",))):
        errors["venue"] = _("Use one line, without line breaks or invisible control characters.")
    return errors


def _bound_errors(values: dict[str, Any]) -> dict[str, str]:
    """Moments inside the programme's century, an event no longer than its bound."""
    errors: dict[str, str] = {}
    for name in TIME_FIELDS:
        moment = values.get(name)
        if isinstance(moment, dt.datetime) and not EARLIEST <= moment < LATEST:
            errors[name] = _("Choose a moment between {first} and {last}.").format(
                first=EARLIEST.year, last=LATEST.year - 1
            )
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if not errors and starts and ends and ends - starts > dt.timedelta(days=MAX_EVENT_DAYS):
        errors["ends_at"] = _("An event lasts at most {n} days.").format(n=MAX_EVENT_DAYS)
    return errors
