"""One Jinja2 environment for pages, mails and PDFs, and the Markdown renderer.

Templates live in the top-level `templates/` folder. Translation functions read the
language of the current request or job, so one environment serves every language.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from werkplaats import i18n
from werkplaats.settings import PROJECT_ROOT, get_settings

TEMPLATE_DIR = PROJECT_ROOT / "templates"

_markdown = MarkdownIt("commonmark", {"linkify": False, "typographer": False}).enable("table")

_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


def markdown(text: str | None) -> Markup:
    """Markdown from organisers, sanitised: no scripts, no images from elsewhere."""
    if not text:
        return Markup("")
    html = _markdown.render(text)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        markdown=markdown,
        day=i18n.format_day,
        short_day=i18n.format_short_day,
        clock=i18n.format_clock,
        moment=i18n.format_moment,
        number=i18n.format_number,
        hours=i18n.format_hours,
        points=i18n.format_points,
        local=i18n.local,
    )
    env.globals.update(
        when=i18n.format_when,
        current_language=i18n.get_language,
        languages=i18n.LANGUAGES,
        settings=get_settings(),
    )
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def render_block(template: str, block: str, **context: Any) -> str:
    """Render one block of a template, e.g. the subject line of a mail."""
    tmpl = environment().get_template(template)
    ctx = tmpl.new_context(context)
    return "".join(tmpl.blocks[block](ctx)).strip()
