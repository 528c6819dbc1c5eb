"""The door as an installable web app: a manifest per door (its start page is the
door's own page, staff or volunteer link) and the service worker that keeps the
page's shell on the phone, so the door opens without the network.

The worker is served from the site's root, so one script may control both kinds of
door; the page registers it for its own kind only (`/checkin/` or `/scan/`).
"""

from __future__ import annotations

from litestar import Controller, Request, Response, get
from litestar.params import FromPath

from events.controllers.checkin import Desk, staff_desk, volunteer_desk
from werkplaats.auth.guards import door_staff
from werkplaats.i18n import _, get_language
from werkplaats.settings import PROJECT_ROOT

WORKER = PROJECT_ROOT / "werkplaats" / "static" / "checkin-sw.js"
BRAND = "#1d4f6e"


def _manifest(desk: Desk) -> Response[dict]:
    manifest = {
        "name": f"{_('Check-in')}: {desk.event['title']}",
        "short_name": _("Check-in"),
        "lang": get_language(),
        "start_url": desk.base,
        "scope": desk.base,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": BRAND,
        "icons": [{"src": "/static/favicon.svg", "sizes": "any", "type": "image/svg+xml"}],
    }
    return Response(manifest, media_type="application/manifest+json")


class DoorWorkerController(Controller):
    path = "/"
    include_in_schema = False

    @get("/checkin-sw.js")
    async def worker(self) -> Response[bytes]:
        # no-store (a personal path): a changed worker reaches the phones at once
        return Response(WORKER.read_bytes(), media_type="text/javascript")

    @get("/scan/{token:str}/manifest.webmanifest")
    async def volunteer_manifest(self, token: FromPath[str]) -> Response[dict]:
        return _manifest(await volunteer_desk(token))


class DoorManifestController(Controller):
    path = "/checkin"
    guards = [door_staff]
    include_in_schema = False

    @get("/{slug:str}/manifest.webmanifest")
    async def staff_manifest(self, request: Request, slug: FromPath[str]) -> Response[dict]:
        return _manifest(await staff_desk(request, slug))
