"""Application factory: configuration, extensions, blueprints and commands."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from verification import config as verification_config

ROOT = Path(__file__).resolve().parent

# Environment variables read into configuration, with how each is parsed.
ENVIRONMENT_SETTINGS: dict[str, Callable[[str], Any]] = {
    "DATABASE_URL": str,
    "SEARCH_INDEX_DIR": str,
    "SECRET_KEY": str,
    "STALE_AFTER_DAYS": int,
    "OUTCOME_EDITABLE_DAYS": int,
    "APP_ENV": str,
    "MAX_UPLOAD_BYTES": int,
    "IMPORT_DIR": str,
    "RATELIMIT_STORAGE_URI": str,
    "PROXY_FIX_HOPS": int,
    "SESSION_IDLE_MINUTES": float,
    "SECRET_KEY_FILE": str,
    "FEEDBACK_URL": str,
    **verification_config.ENVIRONMENT,
}

# The constant older versions signed development cookies with. It is public, so it is
# refused everywhere; development without SECRET_KEY uses a random key kept in
# SECRET_KEY_FILE instead.
DEV_SECRET_KEY = "dev-only-not-secret"


def default_config() -> dict[str, Any]:
    """Settings used unless the environment or the caller says otherwise."""
    instance = ROOT / "instance"
    return {
        "APP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{instance / 'rar.db'}",
        "SEARCH_INDEX_DIR": str(instance / "search-index"),
        "IMPORT_DIR": str(instance / "imports"),
        "SECRET_KEY": None,
        "SECRET_KEY_FILE": str(instance / "secret_key"),
        "SESSION_IDLE_MINUTES": 30,
        "STALE_AFTER_DAYS": 90,
        # Days after the hearing during which the author may record or change its outcome.
        "OUTCOME_EDITABLE_DAYS": 56,
        "MAX_UPLOAD_BYTES": 2 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "SEARCH_SYNC_ON_START": True,
        "RATELIMIT_ENABLED": True,
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host to trust.
        "PROXY_FIX_HOPS": 0,
        # Where the phase banner's and footer's feedback links lead (a mailto: or a form).
        "FEEDBACK_URL": "mailto:rar-directory-feedback@example.org?subject=Feedback",
        **verification_config.DEFAULTS,
    }


def load_config(overrides: dict[str, Any] | None) -> dict[str, Any]:
    """Defaults, then environment variables, then the dict passed to create_app."""
    config = default_config()
    for name, kind in ENVIRONMENT_SETTINGS.items():
        if name in os.environ:
            config[name] = kind(os.environ[name])
    config.update(overrides or {})
    config["MAX_CONTENT_LENGTH"] = config["MAX_UPLOAD_BYTES"]
    config["SESSION_COOKIE_SECURE"] = config["APP_ENV"] != "development" and not config.get(
        "TESTING"
    )
    return config


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask application."""
    app = Flask(__name__, template_folder="templates", static_folder="static")
    app.config.from_mapping(load_config(config))
    (ROOT / "instance").mkdir(exist_ok=True)
    _check_secret_key(app)
    _check_idle_limit(app)
    verification_config.check(app.config)

    from accounts import auth
    from catalogue import search
    from core import dates, db
    from web import compression, errors, limits, security, text

    db.init_app(app)
    dates.init_app(app)
    security.init_app(app)
    compression.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    text.init_app(app)
    search.init_app(app)
    _register_blueprints(app)
    limits.init_app(app)  # wraps the sign-in view, so after the blueprints
    _register_commands(app)
    if app.config["SEARCH_SYNC_ON_START"]:
        search.sync_on_start(app)
    hops = int(app.config["PROXY_FIX_HOPS"])
    if hops > 0:  # behind a proxy: the client's address and scheme come from its headers
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
    return app


def _check_secret_key(app: Flask) -> None:
    key = app.config["SECRET_KEY"]
    if app.config["APP_ENV"] == "development" and not key:
        app.config["SECRET_KEY"] = development_key(Path(app.config["SECRET_KEY_FILE"]))
        return
    if (
        not key
        or key == DEV_SECRET_KEY
        or (
            app.config["APP_ENV"] != "development"
            and not app.config.get("TESTING")
            and len(key) < 32
        )
    ):
        raise RuntimeError(
            "SECRET_KEY must be set to a random value of at least 32 characters "
            f"outside development (APP_ENV is {app.config['APP_ENV']!r})."
        )


def development_key(path: Path) -> str:
    """The random key kept in `path` (owner-only), made on first use.

    Several workers may start at once: the key is written to a private temporary file
    and linked into place, so exactly one key wins and every worker reads that one.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker made it first
        finally:
            temporary.unlink()
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} holds no usable key: delete it to have a new one made.")
    return key


def _check_idle_limit(app: Flask) -> None:
    minutes = app.config["SESSION_IDLE_MINUTES"]
    if not isinstance(minutes, int | float) or not 0 < minutes <= 24 * 60:
        raise RuntimeError("SESSION_IDLE_MINUTES must be more than 0 and at most 1440.")


def _register_blueprints(app: Flask) -> None:
    from accounts.account import bp as account_bp
    from accounts.admin import bp as users_admin_bp
    from accounts.views import bp as accounts_bp
    from catalogue.api import bp as catalogue_api_bp
    from catalogue.views import bp as catalogue_bp
    from maintenance.views import blueprints as maintenance_blueprints
    from proposal.web.api import bp as proposal_api_bp
    from proposal.web.outcome_views import api_bp as outcome_api_bp
    from proposal.web.outcome_views import bp as outcome_bp
    from proposal.web.views import bp as proposal_bp
    from reporting.views import bp as mi_bp
    from verification.views import blueprints as verification_blueprints
    from web.front_door import bp as front_door_bp

    for blueprint in (
        catalogue_bp,
        catalogue_api_bp,
        accounts_bp,
        account_bp,
        users_admin_bp,
        proposal_bp,
        proposal_api_bp,
    ):
        app.register_blueprint(blueprint)
    for blueprint in maintenance_blueprints:
        app.register_blueprint(blueprint)
    app.register_blueprint(outcome_bp)
    app.register_blueprint(outcome_api_bp)
    app.register_blueprint(mi_bp)
    app.register_blueprint(front_door_bp)
    for blueprint in verification_blueprints:
        app.register_blueprint(blueprint)


def _register_commands(app: Flask) -> None:
    from accounts.cli import users_cli
    from catalogue.cli import db_cli, search_cli, seed_command
    from reporting.cli import mi_cli
    from verification.cli import verification_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(db_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(seed_command)
    app.cli.add_command(mi_cli)
    app.cli.add_command(verification_cli)
