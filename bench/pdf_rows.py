"""The rows of `bench/pdfs.py`: what each one renders, run in a process of its own
(`python -m bench.pdfs --child ROW N`), and the ticket measurements."""

from __future__ import annotations

import base64
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any

GIVEN = [
    "Anna",
    "Bram",
    "Chaima",
    "Daan",
    "Eva",
    "Fatima",
    "Gijs",
    "Hatice",
    "Ilse",
    "Joris",
    "Kees",
    "Lotte",
    "Mohamed",
    "Noor",
]
SURNAMES = [
    "de Vries",
    "Bakker",
    "van der Berg",
    "el Amrani",
    "ter Horst",
    "Visser",
    "Smit",
    "van 't Hof",
    "Jansen",
    "in 't Veld",
    "Yılmaz",
    "de Jong-van Dijk",
    "Mulder",
    "Özdemir",
]
ORGANISATIONS = [
    "Gemeente Haarlem",
    "Gemeente Haarlemmermeer",
    "Socius Maatschappelijk Werk",
    "Hogeschool Inholland",
    "Cliëntenraad Zaanstad",
    "Wijkteam Velsen",
    "",
]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _badges(n: int) -> list[Any]:
    from events.badges import Badge
    from events.enums import Ribbon
    from events.services.registration.rows import new_ticket_code

    ribbons = [Ribbon.PARTICIPANT] * 8 + [Ribbon.SPEAKER, Ribbon.ORGANISER]
    return [
        Badge(
            f"{GIVEN[i % len(GIVEN)]} {SURNAMES[i % len(SURNAMES)]}",
            ORGANISATIONS[i % len(ORGANISATIONS)],
            ribbons[i % len(ribbons)],
            new_ticket_code(),
        )
        for i in range(n)
    ]


def _event() -> Any:
    import datetime as dt

    from events.badges import BadgeEvent
    from werkplaats.i18n import TIMEZONE

    return BadgeEvent(
        "Regionale bijeenkomst voorjaar",
        dt.datetime(2030, 4, 16, 13, 30, tzinfo=TIMEZONE),
        dt.datetime(2030, 4, 16, 17, 0, tzinfo=TIMEZONE),
    )


def svg_qr(code: str, *, symbol_mm: float) -> Any:
    """The tickets' QR: an SVG path of one square per dark module."""
    from events.tickets import QrImage, _qr, _width_mm, svg_data_uri

    qr = _qr(code)
    return QrImage(svg_data_uri(qr), _width_mm(qr, symbol_mm))


def run_length_qr(code: str, *, symbol_mm: float) -> Any:
    """An SVG path with one rectangle per run of dark modules in a row."""
    from events.tickets import QrImage, _qr, _width_mm

    qr = _qr(code)
    matrix = qr.get_matrix()
    size, parts = len(matrix), []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            start = x
            while x < size and row[x]:
                x += 1
            if x > start:
                parts.append(f"M{start} {y}h{x - start}v1h{start - x}z")
            x += 1
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" '
        f'height="{size}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" '
        f'fill="#fff"/><path d="{"".join(parts)}"/></svg>'
    )
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    return QrImage(uri, _width_mm(qr, symbol_mm))


def _naive_pdf(html: str, *, tagged: bool = True) -> bytes:
    """A document as a first implementation renders it: new fonts and stylesheets."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from events.badges import STYLESHEETS
    from werkplaats.pdf import _FETCHER, BASE_URL

    fonts = FontConfiguration()
    sheets = [
        CSS(url=f"{BASE_URL}{name}", url_fetcher=_FETCHER, font_config=fonts)
        for name in STYLESHEETS
    ]
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_FETCHER)
    return document.write_pdf(stylesheets=sheets, font_config=fonts, pdf_tags=tagged)


def _chunked(badges: list[Any], *, layout: Any, qr: Any, tagged: bool, chunk: int) -> bytes:
    from events.badges import STYLESHEETS, badges_html, by_surname, chunks, join_pdfs
    from werkplaats.pdf import html_to_pdf

    event = _event()
    parts = [
        html_to_pdf(
            badges_html(event, part, layout=layout, language="nl", qr=qr),
            stylesheets=STYLESHEETS,
            tagged=tagged,
        )
        for part in chunks(by_surname(badges), chunk)
    ]
    return join_pdfs(parts)


def badge_variant(name: str, n: int) -> Callable[[], bytes]:
    """The render of variant `name` for `n` badges, ready to be timed: the badges
    are made and, for our rows, the thread has warmed up as the worker's do."""
    from events.badges import CHUNK, badges_html, badges_pdf, by_surname, join_pdfs
    from events.enums import BadgeLayout
    from events.tickets import qr_pixels
    from werkplaats.pdf import warm_up

    badges, event, a6 = _badges(n), _event(), BadgeLayout.A6
    if name == "naive-one-document":
        return lambda: _naive_pdf(
            badges_html(event, by_surname(badges), layout=a6, language="nl", qr=svg_qr)
        )
    if name == "separate-documents":
        return lambda: join_pdfs(
            [
                _naive_pdf(badges_html(event, [badge], layout=a6, language="nl", qr=svg_qr))
                for badge in by_surname(badges)
            ]
        )
    warm_up()
    if name == "ours":
        return lambda: badges_pdf(event, badges, layout=a6)
    if name == "ours-a4":
        return lambda: badges_pdf(event, badges, layout=BadgeLayout.A4)
    options = {"layout": a6, "qr": qr_pixels, "tagged": False, "chunk": CHUNK}
    changes = {
        "ours-one-document": {"chunk": n},
        "ours-svg-qr": {"qr": svg_qr},
        "ours-run-length-svg-qr": {"qr": run_length_qr},
        "ours-tagged": {"tagged": True},
    }
    return lambda: _chunked(badges, **{**options, **changes[name]})


