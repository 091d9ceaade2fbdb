"""Every JSON endpoint fed bad bodies and bad values in every field, by hand and by
hypothesis: never a 500, always JSON naming what to fix; the open endpoints store nothing."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from proposal.web.demand import DemandRecord
from proposal.web.models import Proposal
from tests.proposal.web.conftest import api_body, defendant
from tests.robustness.battery import JSON_VALUES, RAW_BODIES, assert_json_answer

OGRS3_BODY = {
    "gender": "male",
    "age": 30,
    "age_at_first_sanction": 17,
    "previous_sanctions": 3,
    "offence_category": "robbery",
}
OPEN_ENDPOINTS = {"/api/v1/recommendations": api_body, "/api/v1/ogrs3": lambda: OGRS3_BODY}
HYPOTHESIS = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path in a JSON value, however deep (list items by index)."""
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        yield (*prefix, key)
        yield from paths(item, (*prefix, key))


def replaced(body: Any, path: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(body)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


def removed(body: Any, path: tuple[Any, ...]) -> Any:
    changed = copy.deepcopy(body)
    target = changed
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return changed


def stored_rows(app: Flask) -> tuple[int, int]:
    with app.extensions["db_sessionmaker"]() as session:
        return (
            session.scalar(select(func.count()).select_from(Proposal)) or 0,
            session.scalar(select(func.count()).select_from(DemandRecord)) or 0,
        )


@pytest.mark.parametrize("url", sorted(OPEN_ENDPOINTS))
def test_open_endpoints_answer_malformed_bodies_with_json_errors(
    seeded_app: Flask, url: str
) -> None:
    client, before = seeded_app.test_client(), stored_rows(seeded_app)
    for body in RAW_BODIES:
        for content_type in ("application/json", "text/plain", None):
            response = client.post(url, data=body, content_type=content_type)
            assert_json_answer(response, f"{url} {body[:40]!r} as {content_type}")
    assert stored_rows(seeded_app) == before


@pytest.mark.parametrize("url", sorted(OPEN_ENDPOINTS))
def test_open_endpoints_answer_a_bad_value_in_any_field(seeded_app: Flask, url: str) -> None:
    client, valid = seeded_app.test_client(), OPEN_ENDPOINTS[url]()
    assert client.post(url, json=valid).status_code == 200
    for path in list(paths(valid)):
        response = client.post(url, json=removed(valid, path))
        assert_json_answer(response, f"{url} without {path}")
        for value in JSON_VALUES:
            response = client.post(url, json=replaced(valid, path, value))
            assert_json_answer(response, f"{url} {path}={str(value)[:30]!r}")


def test_recommendations_say_which_field_is_wrong(seeded_client: FlaskClient) -> None:
    cases = {
        ("age",): "age",
        ("predictor", "score"): "predictor.score",
        ("order", "months"): "order.months",
        ("region",): "region",
    }
    for path, field in cases.items():
        response = seeded_client.post(
            "/api/v1/recommendations", json=replaced(api_body(), path, "2026-02-31")
        )
        assert response.status_code == 422
        assert field in response.get_json()["errors"], response.get_json()


# --- Hypothesis ---------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def with_field_values(base: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """The body's own keys (each maybe dropped) with arbitrary JSON or plausible values."""
    plausible = st.sampled_from([*JSON_VALUES[:17], "london", "male", "OGRS3", 62, 12, 30])
    value = json_values | plausible
    fields = {key: st.one_of(st.just(original), value) for key, original in base.items()}
    return st.fixed_dictionaries({}, optional=fields)


@HYPOTHESIS
@given(body=json_values | with_field_values(api_body()))
def test_recommendations_never_fail_whatever_json_is_sent(seeded_app: Flask, body: Any) -> None:
    response = seeded_app.test_client().post("/api/v1/recommendations", json=body)
    assert_json_answer(response, repr(body)[:200])
    assert response.status_code in (200, 422)


@HYPOTHESIS
@given(body=json_values | with_field_values(OGRS3_BODY))
def test_ogrs3_never_fails_whatever_json_is_sent(seeded_app: Flask, body: Any) -> None:
    response = seeded_app.test_client().post("/api/v1/ogrs3", json=body)
    assert_json_answer(response, repr(body)[:200])
    assert response.status_code in (200, 422)


LIST_PARAMS = [
    "q",
    "need",
    "region",
    "pdu",
    "format",
    "type",
    "eip_status",
    "gender",
    "min_sessions",
    "max_sessions",
    "open_now",
    "page",
    "per_page",
]


@HYPOTHESIS
@given(
    params=st.lists(
        st.tuples(
            st.sampled_from(LIST_PARAMS),
            st.text(max_size=30) | st.sampled_from(["-1", "0", "1e9", "10001", "london", "*"]),
        ),
        max_size=6,
    )
)
def test_the_list_endpoint_answers_any_parameters(
    seeded_app: Flask, params: list[tuple[str, str]]
) -> None:
    response = seeded_app.test_client().get("/api/v1/interventions", query_string=params)
    assert_json_answer(response, repr(params))
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.get_json()["field"] in LIST_PARAMS


# --- Signed-in JSON writes ----------------------------------------------------------------------


@pytest.fixture
def writer(
    client: FlaskClient,
    login: Callable[..., Any],
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
) -> tuple[FlaskClient, str]:
    """An administrator's client, and the URL of a London availability row it may PATCH."""
    login(client, "admin")
    housing = make_intervention(name="Housing Advice Service", needs=["accommodation"])
    make_availability(housing, "london")
    return client, f"/api/v1/interventions/{housing.id}/availability/london"


def test_saving_a_proposal_answers_bad_bodies_and_fields(writer: tuple[FlaskClient, str]) -> None:
    client, _url = writer
    valid = api_body(defendant=defendant())
    for body in RAW_BODIES:
        assert_json_answer(client.post("/api/v1/proposals", data=body), f"{body[:40]!r}")
    for path in list(paths(valid)):
        for value in (None, "", "2026-02-31", -1, 10**30, [], {}, "x" * 5000, "\x00"):
            response = client.post("/api/v1/proposals", json=replaced(valid, path, value))
            assert_json_answer(response, f"{path}={str(value)[:20]!r}")


def test_patching_availability_answers_bad_bodies_and_fields(
    writer: tuple[FlaskClient, str],
) -> None:
    client, url = writer
    for body in RAW_BODIES:
        assert_json_answer(client.patch(url, data=body, content_type="application/json"), url)
    valid = {"status": "open", "next_start": "2030-01-01", "places": 4, "wait_weeks": 2}
    for name in valid:
        for value in JSON_VALUES:
            current = client.get(url.replace("/availability/london", "/history"))
            assert current.status_code < 500
            response = client.patch(url, json={**valid, name: value, "version": 1})
            assert_json_answer(response, f"{name}={str(value)[:30]!r}")
