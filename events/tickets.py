"""Tickets: the QR code and the A6 PDF an attendee shows at the entrance.

The QR code carries only `WPS1:` and the ticket code, never a name or an e-mail
address: a photo of a ticket gives away nothing but the code. Upper-case letters,
digits and the colon fit the QR alphanumeric mode, which keeps the symbol small and
easy to scan. The same code is printed below the QR in groups of four, for door
staff who type it by hand.

A rendered ticket is kept under `DATA_DIR/tickets/`, keyed by the caller (e.g. the
registration's token and a version that changes when the ticket would look
different), so a mail retry or a second download does not render it again.
"""

from __future__ import annotations

import base64
import io
import os
import re
import tempfile
from dataclasses import dataclass

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

from events.codes import code_groups
from events.views import RegistrationView
from werkplaats import i18n
from werkplaats.i18n import _
from werkplaats.pdf import render_pdf
from werkplaats.settings import get_settings

TICKET_PREFIX = "WPS1:"
QR_BORDER = 4  # modules of quiet zone, as the QR standard asks
QR_SYMBOL_MM = 36  # the dark square on the ticket: scans from paper and from a phone
# A module of the ticket's symbol (a ticket's payload is version 3: 29 modules);
# other printed codes use modules at least this large.
QR_MODULE_MM = round(QR_SYMBOL_MM / 29, 2)
QR_PIXELS_PER_MODULE = 4
_CACHE_KEY = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}")  # a token may start with - or _


@dataclass(frozen=True)
class TicketData:
    """What a ticket shows; `when` and `where` come formatted in `language`."""

    name: str
    organisation: str
    event_title: str
    when: str
    where: str
    code: str
    language: str
    status_label: str


def ticket_of(registration: RegistrationView) -> TicketData:
    """What the ticket of this registration shows, in the registrant's language."""
    event = registration.event
    where = event.venue["name"] if event.venue else _("Online")
    if event.address_line:
        where = f"{where}, {event.address_line}"
    return TicketData(
        name=registration.name,
        organisation=registration.organisation,
        event_title=event.title,
        when=event.when,
        where=where,
        code=registration.ticket_code,
        language=registration.language,
        status_label=_("Participant"),
    )


def qr_payload(code: str) -> str:
    return f"{TICKET_PREFIX}{code}"


def qr_symbol(data: str, *, box_size: int = 1) -> qrcode.QRCode:
    """A QR code of `data` as every one of ours is made (also a certificate's link)."""
    # A fixed mask: every mask is a valid QR code, and choosing the "best" of eight
    # costs ~7 ms per code, spent inside the registration's seat lock.
    qr = qrcode.QRCode(
        error_correction=ERROR_CORRECT_M, box_size=box_size, border=QR_BORDER, mask_pattern=0
    )
    qr.add_data(data)
    qr.make(fit=True)
    return qr


def _qr(code: str, *, box_size: int = 1) -> qrcode.QRCode:
    return qr_symbol(qr_payload(code), box_size=box_size)


def link_qr_data_uri(url: str) -> str:
    """Any text (a link to open on a phone) as a QR code in a `data:` URI."""
    return svg_data_uri(qr_symbol(url))


def qr_png(code: str, *, scale: int = 8) -> bytes:
    """The QR code as a PNG, for the inline image in the confirmation mail."""
    return _png(_qr(code).get_matrix(), scale)


def _png(matrix: list[list[bool]], scale: int) -> bytes:
    """The modules as a black-and-white PNG, `scale` pixels a module, quiet zone
    included: one small image enlarged without smoothing, not a square drawn per
    module (a tenth of the time)."""
    image = Image.new("L", (len(matrix), len(matrix)))
    image.putdata([0 if dark else 255 for row in matrix for dark in row])
    if scale > 1:
        image = image.resize((image.width * scale, image.height * scale), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(code: str) -> str:
    """The QR code as an SVG document, one unit per module; it scales without blur."""
    return _svg(_qr(code))


def qr_data_uri(code: str) -> str:
    """The SVG as a `data:` URI: the only kind of image a PDF template may embed inline."""
    return svg_data_uri(_qr(code))


def _svg(qr: qrcode.QRCode) -> str:
    """One unit per module, quiet zone included; crisp at any size."""
    matrix = qr.get_matrix()
    size = len(matrix)
    path = "".join(
        f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size}" height="{size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )


def svg_data_uri(qr: qrcode.QRCode) -> str:
    """A QR code as an SVG `data:` URI, for a PDF template."""
    return "data:image/svg+xml;base64," + base64.b64encode(_svg(qr).encode()).decode()


def _width_mm(qr: qrcode.QRCode, symbol_mm: float = QR_SYMBOL_MM) -> float:
    """Width of the QR image with its quiet zone, so the symbol itself is `symbol_mm`."""
    modules = qr.modules_count
    return round(symbol_mm * (modules + 2 * QR_BORDER) / modules, 1)


@dataclass(frozen=True)
class QrImage:
    uri: str  # a `data:` URI
    width_mm: float  # quiet zone included


def qr_pixels(code: str, *, symbol_mm: float, scale: int = QR_PIXELS_PER_MODULE) -> QrImage:
    """The QR code as a small grey-scale PNG (`scale` pixels a module), for PDFs of
    many codes.

    Drawn with `image-rendering: pixelated` the PDF asks viewers not to smooth it, so
    it is as sharp as the SVG; a viewer that smooths anyway blurs only the edge of a
    module, not its middle. WeasyPrint places it as one small image instead of
    parsing and filling a path of a few hundred squares: a batch of badges renders in
    about 60 % of the time (bench/pdfs.py).
    """
    qr = _qr(code)
    uri = "data:image/png;base64," + base64.b64encode(_png(qr.get_matrix(), scale)).decode()
    return QrImage(uri=uri, width_mm=_width_mm(qr, symbol_mm))


def ticket_pdf(ticket: TicketData) -> bytes:
    """An A6 ticket in the ticket's own language."""
    qr = _qr(ticket.code)
    with i18n.language(ticket.language):
        return render_pdf(
            "pdf/ticket.html",
            stylesheets=("base.css", "ticket.css"),
            ticket=ticket,
            qr=svg_data_uri(qr),
            qr_width_mm=_width_mm(qr),
            code_groups=code_groups(ticket.code),
        )


def ticket_pdf_cached(ticket: TicketData, *, key: str) -> bytes:
    """`ticket_pdf`, kept as `DATA_DIR/tickets/<key>.pdf`.

    The caller chooses a key that changes whenever the ticket would (e.g. token and
    event sequence). The file is written to a temporary name and renamed, so a reader
    in another process sees either no file or a whole one.
    """
    if not _CACHE_KEY.fullmatch(key):
        raise ValueError(f"Unsafe ticket cache key: {key!r}")
    folder = get_settings().data_dir / "tickets"
    path = folder / f"{key}.pdf"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    pdf = ticket_pdf(ticket)
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{key}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(pdf)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return pdf
