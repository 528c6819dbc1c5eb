"""Extension points: where the other apps plug into events, which imports none of them.

Like pretalx's signals. An app registers a function in its own module::

    from events import hooks

    @hooks.event_page_items.register
    async def publications_of(event: EventView) -> list[hooks.Panel]: ...

and the app factory imports that module (`werkplaats.app.HOOK_MODULES`). With nothing
registered every point does nothing and events works as it is.

Two kinds of point:

- *Happenings* (`event_changed`, `event_cancelled`, `registration_changed`) are
  called inside the transaction that made the change, after it is written. What a
  listener writes (an outbox row, a job) commits with the change or not at all; a
  listener that raises undoes the change. So a listener writes what is needed to act
  later, and does not act (no SMTP, no HTTP) itself.
- *Questions* (`session_admission`, `session_admissions`, `certificate_by_code`) are
  asked while a decision is made and answer it; they only read.
- *Contributions* (`registration_form_sections`, `personal_page_panels`,
  `event_page_items`, `badge_lines`, `event_calendar_entries`,
  `personal_calendar_entries`, `export_columns`, `backoffice_event_tabs`,
  `personal_data`) are asked while a
  page or document is made; each listener returns a list, and the lists are joined in
  the order the listeners were registered. They only read.
- *Erasure* (`erase_personal_data`) is called inside the transaction that erases a
  person's registrations (on their request): the listener deletes or anonymises what
  its app holds about that e-mail address, so it goes with theirs or not at all.

Every listener is async and takes keyword-free positional arguments as documented on
its point. Registering the same function twice registers it once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, ParamSpec, Protocol, TypeVar

from markupsafe import Markup

from events.enums import ChangedBy, RegistrationStatus
from events.ical_text import CalendarEntry
from events.views import CertificateView, EventView, RegistrationView

P = ParamSpec("P")
R = TypeVar("R")


class Point(Generic[P, R]):
    """A named place where listeners are called; each returns `R`."""

    def __init__(self, name: str, doc: str) -> None:
        self.name = name
        self.__doc__ = doc
        self._listeners: list[Callable[P, Awaitable[R]]] = []

    def register(self, listener: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        """Add `listener`; usable as a decorator."""
        if listener not in self._listeners:
            self._listeners.append(listener)
        return listener

    def forget(self, listener: Callable[P, Awaitable[R]]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @property
    def listeners(self) -> tuple[Callable[P, Awaitable[R]], ...]:
        return tuple(self._listeners)

    async def call(self, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        """Every listener's answer, in the order they were registered."""
        return [await listener(*args, **kwargs) for listener in list(self._listeners)]

    def __repr__(self) -> str:
        return f"<hook {self.name}: {len(self._listeners)} listener(s)>"


