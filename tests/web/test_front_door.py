"""The public front door: phase banner with feedback, accessibility statement, privacy
notice, and the API described for people beside the raw OpenAPI JSON."""

from __future__ import annotations

import pytest

from catalogue import openapi


def test_every_page_has_the_phase_banner_and_a_feedback_link(client, app):
    page = client.get("/").get_data(as_text=True)
    banner = page.split("govuk-phase-banner__content__tag", 2)[2].split("</p>", 1)[0]
    assert "Beta" in banner and app.config["FEEDBACK_URL"].replace("&", "&amp;") in banner


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/accessibility", "Accessibility statement"), ("/privacy", "Privacy notice")],
)
def test_the_statements_are_linked_from_every_footer(client, path, heading):
    assert heading in client.get(path).get_data(as_text=True)
    footer = client.get("/regions").get_data(as_text=True).split('class="govuk-footer', 1)[1]
    assert f'href="{path}"' in footer and 'href="/api"' in footer


def test_the_api_page_renders_every_operation_and_parameter_of_the_document(client):
    page = client.get("/api").get_data(as_text=True)
    doc = openapi.document()
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            assert f"{method.upper()} {path}" in page
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in page
    assert 'href="/api/v1/openapi.json"' in page
    assert "relevance, next_start, wait, name" in page


def test_the_raw_document_is_still_json(client):
    assert client.get("/api/v1/openapi.json").get_json()["openapi"].startswith("3.")
