"""PDFs download under a name built from the case reference (sanitised), never the name."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from proposal.web.filenames import pdf_filename, safe_reference
from tests.proposal.web.conftest import NAME, form_data, proposal_id

ID = uuid.UUID("12345678-9abc-def0-1234-56789abcdef0")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("CR-2025-0042", "CR-2025-0042"),
        ("T2025/0417 (Snaresbrook)", "T2025-0417-Snaresbrook"),
        ('"; filename="evil.exe', "filename-evil-exe"),
        ("../../etc/passwd", "etc-passwd"),
        ("Ref\r\nSet-Cookie: x=1", "Ref-Set-Cookie-x-1"),
        ("Café 42 ünïcode", "Cafe-42-unicode"),
        ("///", ""),
        ("A" * 100, "A" * 60),
    ],
)
def test_a_reference_keeps_only_safe_characters(typed: str, kept: str) -> None:
    assert safe_reference(typed) == kept


def test_the_name_says_which_document_and_whether_it_is_a_draft() -> None:
    assert pdf_filename("psr", "CR 1", ID, draft=True) == "PSR-section-CR-1-DRAFT.pdf"
    assert pdf_filename("defendant", "CR 1", ID, draft=False) == "RAR-sheet-CR-1.pdf"
    assert pdf_filename("psr", "???", ID, draft=False) == "PSR-section-proposal-12345678.pdf"


def test_downloads_are_named_from_the_case_reference_not_the_defendant(
    client: Any, officer: Any, london: Any
) -> None:
    saved = proposal_id(
        client.post("/proposals/new", data=form_data(case_reference="T2025/0417 court 3"))
    )
    for document, title in (("psr", "PSR-section"), ("defendant", "RAR-sheet")):
        answer = client.get(f"/proposals/{saved}/{document}.pdf")
        disposition = answer.headers["Content-Disposition"]
        assert disposition == f'inline; filename="{title}-T2025-0417-court-3-DRAFT.pdf"'
        for part in NAME.split():
            assert part not in disposition
