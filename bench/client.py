"""A light HTTP/1.1 client for the load generator: one keep-alive connection each.

The bench measures the server, so its client must cost little beside it: a request
is built as bytes by hand, and a response is read by an asyncio protocol that looks
at the status line, the headers and the framing (Content-Length or chunked) and at
nothing else. It keeps the cookies the server sets (name=value only: there is one
server, so no domain, path or expiry rules), so a client is one browser tab; it
never follows a redirect and never decompresses. Only loopback addresses are
accepted: this tool must never load someone else's server.
"""

from __future__ import annotations

import asyncio
import json as json_module
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
CHUNKED, UNTIL_CLOSE = -1, -2
BODYLESS_STATUSES = frozenset({204, 304})


class ClientError(Exception):
    """The request got no complete HTTP response (its class name is what is counted)."""


class ConnectionClosed(ClientError):
    pass


class Timeout(ClientError):
    pass


class BadResponse(ClientError):
    pass


def check_loopback(base_url: str) -> tuple[str, int]:
    """The host and port of `base_url`; a ValueError unless it is http on loopback."""
    parts = urlsplit(base_url)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK_HOSTS:
        raise ValueError(f"refusing to load {base_url!r}: only http on loopback is allowed")
    return parts.hostname, parts.port or 80


@dataclass(slots=True)
class Response:
    status_code: int
    headers: dict[str, str]  # lower-case names; a repeated header joined with ", "
    content: bytes
    set_cookies: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.content.decode()

    def json(self) -> Any:
        return json_module.loads(self.content)


def parse_head(head: bytes, *, no_body: bool) -> tuple[Response, int]:
    """The response (body still empty) and how its body is framed: a length,
    CHUNKED or UNTIL_CLOSE."""
    lines = head.split(b"\r\n")
    version, _, rest = lines[0].partition(b" ")
    code = rest[:3]
    if not version.startswith(b"HTTP/1.") or not code.isdigit():
        raise BadResponse(f"not an HTTP/1.x status line: {lines[0][:80]!r}")
    response = Response(int(code), {}, b"")
    headers = response.headers
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon:
            raise BadResponse(f"not a header line: {line[:80]!r}")
        key, text = name.strip().lower().decode("latin-1"), value.strip().decode("latin-1")
        if key == "set-cookie":
            response.set_cookies.append(text)
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    status = response.status_code
    if no_body or status in BODYLESS_STATUSES or 100 <= status < 200:
        return response, 0
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return response, CHUNKED
    if "content-length" in headers:
        try:
            return response, int(headers["content-length"])
        except ValueError:
            raise BadResponse(f"Content-Length {headers['content-length']!r}") from None
    return response, UNTIL_CLOSE


def dechunk(buffer: bytearray) -> tuple[bytes, int] | None:
    """A whole chunked body at the start of `buffer` and the bytes it took; None if
    it has not all arrived yet. Trailers are skipped."""
    pos, parts = 0, []
    while True:
        eol = buffer.find(b"\r\n", pos)
        if eol < 0:
            return None
        try:
            size = int(bytes(buffer[pos:eol]).partition(b";")[0], 16)
        except ValueError:
            raise BadResponse("bad chunk size") from None
        pos = eol + 2
        if size == 0:
            while True:  # trailer lines, then the empty line
                eol = buffer.find(b"\r\n", pos)
                if eol < 0:
                    return None
                if eol == pos:
                    return b"".join(parts), pos + 2
                pos = eol + 2
        if len(buffer) < pos + size + 2:
            return None
        parts.append(bytes(buffer[pos : pos + size]))
        pos += size + 2


