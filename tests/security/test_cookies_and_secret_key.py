"""Session cookies are HttpOnly and SameSite (and Secure outside development); the app will
not start outside development without a real SECRET_KEY, and never signs with a constant:
in development without one it makes a random key, kept owner-only under instance/."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask.testing import FlaskClient

from accounts.sessions import TOKEN_KEY
from app import DEV_SECRET_KEY, create_app
from tests.conftest import PASSWORD, ROOT, make_app, signed_in_cookie

REAL_KEY = "k3Jq9v2XbQ7LmN4pR8sT1uW6yZ0aC5dE"  # 32 characters


def session_cookie_header(client: FlaskClient, email: str) -> str:
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    cookies = [v for v in response.headers.getlist("Set-Cookie") if v.startswith("session=")]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return cookies[0]


def attributes(set_cookie: str) -> dict[str, str]:
    parts = [p.strip() for p in set_cookie.split(";")[1:]]
    return {p.split("=", 1)[0].lower(): (p.split("=", 1) + [""])[1] for p in parts}


def test_the_session_cookie_is_httponly_and_samesite(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    found = attributes(session_cookie_header(client, make_user("court-officer").email))
    assert "httponly" in found
    assert found.get("samesite", "").lower() in ("lax", "strict")
    assert "secure" not in found  # development serves plain http on 127.0.0.1


def production_app(database_urls: dict[str, str], tmp_path: Path, **extra: Any) -> Flask:
    """An app configured as in production: not TESTING, APP_ENV=production."""
    settings = {"TESTING": False, "APP_ENV": "production", "SECRET_KEY": REAL_KEY}
    settings.update(extra)
    return make_app(database_urls["work"], tmp_path / "prod-index", **settings)


def test_outside_development_the_session_cookie_is_also_secure(
    app: Flask, database_urls: dict[str, str], tmp_path: Path, make_user: Callable[..., Any]
) -> None:
    production = production_app(database_urls, tmp_path)
    client = production.test_client()
    found = attributes(session_cookie_header(client, make_user("court-officer").email))
    assert {"httponly", "secure"} <= set(found)
    assert found.get("samesite", "").lower() in ("lax", "strict")
    assert client.get("/").headers.get("Strict-Transport-Security", "").startswith("max-age=")
    production.extensions["db_engine"].dispose()


@pytest.mark.parametrize(
    "key", [DEV_SECRET_KEY, "", "short-but-set", "x" * 31], ids=["dev", "empty", "short", "31"]
)
def test_outside_development_the_app_refuses_a_missing_or_weak_secret_key(
    database_urls: dict[str, str], tmp_path: Path, key: str
) -> None:
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        production_app(database_urls, tmp_path, SECRET_KEY=key)


def test_outside_development_the_app_refuses_when_secret_key_is_not_configured(
    database_urls: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", database_urls["work"])
    monkeypatch.setenv("SEARCH_INDEX_DIR", str(tmp_path / "index"))
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_the_command_line_will_not_start_a_production_app_without_a_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "FLASK_APP")}
    env.update(
        APP_ENV="production",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.db'}",
        SEARCH_INDEX_DIR=str(tmp_path / "index"),
    )
    flask = Path(sys.executable).with_name("flask")
    done = subprocess.run(
        [str(flask), "--app", "app", "routes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr
    env["SECRET_KEY"] = REAL_KEY
    done = subprocess.run(
        [str(flask), "--app", "app", "routes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def development_app(database_urls: dict[str, str], tmp_path: Path, key_file: Path) -> Flask:
    """A development app (not TESTING) given no SECRET_KEY, keeping its key in key_file."""
    return make_app(
        database_urls["work"],
        tmp_path / "dev-index",
        TESTING=False,
        APP_ENV="development",
        SECRET_KEY=None,
        SECRET_KEY_FILE=str(key_file),
    )


def test_without_a_key_development_makes_a_random_one_kept_owner_only(
    app: Flask, database_urls: dict[str, str], tmp_path: Path
) -> None:
    first_file, second_file = tmp_path / "a" / "secret_key", tmp_path / "b" / "secret_key"
    first = development_app(database_urls, tmp_path, first_file)
    again = development_app(database_urls, tmp_path, first_file)
    other = development_app(database_urls, tmp_path, second_file)
    assert first.secret_key != DEV_SECRET_KEY and len(str(first.secret_key)) >= 32
    assert again.secret_key == first.secret_key  # kept: restarting signs nobody out
    assert other.secret_key != first.secret_key  # random, not a constant
    assert first_file.stat().st_mode & 0o777 == 0o600
    for made in (first, again, other):
        made.extensions["db_engine"].dispose()


def test_a_key_file_readable_by_others_is_made_owner_only(
    app: Flask, database_urls: dict[str, str], tmp_path: Path
) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text("k" * 64)
    key_file.chmod(0o644)
    made = development_app(database_urls, tmp_path, key_file)
    assert made.secret_key == "k" * 64
    assert key_file.stat().st_mode & 0o777 == 0o600
    made.extensions["db_engine"].dispose()


def test_a_cookie_forged_with_the_old_public_key_opens_nothing(
    app: Flask, database_urls: dict[str, str], tmp_path: Path, make_user: Callable[..., Any]
) -> None:
    """The reported attack: with APP_ENV unset, a cookie signed with the published constant
    opened /admin/users. Even holding a real sign-in token, the forger lacks the key now."""
    admin = make_user("admin")
    with app.extensions["db_sessionmaker"]() as session:
        values = signed_in_cookie(session, admin.id)
    made = development_app(database_urls, tmp_path, tmp_path / "secret_key")
    forger = Flask("forger")
    forger.secret_key = DEV_SECRET_KEY
    serializer = SecureCookieSessionInterface().get_signing_serializer(forger)
    assert serializer is not None
    client = made.test_client()
    client.set_cookie("session", serializer.dumps(values))
    response = client.get("/admin/users")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert TOKEN_KEY in values
    made.extensions["db_engine"].dispose()


def test_the_old_public_key_is_refused_even_in_development(
    database_urls: dict[str, str], tmp_path: Path
) -> None:
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        make_app(
            database_urls["work"],
            tmp_path / "index",
            TESTING=False,
            APP_ENV="development",
            SECRET_KEY=DEV_SECRET_KEY,
        )
