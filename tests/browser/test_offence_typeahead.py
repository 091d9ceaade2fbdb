"""OGRS4/G's offence is chosen by typing words of its description where JavaScript runs (a
type-ahead over the published offence mapping that fills in the code and shows the category),
and typed as a Home Office code where it does not; the page passes axe-core either way."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SUGGESTION = (
    "#ogrs4_offence_code-search__listbox "
    ".autocomplete__option:not(.autocomplete__option--no-results)"
)


def fill_person(page: Any) -> None:
    page.check("input[name=gender][value=male]")
    for field, (day, month, year) in (
        ("date_of_birth", ("17", "7", "1991")),
        ("conviction_date", ("5", "8", "2021")),
        ("follow_up_start", ("12", "12", "2021")),
        ("assessment_date", ("4", "8", "2026")),
    ):
        page.fill(f"#{field}-day", day)
        page.fill(f"#{field}-month", month)
        page.fill(f"#{field}-year", year)
    page.fill("#total_sanctions", "2")
    page.fill("#age_at_first_sanction", "21")


def test_typing_words_of_the_description_fills_the_code_and_shows_the_category(
    visit: Visit,
) -> None:
    page = visit.page
    visit.goto("/ogrs4")
    fill_person(page)
    page.fill("#ogrs4_offence_code-search", "seals conservation")
    page.locator(SUGGESTION).first.wait_for()
    suggestions = page.locator(SUGGESTION).all_inner_texts()
    assert len(suggestions) == 1 and "11618, other offences" in suggestions[0], suggestions
    visit.audit()  # with the menu open
    page.locator(SUGGESTION).first.click()
    assert page.input_value("#ogrs4_offence_code") == "11618"
    assert "OGRS4 category: other offences" in page.inner_text("#ogrs4-offence-category")
    with page.expect_navigation():
        page.click("button:has-text('Calculate')")
    visit.audit()
    assert "OGRS4/G 4.27% in two years" in page.inner_text(".govuk-panel__title")
    assert not visit.violations, visit.violations
    assert not visit.console_errors, visit.console_errors


def test_a_code_typed_by_hand_shows_its_category_or_says_there_is_none(visit: Visit) -> None:
    page = visit.page
    visit.goto("/ogrs4")
    page.fill("#ogrs4_offence_code", "04600")
    page.locator("#ogrs4_offence_code").blur()
    category = page.locator("#ogrs4-offence-category")
    category.filter(has_text="theft (non-motor)").wait_for()
    page.fill("#ogrs4_offence_code", "00001")
    page.locator("#ogrs4_offence_code").blur()
    category.filter(has_text="No scoreable offence has the code 00001").wait_for()
    assert not visit.console_errors, visit.console_errors


def test_without_javascript_the_code_is_typed(browser: Any, live_server: Any) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/ogrs4")
        assert page.locator("#ogrs4_offence_code-search").count() == 0
        fill_person(page)
        page.fill("#ogrs4_offence_code", "11618")
        with page.expect_navigation():
            page.click("button:has-text('Calculate')")
        assert "OGRS4/G 4.27% in two years" in page.inner_text(".govuk-panel__title")
        assert "OGRS4 category: other offences" in page.inner_text("main")
    finally:
        context.close()
