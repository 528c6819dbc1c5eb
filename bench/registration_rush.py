"""The `registration-rush` row: many people register for one event at the same time.

Each request is a new person (a unique e-mail address) registering through the public
JSON API for an event with a capacity, so the seat lock, the waiting list, the
outbox rows and the rate limiter are all on the path. After the load the row checks
the database itself (`bench.seats`): no more seats taken than the capacity, every
"registered" answer holds a seat, and the waiting-list positions handed out are
1..n, each once.
"""

from __future__ import annotations

import itertools
import secrets
from collections import Counter
from typing import Any

import httpx

from bench.harness import Verdict, Workload
from bench.scenarios import Context, scenario

CAPACITY = 500
# The load generator is one address; its limit would measure the limiter, not the app.
NO_ADDRESS_LIMIT = {"REGISTRATION_LIMIT_PER_ADDRESS": "100000000"}


def judge(counts: dict[str, Any], answers: list[dict[str, Any]]) -> Verdict:
    capacity, statuses = counts["capacity"], counts["statuses"]
    taken = statuses.get("registered", 0)
    said = Counter(answer["status"] for answer in answers)
    positions = sorted(a["position"] for a in answers if a["status"] == "waitlisted")
    problems = []
    if taken > capacity:
        problems.append("more seats taken than the capacity")
    if said["registered"] != taken:
        problems.append(f"{said['registered']} answers said registered")
    if counts["registrations"] != len(answers):
        problems.append(f"{len(answers)} answers were 201")
    if positions != list(range(1, len(positions) + 1)):
        problems.append("waiting-list positions not 1..n each once")
    note = (
        f"seats taken {taken} / capacity {capacity}, "
        f"overbooked: {'YES' if taken > capacity else 'no'}; "
        f"{counts['registrations']} registrations ({dict(statuses)}), "
        f"waiting-list positions 1..{len(positions)} each once: "
        f"{'yes' if positions == list(range(1, len(positions) + 1)) else 'NO'}; "
        f"outbox at the end {counts['outbox']}"
    )
    if problems:
        note += " — " + "; ".join(problems)
    return Verdict(ok=not problems, note=note)


@scenario("registration-rush", env=NO_ADDRESS_LIMIT)
def registration_rush(ctx: Context) -> Workload:
    """POST /api/v1/events/<slug>/registrations: new people at once, capacity 500, JSON."""
    slug = ctx.create_event("Congres sociaal domein: stormloop op de inschrijving", CAPACITY)
    run = secrets.token_hex(3)
    numbers = itertools.count()  # warm-up and measured requests share it: no duplicates
    answers: list[dict[str, Any]] = []

    async def send(client: httpx.AsyncClient, _: int) -> httpx.Response:
        number = next(numbers)
        response = await client.post(
            f"/api/v1/events/{slug}/registrations",
            json={
                "name": f"Deelnemer {number}",
                "email": f"rush-{run}-{number}@wijkteam.example",
                "privacy_consent": True,
                "organisation": "Gemeente Zaanstad",
                "organisation_type": "gemeente",
            },
        )
        if response.status_code == 201:
            answers.append(response.json())
        return response

    def verify() -> Verdict:
        return judge(ctx.module_json("bench.seats", slug), answers)

    return Workload(send=send, expect=frozenset({201}), verify=verify)
