"""The court is chosen by type-ahead (GOV.UK's accessible autocomplete, vendored in static/)
where JavaScript runs, and from the plain select where it does not; either way the form
sends the court's identifier, and the page passes axe-core with no script refused by the CSP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import OFFICER, PASSWORD, Visit, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def choose_court(page: Any, typed: str, name: str) -> None:
    """Type part of a court's name into the type-ahead and pick it from the suggestions."""
    page.fill("#court", typed)
    option = page.locator(".autocomplete__option", has_text=name).first
    option.wait_for()
    option.click()


def test_typing_part_of_a_name_offers_the_court_and_sets_the_select(visit: Visit) -> None:
    sign_in(visit, OFFICER)
    page = visit.page
    visit.goto("/proposals/new")
    assert page.locator("input#court.autocomplete__input").count() == 1
    assert page.locator("select#court-select").is_hidden()

    page.fill("#court", "highb")
    suggestions = page.locator(".autocomplete__option").all_inner_texts()
    assert any("Highbury Corner" in s for s in suggestions), suggestions
    assert all("highb" in s.lower() for s in suggestions), suggestions
    visit.audit()  # with the menu open

    choose_court(page, "highb", "Highbury Corner")
    assert page.eval_on_selector("#court-select", "el => el.value") == "highbury-corner"
    assert page.input_value("#court").startswith("Highbury Corner")
    assert not visit.violations, visit.violations
    assert not visit.console_errors, visit.console_errors


def test_text_matching_no_court_is_not_sent_as_an_old_choice(visit: Visit) -> None:
    sign_in(visit, OFFICER)
    page = visit.page
    visit.goto("/proposals/new")
    choose_court(page, "highb", "Highbury Corner")
    page.fill("#court", "Nowhere at all")
    assert page.locator(".autocomplete__option--no-results").count() == 1
    with page.expect_navigation():
        page.click("button:has-text('Save and see the recommendation')")
    summary = page.locator(".govuk-error-summary")
    assert "Select the court" in summary.inner_text()
    # the field in error is the text box, outlined in red, and the summary links to it
    assert page.locator("input#court.govuk-input--error").count() == 1
    assert summary.locator("a[href='#court']").count() == 1
    assert not visit.console_errors, visit.console_errors


def test_without_javascript_the_court_is_a_plain_select(browser: Any, live_server: Any) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/login")
        page.fill("#email", OFFICER)
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.click("main button[type=submit]")
        page.goto("/proposals/new")
        assert page.locator(".autocomplete__input").count() == 0
        court = page.locator("select#court")
        assert court.is_visible()
        page.select_option("#court", "highbury-corner")
        assert page.eval_on_selector("#court", "el => el.value") == "highbury-corner"
    finally:
        context.close()
