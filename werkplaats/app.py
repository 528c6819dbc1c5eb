"""The app factory: the only place (with the CLI) that knows the domain apps."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import logging
from collections.abc import AsyncIterator

from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.plugins.flash import FlashConfig, FlashPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig

from congress.routes import ROUTES as CONGRESS
from events.routes import ROUTES as EVENTS
from federation.routes import ROUTES as FEDERATION
from mailings.routes import ROUTES as MAILINGS
from programme.routes import ROUTES as PROGRAMME
from werkplaats import queue
from werkplaats.api_schema import AllowHeaderMiddleware, complete_api_schema
from werkplaats.audit_pages import AuditController
from werkplaats.auth.controllers import AccountController, LoginController
from werkplaats.auth.second_factor_pages import SecondFactorController
from werkplaats.controllers import (
    BackofficeController,
    HealthController,
    LanguageController,
    favicon,
)
from werkplaats.db import close_database, open_database
from werkplaats.errors import EXCEPTION_HANDLERS
from werkplaats.jobs.controllers import JobApiController, JobBackofficeController
from werkplaats.logs import quiet_libraries
from werkplaats.middleware import RequestContextMiddleware
from werkplaats.nul_guard import refuse_nul
from werkplaats.render import environment
from werkplaats.security_headers import SecurityHeadersMiddleware
from werkplaats.sessions import SESSION_COOKIE, SessionConfig
from werkplaats.settings import PROJECT_ROOT, get_settings
from werkplaats.store import DatabaseStore

log = logging.getLogger(__name__)


# Modules that register something when imported: actors and sweepers, job
# handlers, mail builders, and the other apps' listeners on `events.hooks`. Every
# process (web, worker, tests) loads them all before its first request or message.
APP_MODULES = (
    "werkplaats.mail.tasks",
    "werkplaats.jobs.tasks",
    "werkplaats.sessions",
    "events.tasks",
    "mailings.tasks",
    "federation.tasks",
    "congress.app",
)


# Paths that middleware leaves out. Litestar searches each pattern anywhere in the
# path, so every one is anchored: unanchored, "/health" exempted an organiser's POST
# to /beheer/events/health-check-dag/status from the CSRF check.
API_PATHS = r"^/api/"
CSRF_FREE_PATHS = [
    API_PATHS,  # bearer tokens, no cookies
    r"^/health$",
    r"^/schema(/|$)",
    # Calendar files change nothing, and a calendar app keeps no cookie.
    r"^/calendar(/[^/]+)*\.ics$",
    r"^/events/[a-z0-9-]+\.ics$",
    r"^/r/[^/]+/event\.ics$",
    r"^/landelijk\.ics$",
    # Other servers post signed activities; the signature is the check, not a cookie.
    r"^/ap/inbox$",
]


def load_apps() -> None:
    """Import every module of `APP_MODULES` (once; importing again is free)."""
    for name in APP_MODULES:
        importlib.import_module(name)


def domain_routes() -> list:
    return [*EVENTS, *CONGRESS, *MAILINGS, *PROGRAMME, *FEDERATION]


def settle_garbage_collector() -> None:
    """Leave the objects of start-up out of every later collection, and collect less
    often: under twenty door scanners a full collection took 15–75 ms, all requests
    waiting (bench `checkin`: 1,050 → 1,400 req/s, 0.78 → 0.60 ms of CPU a request)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)


@contextlib.asynccontextmanager
async def lifespan(app: Litestar) -> AsyncIterator[None]:
    """Open the database; without a broker, run the worker and sweeper in-process."""
    complete_api_schema(app)
    await open_database()
    settle_garbage_collector()
    worker = sweeper = None
    if app.state.get("run_worker", False):
        worker = queue.start_worker()
        sweeper = asyncio.create_task(queue.run_sweeper(first_min_age=0))
    try:
        yield
    finally:
        if sweeper is not None:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
        if worker is not None:
            await asyncio.to_thread(queue.stop_worker, worker)
        await close_database()


def create_app(*, run_worker: bool | None = None) -> Litestar:
    settings = get_settings()
    quiet_libraries()
    load_apps()
    secure = settings.base_url.startswith("https://")
    template_config = TemplateConfig(engine=JinjaTemplateEngine.from_environment(environment()))
    session = SessionConfig(
        # The API authenticates by bearer token only: no session is read, made or kept.
        exclude=[API_PATHS],
        key=SESSION_COOKIE,
        store="sessions",
        max_age=settings.session_idle_minutes * 60,  # renewed by every request: idle time
        secure=secure,
        samesite="lax",
        httponly=True,
    )
    return Litestar(
        route_handlers=[
            HealthController,
            favicon,
            LanguageController,
            LoginController,
            SecondFactorController,
            AccountController,
            AuditController,
            BackofficeController,
            JobApiController,
            JobBackofficeController,
            *domain_routes(),
            create_static_files_router(
                path="/static",
                directories=[PROJECT_ROOT / "werkplaats" / "static"],
                include_in_schema=False,
            ),
        ],
        middleware=[
            SecurityHeadersMiddleware(https=secure),
            AllowHeaderMiddleware(),
            session.middleware,
            RequestContextMiddleware(),
        ],
        stores={"sessions": DatabaseStore("session")},
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            exclude=CSRF_FREE_PATHS,
            cookie_secure=secure,
            cookie_name="csrftoken",
        ),
        template_config=template_config,
        plugins=[FlashPlugin(config=FlashConfig(template_config=template_config))],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        before_request=refuse_nul,
        openapi_config=OpenAPIConfig(
            title="Werkplaats API",
            version="1.0.0",
            path="/schema",
            render_plugins=[SwaggerRenderPlugin()],
        ),
        lifespan=[lifespan],
        state={"run_worker": settings.in_process_worker if run_worker is None else run_worker},
        debug=settings.debug,
    )
