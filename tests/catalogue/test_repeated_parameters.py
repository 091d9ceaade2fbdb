"""A query parameter given more than once has every value checked, whatever the order."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

SEARCH, ORUK = "/api/v1/interventions", "/oruk/services"


@pytest.mark.parametrize(
    "query",
    [
        "gender=bogus&gender=any",
        "gender=any&gender=bogus",
        "min_sessions=2&min_sessions=abc",
        "min_sessions=abc&min_sessions=2",
        "open_now=true&open_now=maybe",
        "gender=male&gender=female",
    ],
)
def test_search_refuses_a_bad_or_conflicting_repeat(client: FlaskClient, query: str) -> None:
    response = client.get(f"{SEARCH}?{query}")
    assert response.status_code == 400, response.get_data(as_text=True)


def test_search_accepts_the_same_value_twice(client: FlaskClient) -> None:
    assert client.get(f"{SEARCH}?gender=male&gender=male").status_code == 200


@pytest.mark.parametrize("query", ["page=1&page=abc", "page=abc&page=1", "per_page=5&per_page=6"])
def test_oruk_refuses_a_bad_or_conflicting_repeat(client: FlaskClient, query: str) -> None:
    assert client.get(f"{ORUK}?{query}").status_code == 400


def test_the_search_page_shows_the_repeat_error(client: FlaskClient) -> None:
    page = client.get("/?gender=any&gender=bogus")  # the page lists results and the error
    assert "Choose any, male or female for gender" in page.get_data(as_text=True)
