"""The PSR section and the defendant's sheet as PDFs: text, marking, tags, safety, access."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Availability, Intervention
from core.audit import AuditEvent
from proposal.web.demand import DemandRecord
from tests.proposal.web.conftest import NAME, form_data, proposal_id

RATIONALE = "The person has lost their tenancy twice this year; stable housing comes first."


def read_pdf(response: Any) -> tuple[PdfReader, str]:
    """The PDF and its text from every page, with runs of whitespace made single spaces."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"\s+", " ", text)


def test_the_psr_pdf_names_the_defendant_the_final_days_and_the_rationale(
    client: FlaskClient, saved: uuid.UUID
) -> None:
    client.post(f"/proposals/{saved}/rationale", data={"version": "1", "rationale": RATIONALE})
    client.post(
        f"/proposals/{saved}/days", data={"version": "2", "days": "19", "reason": "Housing crisis."}
    )
    reader, text = read_pdf(client.get(f"/proposals/{saved}/psr.pdf"))
    pages = len(reader.pages)
    for expected in (
        NAME,
        "27 March 1990",
        "CR-2025-0042",
        "Highbury Corner Magistrates' Court",
        "Rehabilitation Activity Requirement: up to 19 days",
        "stable housing comes first",
        "Housing Advice Service",
        "Thinking Skills Group",
        "What a RAR day is",
        "Alternatives considered",
        "Needs to be addressed",
        "The court sets only the maximum",
        "indicative",
        "OFFICIAL-SENSITIVE",
        f"Page 1 of {pages}",
        f"Page {pages} of {pages}",
        "DRAFT",
    ):
        assert expected in text, expected
    assert "up to 15 days" not in text
    for page in reader.pages:
        assert page.extract_text().count("OFFICIAL-SENSITIVE") == 2  # top and bottom
        assert "DRAFT" in page.extract_text()


def test_the_pdf_is_tagged_in_british_english_with_a_title(client, saved):
    reader, _text = read_pdf(client.get(f"/proposals/{saved}/psr.pdf"))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and "/MarkInfo" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith("Pre-sentence report: rehabilitation activity")
    assert NAME not in reader.metadata.title


def test_draft_marking_goes_once_the_proposal_is_final(client: FlaskClient, saved: uuid.UUID):
    client.post(f"/proposals/{saved}/finalise", data={"version": "1"})
    for document in ("psr", "defendant"):
        reader, text = read_pdf(client.get(f"/proposals/{saved}/{document}.pdf"))
        assert "DRAFT" not in text and "(draft)" not in reader.metadata.title
        assert "OFFICIAL-SENSITIVE" in text
    assert "Final," in read_pdf(client.get(f"/proposals/{saved}/psr.pdf"))[1]


def test_the_defendant_sheet_is_one_plain_page(client: FlaskClient, saved: uuid.UUID) -> None:
    reader, text = read_pdf(client.get(f"/proposals/{saved}/defendant.pdf"))
    assert len(reader.pages) == 1 and "Page 1 of 1" in text
    for expected in (
        "Your rehabilitation activity requirement",
        "up to 15 days",
        "What counts as a day",
        "Two sessions on the same day count as one day",
        "Accommodation",
        "Attitudes, thinking and behaviour",
        "you must go to them too",
        "enforceable",
        "DRAFT",
        NAME,
    ):
        assert expected in text, expected


def test_downloads_are_audited_without_personal_data(
    client: FlaskClient, saved: uuid.UUID, session: Session
) -> None:
    client.get(f"/proposals/{saved}/psr.pdf")
    client.get(f"/proposals/{saved}/defendant.pdf")
    query = select(AuditEvent).where(AuditEvent.action == "download-pdf")
    events = list(session.scalars(query.order_by(AuditEvent.id)))
    assert [e.details["document"] for e in events] == ["psr", "defendant"]
    assert all(e.entity_type == "proposal" and e.entity_id == str(saved) for e in events)
    assert all(NAME not in str(e.details) and "1990" not in str(e.details) for e in events)


def test_catalogue_text_is_data_not_markup(client, officer, make_intervention, make_availability):
    hostile = make_intervention(
        name="Hostile <b>Housing</b>",
        needs=["accommodation"],
        summary='<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://evil.test/x.css">',
    )
    make_availability(hostile, "london")
    saved = proposal_id(
        client.post("/proposals/new", data=form_data(reoffending=["accommodation"], harm=[]))
    )
    page = client.get(f"/proposals/{saved}").get_data(as_text=True)
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in page and "<img src" not in page
    _reader, text = read_pdf(client.get(f"/proposals/{saved}/psr.pdf"))
    assert '<img src="file:///etc/passwd">' in text and "Hostile <b>Housing</b>" in text
    assert "root:" not in text


def test_the_pdf_is_made_from_the_snapshot_not_the_live_catalogue(
    client: FlaskClient, saved: uuid.UUID, session: Session, london: Any
) -> None:
    before = read_pdf(client.get(f"/proposals/{saved}/psr.pdf"))[1]
    housing = session.get(Intervention, london.housing.id)
    housing.name, housing.summary, housing.status = "Renamed Service", "Changed.", "withdrawn"
    for row in session.scalars(select(Availability)):
        row.status = "not-available"
    session.commit()
    after = read_pdf(client.get(f"/proposals/{saved}/psr.pdf"))[1]
    assert "Housing Advice Service" in after and "Renamed Service" not in after
    assert before.replace("Page", "") == after.replace("Page", "")


