"""Text that is not clean Unicode (a lone surrogate, control characters) is refused on the way
in, by every form and JSON API, with a message beside the field; text already stored that
way still renders (pages, lists, PDFs) and is repaired by the migration."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_wtf import FlaskForm
from pypdf import PdfReader
from sqlalchemy import text
from sqlalchemy.orm import Session

from proposal.web.models import Proposal
from tests.proposal.web.conftest import api_body, defendant, form_data
from web.text import CheckedForm

PROPOSALS = "/api/v1/proposals"
LONE = "\ud800"


def _post(client: FlaskClient, body: Any) -> Any:
    # Sent as raw JSON text: the escape "\ud800" is what a hostile client types.
    return client.post(PROPOSALS, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"defendant": defendant(case_reference=f"CR-{LONE}")}, "defendant.case_reference"),
        ({"defendant": defendant(name=f"Alex{LONE}")}, "defendant.name"),
        ({"exceptional_circumstances": f"Clear risk {LONE}"}, "exceptional_circumstances"),
        ({"exceptional_circumstances": "Clear risk\x00\x1b[2J"}, "exceptional_circumstances"),
        ({"defendant": defendant(case_reference="CR\n42")}, "defendant.case_reference"),
        ({"predictor": {"name": f"OGRS3{LONE}", "score": 62}}, "predictor.name"),
        ({"region": f"london{LONE}"}, "region"),
    ],
)
def test_the_proposal_api_refuses_bad_text_with_a_field_error(
    client: FlaskClient, officer: Any, london: Any, changes: dict[str, Any], field: str
) -> None:
    response = _post(client, {**api_body(defendant=defendant()), **changes})
    assert response.status_code == 422, response.get_data(as_text=True)
    assert field in response.get_json()["errors"]


def test_bad_text_anywhere_in_a_json_body_is_refused_not_stored(
    client: FlaskClient, officer: Any, london: Any, session: Session
) -> None:
    body = api_body(defendant=defendant())
    body["needs"][0]["area"] = f"accommodation{LONE}"
    assert _post(client, body).status_code == 422
    for path in ("/api/v1/recommendations", "/api/v1/ogrs3"):
        assert client.post(path, data=json.dumps({"gender": LONE})).status_code == 422, path
    assert session.query(Proposal).count() == 0


def test_multi_line_text_keeps_its_newlines_and_tabs(
    client: FlaskClient, officer: Any, london: Any
) -> None:
    circumstances = "Risk one:\n\tsteady work lost\r\nRisk two: housing"
    response = _post(
        client, api_body(defendant=defendant(), exceptional_circumstances=circumstances)
    )
    assert response.status_code == 201, response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("case_reference", "CR-42\x1b[31m"),
        ("defendant_name", "Alex\x01Test"),
        ("exceptional_circumstances", "Risk\x07 bell"),
        ("case_reference", "CR-42\ufffe"),
    ],
)
def test_the_proposal_form_puts_the_text_error_beside_the_field(
    client: FlaskClient, officer: Any, london: Any, session: Session, field: str, value: str
) -> None:
    response = client.post("/proposals/new", data=form_data(**{field: value}))
    assert response.status_code == 200, response.status_code  # the form again, not saved
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert session.query(Proposal).count() == 0


def test_the_form_refuses_a_surrogate_encoded_in_the_request(
    client: FlaskClient, officer: Any, london: Any, session: Session
) -> None:
    # A browser cannot send a lone surrogate; a script can send its UTF-8 form, which is invalid.
    raw = urlencode(form_data(case_reference="CR-MARK"), doseq=True).replace("MARK", "%ED%A0%80")
    response = client.post(
        "/proposals/new", data=raw, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302  # saved, with U+FFFD where the bytes were invalid
    for proposal in session.query(Proposal):
        proposal.inputs["defendant"]["case_reference"].encode("utf-8")


def test_every_form_class_checks_its_text(app: Flask) -> None:
    def every(cls: type) -> list[type]:
        return [cls, *(s for sub in cls.__subclasses__() for s in every(sub))]

    unchecked = [
        form.__qualname__
        for form in every(FlaskForm)[1:]
        if not issubclass(form, CheckedForm) and form.__module__.split(".")[0] != "tests"
    ]
    assert unchecked == []


def _store_bad_case_reference(session: Session, saved: uuid.UUID) -> None:
    """Write a lone surrogate into a stored proposal as JSON text, as an older version saved it."""
    proposal = session.get(Proposal, saved)
    assert proposal is not None
    inputs = json.loads(json.dumps(proposal.inputs))
    inputs["defendant"]["case_reference"] = f"CR-{LONE}"
    session.execute(
        text("UPDATE proposals SET inputs = :inputs WHERE id = :id"),
        {"inputs": json.dumps(inputs), "id": proposal.id.hex if _sqlite(session) else proposal.id},
    )
    session.commit()
    session.expire_all()


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def test_stored_bad_text_still_renders_every_page_and_pdf(
    client: FlaskClient, saved: uuid.UUID, session: Session
) -> None:
    _store_bad_case_reference(session, saved)
    for url in ("/proposals", f"/proposals/{saved}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "CR-\ufffd" in response.get_data(as_text=True), url
    for kind in ("psr.pdf", "defendant.pdf"):
        response = client.get(f"/proposals/{saved}/{kind}")
        assert response.status_code == 200, kind
        pages = PdfReader(io.BytesIO(response.data)).pages
        assert "CR-" in "".join(page.extract_text() for page in pages), kind


def test_the_repair_replaces_stored_surrogates(
    app: Flask, saved: uuid.UUID, session: Session, run_repair: Callable[[], Any]
) -> None:
    _store_bad_case_reference(session, saved)
    found = run_repair()
    assert [(table, column, uuid.UUID(key)) for table, column, key in found] == [
        ("proposals", "inputs", saved)
    ]
    session.expire_all()
    proposal = session.get(Proposal, saved)
    assert proposal is not None
    assert proposal.inputs["defendant"]["case_reference"] == "CR-\ufffd"
    assert run_repair() == []


@pytest.fixture
def run_repair(app: Flask) -> Callable[[], Any]:
    from web.stored_text import repair_stored_text

    def run() -> Any:
        with app.extensions["db_engine"].begin() as conn:
            return [(t, c, str(k)) for t, c, k in repair_stored_text(conn)]

    return run
