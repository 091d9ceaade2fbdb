"""Timings and their percentiles; every loop here stops at a count or a time limit."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Summary:
    """p50, p95 and the slowest of a set of timings, in milliseconds, and how many."""

    n: int
    p50: float
    p95: float
    max: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Summary:
        """Summarise timings given in seconds (percentiles interpolated between ranks)."""
        ms = [s * 1000 for s in seconds]
        if len(ms) < 2:
            only = ms[0] if ms else float("nan")
            return cls(len(ms), only, only, only)
        cuts = statistics.quantiles(ms, n=100, method="inclusive")
        return cls(len(ms), cuts[49], cuts[94], max(ms))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"n": self.n, "p50_ms": self.p50, "p95_ms": self.p95, "max_ms": self.max}


@dataclass(frozen=True)
class Timing:
    """Wall-clock and this process's CPU seconds of one call."""

    wall: float
    cpu: float


def timed(call: Callable[[], Any]) -> tuple[Any, Timing]:
    """Run a call; its result and how long it took."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, Timing(time.perf_counter() - wall, time.process_time() - cpu)


def repeat(call: Callable[[], Any], reps: int, budget_s: float, min_reps: int = 3) -> list[Timing]:
    """Time a call up to `reps` times, stopping early once `budget_s` is spent (after min_reps)."""
    timings: list[Timing] = []
    started = time.perf_counter()
    for _ in range(reps):
        timings.append(timed(call)[1])
        if len(timings) >= min_reps and time.perf_counter() - started > budget_s:
            break
    return timings


def walls(timings: Sequence[Timing]) -> Summary:
    """The wall-clock summary."""
    return Summary.of([t.wall for t in timings])


def cpus(timings: Sequence[Timing]) -> Summary:
    """The CPU-time summary."""
    return Summary.of([t.cpu for t in timings])
