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

from flask.testing import FlaskClient

from benchmarks import mix
from benchmarks.relevance import TOP, share_relevant
from benchmarks.stats import cpus, timed, walls

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


def measure_mix(client: FlaskClient, reps: int) -> dict[str, Any]:
    """The expansion mix through GET /api/v1/interventions, round-robin after a warm-up."""
    paths = {kind: mix.search_path(params) for kind, params in EXPANSION_MIX.items()}
    found: dict[str, Any] = {}
    for kind, path in paths.items():
        for _ in range(3):
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        answer = response.get_json()
        found[kind] = {"total": answer["total"], "understood": answer["understood"], "t": []}
    for _ in range(reps):
        for kind, path in paths.items():
            found[kind]["t"].append(timed(lambda p=path: client.get(p))[1])
    every = [t for f in found.values() for t in f["t"]]
    table = {
        kind: {"wall": walls(f["t"]).as_dict(), "cpu": cpus(f["t"]).as_dict(), "total": f["total"],
               "expanded": bool(f["understood"])}
        for kind, f in found.items()
    }  # fmt: skip
    table["whole mix"] = {"wall": walls(every).as_dict(), "cpu": cpus(every).as_dict()}
    return table


def seed_relevance(work: Path) -> dict[str, Any]:
    """The relevance set against the seed catalogue (its real texts), through the API."""
    from benchmarks.inprocess import make_app
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
    from benchmarks.inprocess import make_app
    from catalogue import search
    from core import db

    url = f"sqlite:///{work / f'catalogue-{size}.db'}"
    written = write_catalogue(url, size, seed)
    app = make_app(url, work / f"index-{size}")
    with app.app_context():
        search.rebuild(db.session())
    try:
        return {"size": size, "seconds_to_generate": round(written.seconds, 1),
                "mix": measure_mix(app.test_client(), reps)}  # fmt: skip
    finally:
        app.extensions["db_engine"].dispose()


def section(results: dict[str, Any]) -> str:
    """The Markdown section, every figure from `results`."""
    rel = results["relevance"]
    lines = [
        START,
        "## Search in everyday words (thesaurus expansion)",
        "",
        f"Written by `make bench-search` (`python -m benchmarks.expansion`), run "
        f"{results['started_at']} to {results['finished_at']}; do not edit by hand.",
        "",
        "| target | where | measured | met? |",
        "| --- | --- | --- | --- |",
        f"| relevant result in the top {TOP} ≥ {TARGET_SHARE:.0%} | seed catalogue, "
        f"{rel['queries']} everyday queries | {rel['share']:.1%} ({rel['relevant']} of "
        f"{rel['queries']}) | {'met' if rel['share'] >= TARGET_SHARE else 'missed'} |",
    ]
    for target in results["targets"]:
        whole = target["mix"]["whole mix"]
        p95, cpu95 = whole["wall"]["p95_ms"], whole["cpu"]["p95_ms"]
        limit = TARGETS_MS.get(target["size"])
        verdict = "" if limit is None else ("met" if p95 <= limit else "missed")
        bound = f" ≤ {limit:.0f} ms" if limit else ""
        lines.append(f"| search p95 with expansion{bound} | SQLite {target['size'] // 1000}k | "
                     f"{p95:.1f} ms (CPU {cpu95:.1f} ms) | {verdict or 'no target'} |")  # fmt: skip
    lines += [
        "",
        f"The relevance set is `benchmarks/relevance_queries.csv`: each everyday query with the "
        f"need areas a relevant answer must address; a query counts when one of its top {TOP} "
        "results addresses one of them. "
        + (f"Missed: {', '.join(rel['misses'])}." if rel["misses"] else "None missed."),
        "",
        "Timings: `GET /api/v1/interventions` in-process (Flask test client), facets and "
        "suggestions included, the mix round-robin after a warm-up, on generated catalogues "
        "carrying the seed thesaurus. The verdict is on wall-clock time; this process's CPU "
        "time is given too, as other work on the machine inflates wall-clock time (load "
        f"average before: {_load(results, 'load_before')}; after: {_load(results, 'load_after')}).",
        "",
        "| catalogue | query | expanded | p50 ms | p95 ms | CPU p95 ms | results | n |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for target in results["targets"]:
        for kind, row in target["mix"].items():
            wall, cpu = row["wall"], row["cpu"]
            expanded = "" if "expanded" not in row else ("yes" if row["expanded"] else "no")
            cells = [f"SQLite {target['size'] // 1000}k", kind, expanded,
                     f"{wall['p50_ms']:.1f}", f"{wall['p95_ms']:.1f}", f"{cpu['p95_ms']:.1f}",
                     str(row.get("total", "")), str(wall["n"])]  # fmt: skip
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join([*lines, "", END]) + "\n"


def _load(results: dict[str, Any], key: str) -> str:
    return ", ".join(f"{x:.2f}" for x in results.get(key, ()))


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
    results: dict[str, Any] = {
        "started_at": datetime.now().isoformat(timespec="seconds"),
        "load_before": os.getloadavg(),
    }
    with tempfile.TemporaryDirectory(dir=args.work) as scratch:
        results["relevance"] = seed_relevance(Path(scratch))
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results["targets"] = [generated(args.work, size, args.seed, args.reps) for size in sizes]
    results["finished_at"] = datetime.now().isoformat(timespec="seconds")
    results["load_after"] = os.getloadavg()
    (args.work / "results.json").write_text(json.dumps(results, indent=1))
    text = section(results)
    write_section(text, args.out)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
