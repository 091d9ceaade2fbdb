"""'Check your answers' before finalising: every answer and the result in GOV.UK summary
lists with change links where a change is still possible, then the finalise button."""

from __future__ import annotations

import re
import uuid
from html import unescape
from typing import Any

from sqlalchemy.orm import Session

from proposal.web.models import Proposal
from tests.proposal.web.conftest import CASE_REFERENCE, NAME


def html_of(response: Any) -> str:
    return response.get_data(as_text=True)


def rows(html: str) -> dict[str, str]:
    """Summary-list keys → values (tags stripped, spaces collapsed)."""
    key = r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*'
    value = r'<dd class="govuk-summary-list__value[^"]*">(.*?)</dd>'
    found = re.findall(key + value, html, re.S)
    return {k.strip(): " ".join(unescape(re.sub(r"<[^>]+>", "", v)).split()) for k, v in found}


def test_the_proposal_page_sends_the_officer_to_check_before_finalising(
    client: Any, officer: Any, saved: uuid.UUID
) -> None:
    html = html_of(client.get(f"/proposals/{saved}"))
    assert f'href="/proposals/{saved}/check"' in html
    assert f'action="/proposals/{saved}/finalise"' not in html


def test_every_answer_is_shown_with_change_links_where_changes_are_possible(
    client: Any, officer: Any, saved: uuid.UUID
) -> None:
    html = html_of(client.get(f"/proposals/{saved}/check"))
    assert '<h1 class="govuk-heading-l">Check your answers before finalising</h1>' in html
    found = rows(html)
    assert found["Court"] == "Highbury Corner Magistrates' Court"
    assert found["Full name"] == NAME and found["Case reference"] == CASE_REFERENCE
    assert found["Date of birth"] == "27 March 1990"
    assert found["Hearing date"] == "2 June 2025"
    assert found["Reoffending predictor"] == "OGRS3: 62%"
    assert "Accommodation" in found["Needs linked to reoffending"]
    assert found["Other requirements"] == "Unpaid work"
    assert (
        found["Type of order"] == "Community order" and found["Length of the order"] == "12 months"
    )
    assert re.fullmatch(r"\d+ days", found["Maximum RAR days"])
    assert found["Rationale (from the result)"] and found["Your own assessment"] == "None written"
    view = f"/proposals/{saved}"
    assert f'href="{view}#days">Change<span class="govuk-visually-hidden"> maximum rar days' in html
    assert (
        f'href="{view}#rationale">Change<span class="govuk-visually-hidden"> your own assessment'
        in html
    )
    assert f'href="/proposals/{saved}/copy"' in html  # how to change an assessment answer
    assert f'action="/proposals/{saved}/finalise"' in html
    assert 'name="version" type="hidden" value="1"' in html


def test_finalising_from_the_check_page_locks_the_proposal(
    client: Any, officer: Any, saved: uuid.UUID, session: Session
) -> None:
    answer = client.post(f"/proposals/{saved}/finalise", data={"version": "1"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/proposals/{saved}")
    session.expire_all()
    assert session.get(Proposal, saved).status == "final"
    # a final proposal has nothing left to check
    again = client.get(f"/proposals/{saved}/check")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/proposals/{saved}")


def test_a_change_made_meanwhile_shows_the_check_page_again_with_the_reason(
    client: Any, officer: Any, saved: uuid.UUID, session: Session
) -> None:
    client.post(f"/proposals/{saved}/rationale", data={"version": "1", "rationale": "New text."})
    answer = client.post(f"/proposals/{saved}/finalise", data={"version": "1"})
    html = html_of(answer)
    assert answer.status_code == 409
    assert "The proposal cannot be finalised yet" in html and "changed since you opened" in html
    assert rows(html)["Your own assessment"] == "New text."
    assert 'name="version" type="hidden" value="2"' in html
    session.expire_all()
    assert session.get(Proposal, saved).status == "draft"


def test_a_refusal_to_finalise_is_shown_above_the_answers_with_where_to_change_it(
    client: Any, officer: Any, saved: uuid.UUID, session: Session
) -> None:
    days = session.get(Proposal, saved).final_days
    text = f"I ask the court for up to {days + 9} days."
    client.post(f"/proposals/{saved}/rationale", data={"version": "1", "rationale": text})
    answer = client.post(f"/proposals/{saved}/finalise", data={"version": "2"})
    html = html_of(answer)
    assert answer.status_code == 409
    summary = html.split('class="govuk-error-summary"', 1)[1].split("<h1", 1)[0]
    assert "The proposal cannot be finalised yet" in summary
    assert "names a different number of days" in summary and f"{days + 9}" in summary
    assert f'href="/proposals/{saved}#rationale">Change the rationale' in summary
    assert f'href="/proposals/{saved}#days">Change the number of days' in summary
    assert "<title>Error: Check your answers" in html
    assert rows(html)["Full name"] == NAME  # the answers are still there to check
    session.expire_all()
    assert session.get(Proposal, saved).status == "draft"
