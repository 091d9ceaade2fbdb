"""Start and stop gunicorn instances of the app on loopback, and talk to them over HTTP.

Each instance has its own SEARCH_INDEX_DIR and shares the database, as in production. Used
by the benchmarks and by tests/test_multi_instance.py. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
HOST = "127.0.0.1"
READY_PATH = "/api/v1/needs"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class Instance:
    """A running gunicorn master (and its workers) serving the app."""

    port: int
    process: subprocess.Popen[bytes]
    log: Path
    index_dir: Path

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://{HOST}:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        """The end of the instance's log, for error messages."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def start_instance(
    database_url: str,
    index_dir: Path,
    log_dir: Path,
    workers: int = 2,
    ready_timeout: float = 180.0,
    worker_timeout: int = 60,
) -> Instance:
    """Start `gunicorn --workers N app:create_app()` on a free port and wait until it answers."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"gunicorn-{port}.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SEARCH_INDEX_DIR": str(index_dir),
        "APP_ENV": "development",  # loopback only: plain-HTTP session cookies
    }
    command = [str(GUNICORN), "--workers", str(workers), "--bind", f"{HOST}:{port}"]
    command += ["--timeout", str(worker_timeout), "--graceful-timeout", "5", "app:create_app()"]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    instance = Instance(port, process, log, index_dir)
    try:
        wait_ready(instance, ready_timeout)
    except BaseException:
        stop_instance(instance)
        raise
    return instance


def wait_ready(instance: Instance, timeout: float) -> None:
    """Poll until the instance answers 200, or fail with the end of its log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if instance.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{instance.log_tail()}")
        try:
            if fetch(instance.base_url, "GET", READY_PATH, timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"gunicorn did not answer within {timeout:.0f} s:\n{instance.log_tail()}")


def worker_memory_mib(instance: Instance) -> list[float]:
    """Resident memory of each of the instance's worker processes (Linux /proc), in MiB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(instance.process.pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def stop_instance(instance: Instance) -> None:
    """Stop the master and its workers (its own process group), politely then firmly."""
    if instance.process.poll() is not None:
        return
    instance.process.terminate()
    try:
        instance.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(instance.process.pid, signal.SIGKILL)
        instance.process.wait(timeout=15)


@contextmanager
def running(
    database_url: str, index_dir: Path, log_dir: Path, **options: Any
) -> Iterator[Instance]:
    """An instance for the duration of a with-block, stopped however the block ends."""
    instance = start_instance(database_url, index_dir, log_dir, **options)
    try:
        yield instance
    finally:
        stop_instance(instance)


def fetch(
    base_url: str,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request: status, headers (lower-case names), body (decompressed)."""
    answer = requests.request(method, base_url + path, data=body, headers=headers, timeout=timeout)
    return answer.status_code, {k.lower(): v for k, v in answer.headers.items()}, answer.content


class Browser:
    """A signed-in client with a cookie jar, for the write API (CSRF token in a header)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()

    def sign_in(self, email: str, password: str) -> None:
        """Sign in through the form, then keep the API's CSRF token for every request."""
        page = self.session.get(self.base_url + "/login", timeout=30).text
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        form = {"email": email, "password": password, "csrf_token": found.group(1) if found else ""}
        self.session.post(self.base_url + "/login", data=form, timeout=30)
        answer = self.session.get(self.base_url + "/api/v1/csrf-token", timeout=30)
        if answer.status_code != 200:
            raise RuntimeError(f"could not sign in as {email}: {answer.status_code}")
        self.session.headers["X-CSRFToken"] = answer.json()["csrf_token"]

    def patch_json(self, path: str, payload: bytes) -> tuple[int, bytes]:
        """PATCH a JSON body with the CSRF header: status and body."""
        headers = {"Content-Type": "application/json"}
        answer = self.session.patch(self.base_url + path, data=payload, headers=headers, timeout=30)
        return answer.status_code, answer.content
