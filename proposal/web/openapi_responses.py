"""The proposal API's answer schemas: the recommendation, the OGRS results, the saved
proposal and the refusals."""

from __future__ import annotations

from catalogue.reference import AVAILABILITY_STATUSES, EIP_STATUSES, INTERVENTION_TYPES
from proposal.web.openapi_requests import BANDS, OGRS4_BANDS, Schema, nullable, object_schema, ref

RESPONSE_SCHEMAS: dict[str, Schema] = {
    "Band": object_schema(
        ["name", "min_days", "max_days"],
        {
            "name": {"enum": BANDS},
            "min_days": nullable("integer"),
            "max_days": nullable("integer"),
        },
    ),
    "PlannedActivity": object_schema(
        ["intervention", "needs", "rar_days", "availability"],
        {
            "intervention": object_schema(
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
            "availability": object_schema(
                ["region", "pdu", "status", "next_start", "confirmed_at", "stale"],
                {
                    "region": {"type": "string"},
                    "pdu": nullable("string"),
                    "status": {"enum": list(AVAILABILITY_STATUSES)},
                    "next_start": nullable("string", format="date"),
                    "places": nullable("integer"),
                    "wait_weeks": nullable("integer"),
                    "confirmed_at": nullable("string", format="date"),
                    "stale": {"type": "boolean"},
                },
            ),
            "deprioritised": {"type": "boolean"},
            "stale": {
                "type": "boolean",
                "description": "On a saved proposal: its availability "
                "was stale when saved, or has not been confirmed within the limit since.",
            },
            "check": nullable("string", description="What to check with the treatment manager."),
        },
    ),
    "Recommendation": object_schema(
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
            "band": ref("Band"),
            "recommended_max_days": nullable("integer", description="Null when no RAR."),
            "planned_days": {"type": "integer"},
            "allowance_days": {"type": "integer"},
            "activities": {"type": "array", "items": ref("PlannedActivity")},
            "routed": {
                "type": "array",
                "items": object_schema(
                    ["need", "requirement", "reason"],
                    {
                        "need": nullable("string"),
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
                "items": object_schema(
                    ["code", "message"], {"code": {"type": "string"}, "message": {"type": "string"}}
                ),
            },
            "calculation": {
                "type": "array",
                "items": object_schema(
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
            "ogrs3": {"oneOf": [{"type": "null"}, ref("Ogrs3Result")]},
            "ogrs4": {"oneOf": [{"type": "null"}, ref("Ogrs4Result")]},
        },
    ),
    "Ogrs3Result": object_schema(
        ["one_year", "two_year", "band", "terms"],
        {
            "one_year": {"type": "integer", "minimum": 1, "maximum": 99},
            "two_year": {"type": "integer", "minimum": 1, "maximum": 99},
            "band": ref("Band"),
            "terms": {
                "type": "array",
                "items": object_schema(
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
    "Ogrs4Term": object_schema(
        ["name", "label", "value"],
        {"name": {"type": "string"}, "label": {"type": "string"}, "value": {"type": "number"}},
    ),
    "Ogrs4Offence": object_schema(
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
    "Ogrs4Result": object_schema(
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
            "terms": {"type": "array", "items": ref("Ogrs4Term")},
            "offence": ref("Ogrs4Offence"),
            "violent": {
                "oneOf": [
                    {"type": "null"},
                    object_schema(
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
                            "terms": {"type": "array", "items": ref("Ogrs4Term")},
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
    "ProposalCreated": object_schema(
        ["id", "url", "psr_pdf", "defendant_pdf"],
        {
            "id": {"type": "string", "format": "uuid"},
            "url": {"type": "string"},
            "psr_pdf": {"type": "string"},
            "defendant_pdf": {"type": "string"},
        },
    ),
    "Proposal": object_schema(
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
            "recommended_max_days": nullable("integer", description="The calculated number."),
            "final_days": nullable("integer", description="The number the PSR shows."),
            "override": {
                "oneOf": [
                    {"type": "null"},
                    object_schema(
                        ["days", "reason"],
                        {"days": {"type": "integer"}, "reason": {"type": "string"}},
                    ),
                ]
            },
            "band": ref("Band"),
            "activities": {"type": "array", "items": ref("PlannedActivity")},
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
                "items": object_schema(
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
                "items": object_schema(
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
                "items": object_schema(
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
            "author": object_schema(
                ["name", "job_title"],
                {"name": {"type": "string"}, "job_title": {"type": "string"}},
                closed=True,
            ),
            "outcome": {
                "oneOf": [{"type": "null"}, ref("ProposalOutcome")],
                "description": "What the court ordered (PUT .../outcome), or null.",
            },
        },
    ),
    "ProposalRefused": object_schema(
        ["error"],
        {
            "error": {"type": "string", "description": "Why, and where to put it right."},
            "current": {"oneOf": [{"type": "null"}, ref("Proposal")]},
        },
    ),
}
