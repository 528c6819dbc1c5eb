"""Every answer carries the headers that hold a browser to our pages, personal pages
are never stored, and no template writes script into a page (issue 13, ASVS V14)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from events.services.catalogue.events import create_event
from tests.conftest import demo_event_values
from tests.events.test_registration_api import person, token_of, url
from werkplaats.enums import Role
from werkplaats.security_headers import CSP, security_headers
from werkplaats.settings import PROJECT_ROOT


def _policy(response) -> dict[str, str]:
    parts = [part.strip() for part in response.headers["content-security-policy"].split(";")]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in parts}


async def test_a_public_page_allows_only_our_own_scripts_and_no_framing(client):
    response = await client.get("/")

    policy = _policy(response)
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in response.headers  # served over http here


def test_behind_https_the_answer_asks_for_https_from_now_on():
    headers = dict(security_headers("/", https=True))

    assert headers[b"strict-transport-security"].startswith(b"max-age=31536000")
    assert headers[b"content-security-policy"] == CSP.encode()


async def test_the_personal_page_and_its_ticket_are_never_stored(client):
    slug = await create_event(demo_event_values())
    await client.post(url(slug), json=person())
    token = await token_of("fatima@gemeente-haarlem.example")

    for path in (f"/r/{token}", f"/r/{token}/ticket.pdf", f"/r/{token}/event.ics"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "private, no-store", path


async def test_back_office_exports_are_never_stored(client, login):
    await create_event(demo_event_values())
    await login(Role.ORGANISER)

    for path in ("/beheer/", "/beheer/events.csv"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "private, no-store", path


async def test_a_public_calendar_keeps_its_own_caching(client):
    await create_event(demo_event_values())

    response = await client.get("/calendar.ics")

    assert response.headers["cache-control"].startswith("public")


# Data, not code: JSON (read by our scripts) and JSON-LD (read by search engines).
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/(?:ld\+)?json\"))[^>]*>", re.I
)
INLINE_HANDLER = re.compile(r"<[a-z][^<>]*\son[a-z]+\s*=\s*[\"']", re.I)  # in a tag
# Mails and PDFs never run script; every other template is a page under the policy.
NOT_PAGES = ("mail", "pdf")


def _page_templates() -> list[Path]:
    root = PROJECT_ROOT / "templates"
    return [
        path
        for path in sorted(root.rglob("*.html"))
        if path.relative_to(root).parts[0] not in NOT_PAGES
    ]


@pytest.mark.parametrize("path", _page_templates(), ids=lambda p: str(p.name))
def test_no_page_template_writes_script_into_the_page(path):
    text = path.read_text()

    assert not INLINE_SCRIPT.findall(text), "inline <script>: move it to a file in static/"
    assert not INLINE_HANDLER.findall(text), "inline on…= handler: add it in a static script"
