"""The report's other tables: the assistant, PDFs and region pages, page weight, throughput,
before/after."""

from __future__ import annotations

from typing import Any

from benchmarks.markdown import get, kb, ms, table


def service_sections(results: dict[str, Any]) -> list[str]:
    """The remaining tables, in reading order."""
    targets = results["targets"]
    return (
        _assistant(targets)
        + _page(targets)
        + _throughput(targets)
        + _app_before_after(targets)
        + _before_after(targets)
        + _errors(targets)
    )


def _assistant(targets: list[dict[str, Any]]) -> list[str]:
    rows, parts = [], []
    for t in targets:
        r = t.get("recommendation") or {}
        rows.append([
            t["label"], ms(get(r, "wall", "p50_ms")), ms(get(r, "wall", "p95_ms")),
            ms(get(r, "cpu", "p95_ms")), ms(r.get("first_ms")),
            f"{ms(get(r, 'after_edit', 'p50_ms'))} / {ms(get(r, 'after_edit', 'p95_ms'))}",
        ])  # fmt: skip
        parts.append([
            t["label"],
            f"{r.get('facts', 'n/a')} / {r.get('offered', 'n/a')} / {r.get('relevant', 'n/a')}",
            ms(get(r, "load_region", "p50_ms")), ms(get(r, "offered_warm", "p50_ms")),
            ms(get(r, "engine", "p50_ms")),
        ])  # fmt: skip
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
            [
                "catalogue",
                "p50 ms",
                "p95 ms",
                "CPU p95 ms",
                "first after start ms",
                "after an edit p50 / p95 ms",
            ],
            rows,
        ),  # fmt: skip
        "Where the time goes: the interventions in London, those offered to the engine for "
        "this case (programmes, and activities for its needs with an open or waiting-list "
        "row) and those that could change its result (kept in a saved proposal); reading "
        "the whole region's facts (first request only); the warm cache's answer; the engine.",
        "",
        *table(
            [
                "catalogue",
                "in region / offered / relevant",
                "read region p50 ms",
                "warm cache p50 ms",
                "engine p50 ms",
            ],
            parts,
        ),  # fmt: skip
        *_documents(targets),
    ]


def _documents(targets: list[dict[str, Any]]) -> list[str]:
    rows = []
    for t in targets:
        p, s = t.get("psr_pdf") or {}, t.get("summary_pdf") or {}
        summary = (
            f"> {s['timed_out_after_s']:g} s (stopped)"
            if "timed_out_after_s" in s
            else f"{ms(get(s, 'wall', 'p50_ms'))} / {ms(get(s, 'wall', 'p95_ms'))}"
        )
        rows.append([
            t["label"], f"{ms(get(p, 'wall', 'p50_ms'))} / {ms(get(p, 'wall', 'p95_ms'))}",
            summary, kb(s.get("bytes")),
        ])  # fmt: skip
    return [
        "## PDFs",
        "",
        "The PSR PDF (`GET /proposals/<id>/psr.pdf`) of a saved proposal; the regional summary "
        "PDF (`GET /regions/north-east/summary.pdf`), stopped at the cap. p50 / p95 ms. The "
        "region pages are timed in the before/after table below.",
        "",
        *table(["catalogue", "PSR PDF", "summary PDF", "summary PDF KB"], rows),
    ]


def _page(targets: list[dict[str, Any]]) -> list[str]:
    rows = []
    for t in targets:
        p = t.get("page_weight")
        if not p:
            continue
        kinds = p["by_kind"]
        rows.append(
            [
                t["label"],
                *[f"{kb(kinds[k][0])} / {kb(kinds[k][1])}" for k in ("html", "css", "js", "other")],
                f"**{kb(p['raw_bytes'])} / {kb(p['transfer_bytes'])}**",
                str(p["requests"]),
            ]
        )
    assets = ", ".join(
        f"`{a['path']}`"
        for t in targets[:1]
        for k in ("css", "js", "other")
        for a in (get(t, "page_weight", "parts", k) or [])
    )
    return [
        "## Weight of the search page",
        "",
        f"`GET /` and everything it links: {assets or 'n/a'}. KB uncompressed / KB "
        "transferred with gzip.",
        "",
        *table(["catalogue", "HTML", "CSS", "JS", "icons", "total", "requests"], rows),
    ]


def _throughput(targets: list[dict[str, Any]]) -> list[str]:
    out = [
        "## Throughput",
        "",
        "Each simulated user sends its next request as soon as the last is answered, on a new "
        "connection; with more users than workers, latency here includes queueing behind other "
        "requests (the time to serve one request alone is in the tables above).",
        "",
    ]
    names = {"throughput": "The realistic mix", "search_throughput": "Search and pages only"}
    for t in targets:
        for key, name in names.items():
            load = get(t, "http", key)
            if load:
                out += _load(t["label"], name, load)
    return out


def _load(label: str, name: str, load: dict[str, Any]) -> list[str]:
    shares = ", ".join(f"{kind} {weight} %" for kind, weight in (load.get("mix") or {}).items())
    out = [
        f"**{name}** ({shares}), {label}: gunicorn with 2 sync workers on 127.0.0.1, "
        f"{load['concurrency']} simulated users for {load['duration_s']:.0f} s. "
        f"**{load['requests_per_s']:.1f} requests/s, {load['errors']} errors** of "
        f"{load['requests']} requests; p50 {ms(load['overall']['p50_ms'])} ms, "
        f"p95 {ms(load['overall']['p95_ms'])} ms.",
        "",
    ]
    rows = [
        [kind, str(s["n"]), ms(s["p50_ms"]), ms(s["p95_ms"])] for kind, s in load["by_kind"].items()
    ]
    out += table(["request", "n", "p50 ms", "p95 ms"], rows)
    if load["errors"]:
        out += ["Errors: " + ", ".join(f"{k} ×{v}" for k, v in load["error_kinds"].items()), ""]
    return out


