"""The read API (JSON, versioned): search, one intervention, regions, needs, OpenAPI."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, jsonify, request
from werkzeug.wrappers import Response

from catalogue import filters, openapi, presenters, queries, search, suggestions
from catalogue.filters import FilterError
from core import db
from web.loading import found_or_404

bp = Blueprint("catalogue_api", __name__, url_prefix="/api/v1")


@bp.errorhandler(FilterError)
def bad_parameter(exc: FilterError) -> tuple[Response, int]:
    """A parameter value that is not allowed: say which, and why."""
    return jsonify({"error": exc.message, "field": exc.field}), 400


def _stale_after() -> int:
    return int(current_app.config["STALE_AFTER_DAYS"])


@bp.get("/interventions")
def list_interventions() -> Response:
    """Search: one page of results, the total and facet counts under the filters."""
    session = db.session()
    vocabulary = filters.vocabulary(session)
    parsed = filters.parse_search(request.args, vocabulary)
    if parsed.errors:
        raise parsed.errors[0]
    result = search.search(session, parsed.query)
    found = queries.interventions_by_ids(session, result.ids, current_on=date.today())
    answer = presenters.search_results(
        result, found, parsed.query, vocabulary, date.today(), _stale_after()
    )
    return jsonify(
        {
            **answer,
            "notices": list(parsed.notices),
            "understood": suggestions.understood(result, vocabulary),
            "suggestions": suggestions.suggestions(
                parsed.query, result, vocabulary, "catalogue_api.list_interventions"
            ),
        }
    )


@bp.get("/interventions/<id_or_slug>")
def get_intervention(id_or_slug: str) -> Response | tuple[Response, int]:
    """The full public record of one current intervention, by UUID or slug (never a price)."""
    found = found_or_404(
        queries.intervention_by_slug_or_id(db.session(), id_or_slug),
        "No current intervention has that id or slug.",
    )
    return jsonify(presenters.intervention_detail(found, date.today(), _stale_after()))


@bp.get("/regions")
def list_regions() -> Response:
    """Every region with its PDUs and courts."""
    session = db.session()
    courts = queries.courts_by_region(session)
    return jsonify([presenters.region(r, courts.get(r.slug, [])) for r in queries.regions(session)])


@bp.get("/needs")
def list_needs() -> Response:
    """Every need area, in the guidance order."""
    return jsonify([presenters.need(n) for n in queries.needs(db.session())])


@bp.get("/openapi.json", endpoint="openapi")
def openapi_document() -> Response:
    """The OpenAPI description of this API."""
    return jsonify(openapi.document())
