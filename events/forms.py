"""The back-office event form: posted strings → typed values, or field errors.

Times are typed in Europe/Amsterdam (`datetime-local` inputs) and become aware
datetimes here; the catalogue service then checks the domain rules.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from werkplaats.forms import field, values
from werkplaats.i18n import TIMEZONE, _, local

TEXT_FIELDS = (
    "title",
    "slug",
    "kind",
    "status",
    "summary",
    "description",
    "online_url",
    "contact_name",
    "contact_email",
    "accreditation_id",
)
TIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


def _local_datetime(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TIMEZONE)


def _decimal(text: str, name: str, errors: dict[str, str]) -> Decimal | None:
    """A number as Dutch people type it (`2,5`); empty is None."""
    if not text:
        return None
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        errors[name] = _("Enter a number, e.g. 2 or 2,5.")
        return None
    return number


def parse_event_form(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Returns (typed values, errors of form syntax)."""
    parsed: dict[str, Any] = {name: field(data, name) for name in TEXT_FIELDS}
    parsed["slug"] = parsed["slug"] or None
    errors: dict[str, str] = {}
    for name in TIME_FIELDS:
        text = field(data, name)
        if not text:
            parsed[name] = None
            continue
        try:
            parsed[name] = _local_datetime(text)
        except ValueError:
            errors[name] = _("Enter a date and time.")
    capacity = field(data, "capacity")
    parsed["capacity"] = None
    if capacity:
        if capacity.lstrip("-").isdigit():
            parsed["capacity"] = int(capacity)
        else:
            errors["capacity"] = _("Enter a whole number, or leave empty for no limit.")
    months = field(data, "retention_months")
    parsed["retention_months"] = None  # empty: the default (new) or unchanged
    if months:
        if months.isdigit():
            parsed["retention_months"] = int(months)
        else:
            errors["retention_months"] = _("Enter a whole number of months.")
    for name in ("accreditation_points", "net_hours"):
        parsed[name] = _decimal(field(data, name), name, errors)
    venue = field(data, "venue_id")
    parsed["venue_id"] = int(venue) if venue.isdigit() else None
    parsed["themes"] = values(data, "themes")
    parsed["moderated"] = field(data, "moderated") == "1"
    return parsed, errors


def form_from_values(event: Any | None) -> dict[str, Any]:
    """The form's initial strings for an existing event (or an empty form)."""
    if event is None:
        return {"themes": [], "status": "draft", "moderated": False}
    form: dict[str, Any] = {name: getattr(event, name) or "" for name in TEXT_FIELDS}
    form["status"] = event.status.value
    form["kind"] = event.kind.value
    for name in TIME_FIELDS:
        moment = getattr(event, name)
        form[name] = local(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""
    form["capacity"] = "" if event.capacity is None else str(event.capacity)
    form["retention_months"] = str(event.retention_months)
    for name in ("accreditation_points", "net_hours"):
        number = getattr(event, name)
        form[name] = "" if number is None else str(number).replace(".", ",")
    form["venue_id"] = str(event.venue["id"]) if event.venue else ""
    form["themes"] = [t["slug"] for t in event.themes]
    form["moderated"] = event.moderated
    return form
