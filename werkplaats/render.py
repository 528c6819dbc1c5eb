"""One Jinja2 environment for pages, mails and PDFs, and the Markdown renderer.

Templates live in the top-level `templates/` folder. Translation functions read the
language of the current request or job, so one environment serves every language.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from typing import Any

import nh3
from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_eval_context,
    select_autoescape,
)
from jinja2.nodes import EvalContext
from markdown_it import MarkdownIt
from markupsafe import Markup

from werkplaats import i18n, nav
from werkplaats.enums import MailState, Role
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
    return _markdown_html(text)


@lru_cache(maxsize=256)
def _markdown_html(text: str) -> Markup:
    # A pure function of the text, kept: an event page shows the same description to
    # every visitor, and parsing plus sanitising it costs more than the rest of it.
    html = _markdown.render(text)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)


# Jinja's own newstyle gettext goes through two context calls and formats even a
# constant message with `%` (2–3 µs for Markup alone): some 8 µs a string, and a
# page with a form shows fifty. These do the same — translate, mark safe when
# autoescaping, always `%`-format with the keywords (so `%%` is `%`) — and keep the
# result of a message without keywords, which depends on the language alone.
@lru_cache(maxsize=4096)
def _constant_text(language: str, message: str, autoescape: bool) -> str:
    text = i18n.translations(language).ugettext(message)
    return (Markup(text) if autoescape else text) % {}


@pass_eval_context
def _gettext(eval_ctx: EvalContext, message: str, /, **variables: Any) -> str:
    if not variables:
        return _constant_text(i18n.get_language(), message, eval_ctx.autoescape)
    text = i18n.gettext(message)
    return (Markup(text) if eval_ctx.autoescape else text) % variables


@pass_eval_context
def _ngettext(
    eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: Any
) -> str:
    variables.setdefault("num", num)
    text = i18n.ngettext(singular, plural, num)
    return (Markup(text) if eval_ctx.autoescape else text) % variables


def json_ld(data: Any) -> Markup:
    """JSON for inside `<script type="application/ld+json">`: data, never run (the CSP
    allows no inline script), and no `</script>` or `<!--` can end or bend the element
    because every `<`, `>` and `&` is written as a JSON escape."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        # Checking every template file's mtime on every render costs a stat per
        # template and include; only a developer (DEBUG) edits them while running.
        auto_reload=get_settings().debug,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext)
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
        json_ld=json_ld,
    )
    env.globals.update(
        when=i18n.format_when,
        current_language=i18n.get_language,
        header_links=nav.header_links,
        languages=i18n.LANGUAGES,
        settings=get_settings(),
        # Stored values to their enum, for the label: `_(role(u.role).label)`.
        role=Role,
        mail_state=MailState,
    )
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def render_block(template: str, block: str, **context: Any) -> str:
    """Render one block of a template, e.g. the subject line of a mail."""
    tmpl = environment().get_template(template)
    ctx = tmpl.new_context(context)
    return "".join(tmpl.blocks[block](ctx)).strip()
