"""PDF benchmark: a batch of badges and one ticket, beside floors measured in the same run.

    python -m bench.pdfs [--badges 1000] [--separate 100] [--tickets 20]

Every badge row runs in a process of its own, so its peak RSS is its own. The floors
are what a first implementation does: the whole batch as one WeasyPrint document
with an SVG path per QR module, a fresh font configuration and freshly parsed
stylesheets (`naive-one-document`), and one such document per badge joined with
pypdf (`separate-documents`, timed on `--separate` badges: its cost per badge does
not depend on the batch). `ours` is the shipped `events.badges.badges_pdf`; the
other rows change one thing of it, to show what each idea is worth. The ticket rows
measure one ticket in a warm PDF thread (as the worker renders it) against a bare
one-page document, a naive render and a cold process, and where the time goes.
The table goes to stdout, the numbers to bench/results/pdfs.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # `python bench/pdfs.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pdf_rows import BADGE_ROWS, child_badges, child_ticket_cold, child_tickets

RESULTS = Path(__file__).resolve().parent / "results"
GOAL_MS_PER_BADGE = 25.0
GOAL_PEAK_RSS_MB = 500.0
GOAL_TICKET_MS = 150.0


def _child(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.pdfs", "--child", *args]
    out = subprocess.run(
        command, env=env, cwd=Path(__file__).resolve().parent.parent, check=True,
        capture_output=True, text=True, timeout=1800,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def _environment(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DATABASE_URL", "BROKER_URL", "SMTP_URL", "SECRET_KEY", "BASE_URL", "DEBUG"):
        env[name] = ""
    env["DATA_DIR"] = str(folder)
    env["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite'}"
    return env


def _print_badges(rows: dict[str, dict[str, Any]]) -> None:
    floor = rows["naive-one-document"]["ms_per_badge"]
    print(f"\nBadges ({rows['ours']['badges']} a batch; `separate-documents` timed on "
          f"{rows['separate-documents']['badges']})")  # fmt: skip
    print(
        f"{'row':<24}{'ms/badge':>10}{'x naive':>9}{'peak RSS MB':>13}{'pages':>7}{'KB':>8}  what"
    )
    for name, row in rows.items():
        print(
            f"{name:<24}{row['ms_per_badge']:>10.1f}{row['ms_per_badge'] / floor:>9.2f}"
            f"{row['peak_rss_mb']:>13.0f}{row['pages']:>7}{row['kb']:>8.0f}  {BADGE_ROWS[name]}"
        )
    ours = rows["ours"]
    met = ours["ms_per_badge"] <= GOAL_MS_PER_BADGE and ours["peak_rss_mb"] <= GOAL_PEAK_RSS_MB
    print(
        f"goal ≤ {GOAL_MS_PER_BADGE:.0f} ms/badge and ≤ {GOAL_PEAK_RSS_MB:.0f} MB peak RSS: "
        f"{'met' if met else 'NOT met'} (ours: {ours['ms_per_badge']:.1f} ms, "
        f"{ours['peak_rss_mb']:.0f} MB, of which {ours['rss_before_mb']:.0f} MB before the batch)"
    )


def _print_tickets(warm: dict[str, Any], cold: dict[str, Any]) -> None:
    bare = warm["bare_ms"]
    print("\nOne ticket (median)")
    print(f"{'row':<34}{'ms':>8}{'x bare':>9}")
    for label, value in (
        ("bare one-page document, warm", bare),
        ("ticket, warm PDF thread (ours)", warm["warm_ms"]),
        ("ticket, naive (fresh fonts + CSS)", warm["naive_ms"]),
        ("ticket, first in a new thread", warm["first_in_new_thread_ms"]),
        ("ticket, cold process", cold["total_ms"]),
    ):
        print(f"{label:<34}{value:>8.1f}{value / bare:>9.1f}")
    print(f"goal ≤ {GOAL_TICKET_MS:.0f} ms in a warm worker: "
          f"{'met' if warm['warm_ms'] <= GOAL_TICKET_MS else 'NOT met'}")  # fmt: skip
    print("where a naive ticket's time goes (ms):")
    for label, value in (
        ("import weasyprint (once a process)", cold["import_ms"]),
        ("first document of a process", warm["first_bare_document_ms"]),
        ("FontConfiguration() (each naive document)", warm["font_configuration_ms"]),
        ("parse base.css + ticket.css (each naive document)", warm["parse_stylesheets_ms"]),
        ("layout of the ticket", warm["layout_ms"]),
        ("write_pdf: draw, subset fonts, tags", warm["write_ms"]),
    ):
        print(f"  {label:<52}{value:>8.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pdfs", description=__doc__)
    parser.add_argument("--badges", type=int, default=1000)
    parser.add_argument("--separate", type=int, default=100, help="badges for separate docs")
    parser.add_argument("--tickets", type=int, default=20, help="renders per ticket row")
    parser.add_argument("--only", action="append", choices=list(BADGE_ROWS), help="badge rows")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        result = (
            child_ticket_cold()
            if kind == "ticket-cold"
            else child_tickets(int(rest[0]))
            if kind == "tickets"
            else child_badges(kind, int(rest[0]))
        )
        print(json.dumps(result))
        return 0
    names = ["naive-one-document", "separate-documents", "ours", *(args.only or BADGE_ROWS)]
    with tempfile.TemporaryDirectory(prefix="werkplaats-bench-pdfs-") as folder:
        env = _environment(Path(folder))
        rows = {}
        for name in dict.fromkeys(names):
            count = args.separate if name == "separate-documents" else args.badges
            print(f"measuring {name} ({count} badges)…", file=sys.stderr, flush=True)
            rows[name] = _child([name, str(count)], env)
        print("measuring tickets…", file=sys.stderr, flush=True)
        warm = _child(["tickets", str(args.tickets)], env)
        cold = _child(["ticket-cold"], env)
    _print_badges(rows)
    _print_tickets(warm, cold)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pdfs.json").write_text(
        json.dumps({"badges": rows, "ticket": warm, "ticket_cold": cold}, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
