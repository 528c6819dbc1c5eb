"""A generated 60-abstract programme for the booklet row of `bench/congress.py`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from congress.enums import ContributorRole, FormatKind, SlotKind
from congress.services.programme_view import ProgrammeView, SessionView, SlotView
from congress.views import ContributorView
from events.enums import EventKind, EventStatus
from events.views import EventView
from werkplaats.i18n import TIMEZONE

TEXT = (
    "In dit Leeratelier onderzochten sociaal werkers, gemeenten en inwoners samen hoe hulp "
    "dichterbij komt. We delen wat werkte, wat niet, en wat deelnemers morgen kunnen doen. "
) * 4
DAY = dt.datetime(2030, 11, 11, tzinfo=TIMEZONE)


def _person(n: int, role: ContributorRole) -> ContributorView:
    return ContributorView(role, f"Spreker {n} de Vries", f"s{n}@x.example", f"Organisatie {n % 9}")


def programme(sessions: int = 60, rooms: int = 6) -> tuple[ProgrammeView, EventView]:
    room_rows = [
        {"id": r, "name": f"Zaal {r}", "capacity": 30, "position": r} for r in range(rooms)
    ]
    slots = []
    for number in range((sessions + rooms - 1) // rooms):
        start = DAY.replace(hour=9) + dt.timedelta(hours=number * 1.25)
        end = start + dt.timedelta(hours=1)
        placed = [
            SessionView(
                id=number * rooms + r,
                abstract_id=number * rooms + r,
                title=f"Bijdrage {number * rooms + r}: wat leerden we in de wijk?",
                abstract=TEXT,
                format=FormatKind.WORKSHOP,
                track=None,
                room=f"Zaal {r}",
                room_id=r,
                capacity=30,
                expected_audience=None,
                overridden=False,
                speakers=[_person(number * rooms + r, ContributorRole.SPEAKER)],
                co_authors=[_person(1000 + number * rooms + r, ContributorRole.CO_AUTHOR)],
                slides_url="",
                publication_url="",
                starts_at=start,
                ends_at=end,
                slot_id=number,
                slot_title=f"Ronde {number + 1}",
            )
            for r in range(rooms)
            if number * rooms + r < sessions
        ]
        slots.append(
            SlotView(
                number, SlotKind.PARALLEL, f"Ronde {number + 1}", start, end, 60, "", "", placed
            )
        )
    view = ProgrammeView(1, "congres", "Congres Werkplaats 2030", DAY, DAY, 1, room_rows, slots)
    event = EventView(
        id=1, title="Congres Werkplaats 2030", slug="congres", kind=EventKind.CONGRES,
        status=EventStatus.PUBLISHED, summary="Twee dagen kennisdelen.", description="",
        starts_at=DAY.replace(hour=9), ends_at=DAY.replace(hour=17), venue=None, online_url="",
        capacity=300, registration_opens_at=None, registration_closes_at=None, moderated=False,
        contact_name="", contact_email="", accreditation_id="", accreditation_points=Decimal(5),
        net_hours=None, sequence=0, updated_at=DAY,
    )  # fmt: skip
    return view, event
