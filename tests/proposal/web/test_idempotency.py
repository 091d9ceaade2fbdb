"""POST /api/v1/proposals with an Idempotency-Key: a client retrying after a dropped
connection gets the first answer again, and no second proposal is saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from proposal.web.demand import DemandRecord
from proposal.web.models import Proposal
from tests.proposal.web.conftest import api_body, defendant

PROPOSALS = "/api/v1/proposals"


def save(client: FlaskClient, key: str | None, **changes: Any) -> Any:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(PROPOSALS, json=api_body(defendant=defendant(), **changes), headers=headers)


def count(session: Session, model: type) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_same_key_answers_the_first_proposal_and_saves_nothing_new(
    client: FlaskClient, officer: Any, london: Any, session: Session
) -> None:
    first = save(client, "retry-7f3a")
    again = save(client, "retry-7f3a")
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert count(session, Proposal) == 1 and count(session, DemandRecord) == 1


def test_the_first_answer_stands_even_if_the_retry_body_differs(
    client: FlaskClient, officer: Any, london: Any, session: Session
) -> None:
    first = save(client, "k-1")
    again = save(client, "k-1", age=44)
    assert again.get_json()["id"] == first.get_json()["id"]
    assert count(session, Proposal) == 1


def test_different_keys_and_no_key_each_save_a_proposal(
    client: FlaskClient, officer: Any, london: Any, session: Session
) -> None:
    ids = {save(client, key).get_json()["id"] for key in ("a", "b", None, None)}
    assert len(ids) == 4 and count(session, Proposal) == 4


def test_another_officer_with_the_same_key_gets_their_own_proposal(
    app: Flask,
    client: FlaskClient,
    officer: Any,
    london: Any,
    session: Session,
    login: Callable[..., Any],
) -> None:
    mine = save(client, "shared-key").get_json()["id"]
    other = app.test_client()
    login(other, "court-officer")
    theirs = save(other, "shared-key").get_json()["id"]
    assert mine != theirs and count(session, Proposal) == 2


@pytest.mark.parametrize("key", ["", "   ", "x" * 201, "tab\tkey", "esc\x1b"])
def test_a_key_that_is_not_one_line_of_text_is_refused(
    client: FlaskClient, officer: Any, london: Any, session: Session, key: str
) -> None:
    response = save(client, key)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.get_json()["errors"]
    assert count(session, Proposal) == 0
