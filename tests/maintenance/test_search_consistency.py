"""An edit is searchable as soon as it is saved; a refused edit never reaches the index."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from catalogue import search
from catalogue.models import Availability, Intervention
from catalogue.search import SearchQuery
from maintenance.services.interventions import intervention_values, update_intervention
from tests.maintenance.editing_support import audit_rows, catalogue_revision, edit_form


@pytest.fixture
def editor(client: FlaskClient, login: Callable[..., Any]) -> Any:
    """The client signed in as a national interventions editor."""
    return login(client, "interventions-editor")


@pytest.fixture
def listed(make_intervention: Callable[..., Any], make_availability: Callable[..., Any]) -> Any:
    """An intervention open in London, indexed."""
    intervention = make_intervention(name="Harbour Skills")
    make_availability(intervention, "london")
    return intervention


def found(app: Flask, session: Session, text: str) -> list[str]:
    """Ids the real index returns for the words."""
    with app.app_context():
        return search.search(session, SearchQuery(text=text)).ids


def index_revision(app: Flask) -> int | None:
    """The revision this app's index has reached, without syncing it first."""
    return app.extensions["search"].revision  # type: ignore[no-any-return]


def test_a_saved_edit_is_searchable_at_once(
    app: Flask, client: FlaskClient, editor: Any, listed: Intervention, session: Session
) -> None:
    data = edit_form(listed, summary="Lighthouse keeping for beginners.")
    assert client.post(f"/admin/interventions/{listed.slug}/edit", data=data).status_code == 302
    assert index_revision(app) == catalogue_revision(app)  # synced by the save itself
    assert found(app, session, "lighthouse") == [str(listed.id)]


def test_a_saved_availability_change_is_indexed_by_the_save(
    app: Flask, client: FlaskClient, editor: Any, listed: Intervention, session: Session
) -> None:
    before = index_revision(app)
    row = session.scalars(select(Availability)).one()
    body = {"status": "paused", "version": row.version}
    assert (
        client.patch(
            f"/api/v1/interventions/{listed.id}/availability/london", json=body
        ).status_code
        == 200
    )
    assert index_revision(app) == catalogue_revision(app) != before


def test_an_edit_refused_by_validation_never_reaches_the_index(
    app: Flask, client: FlaskClient, editor: Any, listed: Intervention, session: Session
) -> None:
    revision = catalogue_revision(app)
    data = edit_form(listed, summary="Lighthouse keeping.", min_age="30", max_age="20")
    assert client.post(f"/admin/interventions/{listed.slug}/edit", data=data).status_code == 200
    assert catalogue_revision(app) == revision
    assert found(app, session, "lighthouse") == []
    assert audit_rows(app, entity_id=str(listed.id)) == []


def test_an_edit_refused_by_a_version_conflict_never_reaches_the_index(
    app: Flask, client: FlaskClient, editor: Any, listed: Intervention, session: Session
) -> None:
    data = edit_form(listed, summary="Lighthouse keeping.")
    current = session.get(Intervention, listed.id)
    with app.app_context():
        values = intervention_values(current) | {"provider": "Someone else"}
        update_intervention(session, current, values, 1, "colleague@example.org")
    revision = catalogue_revision(app)
    assert client.post(f"/admin/interventions/{listed.slug}/edit", data=data).status_code == 409
    assert catalogue_revision(app) == revision
    assert found(app, session, "lighthouse") == []


@pytest.fixture
def failing_commits(app: Flask) -> Iterator[None]:
    """Every commit of the app's sessions fails as if the database went away."""

    def fail(_session: Session) -> None:
        raise OperationalError("COMMIT", {}, Exception("database went away"))

    factory = app.extensions["db_sessionmaker"]
    event.listen(factory, "before_commit", fail)
    yield
    event.remove(factory, "before_commit", fail)


def test_an_edit_refused_by_a_database_error_never_reaches_the_index(
    app: Flask,
    client: FlaskClient,
    editor: Any,
    listed: Intervention,
    session: Session,
    failing_commits: None,
) -> None:
    revision = catalogue_revision(app)
    data = edit_form(listed, summary="Lighthouse keeping.")
    response = client.post(f"/admin/interventions/{listed.slug}/edit", data=data)
    assert response.status_code == 503
    assert catalogue_revision(app) == revision
    assert audit_rows(app, entity_id=str(listed.id)) == []
    with app.app_context():
        assert search.search(session, SearchQuery(text="lighthouse")).ids == []