BADGE_ROWS = {
    "naive-one-document": "floor: one document, SVG path QR, fresh fonts + CSS, tagged",
    "separate-documents": "floor: a naive document per badge, joined with pypdf",
    "ours": "shipped: chunks of 96 joined, PNG QR, warm thread, untagged (A6)",
    "ours-a4": "shipped, A4 sheets of eight",
    "ours-one-document": "ours, but all badges in one document",
    "ours-svg-qr": "ours, but the SVG path QR",
    "ours-run-length-svg-qr": "ours, but a run-length SVG path QR",
    "ours-tagged": "ours, but tagged PDFs (tags are lost in the join)",
}


def child_badges(name: str, n: int) -> dict[str, Any]:
    import io

    from pypdf import PdfReader

    render = badge_variant(name, n)
    rss_before = _peak_rss_mb()
    started = time.perf_counter()
    pdf = render()
    elapsed = time.perf_counter() - started
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return {
        "ms_per_badge": elapsed * 1000 / n,
        "badges": n,
        "pages": pages,
        "kb": len(pdf) / 1024,
        "rss_before_mb": rss_before,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _ticket() -> Any:
    from events.tickets import TicketData

    return TicketData(
        name="Fatima el Amrani",
        organisation="Gemeente Haarlemmermeer",
        event_title="Regionale bijeenkomst voorjaar",
        when="dinsdag 16 april 2030, 13.30–17.00 uur",
        where="Pletterij, Lange Herenvest 122, 2011 BX Haarlem",
        code="K7QM4XPA2RTD9HVCK7QM4XPA2R",
        language="nl",
        status_label="Deelnemer",
    )


def _median_ms(fn: Any, times: int) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def child_ticket_cold() -> dict[str, Any]:
    """A process that imports WeasyPrint and renders one ticket: what every document
    costs when each is rendered by a fresh process."""
    started = time.perf_counter()
    import weasyprint  # noqa: F401

    imported = time.perf_counter()
    from events.tickets import ticket_pdf

    ticket_pdf(_ticket())
    done = time.perf_counter()
    return {"import_ms": (imported - started) * 1000, "total_ms": (done - started) * 1000}


def child_tickets(times: int) -> dict[str, Any]:
    import asyncio
    import threading

    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from events import tickets
    from werkplaats import pdf

    ticket = _ticket()
    qr = tickets._qr(ticket.code)
    context = {
        "ticket": ticket,
        "qr": tickets.svg_data_uri(qr),
        "qr_width_mm": tickets._width_mm(qr),
        "code_groups": tickets.code_groups(ticket.code),
    }
    html = pdf.render("pdf/ticket.html", **context)
    first_bare = _median_ms(lambda: HTML(string="<p>Werkplaats</p>").write_pdf(), 1)

    def naive() -> None:
        fonts = FontConfiguration()
        sheets = [
            CSS(url=f"{pdf.BASE_URL}{name}", url_fetcher=pdf._FETCHER, font_config=fonts)
            for name in ("base.css", "ticket.css")
        ]
        HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=pdf._FETCHER).write_pdf(
            stylesheets=sheets, font_config=fonts, pdf_tags=True
        )

    fresh_thread: list[float] = []

    def in_new_thread() -> None:
        started = time.perf_counter()
        tickets.ticket_pdf(ticket)
        fresh_thread.append((time.perf_counter() - started) * 1000)

    thread = threading.Thread(target=in_new_thread)
    thread.start()
    thread.join()

    async def in_warm_pdf_thread() -> tuple[float, float]:
        pdf.start_pdf_thread()
        await pdf.in_pdf_thread(lambda: None)  # the thread has warmed up
        samples = []
        for _ in range(times):
            started = time.perf_counter()
            await pdf.in_pdf_thread(tickets.ticket_pdf, ticket)
            samples.append((time.perf_counter() - started) * 1000)
        bare = []
        for _ in range(times):
            started = time.perf_counter()
            await pdf.in_pdf_thread(pdf.html_to_pdf, "<p>Werkplaats</p>")
            bare.append((time.perf_counter() - started) * 1000)
        return statistics.median(samples), statistics.median(bare)

    warm, bare = asyncio.run(in_warm_pdf_thread())
    fonts_ms = _median_ms(FontConfiguration, times)
    fonts = FontConfiguration()
    css_ms = _median_ms(
        lambda: [
            CSS(url=f"{pdf.BASE_URL}{name}", url_fetcher=pdf._FETCHER, font_config=fonts)
            for name in ("base.css", "ticket.css")
        ],
        times,
    )
    sheets = [pdf.stylesheet("base.css"), pdf.stylesheet("ticket.css")]

    def layout() -> Any:
        return HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=pdf._FETCHER).render(
            stylesheets=sheets, font_config=pdf._prepared.fonts, pdf_tags=True
        )

    layout_ms = _median_ms(layout, times)
    document = layout()
    write_ms = _median_ms(lambda: document.write_pdf(pdf_tags=True), times)
    return {
        "warm_ms": warm,
        "bare_ms": bare,
        "naive_ms": _median_ms(naive, times),
        "first_in_new_thread_ms": fresh_thread[0],
        "first_bare_document_ms": first_bare,
        "font_configuration_ms": fonts_ms,
        "parse_stylesheets_ms": css_ms,
        "layout_ms": layout_ms,
        "write_ms": write_ms,
    }
