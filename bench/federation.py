"""The national agenda at full size: 15 sources of 200 events and 100 publications
each, fetched from a local HTTP server, beside a bare fetch of the same feeds; the
same refresh when nothing changed (every feed a 304); and `/landelijk` beside a bare
page.

    python -m bench.federation [--sources 15] [--events 200] [--publications 100]
                               [--repeat 5]

Runs in this process against a fresh SQLite file in a temporary directory (or
BENCH_DATABASE_URL: use a fresh database). The refreshes run as the worker would run
them: every source at once. Goals: full refresh ≤ 5 s, unchanged refresh ≤ 0.5 s,
/landelijk ≤ 150 ms. The numbers also go to bench/results/federation.json.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import multiprocessing
import os
import sys
import tempfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

if __package__ in (None, ""):  # `python bench/federation.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.in_process import environment, print_against_floors, timed, write_results

GOALS_MS = {"full refresh": 5000.0, "unchanged refresh (304)": 500.0, "/landelijk": 150.0}
THEMES = ("Armoede en schulden", "Jeugd", "Participatie", "Wonen en zorg", "Inclusieve wijk")
KINDS = ("regionale_bijeenkomst", "themabijeenkomst", "actualiteitencollege")


def _environment(tmp: str) -> None:
    environment(tmp)
    os.environ["FEDERATION_ALLOW_HTTP_HOSTS"] = "127.0.0.1"  # the sources serve plain http


def _event(source: int, n: int) -> dict:
    day = 1 + n % 28
    month = 1 + (n // 28) % 12
    return {
        "@type": "Event",
        "identifier": f"event-{n}@werkplaats-{source}",
        "name": f"Bijeenkomst {n} van Werkplaats {source}",
        "description": "Een middag over wat werkt in de wijk. " * 4,
        "startDate": f"2031-{month:02d}-{day:02d}T13:30:00+01:00",
        "endDate": f"2031-{month:02d}-{day:02d}T17:00:00+01:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": [
            {
                "@type": "Place",
                "name": "Wijkcentrum",
                "address": {"@type": "PostalAddress", "addressLocality": f"Stad {source}"},
            }
        ],
        "organizer": {"@type": "Organization", "name": f"Werkplaats {source}"},
        "url": f"https://werkplaats-{source}.example/events/{n}",
        "offers": {"@type": "Offer", "url": f"https://werkplaats-{source}.example/events/{n}"},
        "keywords": [THEMES[n % 5], THEMES[(n + 2) % 5]],
        "additionalType": KINDS[n % 3],
    }


def _publication(source: int, n: int) -> dict:
    return {
        "@type": "CreativeWork",
        "identifier": f"publicatie-{n}@werkplaats-{source}",
        "name": f"Handreiking {n} van Werkplaats {source}",
        "url": f"https://werkplaats-{source}.example/publicaties/{n}.pdf",
        "author": [{"@type": "Person", "name": "Lectoraat"}],
        "datePublished": f"2026-{1 + n % 12:02d}-01",
        "abstract": "Wat gemeenten leerden over samenwerken. " * 3,
        "keywords": [THEMES[n % 5]],
        "genre": "handreiking",
    }


def _feeds(args: argparse.Namespace) -> dict[str, bytes]:
    feeds = {}
    for s in range(args.sources):
        events = [_event(s, n) for n in range(args.events)]
        publications = [_publication(s, n) for n in range(args.publications)]
        for name, items in (("events", events), ("publications", publications)):
            doc = {"@type": "DataFeed", "dataFeedElement": items}
            feeds[f"/{s}/{name}.json"] = json.dumps(doc).encode()
    return feeds


def _serve(feeds: dict[str, bytes]) -> tuple[multiprocessing.Process, str]:
    tags = {path: f'"{hashlib.sha256(body).hexdigest()[:16]}"' for path, body in feeds.items()}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body, tag = feeds[self.path], tags[self.path]
            if self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.send_header("ETag", tag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", tag)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    # A process of its own: a server thread here would wait for the interpreter lock
    # behind the refresh it is measured with.
    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 128  # the default 5 drops the SYNs of 30 feeds at once

    server = Server(("127.0.0.1", 0), Handler)
    process = multiprocessing.get_context("fork").Process(target=server.serve_forever)
    process.start()
    server.socket.close()
    return process, f"http://127.0.0.1:{server.server_address[1]}"


async def _measure(args: argparse.Namespace, url: str, paths: list[str]) -> dict:
    import httpx
    from litestar.testing import AsyncTestClient

    from federation.services.refresh import refresh_source
    from federation.services.sources import add_source
    from federation.tables import Source
    from werkplaats.app import create_app
    from werkplaats.cli import run_migrations
    from werkplaats.db import close_database, open_database

    await open_database()
    await run_migrations()
    ids = [
        await add_source(
            {
                "name": f"Werkplaats {s}",
                "region": f"Regio {s}",
                "events_url": f"{url}/{s}/events.json",
                "publications_url": f"{url}/{s}/publications.json",
            }
        )
        for s in range(args.sources)
    ]

    async def bare_fetch() -> None:
        async with httpx.AsyncClient(trust_env=False) as client:
            await asyncio.gather(*(client.get(f"{url}{path}") for path in paths))

    tags: dict[str, str] = {}

    async def bare_conditional_fetch() -> None:
        async with httpx.AsyncClient(trust_env=False) as client:
            answers = await asyncio.gather(
                *(
                    client.get(f"{url}{p}", headers={"If-None-Match": tags.get(p, "")})
                    for p in paths
                )
            )
        for path, answer in zip(paths, answers, strict=True):
            tags[path] = answer.headers["etag"]

    async def refresh_all() -> None:
        assert all(await asyncio.gather(*(refresh_source(i) for i in ids)))

    async def full_refresh() -> None:
        await Source.update({Source.events_etag: "", Source.publications_etag: ""}, force=True)
        await refresh_all()

    rows = {
        "bare fetch of every feed (floor)": await timed(bare_fetch, args.repeat),
        "full refresh": await timed(full_refresh, args.repeat),
        "bare conditional fetch, all 304 (floor)": await timed(bare_conditional_fetch, args.repeat),
        "unchanged refresh (304)": await timed(refresh_all, args.repeat),
    }
    await close_database()

    async def get(client, path: str, size: int) -> None:
        response = await client.get(path)
        assert response.status_code == 200 and len(response.content) > size, (path, response)

    async with AsyncTestClient(app=create_app(run_worker=False)) as client:
        rows["bare page (floor)"] = await timed(lambda: get(client, "/privacy", 0), args.repeat)
        rows["/landelijk"] = await timed(lambda: get(client, "/landelijk", 10_000), args.repeat)
        rows["/landelijk.ics"] = await timed(
            lambda: get(client, "/landelijk.ics", 10_000), args.repeat
        )
    return rows


FLOORS = {
    "full refresh": "bare fetch of every feed (floor)",
    "unchanged refresh (304)": "bare conditional fetch, all 304 (floor)",
    "/landelijk": "bare page (floor)",
    "/landelijk.ics": "bare page (floor)",
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.federation", description=__doc__)
    parser.add_argument("--sources", type=int, default=15)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--publications", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    feeds = _feeds(args)
    server, url = _serve(feeds)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-federation-") as tmp:
            _environment(tmp)
            rows = asyncio.run(_measure(args, url, list(feeds)))
    finally:
        server.terminate()
        server.join()
    print_against_floors(rows, FLOORS, GOALS_MS)
    write_results("federation", args, rows)


if __name__ == "__main__":
    main()
