"""docs/benchmarks.md from the results of a run: machine, commands, tables, targets, chart.

Every figure in the document comes from `results` (also kept in benchmarks/out/results.json).
"""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.chart import line_chart
from benchmarks.search_tables import search_sections
from benchmarks.service_tables import service_sections
from benchmarks.targets import TARGETS, evaluate, notes

PACKAGES = ("Flask", "SQLAlchemy", "Whoosh-Reloaded", "weasyprint", "gunicorn", "psycopg")


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "memory_gib": round(_meminfo_kib("MemTotal") / 1024 / 1024, 1),
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


def _meminfo_kib(key: str) -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


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
    chart = out.with_name("benchmarks-search-p95.png")
    _chart(results, chart)
    verdicts = evaluate(results)
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m benchmarks.run`); do not edit by hand. "
        f"Run {results['started_at']} to {results.get('finished_at', '?')}, "
        f"`{results['command'].strip()}`.",
        "",
        *_machine_section(results),
        "## Targets",
        "",
        "| target | where | measured | met? |",
        "| --- | --- | --- | --- |",
        *[
            f"| {t} | {where} | {value} | {'met' if ok else 'missed'} |"
            for t, where, value, ok in verdicts
        ],
        "",
        *notes(results),
        f"![Search p95 against catalogue size]({chart.name})",
        "",
        *search_sections(results),
        *service_sections(results),
    ]
    text = "\n".join(lines) + "\n"
    out.write_text(text)
    return text


def _machine_section(results: dict[str, Any]) -> list[str]:
    m = results["machine"]
    versions = ", ".join(f"{name} {m.get(name)}" for name in PACKAGES)
    pg = results.get("postgres") or "not reached"
    load = results.get("load_before", []), results.get("load_after", [])
    return [
        "## Machine and commands",
        "",
        f"- {m['nproc']} CPUs ({m['cpu']}), {m['memory_gib']} GiB memory, {m['os']}",
        f"- Python {m['python']}, SQLite {m['sqlite']}, PostgreSQL {pg}; {versions}",
        "- Load average (1, 5, 15 min) before: "
        + ", ".join(f"{x:.2f}" for x in load[0])
        + "; after: "
        + ", ".join(f"{x:.2f}" for x in load[1])
        + ". Other work on the machine inflates wall-clock times; the in-process tables also "
        "give this process's CPU time, which it inflates much less.",
        '- Full run: `make bench` (60 s load). Smoke test: `make bench BENCH_ARGS="--quick"` '
        "(1k only, 10 s load). Options: `python -m benchmarks.run --help`.",
        "- Generated databases and logs: `benchmarks/out/` (git-ignored), with every raw "
        "figure in `benchmarks/out/results.json`.",
        "",
    ]


def _chart(results: dict[str, Any], path: Path) -> None:
    series: dict[str, list[tuple[float, float]]] = {}
    for target in results["targets"]:
        api = target.get("search_api") or {}
        for kind, found in api.items():
            name = kind if target["kind"] == "sqlite" else f"PG {kind}"
            if target["kind"] == "sqlite" or kind == "whole mix":
                series.setdefault(name, []).append((target["size"], found["wall"]["p95_ms"]))
    marks = [(size, limit, f"TARGET {size // 1000}K") for size, limit in TARGETS["search"]]
    line_chart(
        path, "SEARCH P95, API IN-PROCESS: SQLITE, AND PG = POSTGRESQL", "P95 MS", series, marks
    )
