"""One loader for every view: a missing object is a 404, an object not the user's a 403,
answered as a page or, under /api/, as JSON with the loader's message."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from catalogue.models import Region
from web.loading import allowed_or_403, found_or_404, get_or_404

NO_INTERVENTION = "No current intervention has that id or slug."
NO_HISTORY = "No intervention has that id or slug."
NO_ROW = "No availability row for that intervention, region and PDU."


@pytest.mark.parametrize(
    ("method", "path", "message"),
    [
        ("GET", "/api/v1/interventions/no-such-activity", NO_INTERVENTION),
        ("GET", f"/api/v1/proposals/{uuid.uuid4()}", "No such proposal."),
        ("PATCH", f"/api/v1/proposals/{uuid.uuid4()}", "No such proposal."),
        ("POST", f"/api/v1/proposals/{uuid.uuid4()}/finalise", "No such proposal."),
        ("PUT", f"/api/v1/proposals/{uuid.uuid4()}/outcome", "No such proposal."),
        ("GET", "/api/v1/interventions/no-such-activity/history", NO_HISTORY),
        ("PATCH", "/api/v1/interventions/no-such-activity/availability/london", NO_ROW),
    ],
)
def test_the_api_answers_a_missing_object_with_json_naming_it(
    client: FlaskClient, login: Callable[..., Any], method: str, path: str, message: str
) -> None:
    login(client, "admin")
    response = client.open(path, method=method, json={"status": "open"})
    assert response.status_code == 404
    assert response.is_json and response.get_json() == {"error": message}


@pytest.mark.parametrize(
    "path",
    [
        "/interventions/no-such-activity",
        "/regions/atlantis",
        "/regions/atlantis/summary.pdf",
        f"/proposals/{uuid.uuid4()}",
        f"/proposals/{uuid.uuid4()}/outcome",
        "/admin/interventions/no-such-activity",
        "/admin/regions/atlantis/availability",
        "/admin/regions/london/availability/999999",
        "/admin/users/999999",
    ],
)
def test_a_page_for_a_missing_object_is_the_not_found_page(
    client: FlaskClient, login: Callable[..., Any], path: str
) -> None:
    login(client, "admin")
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_an_editor_changing_another_regions_row_is_refused_in_json(
    client: FlaskClient, login: Callable[..., Any]
) -> None:
    login(client, "interventions-editor", ("wales",))
    response = client.patch("/api/v1/interventions/x/availability/london", json={})
    assert response.status_code == 403
    assert response.get_json() == {"error": "You may only change availability in your own regions."}


def test_werkzeugs_generic_text_gives_way_to_our_own(client: FlaskClient) -> None:
    response = client.delete("/api/v1/interventions")
    assert response.status_code == 405
    assert response.get_json() == {"error": "That method is not allowed here."}


def test_a_refusal_with_its_own_message_shows_it_on_the_page(
    client: FlaskClient, login: Callable[..., Any]
) -> None:
    login(client, "interventions-editor")
    response = client.post(f"/admin/import/{'a' * 32}/apply")
    assert response.status_code == 404
    assert "That upload has expired or was already applied" in response.get_data(as_text=True)


def test_the_loader_returns_the_object_or_ends_the_request(app: Flask) -> None:
    from werkzeug.exceptions import Forbidden, NotFound

    with app.test_request_context():
        assert get_or_404(Region, "london").name == "London"
        with pytest.raises(NotFound):
            get_or_404(Region, "atlantis")
        with pytest.raises(NotFound) as missing:
            found_or_404(None, "Nothing here.")
        assert missing.value.description == "Nothing here."
        assert allowed_or_403("row", True) == "row"
        with pytest.raises(Forbidden):
            allowed_or_403("row", False, "Not yours.")
