"""The search interface: what views and the API call; the engine behind it is swappable.

Only `whoosh_index.py` imports Whoosh. The database is the truth and the index is derived:
`sync` brings this process's index up to the catalogue revision recorded in the database,
and `search` calls it first, so an edit committed by any process is searchable here next.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app
from sqlalchemy.orm import Session

from catalogue.search.service import SearchService
from catalogue.search.types import FACET_NAMES, SearchQuery, SearchResult

__all__ = ["FACET_NAMES", "SearchQuery", "SearchResult", "search", "sync", "rebuild"]

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Give the app its own search service over its own index directory."""
    app.extensions["search"] = SearchService(
        app.config["SEARCH_INDEX_DIR"], stale_after_days=app.config["STALE_AFTER_DAYS"]
    )


def _service() -> SearchService:
    return current_app.extensions["search"]  # type: ignore[no-any-return]


def search(session: Session, query: SearchQuery) -> SearchResult:
    """Answer a query after bringing the index up to the database's catalogue revision."""
    return _service().search(session, query)


def sync(session: Session) -> int:
    """Re-index whatever changed since this process's index revision; returns the revision."""
    return _service().sync(session)


def rebuild(session: Session) -> int:
    """Rebuild the whole index from the database; returns the number indexed."""
    return _service().rebuild(session)


def sync_on_start(app: Flask) -> None:
    """At start-up, rebuild an index that is missing, unreadable or behind the database."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    from core import db

    with app.app_context():
        try:
            if not inspect(db.engine()).has_table("catalogue_changes"):
                return  # not migrated yet (for example during `flask db upgrade`)
            sync(db.session())
        except SQLAlchemyError as exc:  # unreachable now: the first search will sync
            log.warning("search index not synced at start-up: %s", exc.__class__.__name__)
