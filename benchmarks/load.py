"""A small asyncio HTTP/1.1 load client: a fixed number of concurrent users for a bounded time.

Each simulated user sends one request at a time on a fresh loopback connection (gunicorn's
sync workers close the connection after each response), drawn from the realistic mix. The
run stops at the duration or at `max_requests`, whichever comes first.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from benchmarks.mix import Request
from benchmarks.stats import Summary


@dataclass
class LoadResult:
    """What a load run did: requests, errors, throughput and latency, overall and per kind."""

    duration_s: float
    concurrency: int
    requests: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    @property
    def error_count(self) -> int:
        """All failed requests (transport errors and 4xx/5xx answers)."""
        return sum(self.errors.values())

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with p50/p95 overall and per kind."""
        every = [s for kind in self.seconds.values() for s in kind]
        return {
            "duration_s": self.duration_s,
            "concurrency": self.concurrency,
            "requests": self.requests,
            "errors": self.error_count,
            "error_kinds": dict(self.errors),
            "requests_per_s": self.requests / self.duration_s if self.duration_s else 0.0,
            "overall": Summary.of(every).as_dict(),
            "by_kind": {k: Summary.of(v).as_dict() for k, v in sorted(self.seconds.items())},
        }


async def send(host: str, port: int, request: Request, timeout: float) -> int:
    """Send one request on a new connection and read the whole answer; its status code."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        head = [f"{request.method} {request.path} HTTP/1.1", f"Host: {host}:{port}"]
        head += ["Accept-Encoding: gzip", "Connection: close", "User-Agent: rar-bench"]
        if request.body is not None:
            head += ["Content-Type: application/json", f"Content-Length: {len(request.body)}"]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + (request.body or b""))
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), timeout)
        return int(answer.split(b" ", 2)[1])
    finally:
        writer.close()


async def _user(
    number: int,
    host: str,
    port: int,
    draw: Callable[[random.Random], Request],
    result: LoadResult,
    deadline: float,
    max_requests: int,
    seed: int,
    timeout: float,
) -> None:
    rng = random.Random(f"{seed}:{number}")
    while time.monotonic() < deadline and result.requests < max_requests:
        request = draw(rng)
        started = time.perf_counter()
        try:
            status = await send(host, port, request, timeout)
            problem = None if status < 400 else f"{request.kind}: HTTP {status}"
        except (TimeoutError, OSError, ValueError, IndexError) as exc:
            problem = f"{request.kind}: {exc.__class__.__name__}"
        result.requests += 1
        result.seconds[request.kind].append(time.perf_counter() - started)
        if problem:
            result.errors[problem] = result.errors.get(problem, 0) + 1


def run_load(
    base_url: str,
    draw: Callable[[random.Random], Request],
    duration_s: float,
    concurrency: int = 8,
    max_requests: int = 200_000,
    seed: int = 1,
    timeout: float = 30.0,
) -> LoadResult:
    """Load the server with `concurrency` users for `duration_s` seconds (bounded)."""
    host, port = base_url.removeprefix("http://").split(":")
    result = LoadResult(duration_s, concurrency)

    async def main() -> None:
        deadline = time.monotonic() + duration_s
        users = [
            _user(n, host, int(port), draw, result, deadline, max_requests, seed, timeout)
            for n in range(concurrency)
        ]
        await asyncio.gather(*users)

    started = time.perf_counter()
    asyncio.run(main())
    result.duration_s = time.perf_counter() - started
    return result
