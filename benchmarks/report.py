"""docs/benchmarks.md and its chart from the results of a run.

Every figure in the document comes from `results` (also kept in benchmarks/out/results.json);
the chart is drawn with matplotlib.
"""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib import metadata
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from benchmarks.tables import SECTIONS, table
from benchmarks.targets import TARGETS, evaluate

PACKAGES = ("Flask", "SQLAlchemy", "Whoosh-Reloaded", "weasyprint", "gunicorn", "psycopg")
CHART = "benchmarks-search-p95.png"


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30, 1),
        "cpu": _cpu_model(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }
    for name in PACKAGES:
        try:
            info[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            info[name] = "not installed"
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def postgres_answers(url: str) -> str | None:
    """The server version if PostgreSQL at the URL answers within 3 s, else None."""
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            version = str(conn.scalar(text("SHOW server_version")))
        engine.dispose()
        return version
    except Exception:  # no server, no driver, refused: PostgreSQL is simply left out
        return None


def write(results: dict[str, Any], out: Path) -> str:
    """Write the Markdown report and the chart next to it; return the Markdown."""
    chart(results, out.with_name(CHART))
    targets = results["targets"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m benchmarks.run`); do not edit by hand. "
        f"Run {results['started_at']} to {results.get('finished_at', '?')}, "
        f"`{results['command'].strip()}`. Earlier figures are in this file's git history.",
        "",
        *_machine(results),
        "## Targets",
        "",
        *table(
            "target | where | measured | met?",
            [
                [t, where, value, "met" if ok else "missed"]
                for t, where, value, ok in evaluate(results)
            ],
        ),
        f"![Search p95 against catalogue size]({CHART})",
        "",
    ]
    for section in SECTIONS:
        lines += section(targets)
    text = "\n".join(lines) + "\n"
    previous = out.read_text() if out.exists() else ""
    from benchmarks.expansion import END, START  # keep make bench-search's section

    if START in previous and END in previous:
        kept = previous.split(START, 1)[1].split(END, 1)[0]
        text = text.rstrip("\n") + f"\n\n{START}{kept}{END}\n"
    out.write_text(text)
    return text


def _machine(results: dict[str, Any]) -> list[str]:
    m = results["machine"]
    versions = ", ".join(f"{name} {m.get(name)}" for name in PACKAGES)
    load = [
        ", ".join(f"{x:.2f}" for x in results.get(k, ())) for k in ("load_before", "load_after")
    ]
    return [
        "## Machine and commands",
        "",
        f"- {m['nproc']} CPUs ({m['cpu']}), {m['memory_gib']} GiB memory, {m['os']}",
        f"- Python {m['python']}, SQLite {m['sqlite']}, PostgreSQL "
        f"{results.get('postgres') or 'not reached'}; {versions}",
        f"- Load average (1, 5, 15 min) before: {load[0]}; after: {load[1]}. "
        + (f"{results['conditions'].rstrip('.')}. " if results.get("conditions") else "")
        + "Other work on the machine inflates wall-clock times; the in-process tables also give "
        "this process's CPU time, which it inflates much less.",
        '- Full run: `make bench` (60 s load). Smoke test: `make bench BENCH_ARGS="--quick"` '
        "(1k only, 10 s load). Options: `python -m benchmarks.run --help`.",
        "- Generated databases and logs: `benchmarks/out/` (git-ignored), with every raw "
        "figure in `benchmarks/out/results.json`.",
        "",
    ]


def chart(results: dict[str, Any], path: Path) -> None:
    """Search p95 (in-process API) against catalogue size, one line per query, and the targets."""
    series: dict[str, list[tuple[int, float]]] = {}
    for target in results["targets"]:
        for kind, found in (target.get("search_api") or {}).items():
            if target["kind"] == "sqlite" or kind == "whole mix":
                name = kind if target["kind"] == "sqlite" else f"PostgreSQL, {kind}"
                series.setdefault(name, []).append((target["size"], found["wall"]["p95_ms"]))
    figure = Figure(figsize=(9.6, 5.4), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for name, points in series.items():
        axes.plot(*zip(*sorted(points), strict=True), marker="s", label=name)
    for size, limit in TARGETS["search"]:
        axes.plot(size, limit, "x", color="#d4351c", markersize=10, markeredgewidth=2)
        axes.annotate(f"target at {size // 1000}k", (size, limit), (6, 4), "data", "offset points")
    axes.set_xscale("log")
    sizes = sorted(
        {x for points in series.values() for x, _ in points} | dict(TARGETS["search"]).keys()
    )
    axes.set_xticks(sizes, [f"{x:,}" for x in sizes], minor=False)
    axes.minorticks_off()
    axes.set_ylim(bottom=0)
    axes.set_xlabel("interventions in the catalogue")
    axes.set_ylabel("p95 ms")
    axes.set_title("Search p95 through the API in-process (SQLite; PostgreSQL whole mix)")
    axes.grid(True, color="#dddddd")
    axes.legend(loc="best", fontsize="small")
    figure.savefig(path, metadata={"Software": None})
