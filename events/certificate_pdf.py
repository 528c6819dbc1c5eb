"""The certificate of attendance as an A4 PDF, in the certificate's own language.

It shows what was issued (the snapshot), the verification code in groups of four
and the link to `/verify/{code}`, also as a small QR code: whoever reviews a
portfolio can check the paper without asking the organisers. Rendering blocks for
~100 ms, so async callers run it in a thread.
"""

from __future__ import annotations

from events.codes import slugify
from events.tickets import QR_BORDER, QR_MODULE_MM, qr_symbol, svg_data_uri
from events.views import CertificateView
from werkplaats import i18n
from werkplaats.pdf import render_pdf


def certificate_pdf(certificate: CertificateView) -> bytes:
    # Modules as large as the ticket's: the 46-character link on 20 mm (0.6 mm a
    # module) was not read by zbar from a page drawn at 72 dpi.
    qr = qr_symbol(certificate.verify_url)
    module_mm = QR_MODULE_MM
    with i18n.language(certificate.language):
        return render_pdf(
            "pdf/certificate.html",
            stylesheets=("base.css", "certificate.css"),
            c=certificate,
            qr=svg_data_uri(qr),
            qr_width_mm=round(module_mm * (qr.modules_count + 2 * QR_BORDER), 2),
            qr_quiet_mm=round(module_mm * QR_BORDER, 2),  # the symbol lines up with the text
        )


def certificate_filename(certificate: CertificateView) -> str:
    """`bewijs-van-deelname-regionale-bijeenkomst-voorjaar.pdf`, in the mail and the
    download alike."""
    with i18n.language(certificate.language):
        if certificate.as_speaker:
            stem = i18n.gettext("certificate-as-speaker")
        else:
            stem = i18n.gettext("certificate-of-attendance")
    return f"{stem}-{slugify(certificate.event_title, max_length=60)}.pdf"
