"""Measurements over HTTP against gunicorn on loopback: the search mix, an edit made through
one instance and seen by another, and throughput under a bounded load.

The load is a thread pool of simulated users, each with its own `requests` session, sending
its next request as soon as the last is answered; gunicorn's sync workers close the
connection after each answer, so every request opens a new one.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import or_, select
from sqlalchemy.engine import Engine

from benchmarks import mix
from benchmarks.inprocess import EDITOR, PASSWORD, PROBE_SLUG
from benchmarks.servers import Browser, Instance, fetch, running
from benchmarks.stats import Summary, timed, walls
from catalogue.models import Availability, Intervention, Region

GZIP = {"Accept-Encoding": "gzip"}


def copy_index(source: Path, target: Path) -> Path:
    """A copy of a built index for another instance (each instance keeps its own)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, symlinks=True)
    return target


def measure_search_http(instance: Instance, reps: int) -> dict[str, Summary]:
    """The fixed search mix over HTTP (gzip accepted), round-robin, timed by the client."""
    paths = {kind: mix.search_path(params) for kind, params in mix.SEARCH_MIX.items()}
    for path in paths.values():
        for _ in range(4):  # warm both workers
            status = fetch(instance.base_url, "GET", path, headers=GZIP)[0]
            if status != 200:
                raise RuntimeError(f"{path} answered {status} over HTTP")
    timings: dict[str, list[Any]] = {kind: [] for kind in paths}
    for _ in range(reps):
        for kind, path in paths.items():
            call = lambda p=path: fetch(instance.base_url, "GET", p, None, GZIP)  # noqa: E731
            timings[kind].append(timed(call)[1])
    every = [t for found in timings.values() for t in found]
    return {**{kind: walls(found) for kind, found in timings.items()}, "whole mix": walls(every)}


def probe_version(engine: Engine) -> int:
    """The version of the probe's availability row in its region, read from the database."""
    query = (
        select(Availability.version)
        .join(Intervention, Intervention.id == Availability.intervention_id)
        .where(Intervention.slug == PROBE_SLUG, Availability.region_slug == mix.PROBE_REGION)
    )
    with engine.connect() as conn:
        return int(conn.scalar(query) or 0)


def measure_edit_across_instances(
    engine: Engine, database_url: str, index: Path, work: Path, reps: int
) -> dict[str, Any]:
    """PATCH the probe's availability through instance A; poll instance B until its search
    shows the change (each instance has its own index, both share the database)."""
    a_dir, b_dir = copy_index(index, work / "index-a"), copy_index(index, work / "index-b")
    with running(database_url, a_dir, work) as a, running(database_url, b_dir, work) as b:
        editor = Browser(a.base_url)
        editor.sign_in(EDITOR, PASSWORD)
        patches, seen = [], []
        path = f"/api/v1/interventions/{PROBE_SLUG}/availability/{mix.PROBE_REGION}"
        for rep in range(reps):
            status = "open" if rep % 2 == 0 else "not-available"
            body = json.dumps({"status": status, "version": probe_version(engine)}).encode()
            answer, patch = timed(lambda b=body: editor.patch_json(path, b))
            if answer[0] != 200:
                raise RuntimeError(f"PATCH answered {answer[0]}: {answer[1][:200]!r}")
            seen.append(_until_seen(b, 1 if status == "open" else 0))
            patches.append(patch)
    return {"patch": walls(patches), "seen_on_other": Summary.of(seen)}


def _until_seen(instance: Instance, total: int, limit_s: float = 10.0) -> float:
    """Seconds until the instance's search for the probe answers the expected total."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit_s:
        status, _, body = fetch(instance.base_url, "GET", mix.probe_path())
        if status == 200 and json.loads(body)["total"] == total:
            return time.perf_counter() - started
    raise TimeoutError(f"instance on {instance.port} did not show the edit within {limit_s} s")


def sample_slugs(engine: Engine, count: int, seed: int) -> list[str]:
    """Slugs of current interventions to open in the load, drawn reproducibly."""
    current = or_(Intervention.valid_to.is_(None), Intervention.valid_to >= date.today())
    query = select(Intervention.slug).where(Intervention.status == "active", current)
    with engine.connect() as conn:
        slugs = sorted(conn.scalars(query))
    return random.Random(seed).sample(slugs, min(count, len(slugs)))


def measure_throughput(
    engine: Engine,
    instance: Instance,
    duration_s: float,
    concurrency: int,
    seed: int,
    weights: tuple[tuple[str, int], ...] = mix.LOAD_WEIGHTS,
) -> dict[str, Any]:
    """Requests per second and latency for a mix at a fixed number of simulated users."""
    with engine.connect() as conn:
        regions = sorted(conn.scalars(select(Region.slug)))
    slugs = sample_slugs(engine, 500, seed)
    draw = lambda rng: mix.load_request(rng, regions, slugs, weights)  # noqa: E731
    found = run_load(instance.base_url, draw, duration_s, concurrency, seed)
    return {**found, "mix": dict(weights)}


def run_load(
    base_url: str,
    draw: Callable[[random.Random], mix.Request],
    duration_s: float,
    concurrency: int = 8,
    seed: int = 1,
    timeout: float = 30.0,
) -> dict[str, Any]:
    """Load the server with `concurrency` users for `duration_s` seconds: requests, errors,
    requests per second, and p50/p95 overall and per kind of request."""
    deadline = time.monotonic() + duration_s

    def user(number: int) -> tuple[dict[str, list[float]], Counter[str]]:
        rng, seconds, errors = random.Random(f"{seed}:{number}"), defaultdict(list), Counter[str]()
        with requests.Session() as session:
            session.headers.update({**GZIP, "User-Agent": "rar-bench"})
            while time.monotonic() < deadline:
                request, started = draw(rng), time.perf_counter()
                try:
                    answer = session.request(
                        request.method,
                        base_url + request.path,
                        data=request.body,
                        headers={"Content-Type": "application/json"} if request.body else None,
                        timeout=timeout,
                    )
                    if answer.status_code >= 400:
                        errors[f"{request.kind}: HTTP {answer.status_code}"] += 1
                except requests.RequestException as exc:
                    errors[f"{request.kind}: {exc.__class__.__name__}"] += 1
                seconds[request.kind].append(time.perf_counter() - started)
        return seconds, errors

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        users = list(pool.map(user, range(concurrency)))
    elapsed = time.perf_counter() - started
    by_kind: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    for seconds, failed in users:
        errors.update(failed)
        for kind, found in seconds.items():
            by_kind[kind] += found
    requests_made = sum(len(found) for found in by_kind.values())
    return {
        "duration_s": elapsed,
        "concurrency": concurrency,
        "requests": requests_made,
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "requests_per_s": requests_made / elapsed,
        "overall": Summary.of([s for found in by_kind.values() for s in found]).as_dict(),
        "by_kind": {kind: Summary.of(found).as_dict() for kind, found in sorted(by_kind.items())},
    }
