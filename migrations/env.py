"""Alembic environment: migrates the database named by the app's DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

import accounts.models  # noqa: F401  (registers tables on the metadata)
import core.audit  # noqa: F401
import proposal.web.demand  # noqa: F401
import proposal.web.models  # noqa: F401
import reporting.models  # noqa: F401
import verification.models  # noqa: F401
from core.db import Base

config = context.config
target_metadata = Base.metadata


def database_url() -> str:
    """The URL given by the caller (catalogue.cli) or, failing that, the app's defaults."""
    url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    if url:
        return str(url)
    from app import load_config

    return str(load_config(None)["DATABASE_URL"])


def run_migrations_offline() -> None:
    """Emit SQL without a connection."""
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations on the caller's connection, or on a new one."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    engine = engine_from_config(
        {"sqlalchemy.url": database_url()}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as conn:
        _run_on(conn)


def _run_on(connection: object) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
