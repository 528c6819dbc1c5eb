"""Test fixtures: a real database (SQLite, or PostgreSQL via TEST_DATABASE_URL),
a real Dramatiq worker (in-process, or on Redis via TEST_BROKER_URL), the real app
over `AsyncTestClient`, and an aiosmtpd server for the SMTP backend.

The environment is fixed here, before any application module is imported, because
settings are read once per process.
"""

from __future__ import annotations

import asyncio
import os
import socket
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="werkplaats-test-"))
os.environ["DATA_DIR"] = str(_TMP)
os.environ["SECRET_KEY"] = "test-secret-key-not-for-production"
os.environ["BASE_URL"] = "http://testserver.local"
# Federation tests fetch feeds from servers on this machine over plain http.
os.environ["FEDERATION_ALLOW_HTTP_HOSTS"] = "127.0.0.1"
_RUN_ID = f"{os.getpid()}_{int(time.time())}"
_PG_NAME = f"werkplaats_test_{_RUN_ID}"


async def _admin(url: str, statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


if os.environ.get("TEST_DATABASE_URL"):
    # A database of this run's own beside TEST_DATABASE_URL's: runs never collide.
    asyncio.run(_admin(os.environ["TEST_DATABASE_URL"], f'CREATE DATABASE "{_PG_NAME}"'))
    os.environ["DATABASE_URL"] = os.environ["TEST_DATABASE_URL"].rsplit("/", 1)[0] + "/" + _PG_NAME
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'test.sqlite'}"
if os.environ.get("TEST_BROKER_URL"):
    os.environ["BROKER_URL"] = os.environ["TEST_BROKER_URL"]
    os.environ["BROKER_NAMESPACE"] = f"werkplaats_test_{_RUN_ID}"
else:
    os.environ.pop("BROKER_URL", None)
os.environ.pop("SMTP_URL", None)
os.environ["LOGIN_LIMIT_PER_ADDRESS"] = "1000"
os.environ["WORKER_THREADS"] = "2"
# Tests log in with a password alone; tests/shell/test_second_factor.py switches the
# second factor on for the roles that need it and tries that path.
os.environ["SECOND_FACTOR_ROLES"] = ""

from litestar.testing import AsyncTestClient  # noqa: E402

from tests.values import demo_event_values  # noqa: E402, F401  (tests import it from here)
from werkplaats.db import get_engine  # noqa: E402
from werkplaats.enums import Role  # noqa: E402
from werkplaats.settings import get_settings  # noqa: E402

USING_POSTGRES = get_settings().database_url.startswith("postgres")
PASSWORD = "correct horse battery staple"


def _table_names() -> list[str]:
    """Every table, those that others point at last (the order rows can be deleted in)."""
    from piccolo.conf.apps import Finder
    from piccolo.table import sort_table_classes

    tables = sort_table_classes(Finder().get_table_classes())
    return [table._meta.tablename for table in reversed(tables)]


# Every sequence of the schema back at 1, so ids restart as they do on SQLite.
_RESTART_SEQUENCES = """
SELECT setval(c.oid, 1, false) FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'S' AND n.nspname = current_schema()
"""


async def _reset_schema() -> None:
    engine = get_engine()
    if not USING_POSTGRES:  # a PostgreSQL run has a new database of its own
        path = Path(engine.path)  # type: ignore[attr-defined]
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@pytest.fixture(scope="session", autouse=True)
async def migrated() -> AsyncIterator[None]:
    """Build the schema once per run, with the real migrations."""
    from werkplaats.app import load_apps
    from werkplaats.cli import run_migrations
    from werkplaats.db import close_database, open_database

    load_apps()
    await _reset_schema()
    await open_database()
    await run_migrations()
    if get_settings().broker_url:
        from werkplaats.queue import broker

        broker.flush_all()
    yield
    await close_database()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if USING_POSTGRES:
        statement = f'DROP DATABASE IF EXISTS "{_PG_NAME}" WITH (FORCE)'
        asyncio.run(_admin(os.environ["TEST_DATABASE_URL"], statement))
    if get_settings().broker_url:
        from werkplaats.queue import broker

        broker.flush_all()


