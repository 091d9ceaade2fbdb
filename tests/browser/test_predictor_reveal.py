"""The predictor's questions appear only when needed where JavaScript runs (GOV.UK
conditional reveal for the OGRS3 factors; the shared score question likewise), and all of
them are on the page without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import OFFICER, PASSWORD, Visit, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FACTORS = ("#age_at_first_sanction", "#previous_sanctions")


def shown(page: Any, selector: str) -> bool:
    return bool(page.locator(selector).is_visible())


def test_each_predictor_choice_shows_only_what_it_needs(visit: Visit) -> None:
    sign_in(visit, OFFICER)
    page = visit.page
    visit.goto("/proposals/new")
    # nothing chosen yet: no score, no factors; the offence category is always asked
    assert not shown(page, "#score") and not any(shown(page, f) for f in FACTORS)
    assert shown(page, "#offence_category")

    page.check("input[name=predictor][value=OGRS3]")
    assert shown(page, "#score") and not any(shown(page, f) for f in FACTORS)

    page.check("input[name=predictor][value=calculate]")
    assert not shown(page, "#score") and all(shown(page, f) for f in FACTORS)
    visit.audit()

    page.check("input[name=predictor][value=other]")
    assert shown(page, "#score") and not any(shown(page, f) for f in FACTORS)
    assert not visit.violations, visit.violations
    assert not visit.console_errors, visit.console_errors


def test_a_score_error_keeps_the_score_in_view(visit: Visit) -> None:
    sign_in(visit, OFFICER)
    page = visit.page
    visit.goto("/proposals/new")
    page.check("input[name=predictor][value=OGRS3]")
    with page.expect_navigation():
        page.click("button:has-text('Save and see the recommendation')")
    assert "Enter the two-year score" in page.inner_text(".govuk-error-summary")
    assert shown(page, "#score")
    page.click(".govuk-error-summary a[href='#score']")
    page.wait_for_function("document.activeElement.id === 'score'")


def test_without_javascript_every_predictor_question_is_visible(
    browser: Any, live_server: Any
) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/login")
        page.fill("#email", OFFICER)
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.click("main button[type=submit]")
        page.goto("/proposals/new")
        for selector in ("#score", "#offence_category", *FACTORS):
            assert shown(page, selector), selector
    finally:
        context.close()
