"""The data-quality dashboard: each kind of problem, counted by region and linked to its fix."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from catalogue.models import Intervention


@pytest.fixture
def problems(make_intervention: Callable[..., Any], make_availability: Callable[..., Any]) -> Any:
    """One intervention per problem, each offered in London; a sound one in Wales."""
    old = datetime.now() - timedelta(days=100)
    stale = make_availability(make_intervention(name="Stale Course"), "london", confirmed_at=old)
    withdrawn = make_availability(
        make_intervention(name="Gone Course", status="withdrawn"), "london", status="open"
    )
    no_summary = make_intervention(name="Quiet Course", summary="")
    no_sessions = make_intervention(name="Empty Course", one_to_one_sessions=0)
    no_date = make_intervention(name="Approved Course", eip_status="approved", eip_decided_on=None)
    for intervention in (no_summary, no_sessions, no_date):
        make_availability(intervention, "london")
    make_availability(make_intervention(name="Sound Course"), "wales")
    nowhere = make_intervention(name="Lonely Course", summary="")
    return stale, withdrawn, no_summary, no_sessions, no_date, nowhere


def section(html: str, heading: str) -> str:
    """The list under a heading that starts with the given words."""
    found = re.search(re.escape(heading) + r".*?</h3>\s*<ul[^>]*>(.*?)</ul>", html, re.S)
    assert found is not None, heading
    return found.group(1)


def test_each_problem_is_listed_with_a_link_to_its_fix(
    client: FlaskClient, login: Callable[..., Any], problems: Any
) -> None:
    stale, withdrawn, no_summary, no_sessions, no_date, _nowhere = problems
    login(client, "interventions-editor")
    html = client.get("/admin/quality").get_data(as_text=True)
    london = html[html.index('id="london"') : html.index('id="north-east"')]
    row_url = "/admin/regions/london/availability/{}"
    assert row_url.format(stale.id) in section(london, "Stale availability (1)")
    assert row_url.format(withdrawn.id) in section(
        london, "Withdrawn but still shown as available (1)"
    )
    assert f"/admin/interventions/{no_summary.slug}/edit" in section(
        london, "Missing a summary (1)"
    )
    assert f"/admin/interventions/{no_sessions.slug}/edit" in section(
        london, "Missing the session structure (0 sessions) (1)"
    )
    assert f"/admin/interventions/{no_date.slug}/edit" in section(
        london, "Missing the EIP decision date (1)"
    )
    assert "London: 5 to fix" in html
    assert "Wales: 0 to fix" in html


def test_national_editors_also_see_interventions_offered_nowhere(
    client: FlaskClient, login: Callable[..., Any], problems: Any
) -> None:
    login(client, "interventions-editor")
    html = client.get("/admin/quality").get_data(as_text=True)
    nowhere = html[html.index('id="nowhere"') :]
    assert "Lonely Course" in section(nowhere, "Missing a summary (1)")


def test_regional_editors_see_their_regions_and_links_they_may_follow(
    client: FlaskClient, login: Callable[..., Any], problems: Any
) -> None:
    _stale, _withdrawn, no_summary, *_rest = problems
    login(client, "interventions-editor", ("london",))
    html = client.get("/admin/quality").get_data(as_text=True)
    assert 'id="london"' in html
    assert 'id="wales"' not in html and 'id="nowhere"' not in html
    assert f"/admin/interventions/{no_summary.slug}/edit" not in html
    assert f'href="/admin/interventions/{no_summary.slug}"' in html


def test_a_fixed_problem_leaves_the_list(
    client: FlaskClient, login: Callable[..., Any], problems: Any, session: Any
) -> None:
    _stale, _withdrawn, no_summary, *_rest = problems
    found = session.get(Intervention, no_summary.id)
    found.summary = "Now it has one."
    session.commit()
    login(client, "interventions-editor", ("london",))
    html = client.get("/admin/quality").get_data(as_text=True)
    assert "Missing a summary (" not in html
