"""What the congress's controllers share: the call of a URL's event, a speaker's
certificate as a download."""

from __future__ import annotations

from litestar import Request, Response
from litestar.exceptions import NotFoundException

from congress.services.call import call_for_event
from congress.services.speaker_certificates import NotEarned, speaker_certificate
from congress.views import CallView
from events.controllers.downloads import certificate_download
from werkplaats.errors import error_page
from werkplaats.i18n import _


async def call_or_404(slug: str, *, drafts: bool = False) -> CallView:
    """The call of the event `slug`; a 404 if it has none. The back office passes
    `drafts`: organisers prepare a call before the event is published."""
    call = await call_for_event(slug, drafts=drafts)
    if call is None:
        raise NotFoundException()
    return call


async def speaker_certificate_download(
    request: Request, abstract_id: int, contributor_id: int, *, inline: bool = False
) -> Response:
    """The certificate as speaker, issued on the first download; a 404 for an id that
    is not a speaker of this abstract, a 409 that says why if it is not earned (yet)."""
    try:
        certificate = await speaker_certificate(abstract_id, contributor_id)
    except LookupError:
        raise NotFoundException() from None
    except NotEarned as exc:
        return error_page(request, 409, _("No certificate as speaker"), exc.message)
    return await certificate_download(certificate, inline=inline)
