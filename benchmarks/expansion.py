"""`make bench-search`: the relevance set on the seed catalogue, and search p95 with
thesaurus expansion on generated catalogues, written into docs/benchmarks.md.

    python -m benchmarks.expansion                    # seed relevance; 10k and 50k on SQLite
    python -m benchmarks.expansion --sizes 1000       # a quick look

`make bench` runs it after the full report, so the section is always there; run alone, it
rewrites only its own section (between the markers) and leaves the rest of the report.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- search-expansion:start -->", "<!-- search-expansion:end -->"
# Everyday words the catalogue's own text rarely holds, alone and under chosen filters.
EXPANSION_MIX: dict[str, dict[str, str]] = {
    "lay word": {"q": "homeless"},
    "phrase": {"q": "no fixed abode"},
    "slang": {"q": "skint"},
    "abbreviation": {"q": "TSP"},
    "two words, one known": {"q": "cannabis support"},
    "word + region": {"q": "temper", "region": "london"},
    "word + need + open now": {"q": "gambling", "need": "finance-benefits-debt", "open_now": "1"},
}
TARGETS_MS = {10_000: 25.0, 50_000: 100.0}
TARGET_SHARE = 0.95


def seed_relevance(work: Path) -> dict[str, Any]:
    """The relevance set against the seed catalogue (its real texts), through the API."""
    from benchmarks.inprocess import make_app
    from benchmarks.relevance import share_relevant
    from catalogue import search
    from catalogue.cli import upgrade_database
    from catalogue.seed import load_seed
    from core import db

    url = f"sqlite:///{work / 'seed.db'}"
    upgrade_database(url)
    app = make_app(url, work / "seed-index")
    with app.app_context():
        load_seed(db.session(), ROOT / "seed_data")
        search.sync(db.session())
    try:
        return share_relevant(app.test_client())
    finally:
        app.extensions["db_engine"].dispose()


def generated(work: Path, size: int, seed: int, reps: int) -> dict[str, Any]:
    """A generated catalogue of the size, with the thesaurus, and the mix timed on it."""
    from benchmarks.generate import write_catalogue
    from benchmarks.inprocess import make_app, measure_search_api
    from catalogue import search
    from core import db

    url = f"sqlite:///{work / f'catalogue-{size}.db'}"
    written = write_catalogue(url, size, seed)
    app = make_app(url, work / f"index-{size}")
    with app.app_context():
        search.rebuild(db.session())
    try:
        found = measure_search_api(app.test_client(), reps, EXPANSION_MIX)
        return {"size": size, "seconds_to_generate": round(written.seconds, 1), "mix": found}
    finally:
        app.extensions["db_engine"].dispose()


def section(results: dict[str, Any]) -> str:
    """The Markdown section, every figure from `results`."""
    from benchmarks.relevance import TOP
    from benchmarks.tables import ms, size_label, table

    rel = results["relevance"]
    met = "met" if rel["share"] >= TARGET_SHARE else "missed"
    share = f"{rel['share']:.1%} ({rel['relevant']} of {rel['queries']})"
    where = f"seed catalogue, {rel['queries']} everyday queries"
    verdicts = [[f"relevant result in the top {TOP} ≥ {TARGET_SHARE:.0%}", where, share, met]]
    rows = []
    for target in results["targets"]:
        where = f"SQLite {size_label(target['size'])}"
        whole = target["mix"]["whole mix"]
        p95, cpu95 = whole["wall"]["p95_ms"], whole["cpu"]["p95_ms"]
        limit = TARGETS_MS.get(target["size"])
        bound = f" ≤ {limit:.0f} ms" if limit else ""
        verdict = "no target" if limit is None else ("met" if p95 <= limit else "missed")
        measured = f"{ms(p95)} ms (CPU {ms(cpu95)} ms)"
        verdicts.append([f"search p95 with expansion{bound}", where, measured, verdict])
        for kind, row in target["mix"].items():
            expanded = "" if row["total"] is None else ("yes" if row["expanded"] else "no")
            times = [ms(row["wall"]["p50_ms"]), ms(row["wall"]["p95_ms"]), ms(row["cpu"]["p95_ms"])]
            rows.append(
                [
                    where,
                    kind,
                    expanded,
                    *times,
                    "" if row["total"] is None else row["total"],
                    row["wall"]["n"],
                ]
            )
    misses = f"Missed: {', '.join(rel['misses'])}." if rel["misses"] else "None missed."
    load = [
        ", ".join(f"{x:.2f}" for x in results.get(k, ())) for k in ("load_before", "load_after")
    ]
    lines = [
        START,
        "## Search in everyday words (thesaurus expansion)",
        "",
        f"Written by `make bench-search` (`python -m benchmarks.expansion`), run "
        f"{results['started_at']} to {results['finished_at']}; do not edit by hand.",
        "",
        *table("target | where | measured | met?", verdicts),
        "The relevance set is `benchmarks/relevance_queries.csv`: each everyday query with the "
        f"need areas a relevant answer must address; a query counts when one of its top {TOP} "
        f"results addresses one of them. {misses}",
        "",
        "Timings: `GET /api/v1/interventions` in-process (Flask test client), facets and "
        "suggestions included, the mix round-robin after a warm-up, on generated catalogues "
        "carrying the seed thesaurus. The verdict is on wall-clock time; this process's CPU "
        "time is given too, as other work on the machine inflates wall-clock time (load "
        f"average before: {load[0]}; after: {load[1]}).",
        "",
        *table("catalogue | query | expanded | p50 ms | p95 ms | CPU p95 ms | results | n", rows),
        END,
    ]
    return "\n".join(lines) + "\n"


def write_section(text: str, out: Path) -> None:
    """Put the section into the report in place of the old one (or at its end)."""
    report = out.read_text() if out.exists() else "# Benchmarks\n"
    if START in report and END in report:
        before, rest = report.split(START, 1)
        report = before + text.rstrip("\n") + rest.split(END, 1)[1]
    else:
        report = report.rstrip("\n") + "\n\n" + text
    out.write_text(report)


def main(argv: list[str] | None = None) -> int:
    """Measure, keep the raw figures, and write the section."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.expansion", description=__doc__)
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--seed", type=int, default=20_240_501)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "out" / "expansion")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    started, load_before = datetime.now().isoformat(timespec="seconds"), os.getloadavg()
    with tempfile.TemporaryDirectory(dir=args.work) as scratch:
        relevance = seed_relevance(Path(scratch))
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = {
        "started_at": started,
        "load_before": load_before,
        "relevance": relevance,
        "targets": [generated(args.work, size, args.seed, args.reps) for size in sizes],
        "finished_at": datetime.now().isoformat(timespec="seconds"),
        "load_after": os.getloadavg(),
    }
    plain = json.loads(json.dumps(results, default=lambda v: v.as_dict()))
    (args.work / "results.json").write_text(json.dumps(plain, indent=1))
    text = section(plain)
    write_section(text, args.out)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
