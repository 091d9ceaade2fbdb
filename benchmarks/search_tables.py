"""The report's search tables: in-process, over HTTP, against the SQL baseline, rebuild, edits."""

from __future__ import annotations

from typing import Any

from benchmarks.markdown import get, ms, table


def search_sections(results: dict[str, Any]) -> list[str]:
    """The search tables, in reading order."""
    targets = results["targets"]
    out: list[str] = []
    out += [
        "## Search, in-process through the API",
        "",
        "`GET /api/v1/interventions` through Flask's test client (no network), facet counts "
        "included, the four queries round-robin after a warm-up. Wall-clock p50/p95 and this "
        "process's CPU time.",
        "",
    ]
    rows = []
    for t in targets:
        for kind, found in (t.get("search_api") or {}).items():
            rows.append(
                [
                    t["label"],
                    kind,
                    ms(found["wall"]["p50_ms"]),
                    ms(found["wall"]["p95_ms"]),
                    ms(found["cpu"]["p50_ms"]),
                    ms(found["cpu"]["p95_ms"]),
                    str(found["total"] if found["total"] is not None else ""),
                    str(found["wall"]["n"]),
                ]
            )
    out += table(
        ["catalogue", "query", "p50 ms", "p95 ms", "CPU p50 ms", "CPU p95 ms", "results", "n"], rows
    )
    out += [
        "## Search over HTTP",
        "",
        "The same mix against gunicorn (2 sync workers) on 127.0.0.1, timed by the client, gzip "
        "accepted, a new connection per request.",
        "",
    ]
    rows = [
        [t["label"], kind, ms(s["p50_ms"]), ms(s["p95_ms"]), str(s["n"])]
        for t in targets
        for kind, s in (get(t, "http", "search") or {}).items()
    ]
    out += table(["catalogue", "query", "p50 ms", "p95 ms", "n"], rows)
    memory = [
        f"{t['label']}: " + ", ".join(f"{m:.0f}" for m in get(t, "http", "worker_mib"))
        for t in targets
        if get(t, "http", "worker_mib")
    ]
    if memory:
        out += ["Resident memory of each worker afterwards (MiB): " + "; ".join(memory) + ".", ""]
    out += _baseline(targets) + _index(targets) + _edits(targets)
    return out


def _baseline(targets: list[dict[str, Any]]) -> list[str]:
    out = [
        "## Baseline: SQL LIKE/ILIKE",
        "",
        "The search service (index + facet table) against the same queries answered by the "
        "database the way the existing MoJ catalogue does it (`benchmarks/baseline.py`: every "
        "word `ILIKE '%word%'` in five text columns, filters as joins, first page by name and a "
        "count; no facets, no stemming, no typo tolerance). Ratio = baseline p50 ÷ index p50.",
        "",
    ]
    rows = []
    for t in targets:
        for kind, f in (t.get("engine_vs_baseline") or {}).items():
            ratio = f["baseline"]["p50_ms"] / f["index"]["p50_ms"] if f["index"]["p50_ms"] else 0
            rows.append(
                [
                    t["label"],
                    kind,
                    ms(f["index"]["p50_ms"]),
                    ms(f["index"]["p95_ms"]),
                    ms(f["baseline"]["p50_ms"]),
                    ms(f["baseline"]["p95_ms"]),
                    f"{ratio:.1f}×",
                    f"{f['index_total']} / {f['baseline_total']}",
                ]
            )
    return out + table(
        [
            "catalogue",
            "query",
            "index p50",
            "index p95",
            "SQL p50",
            "SQL p95",
            "ratio",
            "results (index / SQL)",
        ],
        rows,
    )


def _index(targets: list[dict[str, Any]]) -> list[str]:
    rows = []
    for t in targets:
        g, r = t.get("generated") or {}, t.get("rebuild") or {}
        rows.append(
            [
                t["label"],
                str(g.get("interventions", "n/a")),
                str(g.get("availability", "n/a")),
                f"{g['seconds']:.1f}" if g else "n/a",
                str(r.get("indexed", "n/a")),
                ms(get(r, "wall", "p50_ms")),
                ms(get(r, "wall", "p95_ms")),
                ms(get(r, "cpu", "p50_ms")),
                str(get(r, "wall", "n")),
            ]
        )
    return [
        "## Generation and full index rebuild",
        "",
        "Rebuild = `search.rebuild`: every intervention read from the database, a new Whoosh "
        "generation written and swapped in, the facet table rebuilt.",
        "",
        *table(
            [
                "catalogue",
                "interventions",
                "availability rows",
                "generated in s",
                "indexed",
                "rebuild p50 ms",
                "rebuild p95 ms",
                "CPU p50 ms",
                "n",
            ],
            rows,
        ),
    ]


def _edits(targets: list[dict[str, Any]]) -> list[str]:
    rows = []
    for t in targets:
        e, a = t.get("edit_inprocess") or {}, t.get("edit_across") or {}
        rows.append(
            [
                t["label"],
                ms(e.get("p50_ms")),
                ms(e.get("p95_ms")),
                ms(get(a, "patch", "p50_ms")),
                ms(get(a, "seen_on_other", "p50_ms")),
                ms(get(a, "seen_on_other", "p95_ms")),
                str(get(a, "seen_on_other", "n") or ""),
            ]
        )
    return [
        "## Edit to searchable",
        "",
        "In-process: commit an availability change with its revision, then time until a "
        "search (which syncs the index first) shows it. Across instances (PostgreSQL): "
        "`PATCH /api/v1/interventions/<id>/availability/<region>` through instance A, then "
        "poll a search on instance B (its own index) until it shows the change.",
        "",
        *table(
            [
                "catalogue",
                "in-process p50 ms",
                "in-process p95 ms",
                "PATCH on A p50 ms",
                "seen on B p50 ms",
                "seen on B p95 ms",
                "n",
            ],
            rows,
        ),
    ]
