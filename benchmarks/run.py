"""`make bench`: generate catalogues, measure, and write docs/benchmarks.md and its chart.

    python -m benchmarks.run            # 1k, 10k, 50k on SQLite; 10k on PostgreSQL; 60 s load
    python -m benchmarks.run --quick    # 1k only, 10 s load (smoke test)

Every step is bounded in repetitions and time, talks only to 127.0.0.1, and records a
failure instead of stopping the run, so a half-built feature shows as "n/a" in the report.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgresql+psycopg://127.0.0.1:5432/test?user=postgres"
PSR_COURT = "highbury-corner"  # a London magistrates' court from seed_data/courts.csv
SUMMARY_REGION = "north-east"


@dataclass(frozen=True)
class Plan:
    """How much to measure: sizes, databases, repetitions and time limits."""

    sizes: tuple[int, ...]
    pg_sizes: tuple[int, ...]
    pg_url: str
    duration_s: float
    concurrency: int
    search_reps: int
    http_reps: int
    edit_reps: int
    slow_reps: int
    pdf_cap_s: float
    seed: int
    conditions: str
    out: Path
    work: Path
    quick: bool
    report_only: bool


def parse_plan(argv: list[str]) -> Plan:
    """The plan from the command line (see --help)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1k only, 10 s load, fewer reps")
    parser.add_argument(
        "--sizes", help="comma-separated catalogue sizes (default 1000,10000,50000)"
    )
    parser.add_argument("--pg-sizes", help="sizes also run on PostgreSQL (default 10000; '' none)")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG))
    parser.add_argument("--duration", type=float, help="seconds of load (default 60; quick 10)")
    parser.add_argument("--concurrency", type=int, default=8, help="simulated users in the load")
    parser.add_argument("--pdf-cap", type=float, help="seconds before a PDF render is stopped")
    parser.add_argument("--seed", type=int, default=20_240_501)
    parser.add_argument("--conditions", default="", help="what else the machine was doing")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite the report from WORK/results.json"
    )
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "out")
    args = parser.parse_args(argv)
    quick = args.quick

    def sizes(text: str | None, default: tuple[int, ...]) -> tuple[int, ...]:
        return default if text is None else tuple(int(s) for s in text.split(",") if s.strip())

    return Plan(
        sizes=sizes(args.sizes, (1_000,) if quick else (1_000, 10_000, 50_000)),
        pg_sizes=sizes(args.pg_sizes, (1_000,) if quick else (10_000,)),
        pg_url=args.pg_url,
        duration_s=args.duration or (10.0 if quick else 60.0),
        concurrency=args.concurrency,
        search_reps=10 if quick else 40,
        http_reps=8 if quick else 25,
        edit_reps=6 if quick else 20,
        slow_reps=2 if quick else 5,
        pdf_cap_s=args.pdf_cap or (60.0 if quick else 180.0),
        seed=args.seed,
        conditions=args.conditions,
        out=args.out,
        work=args.work,
        quick=quick,
        report_only=args.report_only,
    )


def step(target: dict[str, Any], name: str, call: Callable[[], Any]) -> Any:
    """Run one measurement; on failure record why and carry on."""
    print(f"  · {name} …", flush=True)
    started = time.perf_counter()
    try:
        target[name] = call()
    except Exception as exc:  # a step that fails is reported, the others still run
        target.setdefault("errors", {})[name] = f"{exc.__class__.__name__}: {exc}"[:500]
        traceback.print_exc()
    print(f"    {time.perf_counter() - started:.1f} s", flush=True)
    return target.get(name)


