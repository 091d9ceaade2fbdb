"""What the navigation reaches: the OGRS3 calculator for everyone; for editors, the gaps and
coverage reports in the menu and import and export one step away, on "Manage catalogue"."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient


def nav_links(html: str) -> dict[str, str]:
    """The service navigation's links, text → address."""
    nav = html.split('<ul class="govuk-service-navigation__list"', 1)[1].split("</ul>", 1)[0]
    found = re.findall(
        r'<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>(.*?)</a>', nav, re.S
    )
    return {re.sub(r"<[^>]+>", "", text).strip(): href for href, text in found}


@pytest.mark.parametrize("role", [None, "court-officer", "interventions-editor", "admin"])
def test_the_ogrs3_calculator_is_in_everyones_menu(
    client: FlaskClient, login: Callable[..., Any], role: str | None
) -> None:
    if role:
        login(client, role, ("london",) if role == "interventions-editor" else ())
    links = nav_links(client.get("/about/rar-days").get_data(as_text=True))
    assert links.get("OGRS3 calculator") == "/ogrs3"
    page = client.get("/ogrs3").get_data(as_text=True)
    assert 'aria-current="page"' in page.split("OGRS3 calculator</strong>")[0][-400:]


@pytest.mark.parametrize("role", ["interventions-editor", "admin"])
def test_editors_reach_gaps_coverage_import_and_export(
    client: FlaskClient, login: Callable[..., Any], role: str
) -> None:
    login(client, role, ("london",) if role == "interventions-editor" else ())
    links = nav_links(client.get("/about/rar-days").get_data(as_text=True))
    assert links.get("Gaps and coverage") == "/admin/gaps"
    dashboard = client.get(links["Manage catalogue"]).get_data(as_text=True)
    for address in (
        "/admin/gaps",
        "/admin/coverage",
        "/admin/import",
        "/admin/export/interventions.csv",
        "/admin/export/availability.csv",
    ):
        assert f'href="{address}"' in dashboard, address
        assert client.get(address).status_code == 200, address


def test_court_officers_menu_has_no_editor_pages(
    client: FlaskClient, login: Callable[..., Any]
) -> None:
    login(client, "court-officer")
    links = nav_links(client.get("/about/rar-days").get_data(as_text=True))
    assert "Gaps and coverage" not in links and "Manage catalogue" not in links
    assert {"Court proposal", "My proposals", "OGRS3 calculator"} <= set(links)
