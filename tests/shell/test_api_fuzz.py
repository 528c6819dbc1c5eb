"""The API against its own OpenAPI schema: schemathesis, every check on, over the
demo data on a real server process. The schema is what partners program against, so
a mismatch in either direction fails here. What the schema cannot state is in
`schemathesis.toml` beside this file, each with its reason."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from events.services.registration.core import RegistrationInput, register
from tests.servers import WERKPLAATS_APP, start_cluster
from werkplaats.auth.accounts import issue_token
from werkplaats.enums import Role
from werkplaats.settings import PROJECT_ROOT

CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = "20261203"
EXAMPLES = "15"

pytestmark = pytest.mark.usefixtures("no_sweeping_here")  # see tests/conftest.py


def _schemathesis() -> list[str]:
    return [str(Path(sys.executable).with_name("st"))]


async def test_the_api_answers_as_its_schema_says(make_user):
    demo = subprocess.run(
        [sys.executable, "-m", "werkplaats.cli", "demo"], cwd=PROJECT_ROOT,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert demo.returncode == 0, demo.stderr[-3000:]
    organiser = await make_user(Role.ORGANISER, "fuzz@werkplaats.test")
    token = await issue_token(organiser)
    mine = await register(
        "regionale-bijeenkomst-voorjaar-2027",
        RegistrationInput(name="Sanne Visser", email="sanne@example.nl", privacy_consent=True),
    )
    cluster = start_cluster(WERKPLAATS_APP, with_worker=True, servers=1)
    try:
        url = cluster.urls[0]
        headers = {"Authorization": f"Bearer {token}"}
        job = httpx.post(
            f"{url}/api/v1/events/regionale-bijeenkomst-voorjaar-2027/badges",
            json={}, headers=headers, timeout=30,
        )  # fmt: skip
        assert job.status_code == 202, job.text
        run = subprocess.run(
            [
                *_schemathesis(), "--config-file", str(CONFIG), "run",
                f"{url}/schema/openapi.json", "--checks", "all",
                "--header", f"Authorization: Bearer {token}",
                "--max-examples", EXAMPLES, "--seed", SEED, "--workers", "1",
                "--no-color",
            ],
            capture_output=True, text=True, timeout=900, cwd=PROJECT_ROOT,
            env={**os.environ, "WP_FUZZ_TOKEN": mine.token,
                 "WP_FUZZ_JOB": str(job.json()["job"])},
        )  # fmt: skip
    finally:
        cluster.stop()

    assert run.returncode == 0, run.stdout[-12000:] + run.stderr[-3000:]