class Contribution(Point[P, list[R]]):
    """A point whose listeners each return a list; `collect` joins them."""

    async def collect(self, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        joined: list[R] = []
        if not self._listeners:
            return joined
        for part in await self.call(*args, **kwargs):
            joined.extend(part)
        return joined


class ByRegistration(Point[[Sequence[int]], Mapping[int, Sequence[str]]]):
    """A point asked once for many registrations (a badge batch): each listener maps
    registration id → lines; `merged` joins them per id."""

    async def merged(self, registration_ids: Sequence[int]) -> dict[int, list[str]]:
        joined: dict[int, list[str]] = {}
        if not self._listeners:
            return joined
        for part in await self.call(registration_ids):
            for registration_id, lines in part.items():
                joined.setdefault(registration_id, []).extend(lines)
        return joined


# --- what is contributed ---------------------------------------------------------


@dataclass(frozen=True)
class Panel:
    """A piece of a page: a heading and HTML the app rendered with its own template.

    `html` must be escaped already (render it through `werkplaats.render`); `key`
    names it for tests and anchors (e.g. `publications`). `shows_programme`: the
    panel shows the event's programme itself (e.g. the congress's grid), so the
    event page leaves out its own list of sessions.
    """

    key: str
    title: str
    html: Markup
    shows_programme: bool = False


@dataclass(frozen=True)
class Tab:
    """A section of an event in the back office, beside events' own (details,
    registrations, …): `key` names it (the page that shows it passes it as current),
    `label` is already translated, `href` is a path on this site."""

    key: str
    label: str
    href: str


@dataclass(frozen=True)
class ExportColumn:
    """One more column in the registrations export: a header and a value per
    registration id (missing ids give an empty cell)."""

    header: str
    values: Mapping[int, Any] = field(default_factory=dict)


class FormSection(Protocol):
    """A section of the registration form that belongs to another app (e.g. the
    congress's workshop choice).

    `render` is asked when the form is shown; `check` when it is sent, before the
    registration's transaction, and raises `FieldErrors` with the section's own
    field names (they are shown beside its fields and nothing is written); `save`
    runs inside that transaction, after the registration row is written and before
    the seat decision, with what `check` returned. `data` is the whole form (or the
    API's `sections[key]` object): a section reads only its own fields.
    """

    key: str

    async def render(
        self, event: EventView, *, values: Mapping[str, Any], errors: Mapping[str, str]
    ) -> Markup | None: ...

    async def check(self, event: EventView, data: Mapping[str, Any]) -> Any: ...

    async def save(self, registration_id: int, value: Any) -> None: ...


@dataclass(frozen=True)
class PersonalData:
    """What an app holds about one person, for the download of all their data: `key`
    names the part (e.g. `abstracts`), `data` is anything JSON can hold."""

    key: str
    data: Any


@dataclass(frozen=True)
class RegistrationChange:
    """A registration moved from `old` (None: it is new) to `new`, by whom."""

    registration_id: int
    event_id: int
    old: RegistrationStatus | None
    new: RegistrationStatus
    by: ChangedBy = ChangedBy.SYSTEM


@dataclass(frozen=True)
class EventChange:
    """An event was written; `fields` names the columns that changed (empty: new)."""

    event_id: int
    fields: frozenset[str]
    created: bool = False

    @property
    def moved(self) -> bool:
        """Time or place changed: what a reminder or a calendar must tell again."""
        return bool(self.fields & {"starts_at", "ends_at", "venue", "online_url"})


# --- the points ------------------------------------------------------------------

event_changed: Point[[EventChange], None] = Point(
    "event_changed", "An event was created or changed (inside that transaction)."
)
event_cancelled: Point[[int], None] = Point(
    "event_cancelled",
    "An event (by id) has just been cancelled, inside that transaction, once the new "
    "status is written.",
)
registration_changed: Point[[RegistrationChange], None] = Point(
    "registration_changed",
    "A registration was made or changed status (inside that transaction, under the "
    "event's seat lock: keep it to a row write).",
)

registration_form_sections: Contribution[[EventView], FormSection] = Contribution(
    "registration_form_sections", "Sections of the registration form for this event."
)
personal_page_panels: Contribution[[RegistrationView], Panel] = Contribution(
    "personal_page_panels", "Panels on the registrant's own page /r/{token}."
)
event_page_items: Contribution[[EventView], Panel] = Contribution(
    "event_page_items", "Items on the public event page /events/{slug}."
)
badge_lines = ByRegistration(
    "badge_lines",
    "Short lines printed on badges, asked once per batch with the registration ids: "
    "registration id → lines, e.g. the workshops chosen.",
)
event_calendar_entries: Contribution[[EventView], CalendarEntry] = Contribution(
    "event_calendar_entries",
    "More VEVENTs in the event's own .ics and public feeds (e.g. its sessions); each "
    "with its own stable UID.",
)
personal_calendar_entries: Contribution[[str], CalendarEntry] = Contribution(
    "personal_calendar_entries",
    "More VEVENTs in an attendee's own feed (by their e-mail address), e.g. the "
    "workshops they chose.",
)
session_admission: Point[[int, int], bool | None] = Point(
    "session_admission",
    "At a session's door: may the registration (second argument, an id) enter the "
    "session (first argument, an id)? True or False; None: no opinion. One False "
    "refuses (not admitted); with no listener, or none that minds, anyone registered "
    "for the event may enter. Asked on every session scan: keep it to one query.",
)
session_admissions: Point[[int], Mapping[int, Sequence[int]]] = Point(
    "session_admissions",
    "For an offline door's pack of an event (by id): session id → the registration "
    "ids that may enter it, for each session where `session_admission` would refuse "
    "others; a session left out admits anyone registered for the event.",
)
certificate_by_code: Point[[str], CertificateView | None] = Point(
    "certificate_by_code",
    "A certificate another app issued (e.g. the congress's certificates as speaker), "
    "by its verification code as stored, for /verify/{code}; None: not one of theirs. "
    "Asked only when events has no certificate of attendance with that code.",
)
export_columns: Contribution[[int], ExportColumn] = Contribution(
    "export_columns", "More columns in an event's registrations export (by event id)."
)
backoffice_event_tabs: Contribution[[str], Tab] = Contribution(
    "backoffice_event_tabs",
    "More sections of an event in the back office (by the event's slug), shown after "
    "events' own in its section menu, e.g. the congress's call, review and programme.",
)
personal_data: Contribution[[str], PersonalData] = Contribution(
    "personal_data",
    "What an app holds about a person (by e-mail address), for the download of all "
    "data held about them (JSON) from their personal page or by an organiser.",
)
erase_personal_data: Point[[str], None] = Point(
    "erase_personal_data",
    "Erase what an app holds about a person (by e-mail address), inside the erasure's "
    "transaction; keep only what holds no personal data (counts, figures).",
)

ALL: tuple[Point[Any, Any], ...] = (
    event_changed,
    event_cancelled,
    registration_changed,
    registration_form_sections,
    personal_page_panels,
    event_page_items,
    badge_lines,
    event_calendar_entries,
    personal_calendar_entries,
    session_admission,
    session_admissions,
    certificate_by_code,
    export_columns,
    backoffice_event_tabs,
    personal_data,
    erase_personal_data,
)