def measure_target(plan: Plan, kind: str, size: int, throughput: bool) -> dict[str, Any]:
    """Generate one catalogue and take every measurement of it."""
    from benchmarks import inprocess, pages
    from benchmarks.generate import postgres_schema_url, write_catalogue
    from benchmarks.tables import size_label
    from core.db import make_engine

    label = f"{'PostgreSQL' if kind == 'postgresql' else 'SQLite'} {size_label(size)}"
    print(f"\n== {label}", flush=True)
    work = plan.work / f"{kind}-{size}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if kind == "postgresql":
        url = postgres_schema_url(plan.pg_url, f"bench_{size}")
    else:
        url = f"sqlite:///{work / 'catalogue.db'}"
    target: dict[str, Any] = {"label": label, "kind": kind, "size": size}
    if step(target, "generated", lambda: vars(write_catalogue(url, size, plan.seed))) is None:
        return target
    app = inprocess.make_app(url, work / "index")
    client = app.test_client()
    reps, slow = plan.search_reps, plan.slow_reps
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("rebuild", lambda: inprocess.measure_rebuild(app, 3 if size <= 10_000 else 2, 240)),
        ("probe", lambda: inprocess.install_probe_and_users(app)),
        ("search_api", lambda: inprocess.measure_search_api(client, reps)),
        (
            "edit_inprocess",
            lambda: inprocess.measure_edit_to_searchable(app, client, plan.edit_reps),
        ),
        ("recommendation", lambda: inprocess.measure_recommendation(client, reps, 60)),
        ("region_pages", lambda: pages.measure_region_pages(client, slow, 30)),
        ("psr_pdf", lambda: pages.measure_psr_pdf(client, PSR_COURT, slow, 60)),
        (
            "summary_pdf",
            lambda: pages.measure_summary_pdf(client, SUMMARY_REGION, 3, plan.pdf_cap_s),
        ),
        ("page_weight", lambda: pages.measure_page_weight(client)),
    ]
    for name, call in steps:
        step(target, name, call)
    app.extensions["db_engine"].dispose()
    engine = make_engine(url)
    try:
        step(target, "http", lambda: _http(plan, engine, url, work, throughput))
        if kind == "postgresql":
            edits = plan.edit_reps // 2
            step(target, "edit_across", lambda: _edit_across(engine, url, work, edits))
    finally:
        engine.dispose()
    return target


def _edit_across(engine: Any, url: str, work: Path, reps: int) -> dict[str, Any]:
    from benchmarks import remote

    return remote.measure_edit_across_instances(engine, url, work / "index", work, reps)


def _http(plan: Plan, engine: Any, url: str, work: Path, throughput: bool) -> dict[str, Any]:
    from benchmarks import remote
    from benchmarks.mix import LOAD_WEIGHTS, SEARCH_LOAD_WEIGHTS
    from benchmarks.servers import running, worker_memory_mib

    index = remote.copy_index(work / "index", work / "index-http")
    found: dict[str, Any] = {}
    with running(url, index, work) as instance:
        found["search"] = remote.measure_search_http(instance, plan.http_reps)
        if throughput:
            for name, weights in (
                ("throughput", LOAD_WEIGHTS),
                ("search_throughput", SEARCH_LOAD_WEIGHTS),
            ):
                found[name] = remote.measure_throughput(
                    engine, instance, plan.duration_s, plan.concurrency, plan.seed, weights
                )
        found["worker_mib"] = worker_memory_mib(instance)
    return found


def main(argv: list[str] | None = None) -> int:
    """Run the plan, print the tables and write the report."""
    plan = parse_plan(sys.argv[1:] if argv is None else argv)
    from benchmarks import report

    if plan.report_only:
        print(report.write(json.loads((plan.work / "results.json").read_text()), plan.out))
        return 0
    plan.work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "command": "python -m benchmarks.run " + " ".join(sys.argv[1:] if argv is None else argv),
        "plan": {k: str(v) if isinstance(v, Path) else v for k, v in vars(plan).items()},
        "started_at": datetime.now().isoformat(timespec="seconds"),
        "machine": report.machine(),
        "load_before": os.getloadavg(),
        "conditions": plan.conditions,
        "targets": [],
    }
    results["postgres"] = report.postgres_answers(plan.pg_url) if plan.pg_sizes else None
    runs = [("sqlite", size) for size in plan.sizes]
    runs += [("postgresql", size) for size in plan.pg_sizes if results["postgres"]]
    loaded = next((r for r in runs if r[0] == "postgresql"), runs[min(1, len(runs) - 1)])
    for kind, size in runs:
        results["targets"].append(measure_target(plan, kind, size, (kind, size) == loaded))
    results["finished_at"] = datetime.now().isoformat(timespec="seconds")
    results["load_after"] = os.getloadavg()
    plain = json.loads(json.dumps(results, default=_plain))
    (plan.work / "results.json").write_text(json.dumps(plain, indent=1))
    text = report.write(plain, plan.out)
    print(text)
    return 0


def _plain(value: Any) -> Any:
    return value.as_dict() if hasattr(value, "as_dict") else str(value)


if __name__ == "__main__":
    sys.exit(main())