class _Reader(asyncio.Protocol):
    """Turns the connection's bytes into one response at a time for `waiter`."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None
        self.waiter: asyncio.Future[Response] | None = None
        self.no_body = False
        self.lost = False
        self._head: tuple[Response, int] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.waiter is not None and not self.waiter.done():
            try:
                self._complete()
            except ClientError as exc:
                self.waiter.set_exception(exc)

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        waiter = self.waiter
        if waiter is None or waiter.done():
            return
        if self._head is not None and self._head[1] == UNTIL_CLOSE:
            response = self._head[0]
            response.content, self._head = bytes(self.buffer), None
            waiter.set_result(response)
        else:
            waiter.set_exception(ConnectionClosed(str(exc or "closed by the server")))

    def _complete(self) -> None:
        if self._head is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            self._head = parse_head(bytes(self.buffer[:end]), no_body=self.no_body)
            del self.buffer[: end + 4]
        response, length = self._head
        if length >= 0:
            if len(self.buffer) < length:
                return
            response.content = bytes(self.buffer[:length])
            del self.buffer[:length]
        elif length == CHUNKED:
            whole = dechunk(self.buffer)
            if whole is None:
                return
            response.content = whole[0]
            del self.buffer[: whole[1]]
        else:
            return  # read until the server closes: connection_lost completes it
        self._head = None
        assert self.waiter is not None
        self.waiter.set_result(response)


def _expire(waiter: asyncio.Future[Response], timeout: float) -> None:
    if not waiter.done():
        waiter.set_exception(Timeout(f"no whole response within {timeout} s"))


class Connection:
    """One keep-alive HTTP/1.1 connection to a loopback server, with its cookies.

    `get`/`post` look like httpx's for the few arguments the scenarios use. A
    request that fails raises a `ClientError`; the next one opens a new connection.
    """

    def __init__(self, base_url: str, *, timeout: float = 30.0) -> None:
        self.host, self.port = check_loopback(base_url)
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self._host_line = f"Host: {urlsplit(base_url).netloc}\r\n"
        self._reader: _Reader | None = None

    async def connect(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            _, reader = await asyncio.wait_for(
                loop.create_connection(_Reader, self.host, self.port), self.timeout
            )
        except (OSError, TimeoutError) as exc:
            raise ConnectionClosed(f"cannot connect: {exc}") from exc
        self._reader = reader

    async def get(self, path: str, *, headers: dict[str, str] | None = None) -> Response:
        return await self.request("GET", path, headers=headers)

    async def post(
        self,
        path: str,
        *,
        json: Any = None,
        content: bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> Response:
        return await self.request("POST", path, json=json, content=content, headers=headers)

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> Response:
        lines = [f"{method} {path} HTTP/1.1\r\n", self._host_line]
        if json is not None:
            content = json_module.dumps(json, separators=(",", ":")).encode()
            lines.append("Content-Type: application/json\r\n")
        if headers:
            lines += [f"{name}: {value}\r\n" for name, value in headers.items()]
        if self.cookies:
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            lines.append(f"Cookie: {cookie}\r\n")
        if content or method in {"POST", "PUT", "PATCH"}:
            lines.append(f"Content-Length: {len(content)}\r\n")
        lines.append("\r\n")
        response = await self._exchange("".join(lines).encode("latin-1") + content, method)
        for cookie in response.set_cookies:
            name, _, value = cookie.partition(";")[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        if response.headers.get("connection", "").lower() == "close":
            await self.aclose()
        return response

    async def _exchange(self, data: bytes, method: str) -> Response:
        if self._reader is None or self._reader.lost:
            await self.connect()
        reader = self._reader
        assert reader is not None and reader.transport is not None
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[Response] = loop.create_future()
        reader.waiter, reader.no_body = waiter, method == "HEAD"
        reader.transport.write(data)
        timer = loop.call_later(self.timeout, _expire, waiter, self.timeout)
        try:
            return await waiter
        except ClientError:
            await self.aclose()  # whatever is left on it is not the next response
            raise
        finally:
            timer.cancel()
            reader.waiter = None

    async def aclose(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None and reader.transport is not None:
            reader.transport.close()
