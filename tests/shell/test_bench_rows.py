"""The bench's rows still run and render. The PDF rows each render two badges, and the
ticket rows one ticket, in this process; the HTTP bench's light client reads real
responses from a tiny server on loopback (and refuses any other address), its floors
render, and its table and goals print. Speed is measured by `python -m bench.pdfs`
and `python -m bench.run`, never here: this only keeps the bench from rotting when
the code it measures is changed."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time

import pytest
from litestar.testing import AsyncTestClient

from bench import floor_app
from bench.client import Connection
from bench.load import LoadResult, Settled, Workload, run_load
from bench.locks import HoldTimes, hold_times
from bench.outbox import wait_for_mail
from bench.pdf_rows import BADGE_ROWS, badge_variant, child_tickets
from bench.report import Row, print_table, write_json


@pytest.mark.parametrize("name", sorted(BADGE_ROWS))
def test_badge_row_renders_a_pdf(name):
    pdf = badge_variant(name, 2)()

    assert pdf.startswith(b"%PDF-")


def test_ticket_rows_render():
    result = child_tickets(1)

    assert {"warm_ms", "bare_ms", "naive_ms", "layout_ms", "write_ms"} <= set(result)
    assert all(value > 0 for value in result.values())


# The HTTP bench's own pieces: its light client against a tiny real server on
# loopback, the floors, and the table and goals it prints (no app server is started).

CHUNKED_BODY = b"7\r\nchunked\r\n6; ext=1\r\n body!\r\n0\r\nX-Trailer: yes\r\n\r\n"


def _answer(status: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    return "\r\n".join(lines).encode() + body


async def _tiny_server(connections: list[int]):
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            request, *lines = head.decode().split("\r\n")
            method, path, _ = request.split(" ")
            headers = {k.lower(): v for k, _, v in (line.partition(": ") for line in lines if line)}
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            if path == "/json":
                payload = json.dumps({"ok": True, "method": method}).encode()
                answer = _answer(
                    "200 OK",
                    {"Content-Length": str(len(payload)), "Set-Cookie": "sid=abc; Path=/"},
                    payload,
                )
            elif path == "/chunked":
                answer = _answer("200 OK", {"Transfer-Encoding": "chunked"}) + CHUNKED_BODY
            elif path == "/feed":
                # a 304 has no body, whatever its Content-Length says
                if headers.get("if-none-match") == '"v1"':
                    answer = _answer("304 Not Modified", {"ETag": '"v1"', "Content-Length": "4"})
                else:
                    answer = _answer("200 OK", {"ETag": '"v1"', "Content-Length": "4"}, b"feed")
            elif path == "/echo":
                echoed = json.dumps({"body": body.decode(), "cookie": headers.get("cookie")})
                answer = _answer(
                    "201 Created", {"Content-Length": str(len(echoed))}, echoed.encode()
                )
            else:  # no length: the body runs until the server closes
                answer = _answer("404 Not Found", {"Connection": "close"}, b"gone")
            writer.write(answer)
            await writer.drain()
            if path not in {"/json", "/chunked", "/feed", "/echo"}:
                break
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


async def test_light_client_reads_each_framing_on_one_kept_alive_connection():
    connections: list[int] = []
    server = await _tiny_server(connections)
    port = server.sockets[0].getsockname()[1]
    client = Connection(f"http://127.0.0.1:{port}")

    async with server:
        plain = await client.get("/json")
        chunked = await client.get("/chunked")
        not_modified = await client.get("/feed", headers={"If-None-Match": '"v1"'})
        posted = await client.post("/echo", json={"name": "Deelnemer 1"})
        gone = await client.get("/elsewhere")
        again = await client.get("/feed")
        await client.aclose()

    assert (plain.status_code, plain.json()) == (200, {"ok": True, "method": "GET"})
    assert (chunked.status_code, chunked.content) == (200, b"chunked body!")
    assert (not_modified.status_code, not_modified.content) == (304, b"")
    assert not_modified.headers["etag"] == '"v1"'
    assert posted.status_code == 201
    assert posted.json() == {"body": '{"name":"Deelnemer 1"}', "cookie": "sid=abc"}
    assert (gone.status_code, gone.content) == (404, b"gone")
    assert (again.status_code, again.content) == (200, b"feed")
    assert len(connections) == 2  # a new one only after the server closed the first


@pytest.mark.parametrize(
    "url", ["http://example.org/", "http://10.0.0.8:8000", "https://127.0.0.1:8443"]
)
async def test_light_client_and_load_refuse_anything_but_http_on_loopback(url):
    with pytest.raises(ValueError, match="loopback"):
        Connection(url)
    with pytest.raises(ValueError, match="loopback"):
        await run_load(url, Workload.get("/"), concurrency=1, requests=1, max_seconds=1)


async def test_load_counts_statuses_and_unexpected_ones_as_errors():
    server = await _tiny_server([])
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"

    async with server:
        good = await run_load(
            url, Workload.get("/json"), concurrency=4, requests=40, max_seconds=10
        )
        bad = await run_load(
            url, Workload.get("/json", expect=201), concurrency=4, requests=8, max_seconds=10
        )

    assert (good.requests, good.errors, good.statuses) == (40, 0, {"200": 40})
    assert good.p50_ms > 0 and not good.capped
    assert (bad.requests, bad.errors) == (8, 8)


async def test_jinja_floor_renders_its_loop_escaped():
    async with AsyncTestClient(app=floor_app.app) as client:
        response = await client.get("/jinja")

    assert response.status_code == 200
    assert response.text.count("<li>") == len(floor_app.ITEMS) == 12
    assert "samen werken in de wijk &amp; &lt;het&gt; sociaal domein" in response.text


def test_hold_times_sum_the_processes(tmp_path):
    (tmp_path / "locks-1.json").write_text(json.dumps({"seats": [0.001, 0.003], "x": []}))
    (tmp_path / "locks-2.json").write_text(json.dumps({"seats": [0.002, 0.010]}))

    figures = hold_times(tmp_path)

    assert set(figures) == {"seats"}
    assert (figures["seats"].holds, figures["seats"].processes) == (4, 2)
    assert (figures["seats"].p50_ms, figures["seats"].p99_ms) == pytest.approx((2.0, 10.0))
    assert hold_times(tmp_path / "none") == {}


def test_mail_wait_reads_the_outbox_and_stops_at_the_cap(tmp_path):
    database = tmp_path / "bench.sqlite"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE outgoing_mail (to_address TEXT, state TEXT)")
        db.executemany(
            "INSERT INTO outgoing_mail VALUES (?, ?)",
            [("rush-a-1@x.example", "sent"), ("rush-a-2@x.example", "sent"),
             ("rush-b-1@x.example", "queued"), ("other@x.example", "queued")],
        )  # fmt: skip
    url = f"sqlite:///{database}"

    done = wait_for_mail(url, "rush-a-%", since=time.monotonic(), cap=5)
    waiting = wait_for_mail(url, "rush-b-%", since=time.monotonic(), cap=0.2, interval=0.05)

    assert (done.left, done.note.split(" written")[0]) == (0, "2 of 2 mails")
    assert done.seconds is not None and done.seconds < 5
    assert (waiting.seconds, waiting.left) == (None, 1)


def _row(name, rps, cpu_ms, *, floor="floor", **extra):
    n = 1000
    result = LoadResult(
        requests=n, elapsed_s=n / rps, throughput=rps, p50_ms=5.0, p99_ms=9.0, errors=0,
        statuses={"200": n}, client_cpu_s=0.1 * n / rps, server_cpu_s=cpu_ms * n / 1000,
    )  # fmt: skip
    return Row(name, "werkplaats", f"{name} row", result, floor=floor, **extra)


def test_table_and_goals_render_ratios_to_each_rows_floor(tmp_path, capsys):
    rush = _row(
        "registration-rush", 600, 3.0,
        settled=Settled(4.2, 0, "500 of 500 mails written 4.2 s after the last response"),
        lock_times={"seats": HoldTimes(500, 0.8, 3.5, 6.0, 1)},
    )  # fmt: skip
    rows = [
        _row("floor", 5000, 0.2, floor="floor"),
        _row("floor-jinja", 2500, 0.4),
        _row("events-page", 400, 2.4, floor="floor-jinja"),
        rush,
    ]
    settings = {"concurrency": 50, "requests": 1000, "max_seconds": 60, "database": "sqlite",
                "web_processes": 1, "broker": "in-process"}  # fmt: skip

    print_table(rows, settings)
    write_json(tmp_path / "latest.json", rows, settings)

    out = capsys.readouterr().out
    events_line = next(line for line in out.splitlines() if line.startswith("events-page "))
    assert events_line.split()[1:3] == ["floor-jinja", "400"]
    assert " 6.00 " in events_line  # cpu x the jinja floor: 2.4 / 0.4
    assert "lock hold times: seats p50 0.80 ms / p99 3.50 ms" in out
    judged = {
        (g["row"], g["what"]): g
        for g in json.loads((tmp_path / "latest.json").read_text())["goals"]
    }
    assert judged["registration-rush", "req/s x floor"]["met"] is True  # 0.12 >= 0.10
    assert judged["events-page", "cpu/page x jinja page"]["met"] is False  # 6 > 5
    assert judged["registration-rush", "last mail written after last answer"]["shown"] == "4.2 s"
    assert judged["registration-rush", "seat lock held p50 / p99"]["met"] is None  # sqlite
