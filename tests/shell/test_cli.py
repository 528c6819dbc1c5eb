"""The `werkplaats` command, run as its own process on the test database."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx

from events.enums import EventStatus
from events.services.catalogue.events import create_event
from tests.conftest import demo_event_values, free_port
from werkplaats.auth.accounts import authenticate, set_active, user_for_token
from werkplaats.enums import Role
from werkplaats.settings import PROJECT_ROOT, load_settings
from werkplaats.tables import User

WERKPLAATS = Path(sys.executable).parent / "werkplaats"


async def werkplaats(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the console script with this test run's environment (and so its database)."""
    return await asyncio.to_thread(
        subprocess.run,
        [str(WERKPLAATS), *args],
        input=stdin,
        env=dict(os.environ),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_create_user_prints_a_token_that_works_on_the_api(client):
    draft = await create_event(
        demo_event_values(title="Concept leeratelier", status=EventStatus.DRAFT)
    )

    result = await werkplaats(
        "create-user", "Fleur@Werkplaats.test", "--role", "organiser", "--name", "Fleur Jansen",
        stdin="lang genoeg wachtwoord\n",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("wp_")
    response = await client.get("/api/v1/events", headers={"Authorization": f"Bearer {token}"})
    assert [event["slug"] for event in response.json()] == [draft]
    user = await authenticate("fleur@werkplaats.test", "lang genoeg wachtwoord")
    assert (user.name, user.role) == ("Fleur Jansen", Role.ORGANISER)


async def test_create_user_refuses_a_short_password(client):
    result = await werkplaats(
        "create-user", "kort@werkplaats.test", "--role", "admin", stdin="kort\n"
    )

    assert result.returncode == 1
    assert "at least 12 characters" in result.stderr
    assert result.stdout == ""
    assert await User.count() == 0


async def test_token_prints_another_working_token(client, make_user):
    user = await make_user(Role.CHECKIN, "deur@werkplaats.test")

    result = await werkplaats("token", "DEUR@werkplaats.test", "--label", "scanner zaal 1")

    assert result.returncode == 0, result.stderr
    assert await user_for_token(result.stdout.strip().splitlines()[-1]) == user


async def test_token_for_an_unknown_or_inactive_account_fails(client, make_user):
    inactive = await make_user(Role.ORGANISER, "oud@werkplaats.test")
    await set_active(inactive.id, False)

    unknown = await werkplaats("token", "niemand@werkplaats.test")
    deactivated = await werkplaats("token", "oud@werkplaats.test")

    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert "no active account niemand@werkplaats.test" in unknown.stderr
    assert (deactivated.returncode, deactivated.stdout) == (1, "")


async def test_migrate_on_a_migrated_database_is_a_no_op(client):
    result = await werkplaats("migrate")

    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("migrations: up to date\n", "")


def test_base_url_follows_host_and_port_unless_set():
    assert load_settings({"PORT": "8100"}).base_url == "http://127.0.0.1:8100"
    assert load_settings({"HOST": "0.0.0.0", "PORT": "8100"}).base_url == "http://127.0.0.1:8100"
    assert load_settings({"HOST": "::1"}).base_url == "http://[::1]:8000"
    configured = {"PORT": "8100", "BASE_URL": "https://agenda.example/"}
    assert load_settings(configured).base_url == "https://agenda.example"


async def test_serve_on_another_port_links_to_that_port_and_starts_quietly(client, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"BASE_URL", "HOST", "PORT"}}
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(WERKPLAATS), "serve", "--port", str(port)],
            env=env,
            cwd=PROJECT_ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        page = await _page_when_up(f"http://127.0.0.1:{port}/calendar")
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            icon = await http.get("/favicon.ico", follow_redirects=True)
    finally:
        server.terminate()
        server.wait(timeout=20)

    assert f"http://127.0.0.1:{port}/calendar.ics" in page
    assert "127.0.0.1:8000" not in page
    assert (icon.status_code, icon.headers["content-type"]) == (200, "image/svg+xml")
    noise = [
        line
        for line in log.read_text().splitlines()
        if any(word in line for word in ("weasyprint", "piccolo", "HarfBuzz", "asyncio"))
    ]
    assert noise == []


async def _page_when_up(url: str) -> str:
    async with httpx.AsyncClient() as http:
        for _ in range(200):
            try:
                return (await http.get(url)).text
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


def test_the_installed_package_holds_every_app(tmp_path):
    """Run from elsewhere (as the `werkplaats` command and a systemd unit are), the app
    finds every one of its apps in the installed package, not in the working
    directory: a new app left out of pyproject's package list fails here."""
    apps = sorted(p.parent.name for p in PROJECT_ROOT.glob("*/piccolo_app.py"))
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = (
        "import importlib, os; from werkplaats.app import create_app; create_app(); "
        f"[importlib.import_module(a) for a in {apps!r}]; print('ok', flush=True); "
        "os._exit(0)"  # no interpreter teardown: the app's PDF threads are not stopped
    )

    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=environment,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert (done.returncode, done.stdout) == (0, "ok\n"), done.stderr[-2000:]
    assert {"events", "congress", "mailings", "programme", "federation"} <= set(apps)
