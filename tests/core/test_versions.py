"""One VersionConflict for every versioned write: catalogue records and proposals alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from catalogue.models import Intervention
from core.versions import VersionConflict
from maintenance.services.interventions import intervention_values, update_intervention
from proposal.policy import DEFAULT_POLICY
from proposal.web import services as proposals
from proposal.web.models import Proposal
from tests.proposal.web.conftest import api_body, defendant

EDITOR = "editor@example.org"


@pytest.fixture
def records(
    app: Flask,
    session: Session,
    make_intervention: Callable[..., Any],
    make_user: Callable[..., Any],
) -> tuple[Intervention, Proposal]:
    """An intervention and a draft proposal, both at version 1."""
    intervention = make_intervention(name="Shared Activity")
    author = make_user("court-officer")
    body = api_body(defendant=defendant())
    with app.app_context():
        proposal = proposals.propose(session, author, body, datetime.now(), DEFAULT_POLICY)
    assert (intervention.version, proposal.version) == (1, 1)
    return intervention, proposal


def save_intervention(session: Session, record: Any, version: int, text: str) -> None:
    """An editor's save of the intervention's summary, based on `version`."""
    values = intervention_values(record) | {"summary": text}
    update_intervention(session, record, values, version, EDITOR)


def save_proposal(session: Session, record: Any, version: int, text: str) -> None:
    """An officer's save of the proposal's own text, based on `version`."""
    proposals.update_rationale(session, record, text, version)


SAVES = {"intervention": save_intervention, "proposal": save_proposal}
TEXT = {"intervention": "summary", "proposal": "rationale"}


@pytest.mark.parametrize("kind", SAVES)
def test_a_save_based_on_an_old_version_is_refused_with_the_shared_version_conflict(
    app: Flask, session: Session, records: tuple[Intervention, Proposal], kind: str
) -> None:
    record: Any = dict(zip(SAVES, records, strict=True))[kind]
    save = SAVES[kind]
    with app.app_context():
        save(session, record, 1, "The first save.")
        with pytest.raises(VersionConflict) as refused:
            save(session, record, 1, "A save over what the first one replaced.")
    assert refused.value.current is record
    assert (record.version, getattr(record, TEXT[kind])) == (2, "The first save.")


@pytest.mark.parametrize("kind", SAVES)
def test_a_save_that_loses_the_race_at_commit_gets_the_same_version_conflict(
    app: Flask, session: Session, records: tuple[Intervention, Proposal], kind: str
) -> None:
    record: Any = dict(zip(SAVES, records, strict=True))[kind]
    save = SAVES[kind]
    with app.app_context(), app.extensions["db_sessionmaker"]() as other:
        # Both read version 1; this session commits first.
        stale = other.get(type(record), record.id)
        save(session, record, 1, "The first save.")
        with pytest.raises(VersionConflict) as refused:
            save(other, stale, 1, "The save that lost the race.")
        assert refused.value.current is stale
        assert (stale.version, getattr(stale, TEXT[kind])) == (2, "The first save.")
