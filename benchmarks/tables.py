"""The report's tables, section by section, and the formatting they share."""

from __future__ import annotations

from typing import Any


def get(data: Any, *keys: str) -> Any:
    """A nested value, or None where any step is missing."""
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def ms(value: Any) -> str:
    """Milliseconds, to a sensible precision; n/a when missing."""
    if not isinstance(value, int | float):
        return "n/a"
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def kb(value: Any) -> str:
    """Bytes as KB (1,000 bytes)."""
    return f"{value / 1000:.1f}" if isinstance(value, int | float) else "n/a"


def wall_and_cpu(found: Any) -> list[str]:
    """Wall-clock p50, p95 and CPU p50, p95 of a measurement."""
    return [ms(get(found, side, f"p{p}_ms")) for side in ("wall", "cpu") for p in (50, 95)]


def size_label(size: int) -> str:
    """A catalogue size as the report names it: 1k, 50k, or 200 below a thousand."""
    return f"{size // 1000}k" if size >= 1000 else str(size)


def _blank(value: Any) -> Any:
    return "" if value is None else value


def p50_p95(summary: Any) -> str:
    """ "p50 / p95" of a summary."""
    return f"{ms(get(summary, 'p50_ms'))} / {ms(get(summary, 'p95_ms'))}"


def table(header: str, rows: list[list[Any]]) -> list[str]:
    """A Markdown table ("a | b | c" heads its columns), followed by a blank line."""
    lines = [f"| {header} |", "|" + " --- |" * (header.count("|") + 1)]
    return [*lines, *("| " + " | ".join(str(c) for c in row) + " |" for row in rows), ""]


def _search(targets: list[dict[str, Any]]) -> list[str]:
    rows = [
        [t["label"], kind, *wall_and_cpu(f), _blank(f.get("total")), f["wall"]["n"]]
        for t in targets
        for kind, f in (t.get("search_api") or {}).items()
    ]
    http = [
        [t["label"], kind, ms(s["p50_ms"]), ms(s["p95_ms"]), s["n"]]
        for t in targets
        for kind, s in (get(t, "http", "search") or {}).items()
    ]
    memory = "; ".join(
        f"{t['label']}: " + ", ".join(f"{m:.0f}" for m in get(t, "http", "worker_mib"))
        for t in targets
        if get(t, "http", "worker_mib")
    )
    return [
        "## Search, in-process through the API",
        "",
        "`GET /api/v1/interventions` through Flask's test client (no network), facet counts "
        "included, the four queries round-robin after a warm-up. Wall-clock p50/p95 and this "
        "process's CPU time.",
        "",
        *table("catalogue | query | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms | results | n", rows),
        "## Search over HTTP",
        "",
        "The same mix against gunicorn (2 sync workers) on 127.0.0.1, timed by the client "
        "(`requests`), gzip accepted, a new connection per request.",
        "",
        *table("catalogue | query | p50 ms | p95 ms | n", http),
        *([f"Resident memory of each worker afterwards (MiB): {memory}.", ""] if memory else []),
    ]


def _index_and_edits(targets: list[dict[str, Any]]) -> list[str]:
    rebuilds, edits = [], []
    for t in targets:
        g, r = t.get("generated") or {}, t.get("rebuild") or {}
        made = [g.get("interventions", "n/a"), g.get("availability", "n/a")]
        made += [f"{g['seconds']:.1f}" if g else "n/a", r.get("indexed", "n/a")]
        rebuilds.append([t["label"], *made, *wall_and_cpu(r)[:3], get(r, "wall", "n")])
        e, seen = t.get("edit_inprocess") or {}, get(t, "edit_across", "seen_on_other") or {}
        across = [ms(get(t, "edit_across", "patch", "p50_ms")), ms(seen.get("p50_ms"))]
        across += [ms(seen.get("p95_ms")), seen.get("n", "")]
        edits.append([t["label"], ms(e.get("p50_ms")), ms(e.get("p95_ms")), *across])
    return [
        "## Generation and full index rebuild",
        "",
        "Rebuild = `search.rebuild`: every intervention read from the database, a new Whoosh "
        "generation written and swapped in, the facet table rebuilt.",
        "",
        *table(
            "catalogue | interventions | availability rows | generated in s | indexed | "
            "rebuild p50 ms | rebuild p95 ms | CPU p50 ms | n",
            rebuilds,
        ),
        "## Edit to searchable",
        "",
        "In-process: commit an availability change with its revision, then time until a "
        "search (which syncs the index first) shows it. Across instances (PostgreSQL): "
        "`PATCH /api/v1/interventions/<id>/availability/<region>` through instance A, then "
        "poll a search on instance B (its own index) until it shows the change.",
        "",
        *table(
            "catalogue | in-process p50 ms | in-process p95 ms | PATCH on A p50 ms | "
            "seen on B p50 ms | seen on B p95 ms | n",
            edits,
        ),
    ]


