"""Keyboard-only use: the filter panel and the proposal form are reached with Tab in order,
operated with Space, arrows and typing, and submitted with Enter; focus is always visible."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import OFFICER, Visit, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FOCUS_VISIBLE = """() => {
    const el = document.activeElement, style = getComputedStyle(el);
    return (style.outlineStyle !== 'none' && style.outlineWidth !== '0px')
        || style.boxShadow !== 'none' || getComputedStyle(el, '::after').outlineStyle !== 'none';
}"""


def focused(page: Any) -> str:
    """The focused element, as tag#id[name=value] (text for links and buttons)."""
    return str(
        page.evaluate(
            """() => { const el = document.activeElement;
                return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                    + (el.name ? `[${el.name}=${el.value}]` : '')
                    + (['A', 'BUTTON'].includes(el.tagName) ? ' ' + el.innerText.trim() : ''); }"""
        )
    )


def tab_to(page: Any, selector: str, text: str = "", limit: int = 250) -> list[str]:
    """Press Tab until the focused element matches the selector (and holds the text); the
    elements passed on the way."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        passed.append(focused(page))
        if page.evaluate(
            "([s, t]) => document.activeElement.matches(s) "
            "&& document.activeElement.innerText.includes(t)",
            [selector, text],
        ):
            assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {passed[-1]}"
            return passed
    raise AssertionError(f"Tab never reached {selector}; passed {passed[-20:]}")


def test_the_filter_panel_works_from_the_keyboard_alone(visit: Visit) -> None:
    page = visit.page
    visit.goto("/")
    passed = tab_to(page, "#region")
    assert passed[0].startswith("a") and "Skip to main content" in passed[0]
    page.keyboard.type("London")  # type-ahead picks the option
    assert page.eval_on_selector("#region", "el => el.value") == "london"
    tab_to(page, "input[name=need][value=accommodation]")
    page.keyboard.press("Space")
    tab_to(page, "#min_sessions")
    page.keyboard.type("2")
    tab_to(page, "button")  # the second Apply filters, at the end of the panel
    assert "Apply filters" in focused(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visit.audit()
    assert "region=london" in page.url and "min_sessions=2" in page.url

    tab_to(page, ".app-filter-tag", text="Accommodation")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visit.audit()
    assert "need=" not in page.url and "region=london" in page.url
    assert not visit.violations, visit.violations


def test_the_filter_controls_come_in_reading_order(visit: Visit) -> None:
    visit.goto("/")
    passed = tab_to(visit.page, "#q")
    order = [p for p in passed if p.startswith(("select", "input", "button"))]
    firsts = [
        next(i for i, p in enumerate(order) if p.startswith(start))
        for start in (
            "select#region",
            "select#pdu",
            "input#open_now",
            "input#need",
            "input#gender",
            "input#min_sessions",
            "input#max_sessions",
        )
    ]
    assert firsts == sorted(firsts), order


def test_the_proposal_form_can_be_completed_and_sent_from_the_keyboard(visit: Visit) -> None:
    sign_in(visit, OFFICER)
    page = visit.page
    visit.goto("/proposals/new")
    page.locator("body").focus()

    tab_to(page, "#court")
    page.keyboard.type("Highbury")  # the type-ahead offers the court; Enter chooses it
    page.locator(".autocomplete__option--focused").wait_for()
    page.keyboard.press("Enter")
    assert page.eval_on_selector("#court-select", "el => el.value") == "highbury-corner"
    tab_to(page, "#defendant_name")
    page.keyboard.type("Kim Keyboard")
    tab_to(page, "#date_of_birth-day")  # GOV.UK date input: day, month, year in turn
    page.keyboard.type("27")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("1990")
    assert page.input_value("#date_of_birth-year") == "1990"
    tab_to(page, "#case_reference")
    page.keyboard.type("KB-1")
    tab_to(page, "input[name=gender]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=predictor]")
    page.keyboard.press("Space")
    tab_to(page, "#score")
    page.keyboard.type("62")
    tab_to(page, "input[name=reoffending][value=accommodation]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=reoffending][value=attitudes-thinking-behaviour]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=order_type]")
    page.keyboard.press("Space")
    tab_to(page, "#order_months")
    page.keyboard.type("12")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/proposals/[0-9a-f-]{36}$", page.url), page.url
    visit.audit()
    assert "Kim Keyboard" in page.content()
    assert int(page.inner_text("#final-days")) > 0
    assert not visit.violations, visit.violations


def test_a_keyboard_mistake_is_shown_and_focus_moves_to_the_summary(visit: Visit) -> None:
    sign_in(visit, OFFICER)
    page = visit.page
    visit.goto("/proposals/new")
    tab_to(page, "#defendant_name")
    page.keyboard.type("Kim Keyboard")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visit.audit()
    assert page.locator(".govuk-error-summary").count() == 1
    assert page.eval_on_selector("#defendant_name", "el => el.value") == "Kim Keyboard"
    page.wait_for_function("document.activeElement.closest('.govuk-error-summary') !== null")
    tab_to(page, ".govuk-error-summary a")
    page.keyboard.press("Enter")  # the summary's link takes focus to the field
    page.wait_for_function("document.activeElement.matches('input, select, textarea')")
    assert not visit.violations, visit.violations
