"""No personal data from proposals in logs, URLs, the search index or any table but proposals.

A proposal for a defendant with a name found nowhere else is taken through everything an
officer does (form, API, rationale, override, finalise, both PDFs, a search), with logging
at DEBUG; then the logs, every URL and header, the index files and every other table are
searched for the name, the case reference and the date of birth.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from catalogue import search
from core.db import Base
from proposal.web.models import Proposal
from tests.proposal.web.conftest import api_body, defendant, form_data

NAME = "Zebedee Quaxtonbury-Vellacott"
CASE_REFERENCE = "QX-7741-PII"
DATE_OF_BIRTH = "1987-11-09"
SECRETS = ("quaxtonbury", "vellacott", "zebedee", "qx-7741", "7741", "1987-11-09")
# A PDF's file name is built from the case reference, on purpose (never from the name).
CASE_REFERENCE_SECRETS = ("qx-7741", "7741")


class Recorder:
    """A test client that remembers every URL requested and every header answered."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.seen: list[str] = []
        self.pdf_names: list[str] = []

    def open(self, method: str, url: str, **kwargs: Any) -> Any:
        response = self.client.open(url, method=method, **kwargs)
        self.seen.append(f"{method} {url}")
        for key, value in response.headers.items():
            pdf_name = key == "Content-Disposition" and response.mimetype == "application/pdf"
            (self.pdf_names if pdf_name else self.seen).append(f"{key}: {value}")
        return response


def found_in(haystack: str) -> list[str]:
    lowered = haystack.lower()
    return [secret for secret in SECRETS if secret in lowered]


@pytest.fixture
def london_catalogue(make_intervention: Callable[..., Any], make_availability: Callable[..., Any]):
    housing = make_intervention(name="Housing Advice Service", needs=["accommodation"])
    thinking = make_intervention(
        name="Thinking Skills Group",
        needs=["attitudes-thinking-behaviour"],
        type="structured-intervention",
        eip_status="approved",
        pre_group_sessions=1,
        one_to_one_sessions=0,
        group_sessions=6,
        format="group",
    )
    make_availability(housing, "london")
    make_availability(thinking, "london")


def table_dump(session: Session, table: str) -> str:
    rows = session.execute(text(f'SELECT * FROM "{table}"')).all()
    return "\n".join(repr(tuple(row)) for row in rows)


def test_a_proposal_leaves_no_personal_data_outside_its_own_row(
    app: Flask,
    client: FlaskClient,
    session: Session,
    login: Callable[..., Any],
    london_catalogue: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    login(client, "court-officer")
    web = Recorder(client)
    person = {
        "defendant_name": NAME,
        "case_reference": CASE_REFERENCE,
        "date_of_birth": DATE_OF_BIRTH,
    }

    # Through the form, with a mistake first (the error page must not leak either).
    web.open("POST", "/proposals/new", data=form_data(**person, order_months="abc"))
    saved = web.open("POST", "/proposals/new", data=form_data(**person))
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    url = saved.headers["Location"]
    web.open("GET", url)
    web.open("POST", f"{url}/rationale", data={"version": "1", "rationale": "Edited."})
    web.open("POST", f"{url}/days", data={"version": "2", "days": "20", "reason": "Housing."})
    web.open("GET", f"{url}/psr.pdf")
    web.open("GET", f"{url}/defendant.pdf")
    web.open("POST", f"{url}/finalise", data={"version": "3"})
    web.open("GET", "/proposals")

    # Through the API, once refused and once saved.
    who = defendant(name=NAME, case_reference=CASE_REFERENCE, date_of_birth=DATE_OF_BIRTH)
    web.open("POST", "/api/v1/proposals", json=api_body(defendant={**who, "court": "nowhere"}))
    created = web.open("POST", "/api/v1/proposals", json=api_body(defendant=who))
    assert created.status_code == 201, created.get_data(as_text=True)
    web.open("GET", created.get_json()["psr_pdf"])

    # A search, after the index has caught up with everything committed.
    web.open("GET", "/?q=housing")
    with app.app_context():
        search.sync(session)
        search.rebuild(session)

    # The name is where it belongs (so the searches below could have found it)...
    session.expire_all()
    stored = session.scalars(select(Proposal)).all()
    assert len(stored) == 2 and all(found_in(repr(p.inputs)) for p in stored)
    psr = PdfReader(io.BytesIO(web.client.get(f"{url}/psr.pdf").get_data()))
    assert NAME in "".join(page.extract_text() for page in psr.pages)

    # ...and nowhere else.
    assert not found_in("\n".join(web.seen)), "personal data in a URL or header"
    # A PDF is named from its case reference, and from nothing else personal
    names = "\n".join(web.pdf_names)
    assert set(found_in(names)) == set(CASE_REFERENCE_SECRETS), names
    logs = caplog.text + "\n".join(repr(r.args) for r in caplog.records)
    assert not found_in(logs), "personal data in the logs"
    index_bytes = b"".join(
        p.read_bytes() for p in Path(app.config["SEARCH_INDEX_DIR"]).rglob("*") if p.is_file()
    )
    assert not found_in(index_bytes.decode("latin-1")), "personal data in the search index"
    for table in Base.metadata.sorted_tables:
        if table.name != "proposals":
            assert not found_in(table_dump(session, table.name)), f"personal data in {table.name}"


def test_names_typed_into_free_text_stay_in_the_proposal(
    app: Flask,
    client: FlaskClient,
    session: Session,
    login: Callable[..., Any],
    london_catalogue: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Officers write names into the rationale and the reason: those copies stay private too."""
    caplog.set_level(logging.DEBUG)
    login(client, "court-officer")
    saved = client.post("/proposals/new", data=form_data(defendant_name=NAME))
    url = saved.headers["Location"]
    client.post(f"{url}/rationale", data={"version": "1", "rationale": f"{NAME} needs a home."})
    reason = f"{NAME} lost the tenancy last week."
    assert (
        client.post(
            f"{url}/days", data={"version": "2", "days": "20", "reason": reason}
        ).status_code
        == 302
    )
    client.post(f"{url}/finalise", data={"version": "3"})

    assert not found_in(caplog.text), "personal data in the logs"
    for table in Base.metadata.sorted_tables:
        if table.name != "proposals":
            assert not found_in(table_dump(session, table.name)), f"personal data in {table.name}"


def test_the_check_would_see_the_name_if_it_leaked(caplog: pytest.LogCaptureFixture) -> None:
    """The control: the same search finds the name in a log line, whatever its case."""
    caplog.set_level(logging.DEBUG)
    logging.getLogger("proposal").debug("saving for %s", NAME.upper())
    assert found_in(caplog.text)
    assert re.search("quaxtonbury", caplog.text, re.IGNORECASE)
