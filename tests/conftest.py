"""Shared fixtures: a real database (SQLite file, or PostgreSQL when TEST_DATABASE_URL is
set) migrated once per run, a real Whoosh index in a temporary folder per app, and
factories that create catalogue rows and users.
"""

from __future__ import annotations

import csv
import os
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from app import create_app
from catalogue import search
from catalogue.cli import upgrade_database
from catalogue.models import (
    Availability,
    CatalogueChange,
    Court,
    Intervention,
    NeedArea,
    Pdu,
    Region,
)
from core.db import Base, make_engine

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seed_data"
PASSWORD = "correct horse battery staple"
# Production hashes with scrypt; tests create hundreds of users, so they use a cheap method.
FAST_HASH = "pbkdf2:sha256:1000"


def _database_url(tmp_root: Path, name: str) -> str:
    """A fresh database for this run: a SQLite file, or a schema in the PostgreSQL database."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp_root / (name + '.db')}"
    schema = f"t_{name}_{os.getpid()}"
    engine = make_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def _drop_schemas(urls: list[str]) -> None:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return
    engine = make_engine(base)
    with engine.begin() as conn:
        for url in urls:
            schema = url.rsplit("%3D", 1)[1]
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Two migrated databases: one emptied after every test, one holding the seed."""
    root = tmp_path_factory.mktemp("db")
    urls = {name: _database_url(root, name) for name in ("work", "seeded")}
    for url in urls.values():
        upgrade_database(url)
    yield urls
    _drop_schemas(list(urls.values()))


def make_app(database_url: str, index_dir: Path, **extra: Any) -> Flask:
    """An app for tests on the given database and index folder."""
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SEARCH_INDEX_DIR": str(index_dir),
        "IMPORT_DIR": str(index_dir.parent / "imports"),
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }
    config.update(extra)
    return create_app(config)


def empty_database(app: Flask) -> None:
    """Delete every row, children first."""
    engine = app.extensions["db_engine"]
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    engine.dispose()


def load_reference_data(session: Session) -> None:
    """Regions, PDUs, courts and need areas from seed_data/ (no interventions)."""
    for row in _rows("regions.csv"):
        session.add(Region(slug=row["slug"], name=row["name"]))
    session.flush()
    for row in _rows("pdus.csv"):
        session.add(Pdu(slug=row["slug"], name=row["name"], region_slug=row["region"]))
    session.flush()
    for row in _rows("courts.csv"):
        session.add(Court(slug=row["slug"], name=row["name"], pdu_slug=row["pdu"]))
    for position, row in enumerate(_rows("needs.csv")):
        session.add(NeedArea(slug=row["slug"], label=row["label"], position=position))
    session.commit()


def signed_in_cookie(session: Session, user_id: int) -> dict[str, Any]:
    """Cookie values for a client signed in as the user, with the server-side session the
    sign-in form would have recorded (for tests that skip the form)."""
    from accounts.models import User
    from accounts.sessions import TOKEN_KEY, start_session

    user = session.get(User, user_id)
    assert user is not None
    token = start_session(session, user, datetime.now(), timedelta(minutes=30))
    return {TOKEN_KEY: token, "_user_id": str(user_id), "_fresh": True}


def _rows(name: str) -> list[dict[str, str]]:
    with open(SEED / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def app(database_urls: dict[str, str], tmp_path: Path) -> Iterator[Flask]:
    """An app on an empty (reference data only) database with its own index folder."""
    application = make_app(database_urls["work"], tmp_path / "index")
    with application.extensions["db_sessionmaker"]() as s:
        load_reference_data(s)
    yield application
    empty_database(application)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for the empty app."""
    return app.test_client()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A database session of the test's own, separate from any request's."""
    with app.extensions["db_sessionmaker"]() as s:
        yield s


@pytest.fixture(scope="session")
def seeded_app(
    database_urls: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """An app holding the real seed catalogue, indexed. Read-only: never write to it."""
    from catalogue.seed import load_seed

    application = make_app(database_urls["seeded"], tmp_path_factory.mktemp("seeded-index"))
    with application.app_context(), application.extensions["db_sessionmaker"]() as s:
        load_seed(s, SEED)
        search.sync(s)
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def seeded_client(seeded_app: Flask) -> FlaskClient:
    """A test client for the seeded app."""
    return seeded_app.test_client()


def _record_change(session: Session, intervention_id: uuid.UUID | None) -> None:
    session.add(CatalogueChange(intervention_id=intervention_id, changed_at=datetime.now()))


@pytest.fixture
def make_intervention(app: Flask, session: Session) -> Callable[..., Intervention]:
    """A factory: create an intervention (committed and indexed); keyword args set fields."""

    def create(**fields: Any) -> Intervention:
        needs = fields.pop("needs", ["accommodation"])
        name = fields.pop("name", f"Test activity {uuid.uuid4().hex[:6]}")
        now = datetime.now()
        values: dict[str, Any] = {
            "slug": name.lower().replace(" ", "-"),
            "type": "crs",
            "summary": f"{name} helps with a need.",
            "format": "one-to-one",
            "eip_status": "not-applicable",
            "group_sessions": 0,
            "one_to_one_sessions": 4,
            "created_at": now,
            "updated_at": now,
            "excluded_offences": [],
        }
        values.update(fields)
        intervention = Intervention(name=name, **values)
        intervention.needs = [session.get(NeedArea, slug) for slug in needs]  # type: ignore[misc]
        session.add(intervention)
        session.flush()
        _record_change(session, intervention.id)
        session.commit()
        with app.app_context():
            search.sync(session)
        return intervention

    return create


@pytest.fixture
def make_availability(app: Flask, session: Session) -> Callable[..., Availability]:
    """A factory: availability of an intervention in a region (committed and indexed)."""

    def create(intervention: Intervention, region: str, **fields: Any) -> Availability:
        now = datetime.now()
        pdu = fields.pop("pdu", None)
        values: dict[str, Any] = {
            "status": "open",
            "confirmed_at": now,
            "confirmed_by": "editor@example.org",
            "updated_at": now,
        }
        values.update(fields)
        row = Availability(
            intervention_id=intervention.id,
            region_slug=region,
            pdu_slug=pdu,
            pdu_key=pdu or "",
            **values,
        )
        session.add(row)
        _record_change(session, intervention.id)
        session.commit()
        with app.app_context():
            search.sync(session)
        return row

    return create


@pytest.fixture
def make_user(session: Session) -> Callable[..., Any]:
    """A factory: create a user with a role (and regions for an editor)."""
    from accounts.services import create_user

    def create(role: str, regions: tuple[str, ...] = (), email: str | None = None) -> Any:
        email = email or f"{role}-{uuid.uuid4().hex[:8]}@example.org"
        return create_user(session, email, PASSWORD, role, regions, hash_method=FAST_HASH)

    return create


@pytest.fixture
def login(make_user: Callable[..., Any]) -> Callable[..., Any]:
    """Create a user with the role and sign the client in as them."""

    def sign_in(client: FlaskClient, role: str, regions: tuple[str, ...] = ()) -> Any:
        user = make_user(role, regions)
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return sign_in
