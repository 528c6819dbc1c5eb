"""A small HTTP server on this machine that answers as a source is told to: a feed,
a 304 for its ETag, a slow or endless body, a redirect, an error; and that keeps
what is posted to it (an inbox), answering `answers["POST /path"]` or 202."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    endless: bool = False  # a body that never ends, 64 kB at a time


@dataclass
class FeedServer:
    url: str
    answers: dict[str, Answer]
    requests: list[dict[str, str]]
    posted: list[Posted] = field(default_factory=list)


@dataclass(frozen=True)
class Posted:
    """A POST it received (an inbox's delivery): headers as sent, the body as bytes."""

    path: str
    headers: dict[str, str]
    body: bytes


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            server.requests.append({"path": self.path, **dict(self.headers)})
            answer = server.answers.get(self.path, Answer(status=404))
            time.sleep(answer.delay)
            etag = answer.headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            if not answer.endless:
                self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            try:
                while answer.endless:
                    self.wfile.write(b" " * 65536)
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            server.posted.append(Posted(self.path, dict(self.headers), body))
            answer = server.answers.get(f"POST {self.path}", Answer(status=202))
            self.send_response(answer.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


def feed_server() -> Iterator[FeedServer]:
    found = FeedServer(url="", answers={}, requests=[])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(found))
    httpd.daemon_threads = True
    found.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        httpd.shutdown()
        httpd.server_close()
