"""The floors: a bare Litestar app with `GET /` (a small JSON dict) and `GET /jinja`.

Every row of a benchmark run is reported as a ratio to one of these, served by the
same uvicorn on the same machine in the same run, so the numbers say what the
Werkplaats app costs on top of the framework and server, not how fast the machine is.

`/jinja` is the floor of the public HTML pages: a small template with a loop over
twelve items, rendered through Litestar's Jinja engine as the app's pages are
(autoescape on, the request in the context), with no database and no middleware.
"""

from __future__ import annotations

from jinja2 import DictLoader, Environment, select_autoescape
from litestar import Litestar, get
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template import TemplateConfig

PAGE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>
<main>
  <h1>{{ title }}</h1>
  <ul class="events">
  {% for item in items %}
    <li><a href="/events/{{ item.slug }}">{{ item.title }}</a>
      <time>{{ item.day }}</time> <span>{{ item.place }}</span></li>
  {% endfor %}
  </ul>
</main>
</body>
</html>
"""

ITEMS = [
    {
        "slug": f"leeratelier-{n}",
        "title": f"Leeratelier {n}: samen werken in de wijk & <het> sociaal domein",
        "day": f"{n + 1} maart 2027",
        "place": "Zaandam",
    }
    for n in range(12)
]


@get("/")
async def index() -> dict[str, str]:
    return {"status": "ok", "app": "floor"}


@get("/jinja")
async def jinja_page() -> Template:
    return Template("page.html", context={"title": "Agenda", "items": ITEMS})


templates = Environment(
    loader=DictLoader({"page.html": PAGE}),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
app = Litestar(
    route_handlers=[index, jinja_page],
    template_config=TemplateConfig(engine=JinjaTemplateEngine.from_environment(templates)),
)