FIXES = (
    "- Free text: scores are summed from Whoosh's posting blocks and field-length columns "
    "in one loop (the same BM25F formula, statistics and boosts; ranking checked identical) "
    "instead of through Whoosh's tree of matchers, several Python calls per posting; for "
    "'all words' the rarer words go first and later ones are scored only where earlier ones "
    "matched. If Whoosh's internals ever differ, its own matchers answer instead.",
    "- Ids and field lengths of each index segment are kept across reader reopens, so the "
    "first search after an edit no longer rereads them for the whole catalogue.",
    "- Facet table: masks are built in one pass over byte buffers (one big-integer OR per "
    "document and value made loading quadratic); the 'current' mask and the name order are "
    "updated on edits instead of recomputed; only the requested page is ranked (a heap) "
    "instead of sorting every match.",
    "- Index build: text fields without positions (no phrase queries are ever made), a "
    "256 MB posting pool (128 MB spilled to disk at 10k), documents read without joining the "
    "Region and Pdu rows they do not use.",
)


APP_FIXES = (
    "- Recommendation: each process keeps each region's catalogue facts as plain values, read "
    "with three column queries instead of ORM objects, and follows the catalogue revision "
    "(after an edit only the changed interventions are read again); the engine is given "
    "only programmes and activities for the case's needs with a usable row, in one "
    "eligibility pass, and a saved proposal keeps only the facts that could change its "
    "result.",
    "- Search: the filter vocabulary (regions, PDUs, need areas: four queries) is kept per "
    "catalogue revision.",
    "- `/regions`: counts by SQL `GROUP BY` instead of loading every availability row; "
    "`/regions/<slug>` and the summary PDF show at most a bounded number of activities per "
    "need, with the full count and where to see them all, reading only the rows shown.",
)


def _app_before_after(targets: list[dict[str, Any]]) -> list[str]:
    rows = []
    for t in targets:
        ba = t.get("app_before_after")
        if not ba:
            continue
        for name, after in ba["after"].items():
            before = ba["before"].get(name) or {}
            rows.append([t["label"], name, _side(before), _side(after)])
    if not rows:
        return []
    ref = next(t["app_before_after"]["ref"] for t in targets if t.get("app_before_after"))
    crashes = [
        f"{t['label']}, {side} side: the process ended with status {code} after the "
        "measurements shown"
        for t in targets
        for side, code in (get(t, "app_before_after", "crashes") or {}).items()
    ]
    return [
        "## Before and after the recommendation and page fixes",
        "",
        f"The whole app as in git `{ref}` against the working tree, each in its own process "
        "on the same database with a copy of the same index, through Flask's test client "
        "(`benchmarks/app_side.py`). p50 / p95 ms (n). What changed, found by profiling "
        "(cProfile):",
        "",
        *APP_FIXES,
        "",
        *table(["catalogue", "measurement", f"before ({ref})", "after"], rows),
        *(
            [f"Processes that died (a negative status is the signal): {'; '.join(crashes)}.", ""]
            if crashes
            else []
        ),  # fmt: skip
    ]


def _side(found: dict[str, Any]) -> str:
    if not found.get("n") and "stopped_after_s" in found:
        return f"over {found['stopped_after_s']:g} s (stopped)"
    text = f"{ms(found.get('p50_ms'))} / {ms(found.get('p95_ms'))} ({found.get('n', 0)})"
    if "stopped_after_s" in found:
        text += f", then one passed {found['stopped_after_s']:g} s and was stopped"
    if "error" in found:
        text += f", {found['error']}"
    return text


def _before_after(targets: list[dict[str, Any]]) -> list[str]:
    rows = []
    for t in targets:
        ba = t.get("before_after")
        if not ba:
            continue
        for name in ("rebuild", *ba["after"]["search"], "edit_to_searchable"):
            before, after = _pair(ba, name)
            rows.append(
                [
                    t["label"],
                    name,
                    f"{ms(before.get('p50_ms'))} / {ms(before.get('p95_ms'))}",
                    f"{ms(after.get('p50_ms'))} / {ms(after.get('p95_ms'))}",
                ]
            )
    if not rows:
        return []
    ref = next(t["before_after"]["ref"] for t in targets if t.get("before_after"))
    return [
        "## Before and after the search fixes",
        "",
        f"The search service alone (no Flask), the package as in git `{ref}` against the working "
        "tree, each in its own process on the same database and a fresh index. p50 / p95 ms. "
        "What changed in `catalogue/search/`, found by profiling (pyinstrument, cProfile):",
        "",
        *FIXES,
        "",
        *table(["catalogue", "measurement", f"before ({ref})", "after"], rows),
    ]


def _pair(ba: dict[str, Any], name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    def pick(side: dict[str, Any]) -> dict[str, Any]:
        return side.get(name) or get(side, "search", name) or {}

    return pick(ba["before"]), pick(ba["after"])


def _errors(targets: list[dict[str, Any]]) -> list[str]:
    rows = [
        [t["label"], name, message.replace("|", "/")]
        for t in targets
        for name, message in (t.get("errors") or {}).items()
    ]
    if not rows:
        return ["## Steps that failed", "", "None.", ""]
    return ["## Steps that failed", "", *table(["catalogue", "step", "error"], rows)]
