"""The end of the journey in a real browser, with axe-core on each page: check the answers
and finalise, copy the proposal for an adjourned hearing, delete a draft."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import OFFICER, Visit, sign_in
from tests.browser.test_journeys import assert_accessible, fill_proposal

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def save_a_proposal(visit: Visit) -> str:
    visit.goto("/proposals/new")
    fill_proposal(visit)
    with visit.page.expect_navigation():
        visit.page.click("button:has-text('Save and see the recommendation')")
    visit.audit()
    return str(visit.page.url)


def test_check_the_answers_then_finalise(visit: Visit) -> None:
    sign_in(visit, OFFICER)
    page = visit.page
    view = save_a_proposal(visit)
    page.click("text=Check your answers and finalise")
    page.wait_for_url(re.compile(r"/check$"))
    visit.audit()
    assert "Alex Browser-Test" in page.inner_text("main")
    page.click("a:has-text('Change') >> nth=0")  # the days: back on the proposal page
    page.wait_for_url(re.compile(r"#days$"))
    page.go_back()
    with page.expect_navigation():
        page.click("button:has-text('Finalise proposal')")
    assert page.url == view
    visit.audit()
    assert "Proposal finalised" in page.inner_text(".govuk-notification-banner")
    assert_accessible(visit)


def test_copy_for_an_adjournment_then_delete_the_old_draft(visit: Visit) -> None:
    sign_in(visit, OFFICER)
    page = visit.page
    old = save_a_proposal(visit)
    page.click("a:has-text('Copy into a new draft')")
    page.wait_for_url(re.compile(r"/copy$"))
    visit.audit()
    # the type-ahead shows the copied court; the answers are filled in
    assert page.input_value("#court").startswith("Highbury Corner")
    assert page.input_value("#defendant_name") == "Alex Browser-Test"
    assert page.is_checked("input[name=predictor][value=OGRS3]")
    assert page.is_visible("#score") and page.input_value("#score") == "62"
    with page.expect_navigation():
        page.click("button:has-text('Save and see the recommendation')")
    assert page.url != old and re.search(r"/proposals/[0-9a-f-]{36}$", page.url)

    visit.goto(old)
    page.click("a:has-text('Delete this draft')")
    page.wait_for_url(re.compile(r"/delete$"))
    visit.audit()
    with page.expect_navigation():
        page.click("button:has-text('Delete the draft')")
    visit.audit()
    assert "Draft deleted" in page.inner_text(".govuk-notification-banner")
    assert_accessible(visit)
    assert page.goto(old).status == 404