@pytest.mark.parametrize("suffix", ["", "/psr.pdf", "/defendant.pdf"])
def test_another_officer_gets_404(client: FlaskClient, saved: uuid.UUID, app, login, suffix):
    other = app.test_client()
    login(other, "court-officer")
    assert other.get(f"/proposals/{saved}{suffix}").status_code == 404
    for action, data in (
        ("rationale", {"rationale": "x"}),
        ("days", {"days": "3", "reason": "x"}),
        ("finalise", {}),
    ):
        assert (
            other.post(f"/proposals/{saved}/{action}", data={"version": "1", **data}).status_code
            == 404
        )


def test_administrators_can_open_any_proposal(client, saved, app, login):
    admin = app.test_client()
    login(admin, "admin")
    assert admin.get(f"/proposals/{saved}").status_code == 200
    assert admin.get(f"/proposals/{saved}/psr.pdf").status_code == 200


def test_unknown_and_malformed_ids_are_404(client, officer):
    assert client.get(f"/proposals/{uuid.uuid4()}").status_code == 404
    assert client.get("/proposals/not-a-uuid/psr.pdf").status_code == 404


def test_proposal_pages_and_pdfs_are_not_cached(client, saved):
    for suffix in ("", "/psr.pdf"):
        assert client.get(f"/proposals/{saved}{suffix}").headers["Cache-Control"] == "no-store"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_page_one_renders_to_an_image(client: FlaskClient, saved: uuid.UUID, tmp_path: Path):
    """Renders page 1 at 70 dpi (as the layout was checked by eye); an A4 page is 579 × 819."""
    pdf = tmp_path / "psr.pdf"
    pdf.write_bytes(client.get(f"/proposals/{saved}/psr.pdf").data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    [png] = list(tmp_path.glob("page*.png"))
    header = png.read_bytes()[:24]
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert (width, height) == (579, 819)


def test_the_psr_names_the_author_by_name_and_job_title_never_by_email(
    client: FlaskClient, saved: uuid.UUID, officer: Any, session: Session
) -> None:
    officer.display_name, officer.job_title = "Sam Okafor", "Probation officer"
    session.commit()
    reader, text = read_pdf(client.get(f"/proposals/{saved}/psr.pdf"))
    assert "Sam Okafor, Probation officer, probation court team" in text
    assert officer.email not in text and officer.email not in str(reader.metadata)


def test_page_one_says_an_override_is_above_the_band(client: FlaskClient, saved: uuid.UUID):
    reason = "Repeated breaches."
    client.post(f"/proposals/{saved}/days", data={"version": "1", "days": "30", "reason": reason})
    reader, _text = read_pdf(client.get(f"/proposals/{saved}/psr.pdf"))
    page_one = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert "Rehabilitation Activity Requirement: up to 30 days" in page_one
    assert "30 days is above the medium band's guideline of 15–25 days." in page_one


def test_a_structured_intervention_kept_with_little_time_left_says_so_in_its_row(
    client, officer, make_intervention, make_availability
):
    si = make_intervention(
        name="Stepwise Housing Group",
        needs=["accommodation"],
        type="structured-intervention",
        min_months_left=9,
    )
    make_availability(si, "london")
    saved = proposal_id(
        client.post(
            "/proposals/new",
            data=form_data(reoffending=["accommodation"], harm=[], order_months="6"),
        )
    )
    page = client.get(f"/proposals/{saved}").get_data(as_text=True)
    assert "Stepwise Housing Group" in page
    assert "Fewer than 9 months remain on the order (6): check with the treatment manager" in page
    _reader, text = read_pdf(client.get(f"/proposals/{saved}/psr.pdf"))
    assert "Fewer than 9 months remain on the order (6): check with the treatment manager" in text


@pytest.mark.parametrize(
    ("changes", "why", "instead", "unmet"),
    [
        (
            {"score": "20", "reoffending": ["accommodation", "ete"], "harm": []},
            "is below 25%",
            "No other requirement in this proposal addresses the assessed needs.",
            ["ete"],
        ),
        (
            {"reoffending": ["ete"], "harm": []},
            "No suitable activity for which the person is eligible is available",
            "No other requirement in this proposal addresses the assessed needs.",
            ["ete"],
        ),
        (
            {"reoffending": ["alcohol"], "harm": [], "other_requirements": ["ATR"]},
            "Every need linked to reoffending or harm is met by",
            "Proposed instead of a RAR: an Alcohol Treatment Requirement (ATR).",
            [],
        ),
    ],
    ids=[
        "below-25-says-why-and-records-the-need-nothing-could-meet",
        "nothing-available-says-why-and-records-the-unmet-need",
        "every-need-routed-names-the-requirement-proposed-instead",
    ],
)
def test_a_no_rar_proposal_is_printed_saying_why_what_instead_and_its_unmet_needs_are_recorded(
    client, officer, london, session, changes, why, instead, unmet
):
    saved = proposal_id(client.post("/proposals/new", data=form_data(**changes)))
    _reader, text = read_pdf(client.get(f"/proposals/{saved}/psr.pdf"))
    assert "A Rehabilitation Activity Requirement is not proposed." in text
    assert why in text
    assert text.count(instead) == 2  # under the proposal, and in the rationale
    record = session.scalars(select(DemandRecord).where(DemandRecord.proposal_id == saved)).one()
    assert record.unmet_needs == unmet
    assert record.days_proposed is None