def _assistant(targets: list[dict[str, Any]]) -> list[str]:
    rows, parts = [], []
    for t in targets:
        r = t.get("recommendation") or {}
        timings = [ms(get(r, "wall", "p50_ms")), ms(get(r, "wall", "p95_ms"))]
        timings += [
            ms(get(r, "cpu", "p95_ms")),
            ms(r.get("first_ms")),
            p50_p95(r.get("after_edit")),
        ]
        rows.append([t["label"], *timings])
        counts = " / ".join(str(r.get(k, "n/a")) for k in ("facts", "offered", "relevant"))
        steps = [ms(get(r, k, "p50_ms")) for k in ("load_region", "offered_warm", "engine")]
        parts.append([t["label"], counts, *steps])
    return [
        "## Court proposal assistant",
        "",
        "`POST /api/v1/recommendations` (London, man of 30, OGRS3 62, three needs) through "
        "Flask's test client: warm (this process already holds London's facts at the current "
        "catalogue revision), the first request after start (the region's facts are read), "
        "and each request right after a catalogue edit in London (only the edited "
        "intervention is read again).",
        "",
        *table(
            "catalogue | p50 ms | p95 ms | CPU p95 ms | first after start ms | "
            "after an edit p50 / p95 ms",
            rows,
        ),
        "Where the time goes: the interventions in London, those offered to the engine for "
        "this case (programmes, and activities for its needs with an open or waiting-list "
        "row) and those that could change its result (kept in a saved proposal); reading "
        "the whole region's facts (first request only); the warm cache's answer; the engine.",
        "",
        *table(
            "catalogue | in region / offered / relevant | read region p50 ms | "
            "warm cache p50 ms | engine p50 ms",
            parts,
        ),
    ]


def _pages(targets: list[dict[str, Any]]) -> list[str]:
    rows = []
    for t in targets:
        p, s = t.get("psr_pdf") or {}, t.get("summary_pdf") or {}
        summary = p50_p95(s.get("wall"))
        if "timed_out_after_s" in s:
            summary = f"> {s['timed_out_after_s']:g} s (stopped)"
        regions = [
            p50_p95(get(t, "region_pages", path)) for path in ("/regions", "/regions/london")
        ]
        rows.append([t["label"], *regions, p50_p95(p.get("wall")), summary, kb(s.get("bytes"))])
    return [
        "## Region pages and PDFs",
        "",
        "Through Flask's test client: `GET /regions` (counts for every region), "
        "`GET /regions/london`, the PSR PDF (`GET /proposals/<id>/psr.pdf`) of a saved "
        "proposal, and the regional summary PDF (`GET /regions/north-east/summary.pdf`), "
        "stopped at the cap. p50 / p95 ms.",
        "",
        *table("catalogue | /regions | /regions/london | PSR PDF | summary PDF | summary KB", rows),
    ]


def _page_weight(targets: list[dict[str, Any]]) -> list[str]:
    rows = []
    for t in targets:
        if p := t.get("page_weight"):
            kinds = [f"{kb(p['by_kind'][k][0])} / {kb(p['by_kind'][k][1])}" for k in KINDS]
            total = f"**{kb(p['raw_bytes'])} / {kb(p['transfer_bytes'])}**"
            rows.append([t["label"], *kinds, total, p["requests"]])
    first = targets[0].get("page_weight") or {} if targets else {}
    assets = ", ".join(f"`{a['path']}`" for k in KINDS[1:] for a in get(first, "parts", k) or [])
    return [
        "## Weight of the search page",
        "",
        f"`GET /` and everything it links: {assets or 'n/a'}. KB uncompressed / KB "
        "transferred with gzip.",
        "",
        *table("catalogue | HTML | CSS | JS | icons | total | requests", rows),
    ]


KINDS = ("html", "css", "js", "other")
LOADS = {"throughput": "The realistic mix", "search_throughput": "Search and pages only"}


def _throughput(targets: list[dict[str, Any]]) -> list[str]:
    out = [
        "## Throughput",
        "",
        "A thread pool of simulated users (`requests`), each sending its next request as soon "
        "as the last is answered, on a new connection; with more users than workers, latency "
        "here includes queueing behind other requests (the time to serve one request alone is "
        "in the tables above).",
        "",
    ]
    for t in targets:
        for key, name in LOADS.items():
            if load := get(t, "http", key):
                shares = ", ".join(f"{kind} {weight} %" for kind, weight in load["mix"].items())
                out += [
                    f"**{name}** ({shares}), {t['label']}: gunicorn with 2 sync workers on "
                    f"127.0.0.1, {load['concurrency']} simulated users for "
                    f"{load['duration_s']:.0f} s. **{load['requests_per_s']:.1f} requests/s, "
                    f"{load['errors']} errors** of {load['requests']} requests; "
                    f"p50 / p95 {p50_p95(load['overall'])} ms.",
                    "",
                ]
                rows = [
                    [kind, s["n"], ms(s["p50_ms"]), ms(s["p95_ms"])]
                    for kind, s in load["by_kind"].items()
                ]
                out += table("request | n | p50 ms | p95 ms", rows)
                if load["errors"]:
                    out += [
                        "Errors: " + ", ".join(f"{k} ×{v}" for k, v in load["error_kinds"].items()),
                        "",
                    ]
    return out


def _errors(targets: list[dict[str, Any]]) -> list[str]:
    rows = [
        [t["label"], name, message.replace("|", "/")]
        for t in targets
        for name, message in (t.get("errors") or {}).items()
    ]
    return [
        "## Steps that failed",
        "",
        *(table("catalogue | step | error", rows) if rows else ["None.", ""]),
    ]


SECTIONS = (_search, _index_and_edits, _assistant, _pages, _page_weight, _throughput, _errors)
