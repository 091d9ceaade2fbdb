"""The hand-written OpenAPI 3.1 description of the read API.

Other packages add their own endpoints with `register_path` (and `register_schema` for the
shapes they return) at import time; `document()` assembles a fresh copy on each call.
Schemas are JSON Schema 2020-12, so tests validate real responses against them.
"""

from __future__ import annotations

import copy
from typing import Any

from catalogue.filters import DEFAULT_PER_PAGE, GENDER_CHOICES, MAX_PER_PAGE, MAX_TEXT_CHARS
from catalogue.reference import AVAILABILITY_STATUSES, EIP_STATUSES, FORMATS, INTERVENTION_TYPES

INFO = {
    "title": "RAR Directory read API",
    "version": "1.0.0",
    "description": (
        "Rehabilitation Activity Requirement interventions, where they are available, and "
        "the reference data behind them. Read-only and public: no prices are ever included. "
        "Providers, prices and availability in the sample catalogue are illustrative."
    ),
}

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **extra: Any) -> Schema:
    return {"type": [kind, "null"], **extra}


SCHEMAS: dict[str, Schema] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string", "description": "What was wrong, in plain English."},
            "field": {"type": "string", "description": "The query parameter at fault."},
        },
    },
    "Sessions": {
        "type": "object",
        "required": ["pre_group", "one_to_one", "group", "total", "session_minutes", "same_day"],
        "properties": {
            "pre_group": {"type": "integer", "minimum": 0},
            "one_to_one": {"type": "integer", "minimum": 0},
            "group": {"type": "integer", "minimum": 0},
            "total": {"type": "integer", "minimum": 0},
            "session_minutes": _nullable("integer"),
            "same_day": {
                "type": "integer",
                "minimum": 0,
                "description": "Sessions held on a day that already has one: they add no day.",
            },
        },
    },
    "Availability": {
        "type": "object",
        "required": ["region", "pdu", "status", "next_start", "places", "wait_weeks"],
        "properties": {
            "region": {"type": "string"},
            "region_name": {"type": "string"},
            "pdu": _nullable("string", description="Null when the row covers the whole region."),
            "pdu_name": _nullable("string"),
            "status": {"enum": list(AVAILABILITY_STATUSES)},
            "next_start": _nullable("string", format="date"),
            "places": _nullable("integer"),
            "wait_weeks": _nullable("integer"),
            "confirmed_at": _nullable("string", format="date"),
            "stale": {
                "type": "boolean",
                "description": "Not confirmed within the configured number of days (90).",
            },
        },
    },
    "Eligibility": {
        "type": "object",
        "required": ["gender"],
        "properties": {
            "gender": {"enum": ["any", "men", "women"]},
            "min_age": _nullable("integer"),
            "max_age": _nullable("integer"),
            "min_ogrs3": _nullable("integer"),
            "min_ovp": _nullable("integer"),
            "offence_focus": _nullable("string"),
            "excluded_offences": {"type": "array", "items": {"type": "string"}},
            "not_if_programme_eligible": {"type": "boolean"},
            "min_months_left": _nullable("integer"),
            "notes": {"type": "string"},
        },
    },
    "InterventionSummary": {
        "type": "object",
        "required": [
            "id",
            "slug",
            "name",
            "type",
            "eip_status",
            "summary",
            "needs",
            "sessions",
            "rar_days",
            "format",
            "attendance",
            "eligibility",
            "url",
        ],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "type": {"enum": list(INTERVENTION_TYPES)},
            "eip_status": {"enum": list(EIP_STATUSES)},
            "summary": {"type": "string"},
            "needs": {"type": "array", "items": {"type": "string"}},
            "sessions": _ref("Sessions"),
            "rar_days": _nullable(
                "integer",
                description="Activity days: sessions, counting sessions on one day once. Null "
                "for an accredited programme, which is its own requirement.",
            ),
            "format": {"enum": list(FORMATS)},
            "attendance": {"type": "string"},
            "eligibility": {"type": "object", "properties": {"gender": {"type": "string"}}},
            "sample": {"type": "boolean", "description": "Illustrative sample data."},
            "url": {"type": "string", "description": "The public page."},
            "availability": {
                "type": "array",
                "items": _ref("Availability"),
                "description": "Only when a region or PDU was chosen: rows for those places.",
            },
        },
        "not": {"anyOf": [{"required": ["price"]}, {"required": ["contract_reference"]}]},
    },
    "Intervention": {
        "allOf": [_ref("InterventionSummary")],
        "type": "object",
        "required": ["eligibility", "eip_decided_on", "provider", "sample", "availability"],
        "properties": {
            "description": {"type": "string"},
            "what_you_will_do": {"type": "string"},
            "weeks_to_complete": _nullable("integer"),
            "eligibility": _ref("Eligibility"),
            "eip_decided_on": _nullable("string", format="date"),
            "provider": {"type": "string"},
            "valid_from": _nullable("string", format="date"),
            "valid_to": _nullable("string", format="date"),
            "availability": {"type": "array", "items": _ref("Availability")},
        },
    },
    "Facets": {
        "type": "object",
        "description": (
            "Counts per filter value. Each facet's counts apply every other filter, so a "
            "count is the total that choosing that value alone (in that facet) would give."
        ),
        "required": ["need", "region", "type", "format", "eip_status", "gender"],
        "additionalProperties": {
            "type": "object",
            "additionalProperties": {"type": "integer", "minimum": 0},
        },
    },
    "InterventionList": {
        "type": "object",
        "required": ["total", "page", "per_page", "results", "facets"],
        "properties": {
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "pages": {"type": "integer", "minimum": 1},
            "results": {"type": "array", "items": _ref("InterventionSummary")},
            "facets": _ref("Facets"),
            "terms": {"type": "array", "items": {"type": "string"}},
            "matched_any": {
                "type": "boolean",
                "description": "No result had every word, so results match any of them.",
            },
            "syntax_ignored": {
                "type": "boolean",
                "description": "Search syntax in q was treated as plain words.",
            },
            "notices": {"type": "array", "items": {"type": "string"}},
            "understood": {
                "type": "array",
                "description": "Words the thesaurus expanded, and what they were taken to mean.",
                "items": {
                    "type": "object",
                    "required": ["term", "means"],
                    "properties": {"term": {"type": "string"}, "means": {"type": "string"}},
                },
            },
            "suggestions": {
                "type": "array",
                "description": (
                    "When nothing was found: next steps computed from the index and the "
                    "catalogue (did you mean, need areas, counts with a filter removed, all "
                    "regions), each a label and the URL of that search."
                ),
                "items": {
                    "type": "object",
                    "required": ["label", "url"],
                    "properties": {"label": {"type": "string"}, "url": {"type": "string"}},
                },
            },
        },
    },
    "Region": {
        "type": "object",
        "required": ["slug", "name", "pdus", "courts"],
        "properties": {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "pdus": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "name"],
                    "properties": {"slug": {"type": "string"}, "name": {"type": "string"}},
                },
            },
            "courts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "name", "pdu"],
                    "properties": {
                        "slug": {"type": "string"},
                        "name": {"type": "string"},
                        "pdu": {"type": "string"},
                    },
                },
            },
            "url": {"type": "string"},
        },
    },
    "Need": {
        "type": "object",
        "required": ["slug", "label"],
        "properties": {
            "slug": {"type": "string"},
            "label": {"type": "string"},
            "description": {"type": "string"},
        },
    },
}


