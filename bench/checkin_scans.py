"""The `checkin` row: twenty door scanners checking people in at once.

Each request is `POST /api/v1/checkin` with a checkin-role token and a ticket code
never scanned before (every request writes a check-in), for an event with enough
registered people for the warm-up and the measured requests. The issue's goal is a
p99 at most twice the bare endpoint's (the floor row of the same run). Afterwards
the row counts the answers: every scan `ok`, none twice.
"""

from __future__ import annotations

import itertools
import secrets
from collections import Counter

from bench.client import Connection, Response
from bench.harness import Verdict, Workload
from bench.scenarios import Context, scenario

PEOPLE = 6000  # more than warm-up + requests of any usual run


@scenario("checkin")
def checkin(ctx: Context) -> Workload:
    """POST /api/v1/checkin: a new ticket code each request (each writes), checkin token."""
    slug = ctx.create_event("Regionale bijeenkomst: de deur", PEOPLE)
    codes = ctx.module_json("bench.people", slug, str(PEOPLE))
    headers = {"Authorization": f"Bearer {ctx.token('checkin')}"}
    numbers = itertools.count()
    said: Counter[str] = Counter()

    async def send(client: Connection, _: int) -> Response:
        code = codes[next(numbers) % len(codes)]
        body = {"code": f"WPS1:{code}", "event": slug, "nonce": secrets.token_hex(8)}
        response = await client.post("/api/v1/checkin", json=body, headers=headers)
        if response.status_code == 200:
            said[response.json()["status"]] += 1
        return response

    def verify() -> Verdict:
        ok = set(said) == {"ok"}
        return Verdict(ok=ok, note=f"check-in answers: {dict(said)}")

    return Workload(send=send, expect=frozenset({200}), verify=verify)
