"""Languages, translations and the Dutch way of writing dates and times.

Message ids are English; `locale/nl` and `locale/en` hold the catalogues. The `.po`
files are read at start-up (no compiled `.mo` files to go stale). The language of
the current request or job lives in a context variable, so `_()` works the same in
a controller, a template, a mail and an actor.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
TIMEZONE = ZoneInfo("Europe/Amsterdam")
LOCALE_DIR = Path(__file__).parent / "locale"

_language: contextvars.ContextVar[str] = contextvars.ContextVar(
    "werkplaats_language", default=DEFAULT_LANGUAGE
)


@cache
def translations(language: str) -> Translations:
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not po_path.is_file():
        return Translations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def normalise_language(value: str | None) -> str:
    value = (value or "").strip().lower()[:2]
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def get_language() -> str:
    return _language.get()


def set_language(language: str) -> contextvars.Token[str]:
    return _language.set(normalise_language(language))


@contextmanager
def language(code: str) -> Iterator[None]:
    """Render something (a mail, a PDF) in another language than the request's."""
    token = set_language(code)
    try:
        yield
    finally:
        _language.reset(token)


def gettext(message: str) -> str:
    return translations(get_language()).ugettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(get_language()).ungettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(get_language()).upgettext(context, message)


_ = gettext


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


def local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(TIMEZONE)


def _babel_locale() -> Locale:
    return Locale.parse(get_language())


def format_day(moment: dt.datetime | dt.date) -> str:
    """`dinsdag 14 april 2026` / `Tuesday 14 April 2026`."""
    day = local(moment).date() if isinstance(moment, dt.datetime) else moment
    return format_date(day, "EEEE d MMMM y", locale=_babel_locale())


def format_short_day(moment: dt.datetime | dt.date) -> str:
    """`di 14 apr` / `Tue 14 Apr`: for lists and cards."""
    day = local(moment).date() if isinstance(moment, dt.datetime) else moment
    return format_date(day, "EEE d MMM", locale=_babel_locale())


def format_clock(moment: dt.datetime) -> str:
    """`13.30` in Dutch, `13:30` in English."""
    pattern = "HH.mm" if get_language() == "nl" else "HH:mm"
    return format_time(local(moment).time(), pattern, locale=_babel_locale())


def format_when(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """`dinsdag 14 april 2026, 13.30–17.00 uur`, or a range over two days."""
    start, end = local(starts_at), local(ends_at)
    if start.date() == end.date():
        times = f"{format_clock(start)}–{format_clock(end)}"
        return _("{day}, {times} h").format(day=format_day(start), times=times)
    return _("{start_day}, {start_time} h – {end_day}, {end_time} h").format(
        start_day=format_day(start),
        start_time=format_clock(start),
        end_day=format_day(end),
        end_time=format_clock(end),
    )


def format_moment(moment: dt.datetime) -> str:
    """`dinsdag 14 april 2026, 13.30 uur`."""
    return _("{day}, {time} h").format(day=format_day(moment), time=format_clock(moment))


def format_number(value: Decimal | float | int) -> str:
    """`2,5` in Dutch, `2.5` in English; no trailing `,0`."""
    return format_decimal(value, format="#,##0.#", locale=_babel_locale())


def _count(value: Decimal | float | int) -> int:
    """The plural form for a number that may have a fraction: only exactly 1 is one."""
    return 1 if value == 1 else 2


def format_hours(value: Decimal | float | int) -> str:
    """`3,5 uur` / `3.5 hours`."""
    return ngettext("%(num)s hour", "%(num)s hours", _count(value)) % {"num": format_number(value)}


def format_points(value: Decimal | float | int) -> str:
    """`2,5 punten` / `2.5 points`; accreditation points, as a register counts them."""
    return ngettext("%(num)s point", "%(num)s points", _count(value)) % {
        "num": format_number(value)
    }