def _list_parameter(name: str, description: str, values: list[str] | None = None) -> Schema:
    items: Schema = {"type": "string"}
    if values:
        items = {"enum": values}
    return {
        "name": name,
        "in": "query",
        "description": description + " Repeat the parameter for several values (any of them).",
        "style": "form",
        "explode": True,
        "schema": {"type": "array", "items": items},
    }


def _number_parameter(name: str, description: str, low: int, high: int) -> Schema:
    schema = {"type": "integer", "minimum": low, "maximum": high}
    return {"name": name, "in": "query", "description": description, "schema": schema}


SEARCH_PARAMETERS: list[Schema] = [
    {
        "name": "q",
        "in": "query",
        "description": (
            f"Free text (name, summary, description, provider, need). Only the first "
            f"{MAX_TEXT_CHARS} characters are used; control characters and search syntax are "
            "treated as plain words, never an error."
        ),
        "schema": {"type": "string"},
    },
    _list_parameter("need", "Need area slug (see /api/v1/needs)."),
    _list_parameter("region", "Region slug: only activities available there."),
    _list_parameter("pdu", "Probation Delivery Unit slug: only activities available there."),
    _list_parameter("format", "Delivery format.", list(FORMATS)),
    _list_parameter("type", "Intervention type.", list(INTERVENTION_TYPES)),
    _list_parameter("eip_status", "Effective Interventions Panel status.", list(EIP_STATUSES)),
    {
        "name": "gender",
        "in": "query",
        "description": (
            "The person's gender: only activities suitable for them (an activity for anyone "
            "suits both). 'men' and 'women' are accepted for 'male' and 'female'."
        ),
        "schema": {"enum": [*GENDER_CHOICES, "men", "women"]},
    },
    _number_parameter("min_sessions", "At least this many sessions in total.", 0, 999),
    _number_parameter("max_sessions", "At most this many sessions in total.", 0, 999),
    {
        "name": "open_now",
        "in": "query",
        "description": (
            "Only activities taking referrals now (in the chosen region or PDU if any). "
            "true/false, 1/0, yes/no, on/off."
        ),
        "schema": {"enum": ["true", "false", "1", "0", "yes", "no", "on", "off"]},
    },
    {
        "name": "exact",
        "in": "query",
        "description": (
            "Search the words alone: without it, words the search thesaurus knows (lay "
            "words, slang, abbreviations) also find what they mean, ranked below direct "
            "matches. true/false, 1/0, yes/no, on/off."
        ),
        "schema": {"enum": ["true", "false", "1", "0", "yes", "no", "on", "off"]},
    },
    {
        "name": "sort",
        "in": "query",
        "description": (
            "Order of results: relevance (default; by name without search words), "
            "next_start (soonest start in the chosen regions), wait (shortest typical "
            "wait) or name."
        ),
        "schema": {"enum": ["relevance", "next_start", "wait", "name"]},
    },
    _number_parameter("page", "Page of results, from 1.", 1, 10_000),
    {
        **_number_parameter("per_page", "Results per page.", 1, MAX_PER_PAGE),
        "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_PER_PAGE,
            "default": DEFAULT_PER_PAGE,
        },
    },
]


