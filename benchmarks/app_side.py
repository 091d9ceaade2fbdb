"""One side of the app before/after: time pages and the API of whichever app is importable.

Run by `benchmarks.app_compare` with PYTHONPATH set to a source tree (a git revision's, or
the working tree), so it imports no package from this tree (only benchmarks/mix.py, by
path): the same file measures both.
Reads only (GET pages, the search API and recommendations, which save nothing).

    python benchmarks/app_side.py DATABASE_URL INDEX_DIR REPS CAP_S  → JSON on stdout
"""

from __future__ import annotations

import importlib.util
import json
import logging
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any


def _mix() -> ModuleType:
    """benchmarks/mix.py, loaded by path: the same searches and case on both sides, without
    putting this tree's packages ahead of the measured one's."""
    spec = importlib.util.spec_from_file_location("bench_mix", Path(__file__).with_name("mix.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


MIX = _mix()
SEARCHES = tuple(MIX.search_path(params) for params in MIX.SEARCH_MIX.values())
CASE = MIX.recommendation_body("london")


class Expired(Exception):
    """A call ran past the cap."""


def timings(call: Callable[[], Any], reps: int, budget_s: float, cap_s: float) -> dict[str, Any]:
    """Wall-clock seconds of up to `reps` calls, stopping after `budget_s` or one past `cap_s`."""
    done: list[float] = []
    started = time.perf_counter()

    def expire(_signum: int, _frame: Any) -> None:
        raise Expired

    signal.signal(signal.SIGALRM, expire)
    for _ in range(reps):
        signal.setitimer(signal.ITIMER_REAL, cap_s, 1.0)
        began = time.perf_counter()
        try:
            status = call()
        except Expired:
            return {"seconds": done, "stopped_after_s": cap_s}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - began
        if status != 200 and elapsed >= cap_s:  # the app answers 500 for the timer's exception
            return {"seconds": done, "stopped_after_s": cap_s}
        if status != 200:
            return {"seconds": done, "error": f"answered {status}"}
        done.append(elapsed)
        if time.perf_counter() - started > budget_s:
            break
    return {"seconds": done}


def main(url: str, index: str, reps: int, cap_s: float) -> dict[str, Any]:
    """Every measurement of one side."""
    from app import create_app

    logging.disable(logging.CRITICAL)  # a render stopped at the cap would log a 500
    app = create_app({
        "TESTING": True, "DATABASE_URL": url, "SEARCH_INDEX_DIR": index,
        "SECRET_KEY": "benchmark-secret-key-that-is-long-enough-0123456789",
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "SEARCH_SYNC_ON_START": False,
    })  # fmt: skip
    client = app.test_client()

    def get(path: str) -> Callable[[], int]:
        return lambda: client.get(path).status_code

    def recommend() -> int:
        return client.post("/api/v1/recommendations", json=CASE).status_code

    for path in SEARCHES:
        get(path)()  # warm-up: syncs the index and loads its readers
    found = {"first recommendation": timings(recommend, 1, cap_s, cap_s)}
    report(found)
    searches: list[float] = []
    for _ in range(reps):
        for path in SEARCHES:
            searches += timings(get(path), 1, cap_s, cap_s)["seconds"]
    found["search mix"] = {"seconds": searches}
    steps = (
        ("recommendation", recommend, reps, 30),
        ("GET /regions", get("/regions"), 5, 30),
        ("GET /regions/london", get("/regions/london"), 5, 30),
        ("summary PDF", get("/regions/north-east/summary.pdf"), 3, cap_s),
    )
    for name, call, count, budget in steps:
        report(found)
        found[name] = timings(call, count, budget, cap_s)
    return found


def report(found: dict[str, Any]) -> None:
    """Everything measured so far, as one JSON line: if the process dies, the parent keeps
    the last complete line."""
    print(json.dumps(found), flush=True)


if __name__ == "__main__":
    url, index, reps, cap = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    report(main(url, index, reps, cap))
