"""Congress benchmark: reviewer assignment beside a naive greedy floor, and the programme
booklet beside one WeasyPrint page.

    python -m bench.congress [--abstracts 200] [--reviewers 25] [--organisations 10]
                             [--per-abstract 3] [--repeat 20]

Both run in this process on the same generated call (each abstract has speakers and
co-authors from one to three of the organisations; reviewers come from the same
organisations), so the ratio is ours against the floor measured in the same run.
The floor is the first thing one writes: for each abstract in order, the least
loaded reviewers without a conflict. `ours` is `plan_assignments` (most constrained
abstract first, then the balancing repair). The table shows the median time of
`--repeat` runs, CPU time, and what each plan achieves: places filled and the spread
of the load (max − min). The goal is under one second for `ours`.
The numbers also go to bench/results/congress.json.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

if __package__ in (None, ""):  # `python bench/congress.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader

from bench import congress_booklet
from congress.booklet import booklet_pdf
from congress.services.assignment_plan import (
    Candidate,
    Pair,
    Submission,
    in_conflict,
    plan_assignments,
)
from werkplaats.pdf import html_to_pdf, warm_up

RESULTS = Path(__file__).resolve().parent / "results"
GOAL_SECONDS = 1.0
GOAL_BOOKLET_SECONDS = 3.0


def generated_call(
    abstracts: int, reviewers: int, organisations: int, seed: int = 11
) -> tuple[list[Submission], list[Candidate]]:
    rng = random.Random(seed)
    names = [f"organisatie {n}" for n in range(organisations)]
    return (
        [Submission(i, frozenset(rng.sample(names, rng.randint(1, 3)))) for i in range(abstracts)],
        [Candidate(10_000 + i, names[i % organisations]) for i in range(reviewers)],
    )


def naive_greedy(
    abstracts: Sequence[Submission], reviewers: Sequence[Candidate], *, per_abstract: int
) -> list[Pair]:
    load = {r.id: 0 for r in reviewers}
    pairs: list[Pair] = []
    for abstract in abstracts:
        free = sorted(
            (r for r in reviewers if not in_conflict(r, abstract)), key=lambda r: load[r.id]
        )
        for reviewer in free[:per_abstract]:
            load[reviewer.id] += 1
            pairs.append((abstract.id, reviewer.id))
    return pairs


def _measure(plan: Callable[[], list[Pair]], repeat: int, reviewers: int) -> dict[str, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        pairs = plan()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    load = Counter(r for _, r in pairs)
    counts = [load.get(r, 0) for r in range(10_000, 10_000 + reviewers)]
    return {
        "median_ms": statistics.median(walls) * 1000,
        "cpu_ms": statistics.median(cpus) * 1000,
        "places": len(pairs),
        "load_spread": max(counts) - min(counts),
    }


def booklet_rows(repeat: int) -> dict[str, dict[str, float]]:
    """A 60-abstract booklet beside one WeasyPrint page, both warm, in this process."""
    programme, event = congress_booklet.programme(60)
    warm_up()
    rows = {}
    for name, render in (
        ("one page (floor)", lambda: html_to_pdf("<p>Werkplaats</p>", stylesheets=("base.css",))),
        ("booklet, 60 abstracts", lambda: booklet_pdf(programme, event)),
    ):
        render()  # fonts and stylesheets loaded before the clock runs
        walls, cpus = [], []
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            pdf = render()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        rows[name] = {
            "median_ms": statistics.median(walls) * 1000,
            "cpu_ms": statistics.median(cpus) * 1000,
            "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        }
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.congress", description=__doc__)
    parser.add_argument("--abstracts", type=int, default=200)
    parser.add_argument("--reviewers", type=int, default=25)
    parser.add_argument("--organisations", type=int, default=10)
    parser.add_argument("--per-abstract", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--booklet-repeat", type=int, default=3)
    args = parser.parse_args(argv)
    abstracts, reviewers = generated_call(args.abstracts, args.reviewers, args.organisations)
    n = args.per_abstract
    rows = {
        "naive-greedy (floor)": _measure(
            lambda: naive_greedy(abstracts, reviewers, per_abstract=n), args.repeat, len(reviewers)
        ),
        "ours": _measure(
            lambda: plan_assignments(abstracts, reviewers, per_abstract=n),
            args.repeat,
            len(reviewers),
        ),
    }
    floor = rows["naive-greedy (floor)"]["median_ms"]
    print(
        f"\nReviewer assignment: {args.abstracts} abstracts, {args.reviewers} reviewers from "
        f"{args.organisations} organisations, {n} per abstract ({args.repeat} runs, median)"
    )
    print(f"{'row':<22}{'ms':>10}{'cpu ms':>10}{'× floor':>10}{'places':>9}{'max−min':>9}")
    for name, row in rows.items():
        print(
            f"{name:<22}{row['median_ms']:>10.2f}{row['cpu_ms']:>10.2f}"
            f"{row['median_ms'] / floor:>10.2f}{row['places']:>9}{row['load_spread']:>9}"
        )
    ours = rows["ours"]["median_ms"] / 1000
    verdict = "met" if ours < GOAL_SECONDS else "NOT met"
    print(f"goal: ours under {GOAL_SECONDS:.0f} s: {verdict} ({ours:.3f} s)")
    booklet = booklet_rows(args.booklet_repeat)
    page = booklet["one page (floor)"]["median_ms"]
    print(f"\nBooklet PDF (A5; {args.booklet_repeat} renders each, median, warm process)")
    print(f"{'row':<24}{'ms':>10}{'cpu ms':>10}{'× floor':>10}{'pages':>7}")
    for name, row in booklet.items():
        print(
            f"{name:<24}{row['median_ms']:>10.1f}{row['cpu_ms']:>10.1f}"
            f"{row['median_ms'] / page:>10.1f}{row['pages']:>7}"
        )
    seconds = booklet["booklet, 60 abstracts"]["median_ms"] / 1000
    verdict = "met" if seconds < GOAL_BOOKLET_SECONDS else "NOT met"
    print(f"goal: booklet under {GOAL_BOOKLET_SECONDS:.0f} s: {verdict} ({seconds:.2f} s)")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "congress.json").write_text(
        json.dumps({"assignment": rows, "booklet": booklet, "args": vars(args)}, indent=2)
    )


if __name__ == "__main__":
    main()