@pytest.fixture(autouse=True)
async def clean_tables(migrated: None) -> None:
    """A fresh database per test: every table emptied, ids restarted, and the
    process's small caches forgotten (they would name rows that are gone)."""
    from werkplaats.memo import clear_all

    clear_all()
    engine = get_engine()
    # DELETE, not TRUNCATE, on PostgreSQL too: a test leaves a few rows, and truncating
    # 67 tables (new files for each and its indexes) took 0.15 s a test, DELETE 0.01 s.
    async with engine.transaction():
        for name in _table_names():
            await engine.run_ddl(f"DELETE FROM {name}")
        if USING_POSTGRES:
            await engine.run_ddl(_RESTART_SEQUENCES)


@pytest.fixture(scope="session")
async def app(migrated: None) -> Any:
    from werkplaats.app import create_app

    return create_app(run_worker=True)


@pytest.fixture(scope="session")
async def _session_client(app: Any) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
        yield client


@pytest.fixture
async def client(_session_client: AsyncTestClient) -> AsyncTestClient:
    """The app over HTTP, with its worker running; cookies start empty per test."""
    _session_client.cookies.clear()
    return _session_client


async def csrf_token(client: AsyncTestClient) -> str:
    if "csrftoken" not in client.cookies:
        await client.get("/login")
    return client.cookies["csrftoken"]


async def post_form(client: AsyncTestClient, url: str, data: dict[str, Any], **kwargs: Any) -> Any:
    """POST a form as a browser does, CSRF token included."""
    token = await csrf_token(client)
    return await client.post(url, data={**data, "_csrf_token": token}, **kwargs)


@pytest.fixture
async def make_user() -> Callable[..., Awaitable[Any]]:
    from werkplaats.auth.accounts import create_user

    async def make(role: Role = Role.ORGANISER, email: str | None = None) -> Any:
        return await create_user(
            email or f"{role.value}@werkplaats.test",
            role=role,
            name=f"Test {role.value}",
            password=PASSWORD,
        )

    return make


@pytest.fixture
async def login(
    client: AsyncTestClient, make_user: Callable[..., Awaitable[Any]]
) -> Callable[..., Awaitable[Any]]:
    """Log the test client in as a new user with `role`."""

    async def log_in(role: Role = Role.ORGANISER) -> Any:
        user = await make_user(role)
        form = {"email": user.email, "password": PASSWORD, "next": "/"}
        response = await post_form(client, "/login", form, follow_redirects=False)
        assert response.status_code in (302, 303), response.text
        return user

    return log_in


@pytest.fixture
async def api_headers(
    make_user: Callable[..., Awaitable[Any]],
) -> Callable[..., Awaitable[dict[str, str]]]:
    from werkplaats.auth.accounts import issue_token

    async def headers(role: Role = Role.ORGANISER) -> dict[str, str]:
        user = await make_user(role)
        return {"Authorization": f"Bearer {await issue_token(user)}"}

    return headers


async def eventually(check: Callable[[], Awaitable[Any]], timeout: float = 15.0) -> Any:
    """Poll until `check()` is truthy: the worker runs in another thread or process."""
    deadline = time.monotonic() + timeout
    while True:
        result = await check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(0.05)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    """Collects messages received by a real aiosmtpd server."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server() -> Iterator[tuple[str, int, SmtpSink]]:
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield "127.0.0.1", port, sink
    finally:
        controller.stop()


@pytest.fixture
def no_sweeping_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests of server processes (tests/servers.py): the test process's own app
    (the session's client) sweeps the same database with another broker, mail folder
    and SMTP, so it must not take up the cluster's rows (a claim of a killed cluster
    process is anyone's on this machine)."""
    from werkplaats import queue

    monkeypatch.setattr(queue, "_sweepers", [])
