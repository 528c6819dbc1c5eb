"""The floor: a bare Litestar app answering `GET /` with a small JSON dict.

Every row of a benchmark run is reported as a ratio to this app, served by the same
uvicorn on the same machine in the same run, so the numbers say what the
Werkplaats app costs on top of the framework and server, not how fast the machine is.
"""

from __future__ import annotations

from litestar import Litestar, get


@get("/")
async def index() -> dict[str, str]:
    return {"status": "ok", "app": "floor"}


app = Litestar(route_handlers=[index])
