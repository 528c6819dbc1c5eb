"""Back office for an event's certificates: counts, sending them by mail, the list,
each PDF, and the attendance export for accreditation (PE-online)."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.controllers.downloads import certificate_download
from events.controllers.shared import event_or_404 as _event
from events.controllers.shared import event_tabs
from events.services.documents.attendance_export import attendance_table, certificates_table
from events.services.documents.certificate_mail import (
    CannotSendYet,
    latest_job,
    send_button_refusal,
    start_sending,
)
from events.services.documents.certificates import (
    certificate_in_event,
    certificates_for_event,
    overview,
)
from werkplaats.auth.guards import current_user, organiser_only
from werkplaats.exports import to_csv
from werkplaats.i18n import _
from werkplaats.params import PathId
from werkplaats.responses import private_download


def _page_url(slug: str) -> str:
    return f"/beheer/events/{slug}/certificates"


class CertificateBackofficeController(Controller):
    path = "/beheer/events/{slug:str}"
    guards = [organiser_only]
    include_in_schema = False

    @get("/certificates")
    async def index(self, slug: FromPath[str], q: FromQuery[str] = "") -> Template:
        event = await _event(slug)
        counts = await overview(event)
        job = await latest_job(event["id"])
        return Template(
            "beheer/certificates.html",
            context={
                "event": event,
                "tabs": await event_tabs(event["slug"]),
                "counts": counts,
                "job": job,
                "refusal": send_button_refusal(event, counts, job),
                "certificates": await certificates_for_event(event["id"], search=q),
                "q": q,
            },
        )

    @get("/certificates/send")
    async def confirm(self, slug: FromPath[str]) -> Template | Redirect:
        event = await _event(slug)
        counts = await overview(event)
        if send_button_refusal(event, counts, await latest_job(event["id"])):
            return Redirect(_page_url(slug), status_code=303)
        return Template("beheer/certificates_send.html", context={"event": event, "counts": counts})

    @post("/certificates/send")
    async def send(self, request: Request, slug: FromPath[str]) -> Redirect:
        event = await _event(slug)
        user = current_user(request)
        try:
            await start_sending(event, by=user.id if user else None)
        except CannotSendYet as exc:
            flash(request, str(exc), category="error")
            return Redirect(_page_url(slug), status_code=303)
        flash(request, _("Sending the certificates has started."), category="success")
        return Redirect(f"{_page_url(slug)}#progress", status_code=303)

    @get("/certificates/{certificate_id:int}/certificate.pdf")
    async def pdf(self, slug: FromPath[str], certificate_id: PathId) -> Response:
        event = await _event(slug)
        certificate = await certificate_in_event(event["id"], certificate_id)
        if certificate is None:
            raise NotFoundException()
        return await certificate_download(certificate, inline=True)

    @get("/certificates.csv")
    async def certificates_csv(self, slug: FromPath[str]) -> Response:
        table = await certificates_table(await _event(slug))
        return private_download(to_csv(table), "text/csv", f"bewijzen-van-deelname-{slug}.csv")

    @get("/attendance.csv")
    async def attendance_csv(self, slug: FromPath[str]) -> Response:
        table = await attendance_table(await _event(slug))
        return private_download(to_csv(table), "text/csv", f"presentielijst-{slug}.csv")
