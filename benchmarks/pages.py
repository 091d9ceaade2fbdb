"""Pages and documents through Flask's test client: the region pages, the PSR and regional
summary PDFs (each render stopped at a cap), and the weight of the search page.
"""

from __future__ import annotations

import gzip
import logging
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask.testing import FlaskClient

from benchmarks import mix
from benchmarks.inprocess import OFFICER, PASSWORD
from benchmarks.stats import repeat, timed, walls


def measure_region_pages(client: FlaskClient, reps: int, budget_s: float) -> dict[str, Any]:
    """GET /regions (counts for every region) and GET /regions/london (one region's page)."""
    found = {}
    for path in ("/regions", "/regions/london"):
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        found[path] = walls(repeat(lambda p=path: client.get(p), reps, budget_s))
    return found


def measure_psr_pdf(client: FlaskClient, court: str, reps: int, budget_s: float) -> dict[str, Any]:
    """Sign in as a court officer, save a proposal, then time GET /proposals/<id>/psr.pdf."""
    client.post("/login", data={"email": OFFICER, "password": PASSWORD})
    saved = client.post("/api/v1/proposals", json=mix.proposal_body(court, "london"))
    if saved.status_code != 201:
        return {"error": f"POST /api/v1/proposals answered {saved.status_code}"}
    path = saved.get_json()["psr_pdf"]
    response = client.get(path)
    if response.status_code != 200:
        return {"error": f"GET {path} answered {response.status_code}"}
    timings = repeat(lambda: client.get(path), reps, budget_s)
    return {"wall": walls(timings), "bytes": len(response.data)}


def measure_summary_pdf(
    client: FlaskClient, region: str, reps: int, cap_s: float
) -> dict[str, Any]:
    """GET /regions/<slug>/summary.pdf, each render stopped at `cap_s` seconds."""
    timings: list[Any] = []
    logging.getLogger("web.errors").disabled = True  # a render stopped at the cap logs a 500
    try:
        return _summary_pdf(client, region, reps, cap_s, timings)
    finally:
        logging.getLogger("web.errors").disabled = False


def _summary_pdf(
    client: FlaskClient, region: str, reps: int, cap_s: float, timings: list[Any]
) -> dict[str, Any]:
    size = 0
    for _ in range(reps):
        try:
            with time_limit(cap_s):
                response, timing = timed(lambda: client.get(f"/regions/{region}/summary.pdf"))
        except TimeoutError:
            timing = None
        if timing is None or timing.wall >= cap_s:  # the app may answer 500 for the timeout
            return {"timed_out_after_s": cap_s, "completed": len(timings)}
        if response.status_code != 200:
            return {"error": f"summary PDF answered {response.status_code}"}
        timings.append(timing)
        size = len(response.data)
        if timing.wall > cap_s / 2:
            break  # another would likely pass the cap
    return {"wall": walls(timings), "bytes": size}


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in this (main) thread after `seconds`, and every second after."""

    def expire(_signum: int, _frame: Any) -> None:
        raise TimeoutError(f"over {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


ASSET = re.compile(r'<(?:link|script|img)\b[^>]*?(?:href|src)="(/[^"]+)"', re.IGNORECASE)


def measure_page_weight(client: FlaskClient, path: str = "/") -> dict[str, Any]:
    """Bytes of the search page and what it loads (HTML, CSS, JS, icons), raw and gzipped."""
    html = client.get(path, headers={"Accept-Encoding": "gzip"})
    raw_html = _raw(html)
    parts = {"html": [_sizes(html)], "css": [], "js": [], "other": []}
    for asset in sorted(set(ASSET.findall(raw_html.decode()))):
        with client.get(asset, headers={"Accept-Encoding": "gzip"}) as response:
            sizes = _sizes(response) | {"path": asset}
        name = asset.split("?")[0]
        parts["css" if name.endswith(".css") else "js" if name.endswith(".js") else "other"].append(
            sizes
        )
    totals = {
        k: (sum(p["raw"] for p in v), sum(p["transfer"] for p in v)) for k, v in parts.items()
    }
    return {
        "path": path,
        "parts": parts,
        "requests": sum(len(v) for v in parts.values()),
        "raw_bytes": sum(raw for raw, _ in totals.values()),
        "transfer_bytes": sum(transfer for _, transfer in totals.values()),
        "by_kind": totals,
    }


def _raw(response: Any) -> bytes:
    data = response.get_data()
    return gzip.decompress(data) if response.headers.get("Content-Encoding") == "gzip" else data


def _sizes(response: Any) -> dict[str, Any]:
    return {"raw": len(_raw(response)), "transfer": len(response.get_data())}
