"""How old a copy is, in words: "3 minuten geleden"."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_timedelta

from werkplaats.i18n import get_language


def age(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    passed = dt.datetime.now(dt.UTC) - moment
    return format_timedelta(-passed, add_direction=True, locale=get_language(), threshold=1.1)
