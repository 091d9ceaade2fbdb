"""The public front door: the accessibility statement, the privacy notice and the API
described for people (the OpenAPI document rendered, with a link to the raw JSON)."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, current_app, render_template

from catalogue import openapi

bp = Blueprint("front_door", __name__)


@bp.app_context_processor
def feedback_link() -> dict[str, str]:
    """Every page's phase banner and footer link to the feedback address."""
    return {"feedback_url": current_app.config["FEEDBACK_URL"]}


@bp.get("/accessibility")
def accessibility() -> str:
    """How accessible the service is, what is known not to be, and how to report a problem."""
    return render_template("about/accessibility.html")


@bp.get("/privacy")
def privacy() -> str:
    """What personal data the service holds, why, and for how long."""
    return render_template("about/privacy.html")


@bp.get("/api")
def api_docs() -> str:
    """The read API for people: each operation, its parameters, answers and data shapes."""
    return render_template("about/api.html", api=readable_api(openapi.document()))


def readable_api(doc: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document arranged for a page: operations with plain parameter rows."""
    operations = []
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": op.get("operationId", f"{method}-{path}"),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [_parameter(p) for p in op.get("parameters", [])],
                    "responses": [
                        (code, _described(doc, answer)) for code, answer in op["responses"].items()
                    ],
                }
            )
    schemas = {
        name: [
            (
                field,
                _type_of(spec),
                spec.get("description", ""),
                field in schema.get("required", ()),
            )
            for field, spec in schema.get("properties", {}).items()
        ]
        for name, schema in doc["components"]["schemas"].items()
    }
    return {"info": doc["info"], "operations": operations, "schemas": schemas}


def _parameter(param: dict[str, Any]) -> dict[str, Any]:
    schema = param.get("schema", {})
    values = schema.get("enum") or schema.get("items", {}).get("enum") or []
    limits = [
        f"{word} {schema[key]}"
        for key, word in (("minimum", "from"), ("maximum", "to"))
        if key in schema
    ]
    return {
        "name": param["name"],
        "where": param.get("in", "query"),
        "required": bool(param.get("required")),
        "description": param.get("description", ""),
        "allowed": ", ".join(str(v) for v in values) or " ".join(limits) or _type_of(schema),
        "repeatable": schema.get("type") == "array",
    }


def _described(doc: dict[str, Any], answer: dict[str, Any]) -> str:
    if "$ref" in answer:
        answer = doc["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    shape = answer.get("content", {}).get("application/json", {}).get("schema", {})
    name = shape.get("$ref", "").rsplit("/", 1)[-1] or _type_of(shape)
    return f"{answer.get('description', '')} ({name})" if name else answer.get("description", "")


def _type_of(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[1]
    kind = spec.get("type", "")
    if kind == "array":
        return f"list of {_type_of(spec.get('items', {}))}"
    if isinstance(kind, list):
        return " or ".join(kind)
    if "enum" in spec:
        return "one of " + ", ".join(json.dumps(v) for v in spec["enum"])
    return str(kind or "any")