def _json(description: str, schema: Schema) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


RESPONSES: dict[str, Schema] = {
    "BadParameter": _json(
        "A filter value not in the vocabulary, or a malformed number; `field` names it.",
        _ref("Error"),
    ),
    "NotFound": _json("No current intervention has that id or slug.", _ref("Error")),
}

PATHS: dict[str, dict[str, Any]] = {
    "/api/v1/interventions": {
        "get": {
            "operationId": "listInterventions",
            "summary": "Search interventions, with facet counts",
            "parameters": SEARCH_PARAMETERS,
            "responses": {
                "200": _json("One page of results.", _ref("InterventionList")),
                "400": {"$ref": "#/components/responses/BadParameter"},
            },
        }
    },
    "/api/v1/interventions/{id_or_slug}": {
        "get": {
            "operationId": "getIntervention",
            "summary": "One intervention's full public record",
            "parameters": [
                {
                    "name": "id_or_slug",
                    "in": "path",
                    "required": True,
                    "description": "The intervention's UUID or slug.",
                    "schema": {"type": "string"},
                }
            ],
            "responses": {
                "200": _json("The intervention.", _ref("Intervention")),
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        }
    },
    "/api/v1/regions": {
        "get": {
            "operationId": "listRegions",
            "summary": "Probation regions with their PDUs and courts",
            "responses": {
                "200": _json("Every region.", {"type": "array", "items": _ref("Region")})
            },
        }
    },
    "/api/v1/needs": {
        "get": {
            "operationId": "listNeeds",
            "summary": "Need areas",
            "responses": {
                "200": _json("Every need area.", {"type": "array", "items": _ref("Need")})
            },
        }
    },
    "/api/v1/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "summary": "This document",
            "responses": {"200": {"description": "The OpenAPI document."}},
        }
    },
}


def register_path(path: str, operations: dict[str, Any]) -> None:
    """Describe another endpoint (merged with any operations already under the path)."""
    PATHS.setdefault(path, {}).update(operations)


def register_schema(name: str, schema: Schema) -> None:
    """Add a named schema that registered paths can refer to as #/components/schemas/<name>."""
    SCHEMAS[name] = schema


def document() -> dict[str, Any]:
    """The whole OpenAPI document, as a new dict."""
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": INFO,
        # Paths are absolute from the site root, whichever host serves the API.
        "servers": [{"url": "/"}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS, "responses": RESPONSES},
    }
    return copy.deepcopy(doc)
