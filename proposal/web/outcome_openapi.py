"""The outcome API's path and schemas, added to the OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from catalogue import openapi
from proposal.web.inputs import OTHER_REQUIREMENTS
from proposal.web.outcomes import MAX_RAR_DAYS, SENTENCES

OUTCOME_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["sentence", "rar_ordered", "rar_days", "other_requirements", "sentence_date"],
    "properties": {
        "sentence": {"enum": list(SENTENCES)},
        "rar_ordered": {"type": "boolean"},
        "rar_days": {
            "type": ["integer", "null"],
            "minimum": 1,
            "maximum": MAX_RAR_DAYS,
            "description": "The maximum RAR days ordered; null when no RAR was ordered.",
        },
        "other_requirements": {
            "type": "array",
            "items": {"enum": list(OTHER_REQUIREMENTS)},
            "description": "Only with a community or suspended sentence order.",
        },
        "sentence_date": {
            "type": "string",
            "format": "date",
            "description": "Not before the hearing date, not in the future.",
        },
    },
}
JSON = "application/json"
PATH = {
    "put": {
        "operationId": "putProposalOutcome",
        "summary": "Record or change the outcome of the hearing (the proposal's author)",
        "description": "Cookie authentication (POST /login); send the token from "
        "GET /api/v1/proposals/csrf-token in an X-CSRFToken header. The author may change "
        "the outcome until OUTCOME_EDITABLE_DAYS (default 56) after the hearing date.",
        "parameters": [
            {
                "name": "id",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "format": "uuid"},
            },
            {"name": "X-CSRFToken", "in": "header", "required": True, "schema": {"type": "string"}},
        ],
        "requestBody": {"required": True, "content": {JSON: {"schema": OUTCOME_SCHEMA}}},
        "responses": {
            "200": {
                "description": "The outcome as stored, and the last day it may change.",
                "content": {
                    JSON: {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "outcome": {"$ref": "#/components/schemas/ProposalOutcome"},
                                "editable_until": {"type": "string", "format": "date"},
                            },
                        }
                    }
                },
            },
            "400": {"description": "The CSRF token is missing or wrong."},
            "401": {"description": "Not signed in."},
            "403": {"description": "Not a court officer, or not the proposal's author."},
            "404": {"description": "No such proposal that you may open."},
            "409": {"description": "The time for recording the outcome has passed."},
            "422": {"description": 'Invalid input: {"errors": {field: message}}.'},
        },
    }
}


def register() -> None:
    """Add the outcome endpoint and the ProposalOutcome schema to the document (idempotent)."""
    openapi.register_schema("ProposalOutcome", OUTCOME_SCHEMA)
    openapi.register_path("/api/v1/proposals/{id}/outcome", PATH)
