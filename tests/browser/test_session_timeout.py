"""Signing in, the GOV.UK timeout warning and signing out, in a real browser.

A server of its own with a 20-second idle limit (so the warning opens after 10 s, with
10 s left): the dialog is modal, takes focus and gives it back, "Stay signed in" and
Escape keep the sign-in, doing nothing ends it on the server and lands on the signed-out
page; with JavaScript off no warning shows but the server still ends the sign-in.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import (
    OFFICER,
    PASSWORD,
    LiveServer,
    Visit,
    flask,
    serving,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

IDLE_SECONDS = 20
DIALOG = "#app-timeout-dialog"


@pytest.fixture(scope="module")
def short_idle_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The seeded app under gunicorn (two workers, a fresh key file) with a short idle limit."""
    folder = tmp_path_factory.mktemp("idle")
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL", "FLASK_APP")},
        "APP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{folder / 'rar.db'}",
        "SEARCH_INDEX_DIR": str(folder / "search-index"),
        "SECRET_KEY_FILE": str(folder / "secret_key"),
        "SESSION_IDLE_MINUTES": str(IDLE_SECONDS / 60),
        "PASSWORD": PASSWORD,
    }
    env.pop("SECRET_KEY", None)
    flask(env, "db", "upgrade")
    flask(
        env,
        "users",
        "create",
        OFFICER,
        "--role",
        "court-officer",
        "--name",
        "Sam Okafor",
        "--job-title",
        "Probation Services Officer",
    )
    with serving(folder, env) as server:
        yield server


@pytest.fixture
def idle_visit(browser: Any, short_idle_server: LiveServer) -> Iterator[Visit]:
    context = browser.new_context(base_url=short_idle_server.url, locale="en-GB")
    found = Visit(context.new_page())
    found.page.on(
        "console", lambda m: found.console_errors.append(m.text) if m.type == "error" else None
    )
    yield found
    context.close()


def sign_in(visit: Visit) -> None:
    visit.goto("/login")
    visit.page.fill("#email", OFFICER)
    visit.page.fill("#password", PASSWORD)
    with visit.page.expect_navigation():
        visit.page.click("main button[type=submit]")
    assert "Sign out" in visit.page.content()


def wait_for_warning(visit: Visit) -> None:
    visit.page.wait_for_selector(f"{DIALOG}[open]", timeout=(IDLE_SECONDS + 5) * 1000)


def focus_is_in_dialog(visit: Visit) -> bool:
    return bool(
        visit.page.evaluate(
            f"() => document.querySelector('{DIALOG}').contains(document.activeElement)"
        )
    )


def signed_in_on_server(visit: Visit) -> bool:
    return bool(visit.page.request.get("/session").json()["signed_in"])


def test_the_warning_opens_before_the_end_and_stay_signed_in_keeps_the_sign_in(
    idle_visit: Visit,
) -> None:
    visit = idle_visit
    sign_in(visit)
    visit.goto("/account")
    visit.page.focus("#job_title")
    started = time.monotonic()
    wait_for_warning(visit)
    assert 5 <= time.monotonic() - started <= IDLE_SECONDS
    assert focus_is_in_dialog(visit)
    text = visit.page.inner_text(DIALOG)
    assert "You’re about to be signed out" in text and "we will sign you out in" in text
    assert visit.page.get_attribute(DIALOG, "aria-labelledby") == "app-timeout-heading"
    visit.page.keyboard.press("Tab")
    assert focus_is_in_dialog(visit)  # modal: the page behind cannot be reached
    visit.audit()

    visit.page.click("button:has-text('Stay signed in')")
    visit.page.wait_for_selector(DIALOG, state="hidden")
    assert visit.page.evaluate("() => document.activeElement.id") == "job_title"
    time.sleep(IDLE_SECONDS - 8)  # past the end the page first promised
    assert signed_in_on_server(visit)
    assert not visit.violations, visit.violations
    assert not visit.console_errors, visit.console_errors


def test_escape_means_stay_signed_in(idle_visit: Visit) -> None:
    visit = idle_visit
    sign_in(visit)
    wait_for_warning(visit)
    visit.page.keyboard.press("Escape")
    visit.page.wait_for_selector(DIALOG, state="hidden")
    time.sleep(IDLE_SECONDS - 8)
    assert signed_in_on_server(visit)


def test_doing_nothing_signs_out_on_the_server_and_says_so(idle_visit: Visit) -> None:
    visit = idle_visit
    sign_in(visit)
    visit.goto("/account")
    visit.page.wait_for_url("**/signed-out?next=%2Faccount", timeout=(IDLE_SECONDS + 10) * 1000)
    visit.audit()
    assert "You have been signed out" in visit.page.content()
    assert not signed_in_on_server(visit)
    visit.page.click("a:has-text('Sign in again')")
    visit.page.wait_for_url(re.compile(r"/login\?next=(%2F|/)account$"))
    assert not visit.violations, visit.violations


def test_without_javascript_no_warning_shows_but_the_server_still_ends_the_sign_in(
    browser: Any, short_idle_server: LiveServer
) -> None:
    context = browser.new_context(base_url=short_idle_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/login")  # axe-core needs JavaScript, so these pages are not audited here
    page.fill("#email", OFFICER)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.goto("/account")
    assert "Your account" in page.content()
    assert not page.is_visible(DIALOG)
    time.sleep(IDLE_SECONDS + 2)
    assert not page.is_visible(DIALOG)
    page.goto("/account")
    assert "/login" in page.url
    assert "had not done anything for 20 seconds" in page.content()
    context.close()


def test_change_password_then_sign_out_in_the_browser(idle_visit: Visit) -> None:
    visit = idle_visit
    sign_in(visit)
    visit.goto("/account/password")
    visit.page.fill("#current_password", PASSWORD)
    visit.page.fill("#new_password", "a brand new password")
    visit.page.fill("#confirm_password", "a brand new password")
    with visit.page.expect_navigation():
        visit.page.click("main button:has-text('Change password')")
    assert "Your password has been changed" in visit.page.content()
    visit.audit()
    with visit.page.expect_navigation():
        visit.page.click("header button:has-text('Sign out')")
    assert "You have signed out" in visit.page.content()
    visit.page.goto("/account")
    assert "/login" in visit.page.url
    # Put the password back for the other tests of this module.
    visit.page.fill("#email", OFFICER)
    visit.page.fill("#password", "a brand new password")
    with visit.page.expect_navigation():
        visit.page.click("main button[type=submit]")
    visit.page.goto("/account/password")
    visit.page.fill("#current_password", "a brand new password")
    visit.page.fill("#new_password", PASSWORD)
    visit.page.fill("#confirm_password", PASSWORD)
    with visit.page.expect_navigation():
        visit.page.click("main button:has-text('Change password')")
    assert not visit.violations, visit.violations
