"""Every page and read endpoint fed bad query parameters and bad path values: never a 500,
and a refusal says what to fix."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from tests.robustness.battery import (
    EXPECTED_REFUSALS,
    STRINGS,
    assert_json_answer,
    says_what_to_fix,
)

COMMON_PARAMS = {
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
    "from",
    "to",
    "next",
    "kind",
    "status",
}
NAME = re.compile(r'name="([a-z_]+)"')
GET_FORM = re.compile(r'<form[^>]*method="get"[^>]*>(.*?)</form>', re.DOTALL | re.IGNORECASE)
BAD_PATH_VALUES = ["no-such", "%00", "x" * 5000, "' OR 1=1 --", "..%2F..%2Fapp.py", "-1", "😀"]


@pytest.fixture
def known(
    client: FlaskClient,
    login: Callable[..., Any],
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
) -> dict[str, Any]:
    login(client, "admin")
    housing = make_intervention(name="Housing Advice Service", needs=["accommodation"])
    row = make_availability(housing, "london")
    return {
        "slug": housing.slug,
        "key": str(housing.id),
        "id_or_slug": housing.slug,
        "region": "london",
        "row_id": row.id,
        "user_id": 1,
        "token": "a" * 32,
        "term_id": 1,
        "message_id": 1,
        "id": "00000000-0000-0000-0000-000000000000",
        "service_id": str(housing.id),
        "filename": "app.css",
    }


def get_rules(app: Flask) -> list[Rule]:
    return sorted(
        (
            r
            for r in app.url_map.iter_rules()
            if "GET" in (r.methods or ()) and r.endpoint != "static"
        ),
        key=lambda r: r.rule,
    )


def url(app: Flask, rule: Rule, values: dict[str, Any]) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})


def check(response: Any, where: str) -> str | None:
    if response.mimetype == "application/json":
        try:
            assert_json_answer(response, where)
        except AssertionError as exc:
            return str(exc)
        return None
    if response.status_code >= 500:
        return f"{where}: {response.status_code}"
    if response.status_code >= 400:
        if response.status_code not in EXPECTED_REFUSALS:
            return f"{where}: unexpected {response.status_code}"
        if response.mimetype == "text/html" and not says_what_to_fix(
            response.get_data(as_text=True)
        ):
            return f"{where}: {response.status_code} without a message"
    return None


ONE_AT_A_TIME = ["", "-1", "99999999999999999999", "2026-02-31", "x" * 5000, "\x00"]


def test_every_get_route_answers_bad_query_parameters(
    app: Flask, client: FlaskClient, known: dict[str, Any]
) -> None:
    problems = []
    for rule in get_rules(app):
        path = url(app, rule, known)
        page = client.get(path)
        get_forms = GET_FORM.findall(page.get_data(as_text=True))
        used = {name for form in get_forms for name in NAME.findall(form)}
        if page.mimetype == "application/json":
            used |= COMMON_PARAMS
        for value in STRINGS:  # every parameter at once
            response = client.get(path, query_string={name: value for name in COMMON_PARAMS | used})
            problems.append(check(response, f"GET {path} every parameter={value[:30]!r}"))
        for name in sorted(used):  # then one at a time, so an early refusal hides nothing
            for value in ONE_AT_A_TIME:
                response = client.get(path, query_string=[(name, value), (name, value)])
                problems.append(check(response, f"GET {path}?{name}={value[:30]!r}"))
    found = [p for p in problems if p]
    assert not found, "\n".join(found)


def test_every_route_answers_bad_path_values(
    app: Flask, client: FlaskClient, known: dict[str, Any]
) -> None:
    problems = []
    for rule in app.url_map.iter_rules():
        if not rule.arguments or rule.endpoint == "static":
            continue
        for name in rule.arguments:
            for value in BAD_PATH_VALUES:
                path = url(app, rule, known)
                bad = path.replace(str(known[name]), value, 1)
                for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                    response = client.open(bad, method=method)
                    problems.append(check(response, f"{method} {bad[:80]}"))
    found = [p for p in problems if p]
    assert not found, "\n".join(found)
