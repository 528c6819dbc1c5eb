"""Back office for the partner register: the list (search, CSV), a partner's form,
merging two partners, and the review queue of unmatched organisation names."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from events.enums import PartnerKind
from programme.partner_kinds import partner_kind_label
from programme.services.partner_links import link_organisation, merge_partners, unmatched_names
from programme.services.partner_view import (
    create_view_link,
    revoke_view_link,
    staff_attendance,
    view_links,
)
from programme.services.partners import (
    PARTNER_FIELDS,
    PartnerRecord,
    get_partner,
    list_partners,
    partners_table,
    save_partner,
)
from werkplaats.auth.guards import organiser_only
from werkplaats.errors import FieldErrors
from werkplaats.exports import to_csv
from werkplaats.forms import FormData, field
from werkplaats.i18n import _
from werkplaats.params import PathId
from werkplaats.responses import private_download
from werkplaats.settings import get_settings

PATH = "/beheer/partners"
QUEUE_PATH = f"{PATH}/te-koppelen/"


def partner_view_path(token: str) -> str:
    """The partner contact's own page (`programme.partner_pages`)."""
    return f"/partner/{token}"


def partner_path(partner_id: int) -> str:
    return f"{PATH}/{partner_id}"


def _kinds() -> list[tuple[str, str]]:
    return [(kind.value, partner_kind_label(kind)) for kind in PartnerKind]


async def _form_page(
    partner: PartnerRecord | None,
    *,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    **extra: Any,
) -> Template:
    others = [p for p in await list_partners() if partner is None or p.id != partner.id]
    links = await view_links(partner.id) if partner else []
    return Template(
        "programme/partner_form.html",
        context={
            "partner": partner,
            "form": form if form is not None else (partner.form() if partner else {}),
            "errors": errors or {},
            "kinds": _kinds(),
            "others": others,
            "path": partner_path,
            "links": links,
            "base_url": get_settings().base_url.rstrip("/"),
            "merge_errors": {},
            "merge_form": {},
            "link_errors": {},
            "new_link": "",
            **extra,
        },
        status_code=status_code,
    )


async def _partner_or_404(partner_id: int) -> PartnerRecord:
    partner = await get_partner(partner_id)
    if partner is None:
        raise NotFoundException()
    return partner


class PartnerBackofficeController(Controller):
    path = PATH
    guards = [organiser_only]
    include_in_schema = False

    @get("/")
    async def index(self, q: FromQuery[str] = "") -> Template:
        partners = await list_partners(search=q)
        return Template("programme/partners.html", context={"partners": partners, "q": q})

    @get("/partners.csv")
    async def export_csv(self, q: FromQuery[str] = "") -> Response[bytes]:
        table = partners_table(await list_partners(search=q))
        return private_download(to_csv(table), "text/csv", "partners.csv")

    @get("/nieuw")
    async def new(self) -> Template:
        return await _form_page(None, form={"kind": PartnerKind.GEMEENTE.value})

    @post("/nieuw")
    async def create(self, request: Request, data: FormData) -> Template | Redirect:
        form = {key: field(data, key) for key in PARTNER_FIELDS}
        try:
            partner_id = await save_partner(form)
        except FieldErrors as exc:
            return await _form_page(None, form=form, errors=exc.errors, status_code=400)
        flash(request, _("Partner saved."), category="success")
        return Redirect(partner_path(partner_id))

    @get("/{partner_id:int}")
    async def edit(self, partner_id: PathId) -> Template:
        return await _form_page(await _partner_or_404(partner_id))

    @post("/{partner_id:int}")
    async def save(
        self, request: Request, partner_id: PathId, data: FormData
    ) -> Template | Redirect:
        partner = await _partner_or_404(partner_id)
        form = {key: field(data, key) for key in PARTNER_FIELDS}
        try:
            await save_partner(form, partner_id=partner_id)
        except FieldErrors as exc:
            return await _form_page(partner, form=form, errors=exc.errors, status_code=400)
        flash(request, _("Partner saved."), category="success")
        return Redirect(partner_path(partner_id))

    @post("/{partner_id:int}/samenvoegen")
    async def merge(
        self, request: Request, partner_id: PathId, data: FormData
    ) -> Template | Redirect:
        partner = await _partner_or_404(partner_id)
        other = field(data, "other")
        try:
            await merge_partners(partner_id, int(other) if other.isdigit() else 0)
        except FieldErrors as exc:
            return await _form_page(
                partner, merge_errors=exc.errors, merge_form={"other": other}, status_code=400
            )
        flash(request, _("Partners merged."), category="success")
        return Redirect(partner_path(partner_id))

    @get("/{partner_id:int}/deelname")
    async def attendance(self, partner_id: PathId) -> Template:
        partner = await _partner_or_404(partner_id)
        return Template(
            "programme/partner_attendance.html",
            context={"partner": partner, "rows": await staff_attendance(partner_id)},
        )

    @post("/{partner_id:int}/links")
    async def make_link(self, partner_id: PathId, data: FormData) -> Template:
        partner = await _partner_or_404(partner_id)
        try:
            token = await create_view_link(partner_id, label=field(data, "label"))
        except FieldErrors as exc:
            return await _form_page(partner, link_errors=exc.errors, status_code=400)
        return await _form_page(partner, new_link=partner_view_path(token))

    @post("/{partner_id:int}/links/{link_id:int}/intrekken")
    async def revoke_link(self, request: Request, partner_id: PathId, link_id: PathId) -> Redirect:
        if not await revoke_view_link(partner_id, link_id):
            raise NotFoundException()
        flash(request, _("The link no longer works."), category="success")
        return Redirect(partner_path(partner_id) + "#links")


class PartnerQueueController(Controller):
    path = QUEUE_PATH
    guards = [organiser_only]
    include_in_schema = False

    async def _page(self, errors: dict | None = None, status_code: int = 200) -> Template:
        return Template(
            "programme/partner_queue.html",
            context={
                "queue": await unmatched_names(),
                "partners": await list_partners(),
                "errors": errors or {},
                "path": partner_path,
            },
            status_code=status_code,
        )

    @get("/")
    async def index(self) -> Template:
        return await self._page()

    @post("/")
    async def link(self, request: Request, data: FormData) -> Template | Redirect:
        partner = field(data, "partner")
        name = field(data, "name")
        try:
            await link_organisation(name, int(partner) if partner.isdigit() else 0)
        except FieldErrors as exc:
            return await self._page({name: " ".join(exc.errors.values())}, status_code=400)
        flash(
            request, _("%(name)s now counts for the partner.") % {"name": name}, category="success"
        )
        return Redirect(QUEUE_PATH)
