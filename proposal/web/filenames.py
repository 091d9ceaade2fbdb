"""The file names PDFs download under: built from the case reference, never the name."""

from __future__ import annotations

import re
import unicodedata
import uuid

TITLES = {"psr": "PSR-section", "defendant": "RAR-sheet"}
MAX_REFERENCE_CHARS = 60


def safe_reference(case_reference: str) -> str:
    """The case reference with only letters, digits, '-' and '_' kept (accents dropped,
    others become '-'), so it is safe in a header and on every file system."""
    decomposed = unicodedata.normalize("NFKD", case_reference)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_only).strip("-_")
    return re.sub(r"-{2,}", "-", cleaned)[:MAX_REFERENCE_CHARS].strip("-_")


def pdf_filename(document: str, case_reference: str, proposal_id: uuid.UUID, draft: bool) -> str:
    """E.g. PSR-section-CR-2025-0042-DRAFT.pdf; the proposal's short id when the reference
    has nothing usable in it."""
    reference = safe_reference(case_reference) or f"proposal-{str(proposal_id)[:8]}"
    return f"{TITLES[document]}-{reference}{'-DRAFT' if draft else ''}.pdf"
