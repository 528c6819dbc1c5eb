"""PDFs from Jinja templates with WeasyPrint, as Indico renders its document templates.

A PDF sees only our own files. The URL fetcher serves `wp-static:/static/<path>` from
`werkplaats/static/` and `wp-static:/pdf/<path>` from `templates/pdf/`, and `data:` URIs
(which we make ourselves, such as a QR code, and which never leave the process). Any
other URL — `file:`, `http(s):`, a relative path — stops the render with
`AssetRefused`: an organiser's Markdown or a name typed into a form cannot make the
server read a local file or call out while it renders. Relative URLs do not resolve
under a made-up scheme, so templates and stylesheets use the absolute form.

Where WeasyPrint's time goes (measured on a ticket): importing it parses the C
declarations of Pango and HarfBuzz (cffi, ~0.4–0.9 s); the first document in a
process parses more of them for `ffi.new` and loads the fonts (~150–250 ms); after
that a fresh `FontConfiguration` per document costs ~20 ms (its font map and glyph
caches start empty) and parsing our stylesheets ~6 ms. So the stylesheets named in
`stylesheets=` are parsed once, with one `FontConfiguration`, and reused, leaving
layout and font subsetting (~50 ms a ticket). Both are kept per thread: a Pango font
map is not meant to be shared between threads, and the worker renders on several.
A process that renders PDFs can call `warm_up()` at start-up to pay the first-document
cost before a user waits for it.

Async code (controllers, actors on the worker's event loop) renders on `in_pdf_thread`:
a small pool of threads that each call `warm_up()` when they start and keep their
font configuration and stylesheets. The worker starts them as its own threads boot
(`werkplaats.queue.WarmPdfThreads`), so the first ticket or badge a user asks for is
already rendered by a warm thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import logging
import mimetypes
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, ParamSpec, TypeVar
from urllib.parse import unquote
from urllib.request import DataHandler, Request

from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from werkplaats.render import TEMPLATE_DIR, render
from werkplaats.settings import get_settings

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")
SCHEME = "wp-static"
BASE_URL = f"{SCHEME}:/pdf/"
ROOTS = {
    "static": Path(__file__).resolve().parent / "static",
    "pdf": (TEMPLATE_DIR / "pdf").resolve(),
}
ASSET_SUFFIXES = {".css", ".svg", ".png", ".jpg", ".jpeg", ".woff", ".woff2", ".ttf", ".otf"}


class AssetRefused(ValueError):
    """A PDF template asked for something that is not one of our own files."""


def asset_path(url: str) -> Path:
    """The file behind a `wp-static:` URL; raises `AssetRefused` for anything else."""
    if not url.startswith(f"{SCHEME}:"):
        raise AssetRefused(f"PDF templates may only use {SCHEME}: and data: URLs, not {url!r}")
    root_name, _, relative = unquote(url.removeprefix(f"{SCHEME}:")).lstrip("/").partition("/")
    root = ROOTS.get(root_name)
    if root is None or not relative:
        raise AssetRefused(f"No such PDF asset folder: {url!r}")
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or path.suffix.lower() not in ASSET_SUFFIXES:
        raise AssetRefused(f"Not a PDF asset: {url!r}")
    if not path.is_file():
        raise AssetRefused(f"No such PDF asset: {url!r}")
    return path


class LocalAssetFetcher(URLFetcher):
    """Serves our own files and `data:` URIs; refuses every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={SCHEME, "data"}, fail_on_errors=True)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            response = DataHandler().data_open(Request(url))
            return URLFetcherResponse(url, response.read(), dict(response.headers.items()))
        path = asset_path(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


_FETCHER = LocalAssetFetcher()


class _Prepared(threading.local):
    def __init__(self) -> None:
        self.fonts = FontConfiguration()
        self.stylesheets: dict[str, CSS] = {}


_prepared = _Prepared()


def stylesheet(name: str) -> CSS:
    """A stylesheet from `templates/pdf/`, parsed once per thread."""
    css = _prepared.stylesheets.get(name)
    if css is None:
        css = CSS(
            url=f"{BASE_URL}{name}",
            url_fetcher=_FETCHER,
            font_config=_prepared.fonts,
            _check_mime_type=True,
        )
        _prepared.stylesheets[name] = css
    return css


_WARM_UP_PAGE = (
    '<html lang="nl"><h1>Werkplaats</h1>'
    '<dl style="display: grid"><dt>Sociaal</dt><dd><b>Domein</b></dd></dl>'
    '<img alt="QR" src="data:image/svg+xml,%3Csvg xmlns=\'http://www.w3.org/2000/svg\''
    " width='2' height='2'%3E%3Cpath d='M0 0h1v1H0z'/%3E%3C/svg%3E\">"
    '<p class="mono">ABCD 1234</p></html>'
)


def warm_up() -> None:
    """Render a throw-away page in this thread, paying most of the first-document cost
    (fonts, cffi types) before a user waits, and parse every stylesheet in
    `templates/pdf/`; call it when a worker thread starts."""
    html_to_pdf(_WARM_UP_PAGE, stylesheets=("base.css",))
    for path in sorted(ROOTS["pdf"].glob("*.css")):
        stylesheet(path.name)


def _warm_up_thread() -> None:
    try:
        warm_up()
    except Exception:  # a cold thread still renders; a broken pool would not
        log.exception("PDF warm-up failed")


_pool_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None


def pdf_threads() -> ThreadPoolExecutor:
    """The PDF threads of this process, one per worker thread (`WORKER_THREADS`)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=get_settings().worker_threads,
                thread_name_prefix="pdf",
                initializer=_warm_up_thread,
            )
        return _pool


def start_pdf_thread() -> None:
    """Start one more PDF thread (while the pool has room); it warms up right away.

    A pool starts a thread for each task it gets while none is idle, so each call made
    while the others are still warming up adds one.
    """
    pdf_threads().submit(lambda: None)


async def in_pdf_thread(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`fn(*args, **kwargs)` on a PDF thread, with this task's context (its language)."""
    call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(pdf_threads(), call)


def render_pdf(
    template: str, *, stylesheets: tuple[str, ...] = (), tagged: bool = True, **context: Any
) -> bytes:
    """Render `template` (a path under `templates/`) to PDF bytes.

    `stylesheets` are names of files in `templates/pdf/`, applied after the template's
    own `<style>`. The PDF is tagged, so screen readers get headings and reading order;
    `tagged=False` is for print files that are joined afterwards (tags cannot be
    joined, and cost ~15 % of the render).
    """
    return html_to_pdf(render(template, **context), stylesheets=stylesheets, tagged=tagged)


def html_to_pdf(html: str, *, stylesheets: tuple[str, ...] = (), tagged: bool = True) -> bytes:
    """`render_pdf` for HTML that is already rendered; the same fetcher guards it."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_FETCHER)
    with _refusing():
        return document.write_pdf(
            stylesheets=[stylesheet(name) for name in stylesheets],
            font_config=_prepared.fonts,
            pdf_tags=tagged,
        )


def render_pages(template: str, *, stylesheets: tuple[str, ...] = (), **context: Any) -> Document:
    """`render_pdf` stopped after the layout: the pages, to see on which page an anchor
    landed (`page.anchors`) before the next part is rendered, and to join the parts
    with `join_pages` (tags are made then)."""
    document = HTML(string=render(template, **context), base_url=BASE_URL, url_fetcher=_FETCHER)
    with _refusing():
        return document.render(
            stylesheets=[stylesheet(name) for name in stylesheets],
            font_config=_prepared.fonts,
        )


def join_pages(parts: Sequence[Document], *, tagged: bool = True) -> bytes:
    """One PDF of the pages of `parts`, in order, with the first part's metadata; links
    from one part to an anchor in another work."""
    pages = [page for part in parts for page in part.pages]
    with _refusing():
        return parts[0].copy(pages).write_pdf(pdf_tags=tagged)


@contextlib.contextmanager
def _refusing() -> Iterator[None]:
    try:
        yield
    except FatalURLFetchingError as error:
        # WeasyPrint raises a BaseException here; callers should see an ordinary error.
        raise AssetRefused(str(error.__cause__ or error)) from error.__cause__
