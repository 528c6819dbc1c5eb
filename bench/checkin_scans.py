"""The `checkin` row: twenty door scanners checking people in at once.

Each request is `POST /api/v1/checkin` with a checkin-role token and a ticket code
never scanned before (every request writes a check-in), for an event with enough
registered people for the warm-up and the measured requests. The issue's goal is a
p99 at most twice the bare endpoint's (the floor row of the same run). Afterwards
the row counts the answers: every scan `ok`, none twice.
"""

from __future__ import annotations

import itertools
import json
import secrets
import subprocess
import sys
from collections import Counter

import httpx

from bench.harness import PROJECT_ROOT, Verdict, Workload
from bench.registration_rush import create_event
from bench.scenarios import Context, scenario

PEOPLE = 6000  # more than warm-up + requests of any usual run


def checkin_token(ctx: Context) -> str:
    email = f"deur-{secrets.token_hex(4)}@bench.example"
    out = ctx.cli("create-user", email, "--role", "checkin", input=secrets.token_urlsafe(18))
    return out.strip().splitlines()[-1]


def people(ctx: Context, slug: str, count: int) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.people", slug, str(count)],
        cwd=PROJECT_ROOT,
        env=ctx.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@scenario("checkin")
def checkin(ctx: Context) -> Workload:
    """POST /api/v1/checkin: a new ticket code each request (each writes), checkin token."""
    slug = create_event(ctx, capacity=PEOPLE)
    codes = people(ctx, slug, PEOPLE)
    headers = {"Authorization": f"Bearer {checkin_token(ctx)}"}
    numbers = itertools.count()
    said: Counter[str] = Counter()

    async def send(client: httpx.AsyncClient, _: int) -> httpx.Response:
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
