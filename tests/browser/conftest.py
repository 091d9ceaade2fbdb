"""A live server started as `make run` starts it, Debian's Chromium driven by Playwright,
and axe-core run on every page a journey visits.

The server: `flask db upgrade`, `flask seed --if-empty`, `flask search sync` and `flask users
create` (password from $PASSWORD) against an SQLite file and an index in a temporary folder,
then gunicorn serving `app:create_app()` with two workers. The browser: /usr/bin/chromium,
never a downloaded one; without it the tests are skipped, except in CI (CI=true) where they
fail.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "browser-test-password-42"
OFFICER = "court.officer@example.org"
EDITOR = "london.editor@example.org"
BIN = Path(sys.executable).parent


@dataclass
class LiveServer:
    """The served app's address and the environment its commands ran with."""

    url: str
    env: dict[str, str]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def flask(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"flask {' '.join(args)}: {done.stderr[-3000:]}"


def wait_until_serving(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} seconds")


@contextlib.contextmanager
def serving(folder: Path, env: dict[str, str]) -> Iterator[LiveServer]:
    """The app in `env` served by two gunicorn workers on a free loopback port, until the
    block ends; its log goes to `folder`/gunicorn.log."""
    port = free_port()
    log = (folder / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "-",
            "app:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url + "/", server)
        yield LiveServer(url, env)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The seeded app served by gunicorn, with an officer and a London editor."""
    folder = tmp_path_factory.mktemp("live")
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL", "FLASK_APP")},
        "APP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{folder / 'rar.db'}",
        "SEARCH_INDEX_DIR": str(folder / "search-index"),
        "PASSWORD": PASSWORD,
    }
    flask(env, "db", "upgrade")
    flask(env, "seed", "--if-empty")
    flask(env, "search", "sync")
    flask(env, "users", "create", OFFICER, "--role", "court-officer")
    flask(env, "users", "create", EDITOR, "--role", "interventions-editor", "--region", "london")
    with serving(folder, env) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, with no network access beyond what pages ask for."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: .ci/system-deps --test installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@dataclass
class Visit:
    """A browser page that runs axe-core on every page it lands on and remembers problems."""

    page: Any
    violations: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    audited: list[str] = field(default_factory=list)

    def audit(self) -> None:
        """Run axe-core on the current page; record serious and critical violations."""
        self.page.evaluate("(source) => { if (!window.axe) (0, eval)(source); }", AXE.read_text())
        found = self.page.evaluate(
            """async (tags) => {
                const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                return result.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                                targets: v.nodes.map(n => n.target.join(' '))}));
            }""",
            AXE_TAGS,
        )
        path = self.page.url.split("//", 1)[1].split("/", 1)[1] if "//" in self.page.url else ""
        self.audited.append("/" + path)
        for v in found:
            self.violations.append(
                f"/{path}: {v['impact']} {v['id']} ({v['help']}) at {v['targets']}"
            )

    def goto(self, url: str) -> Any:
        response = self.page.goto(url)
        self.audit()
        return response


@pytest.fixture
def visit(browser: Any, live_server: LiveServer) -> Iterator[Visit]:
    """A fresh browser context (no cookies) on the live server; axe checked at the end."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    found = Visit(page)
    page.on(
        "console",
        lambda message: (
            found.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    yield found
    context.close()


def sign_in(visit: Visit, email: str) -> None:
    """Sign in through the form, as a person would."""
    visit.goto("/login")
    visit.page.fill("#email", email)
    visit.page.fill("#password", PASSWORD)
    with visit.page.expect_navigation():
        visit.page.click("main button[type=submit]")
    assert "Sign out" in visit.page.content()
    visit.audit()
