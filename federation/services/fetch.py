"""Fetching one feed of a source, within limits: https (http only for the hosts of
FEDERATION_ALLOW_HTTP_HOSTS), 10 seconds in all, 5 MB read as a stream, redirects
only on the same host, and a conditional GET with the ETag and Last-Modified the
source gave last time."""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from functools import cache
from urllib.parse import urljoin, urlsplit

import certifi
import httpx

from werkplaats.i18n import _
from werkplaats.settings import get_settings

TIME_OUT = 10.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 3
FEED_TYPES = "application/ld+json, application/json"


class FetchError(Exception):
    """The fetch failed; the message is for the organiser. The last copy stays."""


@dataclass(frozen=True)
class Fetched:
    changed: bool  # False: 304, the copy we have is current
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


@cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every fetch: httpx makes a new one per client, reading the
    CA bundle each time (80 ms, more than a whole fetch of an unchanged feed)."""
    return ssl.create_default_context(cafile=certifi.where())


def url_problem(url: str) -> str | None:
    """Why `url` may not be fetched, or None."""
    parts = urlsplit(url.strip())
    if not parts.hostname or parts.username or parts.password:
        return _("Enter a full web address, such as https://werkplaats.example.nl/…")
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and parts.hostname in get_settings().federation_allow_http_hosts:
        return None
    return _("Only https addresses can be fetched.")


async def _get(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Fetched:
    host = urlsplit(url).hostname
    for _hop in range(MAX_REDIRECTS + 1):
        async with client.stream("GET", url, headers=headers) as response:
            if response.has_redirect_location:
                target = urljoin(url, response.headers.get("location", ""))
                if urlsplit(target).hostname != host or url_problem(target):
                    raise FetchError(_("The source redirects to another host."))
                url = target
                continue
            if response.status_code == 304:
                return Fetched(changed=False)
            if response.status_code != 200:
                raise FetchError(
                    _("The source answered HTTP {status}.").format(status=response.status_code)
                )
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    raise FetchError(_("The feed is larger than 5 MB."))
            return Fetched(
                changed=True,
                body=bytes(body),
                etag=response.headers.get("etag", "")[:300],
                last_modified=response.headers.get("last-modified", "")[:100],
            )
    raise FetchError(_("The source redirects too often."))


def http_client() -> httpx.AsyncClient:
    """A client within the limits: the time-out, no redirects of its own, no proxy
    from the environment, the shared TLS context."""
    return httpx.AsyncClient(
        timeout=TIME_OUT, follow_redirects=False, trust_env=False, verify=_tls()
    )


async def fetch_feed(
    url: str, *, etag: str = "", last_modified: str = "", accept: str = FEED_TYPES
) -> Fetched:
    problem = url_problem(url)
    if problem:
        raise FetchError(problem)
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with asyncio.timeout(TIME_OUT):
            async with http_client() as client:
                return await _get(client, url, headers)
    except TimeoutError as exc:
        raise FetchError(_("The source did not answer within 10 seconds.")) from exc
    except httpx.HTTPError as exc:
        raise FetchError(
            _("The source could not be reached ({error}).").format(error=type(exc).__name__)
        ) from exc
