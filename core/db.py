"""Database plumbing: the declarative base, the engine and a session per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from core.ping import ping_within

# PostgreSQL: how long to wait for a new connection (libpq's minimum is 2 s), and TCP
# keepalives and an unacknowledged-data limit, so a connection to a host that has gone away
# fails instead of waiting for ever; the server ends any statement running past 15 s.
CONNECTION_LIMITS = {
    "connect_timeout": "3",
    "keepalives": "1",
    "keepalives_idle": "5",
    "keepalives_interval": "2",
    "keepalives_count": "2",
    "tcp_user_timeout": "5000",
}
STATEMENT_LIMIT = "-c statement_timeout=15000"
# How long a pooled connection may take to answer the check before each use.
PING_SECONDS = 2.0
# How long a request waits for a free connection when every one is in use.
POOL_TIMEOUT_SECONDS = 5

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base shared by every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets readers carry on while a writer commits (several gunicorn workers).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine for a database URL, with SQLite made safe for concurrent use and
    PostgreSQL bounded in time, so a silent server is answered with 503 within seconds."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(
        postgresql_url(url), pool_size=5, max_overflow=5, pool_timeout=POOL_TIMEOUT_SECONDS
    )
    event.listen(engine, "checkout", _ping_or_discard)
    return engine


def postgresql_url(url: str) -> URL:
    """The URL with the time limits added (settings already in the URL are kept)."""
    given = make_url(url)
    limits = {key: value for key, value in CONNECTION_LIMITS.items() if key not in given.query}
    options = " ".join(
        part for part in (str(given.query.get("options", "")), STATEMENT_LIMIT) if part
    )
    return given.update_query_dict({**limits, "options": options})


def _ping_or_discard(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Check a pooled connection before use, waiting at most PING_SECONDS for the answer.

    SQLAlchemy's own pre-ping waits for ever on a server that has gone silent (a frozen
    host, a dropped route: the socket stays open and nothing comes back), and so would the
    request. Raising DisconnectionError makes the pool discard this connection and open a
    new one, which `connect_timeout` bounds.
    """
    if not ping_within(dbapi_connection.pgconn, PING_SECONDS):
        dbapi_connection.pgconn.finish()
        raise DisconnectionError("the database did not answer a ping in time")


def init_app(app: Flask) -> None:
    """Attach an engine and session factory to the app and close sessions per request."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    """The current app's engine."""
    return current_app.extensions["db_engine"]  # type: ignore[no-any-return]


def session() -> Session:
    """The session for the current request or app context, created on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session  # type: ignore[no-any-return]


@contextmanager
def new_session() -> Iterator[Session]:
    """A separate short-lived session (for work outside the request's transaction)."""
    with current_app.extensions["db_sessionmaker"]() as s:
        yield s


def _close_session(_exc: BaseException | None) -> None:
    s = g.pop("db_session", None)
    if s is not None:
        s.close()
