"""The API's contract checked from outside: schemathesis generates requests for every
operation in the OpenAPI document (a bounded number each, so the suite stays fast) and
checks that none answers 500 and every answer matches the document (status, content type,
headers, body schema). Requests carry a signed-in administrator's session cookie, so the
operations behind sign-in are exercised too."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from catalogue import search
from catalogue.cli import upgrade_database
from core.db import make_engine
from tests.conftest import FAST_HASH, PASSWORD, SEED, _database_url, _drop_schemas, make_app

EXAMPLES_PER_OPERATION = 12
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)


@pytest.fixture(scope="module")
def contract_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app on a database of its own holding the seed catalogue: the requests write to it."""
    from accounts.services import create_user
    from catalogue.seed import load_seed

    root = tmp_path_factory.mktemp("contract")
    url = _database_url(root, "contract")
    upgrade_database(url)
    application = make_app(url, root / "index")
    with application.app_context(), application.extensions["db_sessionmaker"]() as session:
        load_seed(session, SEED)
        search.sync(session)
        create_user(
            session, "contract.admin@example.org", PASSWORD, "admin", (), hash_method=FAST_HASH
        )
    yield application
    application.extensions["db_engine"].dispose()
    make_engine(url).dispose()
    _drop_schemas([url] if "%3D" in url else [])


@pytest.fixture(scope="module")
def session_cookie(contract_app: Flask) -> str:
    """The session cookie of a signed-in administrator."""
    client = contract_app.test_client()
    response = client.post(
        "/login", data={"email": "contract.admin@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


@pytest.fixture(scope="module")
def api_schema(contract_app: Flask) -> Any:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", contract_app)


def test_every_operation_keeps_its_contract(api_schema: Any, session_cookie: str) -> None:
    failures: dict[str, str] = {}
    answered: dict[str, Counter[int]] = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def keeps_contract(case: Any) -> None:
            # The test client does not unzip: ask for plain bodies, as a browser could.
            headers = {**(case.headers or {}), "Accept-Encoding": "identity"}
            response = case.call_and_validate(
                headers=headers, cookies={"session": session_cookie}, checks=CHECKS
            )
            answered.setdefault(case.operation.label, Counter())[response.status_code] += 1

        try:
            keeps_contract()
        except (Exception, BaseExceptionGroup) as exc:  # report every operation's failures
            failures[operation.label] = str(exc)[:2000]
    print("statuses answered per operation:", answered)
    assert not failures, "\n\n".join(f"{label}: {why}" for label, why in failures.items())


def test_the_contract_test_reaches_every_operation(api_schema: Any) -> None:
    labels = {result.ok().label for result in api_schema.get_all_operations()}
    assert len(labels) >= 10
    assert {"POST /api/v1/proposals", "GET /api/v1/interventions"} <= labels
