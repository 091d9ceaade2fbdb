"""The database unreachable: a 503 page or JSON error (never a 500 or a traceback), and the
app recovers by itself, without a restart, when the database comes back.

SQLite: the app starts while the folder holding the database is missing (a volume not yet
mounted), then it appears. PostgreSQL (the production database, in the PostgreSQL pass):
the app reaches the server through a TCP relay the test cuts while the app is serving,
with signed-in users, and then restores.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from accounts.services import create_user
from catalogue.cli import upgrade_database
from tests.conftest import PASSWORD, load_reference_data, make_app, signed_in_cookie

PAGES = ["/", "/regions", "/regions/london", "/interventions/anything"]
JSON = ["/api/v1/interventions", "/api/v1/regions", "/api/v1/needs", "/oruk/services"]


def assert_unavailable(client: FlaskClient) -> None:
    """Every page says the service is unavailable; every API answers a JSON 503."""
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 503, (url, response.status_code)
        page = response.get_data(as_text=True)
        assert "Sorry, the service is unavailable" in page and "Try again" in page, url
    for url in JSON:
        response = client.get(url)
        assert response.status_code == 503, (url, response.status_code)
        assert "database" in response.get_json()["error"], url
    response = client.post("/login", data={"email": "someone@example.org", "password": "x" * 12})
    assert response.status_code == 503


def assert_available(client: FlaskClient) -> None:
    for url in ["/", "/regions", "/regions/london", *JSON]:
        assert client.get(url).status_code == 200, url


def sign_in(client: FlaskClient, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302


def test_sqlite_missing_at_start_gives_503_then_recovers_without_restart(tmp_path: Path) -> None:
    if os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("the SQLite case; the PostgreSQL pass runs the relay case below")
    folder = tmp_path / "volume"
    folder.mkdir()
    url = f"sqlite:///{folder / 'rar.db'}"
    upgrade_database(url)
    setup = make_app(url, tmp_path / "setup-index")
    with setup.extensions["db_sessionmaker"]() as session:
        load_reference_data(session)
        user = create_user(session, "officer@example.org", PASSWORD, "court-officer")
        cookie_values = signed_in_cookie(session, user.id)
    setup.extensions["db_engine"].dispose()
    folder.rename(tmp_path / "unmounted")

    app = make_app(url, tmp_path / "index")  # starts while the database cannot be opened
    client = app.test_client()
    assert_unavailable(client)
    with client.session_transaction() as cookie:  # someone signed in before the outage
        cookie.update(cookie_values)
    assert_unavailable(client)

    (tmp_path / "unmounted").rename(folder)
    assert_available(client)
    assert "Sign out" in client.get("/").get_data(as_text=True)
    app.extensions["db_engine"].dispose()


class Relay:
    """A TCP relay to PostgreSQL that the test can cut (refusing and dropping connections) or
    silence (connections stay open and are accepted, but nothing is ever answered)."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = 0
        self.silent = threading.Event()
        self._server: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(16)
        self.port, self._server = server.getsockname()[1], server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            if self._server is not None:
                _shut(self._server)  # wakes the thread blocked in accept(); close alone does not
                self._server.close()
                self._server = None
            for conn in self._open:
                _shut(conn)
                conn.close()
            self._open.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _address = server.accept()
            except OSError:
                return
            if self.silent.is_set():  # accepted, read and never answered
                with self._lock:
                    self._open.append(client)
                threading.Thread(target=_swallow, args=(client,), daemon=True).start()
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=_pump, args=(source, target, self.silent), daemon=True
                ).start()


def _swallow(client: socket.socket) -> None:
    try:
        while client.recv(65536):
            pass
    except OSError:
        pass


def _pump(source: socket.socket, target: socket.socket, silent: threading.Event) -> None:
    try:
        while data := source.recv(65536):
            if not silent.is_set():
                target.sendall(data)
    except OSError:
        pass
    finally:
        _shut(source)
        _shut(target)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


@pytest.fixture
def relay() -> Iterator[Relay]:
    found = Relay(("127.0.0.1", 5432))
    found.start()
    yield found
    found.cut()


def test_postgresql_lost_while_serving_gives_503_then_recovers_without_restart(
    app: Flask,
    database_urls: dict[str, str],
    make_user: Callable[..., Any],
    relay: Relay,
    tmp_path: Path,
) -> None:
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("needs PostgreSQL: runs in the PostgreSQL pass of `make test`")
    url = database_urls["work"].replace("127.0.0.1:5432", f"127.0.0.1:{relay.port}")
    assert url != database_urls["work"], "the relay expects the server at 127.0.0.1:5432"
    served = make_app(url, tmp_path / "relay-index")
    user = make_user("court-officer")
    signed_in, anonymous = served.test_client(), served.test_client()
    sign_in(signed_in, user.email)
    assert_available(anonymous)

    relay.cut()
    assert_unavailable(anonymous)
    assert signed_in.get("/").status_code == 503
    assert signed_in.get("/proposals").status_code == 503

    relay.start()
    assert_available(anonymous)
    assert "Sign out" in signed_in.get("/").get_data(as_text=True)
    served.extensions["db_engine"].dispose()


# A silent database must be answered with the 503 page within this many seconds.
SILENT_ANSWER_SECONDS = 10


def _timed_get(client: FlaskClient, url: str) -> tuple[int, float]:
    """The status of a GET and how long it took, or (0, the limit) if it never answered."""
    found: list[tuple[int, float]] = []

    def fetch() -> None:
        started = time.monotonic()
        status = client.get(url).status_code
        found.append((status, time.monotonic() - started))

    worker = threading.Thread(target=fetch, daemon=True)
    worker.start()
    worker.join(SILENT_ANSWER_SECONDS * 3)
    return found[0] if found else (0, SILENT_ANSWER_SECONDS * 3)


def test_postgresql_gone_silent_gives_503_within_seconds_then_recovers(
    app: Flask, database_urls: dict[str, str], relay: Relay, tmp_path: Path
) -> None:
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("needs PostgreSQL: runs in the PostgreSQL pass of `make test`")
    url = database_urls["work"].replace("127.0.0.1:5432", f"127.0.0.1:{relay.port}")
    served = make_app(url, tmp_path / "silent-index")
    client = served.test_client()
    assert_available(client)  # the pool now holds connections through the relay

    relay.silent.set()
    timings = [_timed_get(client, page) for page in ("/regions/london", "/", "/api/v1/regions")]
    print("silent database: (status, seconds) per request", timings)
    for status, seconds in timings:
        assert status == 503 and seconds < SILENT_ANSWER_SECONDS, timings

    relay.silent.clear()
    assert_available(client)
    served.extensions["db_engine"].dispose()
