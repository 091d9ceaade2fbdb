"""The proposal API's paths, added with its schemas to the OpenAPI document at
/api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from catalogue import openapi
from proposal.web.openapi_requests import REQUEST_SCHEMAS, Schema, json_content, object_schema, ref
from proposal.web.openapi_responses import RESPONSE_SCHEMAS

SCHEMAS: dict[str, Schema] = {**REQUEST_SCHEMAS, **RESPONSE_SCHEMAS}

ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
CSRF_HEADER = {
    "name": "X-CSRFToken",
    "in": "header",
    "required": True,
    "schema": {"type": "string"},
}
INVALID = json_content("Invalid input: a message per field.", ref("ValidationErrors"))
PATHS: dict[str, dict[str, Any]] = {
    "/api/v1/recommendations": {
        "post": {
            "operationId": "createRecommendation",
            "summary": "Recommend a maximum number of RAR days, with the working (stores nothing)",
            "requestBody": {
                "required": True,
                **json_content("The case.", ref("RecommendationRequest")),
            },
            "responses": {
                "200": json_content("The recommendation.", ref("Recommendation")),
                "422": INVALID,
            },
        }
    },
    "/api/v1/ogrs3": {
        "post": {
            "operationId": "calculateOgrs3",
            "summary": "OGRS3 one- and two-year percentages, band and each term of the sum",
            "requestBody": {
                "required": True,
                **json_content("Static factors.", ref("Ogrs3Request")),
            },
            "responses": {"200": json_content("The scores.", ref("Ogrs3Result")), "422": INVALID},
        }
    },
    "/api/v1/ogrs4": {
        "post": {
            "operationId": "calculateOgrs4",
            "summary": "OGRS4/G static two-year score, band and each term (and OGRS4/V static)",
            "requestBody": {
                "required": True,
                **json_content("Static inputs.", ref("Ogrs4Request")),
            },
            "responses": {"200": json_content("The scores.", ref("Ogrs4Result")), "422": INVALID},
        }
    },
    "/api/v1/ogrs4/offences": {
        "get": {
            "operationId": "listOgrs4Offences",
            "summary": "Find scoreable Home Office offence codes by words of their description",
            "parameters": [
                {
                    "name": "q",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "maxLength": 200},
                    "description": "Words of the description (all must appear), or the "
                    "start of a code. At most 20 offences are answered.",
                }
            ],
            "responses": {
                "200": json_content(
                    "Matching offences.",
                    {"type": "array", "maxItems": 20, "items": ref("Ogrs4Offence")},
                )
            },
        }
    },
    "/api/v1/proposals": {
        "post": {
            "operationId": "createProposal",
            "summary": "Save a draft proposal (signed-in court officers and administrators)",
            "description": "Cookie authentication (POST /login), so send the token from "
            "GET /api/v1/proposals/csrf-token in an X-CSRFToken header.",
            "parameters": [
                {
                    "name": "X-CSRFToken",
                    "in": "header",
                    "required": True,
                    "schema": {"type": "string"},
                },
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                    "description": "Any unique text (a UUID): sending the same key again "
                    "answers the proposal saved with it the first time and "
                    "saves nothing new, so a retry is safe.",
                },
            ],
            "requestBody": {
                "required": True,
                **json_content("The case and the defendant.", ref("ProposalRequest")),
            },
            "responses": {
                "201": json_content("Saved: where to see it and its PDFs.", ref("ProposalCreated")),
                "400": {"description": "The CSRF token is missing or wrong."},
                "401": {"description": "Not signed in."},
                "403": {"description": "Not a court officer or administrator."},
                "422": INVALID,
            },
        }
    },
    "/api/v1/proposals/{id}": {
        "get": {
            "operationId": "getProposal",
            "parameters": [ID],
            "summary": "A saved proposal (its author and administrators; 404 for anyone else)",
            "responses": {
                "200": json_content("The proposal.", ref("Proposal")),
                "401": {"description": "Not signed in."},
                "404": {"description": "No such proposal, or not yours."},
            },
        },
        "patch": {
            "operationId": "patchProposal",
            "summary": "Change the officer's text, the days (with a reason) or the answers",
            "description": "CSRF as for POST /api/v1/proposals. The generated statements "
            "and every number are worked out again; the officer's text is "
            "kept. `version`, when sent, must be the current one.",
            "parameters": [ID, CSRF_HEADER],
            "requestBody": {"required": True, **json_content("The changes.", ref("ProposalPatch"))},
            "responses": {
                "200": json_content("The changed proposal.", ref("Proposal")),
                "400": {"description": "The CSRF token is missing or wrong."},
                "401": {"description": "Not signed in."},
                "404": {"description": "No such proposal, or not yours."},
                "409": json_content("Final, or changed since `version`.", ref("ProposalRefused")),
                "422": INVALID,
            },
        },
    },
    "/api/v1/proposals/{id}/finalise": {
        "post": {
            "operationId": "finaliseProposal",
            "summary": "Finalise a draft: nothing in it can change afterwards",
            "description": "Refused (409, with the reason and where) while the officer's "
            "text names a number of days other than the proposal's.",
            "parameters": [ID, CSRF_HEADER],
            "requestBody": {
                "required": False,
                **json_content(
                    "Optionally the version.",
                    object_schema([], {"version": {"type": "integer"}}, closed=True),
                ),
            },
            "responses": {
                "200": json_content("The final proposal.", ref("Proposal")),
                "400": {"description": "The CSRF token is missing or wrong."},
                "401": {"description": "Not signed in."},
                "404": {"description": "No such proposal, or not yours."},
                "409": json_content(
                    "Final already, changed, or refused: the reason.", ref("ProposalRefused")
                ),
                "422": INVALID,
            },
        }
    },
    "/api/v1/proposals/csrf-token": {
        "get": {
            "operationId": "getProposalCsrfToken",
            "summary": "A CSRF token for POST /api/v1/proposals (signed-in officers)",
            "responses": {
                "200": {"description": '{"csrf_token": ..., "header": "X-CSRFToken"}'},
                "401": {"description": "Not signed in."},
            },
        }
    },
}


def register() -> None:
    """Add the proposal API to the OpenAPI document (idempotent)."""
    for name, schema in SCHEMAS.items():
        openapi.register_schema(name, schema)
    for path, operations in PATHS.items():
        openapi.register_path(path, operations)
