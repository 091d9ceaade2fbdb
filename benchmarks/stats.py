"""Percentiles and bounded repetition: every loop here stops at a count or a time limit."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100), interpolated between the nearest ranks."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Summary:
    """p50 and p95 of a set of timings, in milliseconds, and how many there were."""

    n: int
    p50: float
    p95: float
    max: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Summary:
        """Summarise timings given in seconds."""
        ms = [s * 1000 for s in seconds]
        return cls(len(ms), percentile(ms, 50), percentile(ms, 95), max(ms, default=float("nan")))

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
