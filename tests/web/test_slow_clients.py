"""`make run` keeps answering while four clients send their headers one line every two
seconds: real sockets against a real gunicorn on loopback, with the settings `make run` uses.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from benchmarks.servers import (
    GUNICORN,
    HOST,
    ROOT,
    Instance,
    fetch,
    free_port,
    stop_instance,
    wait_ready,
)
from catalogue.cli import upgrade_database
from core.db import make_engine
from tests.conftest import load_reference_data

CONFIG = "gunicorn_config.py"
SLOW_CLIENTS = 4
LINE_EVERY_S = 2.0
ANSWER_WITHIN_S = 5.0


def serve(command: list[str], database_url: str, tmp_path: Path) -> Instance:
    """Start gunicorn with these options on a free loopback port and wait until it answers."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "APP_ENV": "development",
    }
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(GUNICORN), *command, "--bind", f"{HOST}:{port}", "app:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    instance = Instance(port, process, log, tmp_path / "index")
    try:
        wait_ready(instance, 120)
    except BaseException:
        stop_instance(instance)
        raise
    return instance


def dribble(port: int, stop: threading.Event, index: int) -> None:
    """Open a request and send one more header line every LINE_EVERY_S, never finishing."""
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        line = 0
        while not stop.wait(LINE_EVERY_S):
            line += 1
            try:
                sock.sendall(f"X-Slow-{index}-{line}: 1\r\n".encode())
            except OSError:
                return


def answers_beside_slow_clients(instance: Instance, requests: int = 6) -> list[float | None]:
    """Seconds each plain request took while the slow clients hold their sockets (None: none)."""
    stop = threading.Event()
    slow = [
        threading.Thread(target=dribble, args=(instance.port, stop, n), daemon=True)
        for n in range(SLOW_CLIENTS)
    ]
    for thread in slow:
        thread.start()
    time.sleep(LINE_EVERY_S * 1.5)  # every slow client is now being read by the server
    timings: list[float | None] = []
    try:
        for _ in range(requests):
            started = time.monotonic()
            try:
                status = fetch(instance.base_url, "GET", "/api/v1/needs", timeout=ANSWER_WITHIN_S)[
                    0
                ]
                timings.append(time.monotonic() - started if status == 200 else None)
            except OSError:
                timings.append(None)
    finally:
        stop.set()
    return timings


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('slow') / 'rar.db'}"
    upgrade_database(url)
    engine = make_engine(url)
    with Session(engine) as session:
        load_reference_data(session)
    engine.dispose()
    return url


@pytest.fixture
def served(database_url: str, tmp_path: Path) -> Iterator[Instance]:
    instance = serve(["--config", CONFIG], database_url, tmp_path)
    yield instance
    stop_instance(instance)


def test_make_run_serves_with_the_settings_this_test_checks() -> None:
    run = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert f"--config {CONFIG}" in run and "--workers" not in run


def test_four_slow_header_clients_do_not_stop_the_service(served: Instance) -> None:
    timings = answers_beside_slow_clients(served)
    print("with slow clients, seconds per request:", timings)
    assert all(t is not None and t < ANSWER_WITHIN_S for t in timings), timings
