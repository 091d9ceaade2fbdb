"""The filter vocabulary is kept per catalogue revision: read once, read again after a change."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from catalogue import filters
from catalogue.changes import record_revision
from catalogue.models import Pdu


def test_the_vocabulary_is_reused_until_the_revision_moves(
    app: Flask, session: Session, make_intervention: Any
) -> None:
    make_intervention(name="Anything")
    with app.app_context():
        first = filters.vocabulary(session)
        assert filters.vocabulary(session) is first
        session.add(Pdu(slug="new-pdu", name="New PDU", region_slug="london"))
        session.commit()
        assert "new-pdu" not in filters.vocabulary(session).pdus  # no revision: kept
        record_revision(session, None)
        session.commit()
        again = filters.vocabulary(session)
    assert again is not first and again.pdu_regions["new-pdu"] == "london"


def test_a_new_pdu_is_accepted_by_the_search_api_once_the_catalogue_moves(
    app: Flask, client: Any, session: Session
) -> None:
    assert client.get("/api/v1/interventions?pdu=new-pdu").status_code == 400
    session.add(Pdu(slug="new-pdu", name="New PDU", region_slug="london"))
    record_revision(session, None)
    session.commit()
    assert client.get("/api/v1/interventions?pdu=new-pdu").status_code == 200
