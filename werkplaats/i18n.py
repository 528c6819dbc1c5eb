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
from functools import cache, lru_cache
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


@cache
def _locale_of(language: str) -> Locale:
    return Locale.parse(language)


def _babel_locale() -> Locale:
    return _locale_of(get_language())


# Formatting through Babel costs tens of microseconds a call, and a page of event
# cards makes dozens of calls for a handful of distinct days and times. The results
# depend only on the language and the value, so they are kept (bounded).
@lru_cache(maxsize=4096)
def _date_text(language: str, day: dt.date, pattern: str) -> str:
    return format_date(day, pattern, locale=_locale_of(language))


@lru_cache(maxsize=4096)
def _clock_text(language: str, time: dt.time) -> str:
    pattern = "HH.mm" if language == "nl" else "HH:mm"
    return format_time(time, pattern, locale=_locale_of(language))


def _day_of(moment: dt.datetime | dt.date) -> dt.date:
    return local(moment).date() if isinstance(moment, dt.datetime) else moment


def format_day(moment: dt.datetime | dt.date) -> str:
    """`dinsdag 14 april 2026` / `Tuesday 14 April 2026`."""
    return _date_text(get_language(), _day_of(moment), "EEEE d MMMM y")


def format_short_day(moment: dt.datetime | dt.date) -> str:
    """`di 14 apr` / `Tue 14 Apr`: for lists and cards."""
    return _date_text(get_language(), _day_of(moment), "EEE d MMM")


def format_clock(moment: dt.datetime) -> str:
    """`13.30` in Dutch, `13:30` in English."""
    # To the minute, as shown: a check-in's moment has seconds and microseconds, and
    # with them every scan's answer missed the cache.
    return _clock_text(get_language(), local(moment).time().replace(second=0, microsecond=0))


def format_when(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """`dinsdag 14 april 2026, 13.30–17.00 uur`, or a range over two days."""
    return _when_text(get_language(), starts_at, ends_at)


# Marked for extraction here, translated in `_when_text` in the language asked for.
ONE_DAY = N_("{day}, {times} h")
TWO_DAYS = N_("{start_day}, {start_time} h – {end_day}, {end_time} h")


@lru_cache(maxsize=4096)
def _when_text(language: str, starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    # Equal instants in other zones share an entry: the text is of the local time.
    start, end = local(starts_at), local(ends_at)
    with_language = translations(language).ugettext
    if start.date() == end.date():
        times = f"{_clock_text(language, start.time())}–{_clock_text(language, end.time())}"
        day = _date_text(language, start.date(), "EEEE d MMMM y")
        return with_language(ONE_DAY).format(day=day, times=times)
    return with_language(TWO_DAYS).format(
        start_day=_date_text(language, start.date(), "EEEE d MMMM y"),
        start_time=_clock_text(language, start.time()),
        end_day=_date_text(language, end.date(), "EEEE d MMMM y"),
        end_time=_clock_text(language, end.time()),
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
