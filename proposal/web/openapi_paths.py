"""The proposal API's paths and schemas, added to the OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from catalogue import openapi
from catalogue.reference import AVAILABILITY_STATUSES, EIP_STATUSES, INTERVENTION_TYPES
from proposal.ogrs3 import OFFENCE_CATEGORIES
from proposal.policy import GENDERS, NEED_LABELS, ORDER_TYPES, PREDICTOR_ALIASES, PREDICTORS
from proposal.web.inputs import FLAG_NAMES, OTHER_REQUIREMENTS

Schema = dict[str, Any]
BANDS = ["none", "low", "medium", "high"]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(required: list[str], properties: Schema, closed: bool = False) -> Schema:
    schema: Schema = {"type": "object", "required": required, "properties": properties}
    if closed:
        schema["additionalProperties"] = False
    return schema


def _nullable(kind: str, **extra: Any) -> Schema:
    return {"type": [kind, "null"], **extra}


def _json(description: str, schema: Schema) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


OGRS3_FACTORS = _object(
    ["age_at_first_sanction", "previous_sanctions"],
    {
        "gender": {"enum": list(GENDERS), "description": "Defaults to the case's gender."},
        "age": {
            "type": "integer",
            "minimum": 18,
            "description": "Age at conviction; defaults to the case's age.",
        },
        "age_at_first_sanction": {"type": "integer", "minimum": 10},
        "previous_sanctions": {"type": "integer", "minimum": 0},
        "offence_category": {"enum": list(OFFENCE_CATEGORIES)},
        "age_at_follow_up": {"type": "integer", "description": "Age at sentence, for the band."},
    },
    closed=True,
)
OGRS4_BANDS = ["low", "medium", "high", "very-high"]
OGRS4_DATE = {"type": "string", "format": "date", "description": "YYYY-MM-DD"}
OGRS4_REQUEST = _object(
    [
        "gender",
        "date_of_birth",
        "conviction_date",
        "offence_code",
        "total_sanctions",
        "age_at_first_sanction",
    ],
    {
        "gender": {"enum": list(GENDERS)},
        "date_of_birth": OGRS4_DATE,
        "conviction_date": {**OGRS4_DATE, "description": "Date of the current conviction."},
        "offence_code": {
            "type": "string",
            "pattern": "^[0-9]{5}$",
            "examples": ["11618"],
            "description": "Home Office offence code, as a string of 5 digits.",
        },
        "total_sanctions": {
            "type": "integer",
            "minimum": 1,
            "maximum": 999,
            "description": "Sanction occasions, counting the current one.",
        },
        "age_at_first_sanction": {"type": "integer", "minimum": 0, "maximum": 109},
        "violent_sanctions": _nullable(
            "integer",
            minimum=0,
            description=("Violent sanctions (0 to total_sanctions): gives OGRS4/V as well."),
        ),
        "follow_up_start": _nullable(
            "string",
            format="date",
            description=(
                "Start of the community sentence or earliest release; defaults to the conviction "
                "date, as the published service does."
            ),
        ),
        "assessment_date": _nullable("string", format="date", description="Defaults to today."),
    },
    closed=True,
)
CASE_PROPERTIES: Schema = {
    "region": {"type": "string", "description": "A region slug, e.g. london."},
    "pdu": _nullable("string", description="A PDU slug in the region, or null."),
    "gender": {"enum": list(GENDERS)},
    "age": {"type": "integer", "minimum": 18, "maximum": 110},
    "predictor": _object(
        ["name", "score"],
        {
            "name": {
                "enum": [*PREDICTORS, *PREDICTOR_ALIASES],
                "description": "OGRS4 is accepted as an older name for OGRS4/G.",
            },
            "score": {
                "type": "integer",
                "minimum": 0,
                "maximum": 100,
                "description": "Two-year percentage.",
            },
            "other_name": _nullable(
                "string",
                maxLength=60,
                description="The predictor's name: required when name is other, refused otherwise.",
            ),
        },
        closed=True,
    ),
    "ogrs3": OGRS3_FACTORS,
    "ogrs4": {
        **OGRS4_REQUEST,
        "required": OGRS4_REQUEST["required"][2:],
        "description": (
            "Calculate OGRS4/G static instead of giving a score. gender defaults to the case's, "
            "date_of_birth to the defendant's."
        ),
    },
    "needs": {
        "type": "array",
        "maxItems": 20,
        "items": _object(
            ["area", "linked_to_reoffending", "linked_to_harm"],
            {
                "area": {"enum": list(NEED_LABELS)},
                "linked_to_reoffending": {"type": "boolean"},
                "linked_to_harm": {"type": "boolean"},
            },
            closed=True,
        ),
    },
    "flags": {
        "type": "object",
        "additionalProperties": False,
        "properties": {name: {"type": "boolean"} for name in FLAG_NAMES},
    },
    "order": _object(
        ["type", "months"],
        {
            "type": {"enum": list(ORDER_TYPES)},
            "months": {"type": "integer", "minimum": 1, "maximum": 36},
        },
        closed=True,
    ),
    "exceptional_circumstances": _nullable(
        "string",
        maxLength=2000,
        description=("Needed below OGRS 25 to propose a RAR at all (the low band then applies)."),
    ),
    "offence_category": _nullable("string", description="An OGRS3 offence category."),
    "ovp_score": _nullable("integer", minimum=0, maximum=100),
    "other_requirements": {"type": "array", "items": {"enum": list(OTHER_REQUIREMENTS)}},
}
CASE_REQUIRED = ["region", "gender", "age", "needs", "order"]
ONE_PREDICTOR = {"oneOf": [{"required": [key]} for key in ("predictor", "ogrs3", "ogrs4")]}

SCHEMAS: dict[str, Schema] = {
    "RecommendationRequest": {
        **_object(CASE_REQUIRED, CASE_PROPERTIES, closed=True),
        **ONE_PREDICTOR,
    },
    "ProposalRequest": {
        **_object(
            [r for r in CASE_REQUIRED if r not in ("region", "age")] + ["defendant"],
            {
                **CASE_PROPERTIES,
                "defendant": _object(
                    ["name", "date_of_birth", "case_reference", "court", "hearing_date"],
                    {
                        "name": {"type": "string", "maxLength": 200},
                        "date_of_birth": {"type": "string", "format": "date"},
                        "case_reference": {"type": "string", "maxLength": 60},
                        "court": {
                            "type": "string",
                            "description": "A court slug: gives region and PDU.",
                        },
                        "hearing_date": {"type": "string", "format": "date"},
                    },
                    closed=True,
                ),
            },
            closed=True,
        ),
        **ONE_PREDICTOR,
        "description": "region, pdu and age may be left out: the court gives the region and "
        "PDU, the date of birth and hearing date give the age.",
    },
    "Band": _object(
        ["name", "min_days", "max_days"],
        {
            "name": {"enum": BANDS},
            "min_days": _nullable("integer"),
            "max_days": _nullable("integer"),
        },
    ),
    "PlannedActivity": _object(
        ["intervention", "needs", "rar_days", "availability"],
        {
            "intervention": _object(
                ["id", "slug", "name", "type", "eip_status"],
                {
                    "id": {"type": "string"},
                    "slug": {"type": "string"},
                    "name": {"type": "string"},
                    "type": {"enum": list(INTERVENTION_TYPES)},
                    "eip_status": {"enum": list(EIP_STATUSES)},
                    "sessions": {"type": "integer"},
                },
            ),
            "needs": {"type": "array", "items": {"type": "string"}},
            "rar_days": {"type": "integer"},
            "availability": _object(
                ["region", "pdu", "status", "next_start", "confirmed_at", "stale"],
                {
                    "region": {"type": "string"},
                    "pdu": _nullable("string"),
                    "status": {"enum": list(AVAILABILITY_STATUSES)},
                    "next_start": _nullable("string", format="date"),
                    "places": _nullable("integer"),
                    "wait_weeks": _nullable("integer"),
                    "confirmed_at": _nullable("string", format="date"),
                    "stale": {"type": "boolean"},
                },
            ),
            "deprioritised": {"type": "boolean"},
            "stale": {
                "type": "boolean",
                "description": "On a saved proposal: its availability "
                "was stale when saved, or has not been confirmed within the limit since.",
            },
            "check": _nullable("string", description="What to check with the treatment manager."),
        },
    ),
    "Recommendation": _object(
        [
            "recommend_rar",
            "band",
            "recommended_max_days",
            "planned_days",
            "allowance_days",
            "activities",
            "routed",
            "unmet_needs",
            "warnings",
            "calculation",
            "rationale",
        ],
        {
            "recommend_rar": {"type": "boolean"},
            "band": _ref("Band"),
            "recommended_max_days": _nullable("integer", description="Null when no RAR."),
            "planned_days": {"type": "integer"},
            "allowance_days": {"type": "integer"},
            "activities": {"type": "array", "items": _ref("PlannedActivity")},
            "routed": {
                "type": "array",
                "items": _object(
                    ["need", "requirement", "reason"],
                    {
                        "need": _nullable("string"),
                        "requirement": {"type": "string"},
                        "reason": {"type": "string"},
                    },
                ),
            },
            "unmet_needs": {"type": "array", "items": {"type": "string"}},
            "unmet_open_elsewhere": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Unmet needs nothing in the PDU meets "
                "but an activity elsewhere in the region does.",
            },
            "warnings": {
                "type": "array",
                "items": _object(
                    ["code", "message"], {"code": {"type": "string"}, "message": {"type": "string"}}
                ),
            },
            "calculation": {
                "type": "array",
                "items": _object(
                    ["label", "value", "explanation"],
                    {
                        "label": {"type": "string"},
                        "value": {"type": ["integer", "string"]},
                        "explanation": {"type": "string"},
                    },
                ),
            },
            "rationale": {"type": "string"},
            "policy_version": {"type": "string"},
            "ogrs3": {"oneOf": [{"type": "null"}, _ref("Ogrs3Result")]},
            "ogrs4": {"oneOf": [{"type": "null"}, _ref("Ogrs4Result")]},
        },
    ),
    "Ogrs3Request": _object(
        ["gender", "age", "age_at_first_sanction", "previous_sanctions", "offence_category"],
        OGRS3_FACTORS["properties"],
        closed=True,
    ),
    "Ogrs3Result": _object(
        ["one_year", "two_year", "band", "terms"],
        {
            "one_year": {"type": "integer", "minimum": 1, "maximum": 99},
            "two_year": {"type": "integer", "minimum": 1, "maximum": 99},
            "band": _ref("Band"),
            "terms": {
                "type": "array",
                "items": _object(
                    ["name", "label", "value"],
                    {
                        "name": {"type": "string"},
                        "label": {"type": "string"},
                        "value": {"type": "number"},
                    },
                ),
            },
        },
    ),
    "Ogrs4Request": OGRS4_REQUEST,
    "Ogrs4Term": _object(
        ["name", "label", "value"],
        {"name": {"type": "string"}, "label": {"type": "string"}, "value": {"type": "number"}},
    ),
    "Ogrs4Offence": _object(
        ["code", "description", "category"],
        {
            "code": {"type": "string", "pattern": "^[0-9]{5}$"},
            "description": {"type": "string"},
            "category": {
                "type": "string",
                "description": "The actuarial category, e.g. OTHER_OFFENCES.",
            },
            "category_label": {"type": "string"},
        },
    ),
    "Ogrs4Result": _object(
        ["predictor", "two_year", "band", "terms", "offence", "violent"],
        {
            "predictor": {"const": "OGRS4/G"},
            "two_year": {
                "type": "number",
                "minimum": 0.01,
                "maximum": 99.99,
                "description": "Two-year percentage, rounded half up to 2 decimals.",
            },
            "band": {
                "enum": OGRS4_BANDS,
                "description": "The model's own band: low < 50 ≤ medium "
                "< 75 ≤ high < 90 ≤ very-high.",
            },
            "linear_predictor": {"type": "number"},
            "terms": {"type": "array", "items": _ref("Ogrs4Term")},
            "offence": _ref("Ogrs4Offence"),
            "violent": {
                "oneOf": [
                    {"type": "null"},
                    _object(
                        ["predictor", "two_year", "band"],
                        {
                            "predictor": {"const": "OGRS4/V"},
                            "two_year": {"type": "number", "minimum": 0.01, "maximum": 99.99},
                            "band": {
                                "enum": OGRS4_BANDS,
                                "description": "OGRS4/V's own band: low < 30 ≤ "
                                "medium < 60 ≤ high < 80 ≤ very-high.",
                            },
                            "linear_predictor": {"type": "number"},
                            "terms": {"type": "array", "items": _ref("Ogrs4Term")},
                        },
                    ),
                ],
                "description": "OGRS4/V static, when violent_sanctions was given; it is not OVP.",
            },
            "inputs": {"type": "object", "description": "Every input, with the defaults applied."},
            "derived": {"type": "object", "additionalProperties": {"type": "integer"}},
            "version": {"type": "string", "description": "The commit of the MoJ model source."},
            "source": {"type": "object"},
        },
    ),
    "ProposalCreated": _object(
        ["id", "url", "psr_pdf", "defendant_pdf"],
        {
            "id": {"type": "string", "format": "uuid"},
            "url": {"type": "string"},
            "psr_pdf": {"type": "string"},
            "defendant_pdf": {"type": "string"},
        },
    ),
    "Proposal": _object(
        [
            "id",
            "status",
            "recommend_rar",
            "recommended_max_days",
            "final_days",
            "override",
            "band",
            "activities",
            "routed",
            "unmet_needs",
            "warnings",
            "rationale",
            "changed_since_saved",
            "author",
            "outcome",
        ],
        {
            "id": {"type": "string", "format": "uuid"},
            "status": {"enum": ["draft", "final"]},
            "version": {"type": "integer", "description": "Send it back with a change."},
            "recommend_rar": {"type": "boolean"},
            "recommended_max_days": _nullable("integer", description="The calculated number."),
            "final_days": _nullable("integer", description="The number the PSR shows."),
            "override": {
                "oneOf": [
                    {"type": "null"},
                    _object(
                        ["days", "reason"],
                        {"days": {"type": "integer"}, "reason": {"type": "string"}},
                    ),
                ]
            },
            "band": _ref("Band"),
            "activities": {"type": "array", "items": _ref("PlannedActivity")},
            "routed": {"type": "array", "items": {"type": "object"}},
            "unmet_needs": {"type": "array", "items": {"type": "string"}},
            "unmet_open_elsewhere": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Unmet needs nothing in the PDU meets "
                "but an activity elsewhere in the region does.",
            },
            "warnings": {
                "type": "array",
                "items": _object(
                    ["code", "message"], {"code": {"type": "string"}, "message": {"type": "string"}}
                ),
            },
            "rationale": {
                "type": "string",
                "description": "As the PSR prints it: the "
                "generated statements, then the officer's own text.",
            },
            "generated_rationale": {
                "type": "string",
                "description": "Rewritten from the result after every change.",
            },
            "officer_text": {"type": "string", "description": "What PATCH `rationale` sets."},
            "officer_text_conflicts": {
                "type": "array",
                "items": _object(
                    ["days", "paragraph", "phrase"],
                    {
                        "days": {"type": "integer"},
                        "paragraph": {"type": "integer"},
                        "phrase": {"type": "string"},
                    },
                ),
            },
            "changed_since_saved": {
                "type": "array",
                "items": _object(
                    ["activity", "kind", "message"],
                    {
                        "activity": {"type": "string"},
                        "kind": {
                            "enum": ["withdrawn", "paused", "not-available", "stale", "next-start"]
                        },
                        "message": {"type": "string"},
                    },
                ),
            },
            "author": _object(
                ["name", "job_title"],
                {"name": {"type": "string"}, "job_title": {"type": "string"}},
                closed=True,
            ),
            "outcome": {
                "oneOf": [{"type": "null"}, _ref("ProposalOutcome")],
                "description": "What the court ordered (PUT .../outcome), or null.",
            },
        },
    ),
    "ProposalPatch": {
        **_object(
            [],
            {
                "rationale": {
                    "type": "string",
                    "maxLength": 4000,
                    "description": "The officer's own text (the generated statements "
                    "are not editable).",
                },
                "days": {"type": "integer", "minimum": 1},
                "reason": {"type": "string"},
                "inputs": {
                    "type": "object",
                    "description": "Changed answers, in the shape of "
                    "ProposalRequest; the result is worked out again from today's catalogue.",
                },
                "version": {"type": "integer"},
            },
            closed=True,
        ),
        "dependentRequired": {"days": ["reason"], "reason": ["days"]},
        "minProperties": 1,
    },
    "ProposalRefused": _object(
        ["error"],
        {
            "error": {"type": "string", "description": "Why, and where to put it right."},
            "current": {"oneOf": [{"type": "null"}, _ref("Proposal")]},
        },
    ),
    "ValidationErrors": _object(
        ["errors"],
        {
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "Message per field path in the body, e.g. predictor.score.",
            }
        },
    ),
}

ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
CSRF_HEADER = {
    "name": "X-CSRFToken",
    "in": "header",
    "required": True,
    "schema": {"type": "string"},
}
INVALID = _json("Invalid input: a message per field.", _ref("ValidationErrors"))
PATHS: dict[str, dict[str, Any]] = {
    "/api/v1/recommendations": {
        "post": {
            "operationId": "createRecommendation",
            "summary": "Recommend a maximum number of RAR days, with the working (stores nothing)",
            "requestBody": {"required": True, **_json("The case.", _ref("RecommendationRequest"))},
            "responses": {
                "200": _json("The recommendation.", _ref("Recommendation")),
                "422": INVALID,
            },
        }
    },
    "/api/v1/ogrs3": {
        "post": {
            "operationId": "calculateOgrs3",
            "summary": "OGRS3 one- and two-year percentages, band and each term of the sum",
            "requestBody": {"required": True, **_json("Static factors.", _ref("Ogrs3Request"))},
            "responses": {"200": _json("The scores.", _ref("Ogrs3Result")), "422": INVALID},
        }
    },
    "/api/v1/ogrs4": {
        "post": {
            "operationId": "calculateOgrs4",
            "summary": "OGRS4/G static two-year score, band and each term (and OGRS4/V static)",
            "requestBody": {"required": True, **_json("Static inputs.", _ref("Ogrs4Request"))},
            "responses": {"200": _json("The scores.", _ref("Ogrs4Result")), "422": INVALID},
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
                "200": _json(
                    "Matching offences.",
                    {"type": "array", "maxItems": 20, "items": _ref("Ogrs4Offence")},
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
                **_json("The case and the defendant.", _ref("ProposalRequest")),
            },
            "responses": {
                "201": _json("Saved: where to see it and its PDFs.", _ref("ProposalCreated")),
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
                "200": _json("The proposal.", _ref("Proposal")),
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
            "requestBody": {"required": True, **_json("The changes.", _ref("ProposalPatch"))},
            "responses": {
                "200": _json("The changed proposal.", _ref("Proposal")),
                "400": {"description": "The CSRF token is missing or wrong."},
                "401": {"description": "Not signed in."},
                "404": {"description": "No such proposal, or not yours."},
                "409": _json("Final, or changed since `version`.", _ref("ProposalRefused")),
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
                **_json(
                    "Optionally the version.",
                    _object([], {"version": {"type": "integer"}}, closed=True),
                ),
            },
            "responses": {
                "200": _json("The final proposal.", _ref("Proposal")),
                "400": {"description": "The CSRF token is missing or wrong."},
                "401": {"description": "Not signed in."},
                "404": {"description": "No such proposal, or not yours."},
                "409": _json(
                    "Final already, changed, or refused: the reason.", _ref("ProposalRefused")
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
