"""Every order of edits (the officer's text, the days, the answers) leaves one maximum.

After each edit, page 1 of the PSR and the rationale's generated statements name the same
number; where the officer's own text names another, finalising is refused and the page
says where, until the text is put right.
"""

from __future__ import annotations

import io
import itertools
import re
import uuid
from typing import Any

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from tests.proposal.web.conftest import form_data, proposal_id

EDITS = ("rationale", "days", "inputs")
OVERRIDE = 22
# OGRS3 80: the high band (25–60), so the calculated number moves from 15 to 25.
NEW_ANSWERS = {"predictor": {"name": "OGRS3", "score": 80}}


def psr_text(client: FlaskClient, saved: uuid.UUID) -> tuple[str, str]:
    """Page 1 and the whole document, whitespace squashed."""
    reader = PdfReader(io.BytesIO(client.get(f"/proposals/{saved}/psr.pdf").data))
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
    return pages[0], " ".join(pages)


def state(client: FlaskClient, saved: uuid.UUID) -> dict[str, Any]:
    """The proposal as the API answers it."""
    response = client.get(f"/api/v1/proposals/{saved}")
    assert response.status_code == 200
    return response.get_json()


def edit(client: FlaskClient, saved: uuid.UUID, kind: str) -> str | None:
    """Make one edit the way an officer would; returns the officer's text when it is written."""
    version = str(state(client, saved)["version"])
    if kind == "rationale":
        days = state(client, saved)["final_days"]
        text = f"I ask the court for a RAR of up to {days} days.\n\nHousing comes first."
        data = {"version": version, "rationale": text}
        assert client.post(f"/proposals/{saved}/rationale", data=data).status_code == 302
        return text
    if kind == "days":
        data = {"version": version, "days": str(OVERRIDE), "reason": "Recent housing crisis."}
        assert client.post(f"/proposals/{saved}/days", data=data).status_code == 302
        return None
    response = client.patch(f"/api/v1/proposals/{saved}", json={"inputs": NEW_ANSWERS})
    assert response.status_code == 200, response.get_json()
    return None


def assert_one_maximum(client: FlaskClient, saved: uuid.UUID, done: list[str]) -> None:
    """Page 1, the page, the API and the generated statements all name the final days."""
    body = state(client, saved)
    final = body["final_days"]
    expected = OVERRIDE if "days" in done else (25 if "inputs" in done else 15)
    assert final == expected, done
    page_one, whole = psr_text(client, saved)
    assert f"Rehabilitation Activity Requirement: up to {final} days" in page_one, done
    assert re.findall(r"Maximum RAR days (\d+)", page_one) == [str(final)], done
    generated = body["generated_rationale"]
    assert re.findall(r"of up to (\d+) days", generated) == [str(final)], done
    assert generated.split(". The court sets")[0] in whole.replace("\u00ad", ""), done
    if "days" in done:
        calculated = body["recommended_max_days"]
        assert f"The officer proposes {final} days instead of the calculated {calculated}" in (
            generated
        )
        if "inputs" in done:
            assert "22 days is below the high band's guideline of 25–60 days" in generated
    html = client.get(f"/proposals/{saved}").get_data(as_text=True)
    assert f'id="final-days">{final}</strong>' in html, done


@pytest.mark.parametrize("order", list(itertools.permutations(EDITS)), ids="-then-".join)
def test_every_order_of_edits_keeps_page_one_and_the_rationale_in_agreement(
    client: FlaskClient, officer: Any, london: Any, order: tuple[str, ...]
) -> None:
    saved = proposal_id(client.post("/proposals/new", data=form_data()))
    officer_text, named = None, None
    for step, kind in enumerate(order):
        written = edit(client, saved, kind)
        if written is not None:
            officer_text, named = written, state(client, saved)["final_days"]
        assert_one_maximum(client, saved, list(order[: step + 1]))
        conflicts = state(client, saved)["officer_text_conflicts"]
        disagree = named is not None and named != state(client, saved)["final_days"]
        assert bool(conflicts) == disagree, (order, step)
    final = state(client, saved)["final_days"]
    version = str(state(client, saved)["version"])
    response = client.post(f"/proposals/{saved}/finalise", data={"version": version})
    if named is not None and named != final:
        html = response.get_data(as_text=True)
        assert response.status_code == 409
        assert f"paragraph 1: \u201cup to {named} days\u201d" not in html  # the phrase alone
        assert f"paragraph 1: \u201c{named} days\u201d" in html
        # shown on the check-your-answers page, linking back to the rationale to change it
        assert f'href="/proposals/{saved}#rationale"' in html
        assert officer_text is not None
        fixed = officer_text.replace(f"{named} days", f"{final} days")
        data = {"version": version, "rationale": fixed}
        assert client.post(f"/proposals/{saved}/rationale", data=data).status_code == 302
        version = str(state(client, saved)["version"])
        response = client.post(f"/proposals/{saved}/finalise", data={"version": version})
    assert response.status_code == 302
    assert state(client, saved)["status"] == "final"
    _page_one, whole = psr_text(client, saved)
    assert set(re.findall(r"up to (\d+) days", whole)) == {str(final)}
