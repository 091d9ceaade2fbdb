"""The benchmark machinery on small sizes: percentiles, the load generator against a local
server, a whole `make bench` run written to a temporary report, and `make bench-search`'s
section."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from benchmarks import expansion, run
from benchmarks.mix import Request
from benchmarks.remote import run_load
from benchmarks.stats import Summary
from benchmarks.targets import evaluate

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_percentiles_are_interpolated_between_ranks() -> None:
    summary = Summary.of([0.001, 0.002, 0.003, 0.004, 0.005])
    assert (summary.n, summary.p50, summary.max) == (5, 3.0, 5.0)
    assert summary.p95 == pytest.approx(4.8)
    assert Summary.of([0.25]).as_dict() == {"n": 1, "p50_ms": 250, "p95_ms": 250, "max_ms": 250}


class Answers(BaseHTTPRequestHandler):
    """200 for /ok, 500 for anything else; every path asked is counted."""

    seen: list[str] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200 if self.path == "/ok" else 500)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_load_counts_every_request_and_every_failed_one(local_server: str) -> None:
    Answers.seen = []

    def draw(rng: random.Random) -> Request:
        good = rng.random() < 0.75
        return Request("good" if good else "bad", "GET", "/ok" if good else "/fail")

    found = run_load(local_server, draw, duration_s=1.0, concurrency=3, seed=4)
    assert found["requests"] == len(Answers.seen) > 10
    assert found["errors"] == Answers.seen.count("/fail") > 0
    assert found["error_kinds"] == {"bad: HTTP 500": found["errors"]}
    assert found["by_kind"]["good"]["n"] == Answers.seen.count("/ok")
    assert found["requests_per_s"] == pytest.approx(found["requests"] / found["duration_s"])


@pytest.mark.slow
def test_a_small_run_measures_every_step_and_writes_the_report(tmp_path: Path) -> None:
    out, work = tmp_path / "benchmarks.md", tmp_path / "out"
    out.write_text(f"stale figures\n{expansion.START}\nkept section\n{expansion.END}\n")
    argv = ["--quick", "--sizes", "40", "--pg-sizes", "", "--duration", "1"]
    assert run.main([*argv, "--out", str(out), "--work", str(work)]) == 0
    results = json.loads((work / "results.json").read_text())
    [target] = results["targets"]
    assert "errors" not in target, target.get("errors")
    assert target["generated"]["interventions"] == 40
    assert target["search_api"]["whole mix"]["wall"]["n"] == 40
    assert target["recommendation"]["wall"]["p95_ms"] > 0
    assert set(target["region_pages"]) == {"/regions", "/regions/london"}
    assert target["psr_pdf"]["bytes"] > 1000 and target["page_weight"]["requests"] >= 3
    http = target["http"]
    assert http["search"]["whole mix"]["n"] == 32 and http["throughput"]["requests"] > 0
    assert http["throughput"]["errors"] == http["search_throughput"]["errors"] == 0
    report = out.read_text()
    assert "| SQLite 40 | whole mix |" in report and "## Steps that failed\n\nNone." in report
    assert report.endswith(f"None.\n\n{expansion.START}\nkept section\n{expansion.END}\n")
    assert "stale figures" not in report
    assert (tmp_path / "benchmarks-search-p95.png").read_bytes().startswith(PNG_SIGNATURE)
    verdicts = {(name, where): met for name, where, _, met in evaluate(results)}
    recommendation = target["recommendation"]["wall"]["p95_ms"] <= 50
    assert verdicts[("recommendation p95 ≤ 50 ms", "SQLite 40")] is recommendation


@pytest.mark.slow
def test_the_search_section_times_expanded_words_and_replaces_only_itself(tmp_path: Path) -> None:
    target = expansion.generated(tmp_path, 60, seed=3, reps=2)
    mix = target["mix"]
    assert set(mix) == {*expansion.EXPANSION_MIX, "whole mix"}
    assert mix["lay word"]["expanded"] and mix["whole mix"]["wall"].n == 14
    plain = json.loads(json.dumps([target], default=lambda v: v.as_dict()))
    relevance = {"queries": 2, "relevant": 1, "share": 0.5, "misses": ["skint"]}
    results = {"started_at": "a", "finished_at": "b", "relevance": relevance, "targets": plain}
    out = tmp_path / "benchmarks.md"
    out.write_text(f"# Benchmarks\n\n{expansion.START}\nstale\n{expansion.END}\n\nafter\n")
    expansion.write_section(expansion.section(results), out)
    text = out.read_text()
    assert "stale" not in text and text.endswith("\n\nafter\n")
    assert "| 50.0% (1 of 2) | missed |" in text and "Missed: skint." in text
    assert "| SQLite 60 | lay word | yes |" in text
