"""The `registration-rush` row: many people register for one event at the same time.

Each request is a new person (a unique e-mail address) registering through the public
JSON API for an event with a capacity, so the seat lock, the waiting list, the
outbox rows and the rate limiter are all on the path. After the load the row checks
the database itself (`bench.seats`): no more seats taken than the capacity, every
"registered" answer holds a seat, and the waiting-list positions handed out are
1..n, each once.

Every registration queues a mail. After the warm-up and after the measured requests
the row waits (reading the outbox, `bench.outbox`) until the mails of its people are
all written, or `MAIL_CAP_S` has passed: the measured wait is part of the row, so its
server CPU per registration includes the mail (with an external worker, that
process's CPU is added too), and the seconds from the last registration's answer to
the last mail written are reported. Its server records how long the seat lock was
held (LOCK_TIMES_DIR), read when the server has stopped.
"""

from __future__ import annotations

import itertools
import secrets
from collections import Counter
from typing import Any

from bench.client import Connection, Response
from bench.harness import Settled, Verdict, Workload
from bench.outbox import wait_for_mail
from bench.scenarios import Context, scenario

CAPACITY = 500
MAIL_CAP_S = 120.0  # the goal is 60 s; past the cap the row says how many wait
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


@scenario("registration-rush", env=NO_ADDRESS_LIMIT, lock_times=True)
def registration_rush(ctx: Context) -> Workload:
    """POST /api/v1/events/<slug>/registrations: new people at once, capacity 500, JSON."""
    slug = ctx.create_event("Congres sociaal domein: stormloop op de inschrijving", CAPACITY)
    run = secrets.token_hex(3)
    numbers = itertools.count()  # warm-up and measured requests share it: no duplicates
    answers: list[dict[str, Any]] = []

    async def send(client: Connection, _: int) -> Response:
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

    def settle(since: float) -> Settled:
        pattern = f"rush-{run}-%"
        return wait_for_mail(ctx.env["DATABASE_URL"], pattern, since=since, cap=MAIL_CAP_S)

    def verify() -> Verdict:
        return judge(ctx.module_json("bench.seats", slug), answers)

    return Workload(send=send, expect=frozenset({201}), settle=settle, verify=verify)
