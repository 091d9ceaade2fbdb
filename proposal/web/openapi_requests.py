"""The proposal API's request schemas, and the helpers its other OpenAPI modules share."""

from __future__ import annotations

from typing import Any

from proposal.ogrs3 import OFFENCE_CATEGORIES
from proposal.policy import GENDERS, NEED_LABELS, ORDER_TYPES, PREDICTOR_ALIASES, PREDICTORS
from proposal.web.inputs import FLAG_NAMES, OTHER_REQUIREMENTS

Schema = dict[str, Any]
BANDS = ["none", "low", "medium", "high"]


def ref(name: str) -> Schema:
    """A reference to a named schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def object_schema(required: list[str], properties: Schema, closed: bool = False) -> Schema:
    """An object with these properties; `closed` refuses any other."""
    schema: Schema = {"type": "object", "required": required, "properties": properties}
    if closed:
        schema["additionalProperties"] = False
    return schema


def nullable(kind: str, **extra: Any) -> Schema:
    """A value of the JSON type, or null."""
    return {"type": [kind, "null"], **extra}


def json_content(description: str, schema: Schema) -> Schema:
    """A described JSON body with this schema (a request body or an answer)."""
    return {"description": description, "content": {"application/json": {"schema": schema}}}


OGRS3_FACTORS = object_schema(
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
OGRS4_REQUEST = object_schema(
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
        "violent_sanctions": nullable(
            "integer",
            minimum=0,
            description=("Violent sanctions (0 to total_sanctions): gives OGRS4/V as well."),
        ),
        "follow_up_start": nullable(
            "string",
            format="date",
            description=(
                "Start of the community sentence or earliest release; defaults to the conviction "
                "date, as the published service does."
            ),
        ),
        "assessment_date": nullable("string", format="date", description="Defaults to today."),
    },
    closed=True,
)
CASE_PROPERTIES: Schema = {
    "region": {"type": "string", "description": "A region slug, e.g. london."},
    "pdu": nullable("string", description="A PDU slug in the region, or null."),
    "gender": {"enum": list(GENDERS)},
    "age": {"type": "integer", "minimum": 18, "maximum": 110},
    "predictor": object_schema(
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
            "other_name": nullable(
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
        "items": object_schema(
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
    "order": object_schema(
        ["type", "months"],
        {
            "type": {"enum": list(ORDER_TYPES)},
            "months": {"type": "integer", "minimum": 1, "maximum": 36},
        },
        closed=True,
    ),
    "exceptional_circumstances": nullable(
        "string",
        maxLength=2000,
        description=("Needed below OGRS 25 to propose a RAR at all (the low band then applies)."),
    ),
    "offence_category": nullable("string", description="An OGRS3 offence category."),
    "ovp_score": nullable("integer", minimum=0, maximum=100),
    "other_requirements": {"type": "array", "items": {"enum": list(OTHER_REQUIREMENTS)}},
}
CASE_REQUIRED = ["region", "gender", "age", "needs", "order"]
ONE_PREDICTOR = {"oneOf": [{"required": [key]} for key in ("predictor", "ogrs3", "ogrs4")]}

REQUEST_SCHEMAS: dict[str, Schema] = {
    "RecommendationRequest": {
        **object_schema(CASE_REQUIRED, CASE_PROPERTIES, closed=True),
        **ONE_PREDICTOR,
    },
    "ProposalRequest": {
        **object_schema(
            [r for r in CASE_REQUIRED if r not in ("region", "age")] + ["defendant"],
            {
                **CASE_PROPERTIES,
                "defendant": object_schema(
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
    "Ogrs3Request": object_schema(
        ["gender", "age", "age_at_first_sanction", "previous_sanctions", "offence_category"],
        OGRS3_FACTORS["properties"],
        closed=True,
    ),
    "Ogrs4Request": OGRS4_REQUEST,
    "ProposalPatch": {
        **object_schema(
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
    "ValidationErrors": object_schema(
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
