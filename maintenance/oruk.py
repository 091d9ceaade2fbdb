"""The public directory as an Open Referral UK (HSDS 3.0) feed: services, taxonomies, terms.

Only current interventions are published, never a price or contract. Need areas and
intervention types are taxonomies; regions where an activity runs are its service areas.
Identifiers HSDS wants as UUIDs but we key by slug are stable UUIDv5s of the slug.
"""

from __future__ import annotations

import math
import uuid
from datetime import date, datetime
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request, url_for
from sqlalchemy import Select, func, or_, select
from werkzeug.wrappers import Response

from catalogue import presenters
from catalogue.models import Intervention, NeedArea
from catalogue.reference import AVAILABILITY_STATUSES, AVAILABLE_STATUSES, INTERVENTION_TYPES
from core import db
from web.loading import found_or_404
from web.numbers import whole_number

bp = Blueprint("oruk", __name__)

# Fixed forever: changing it would change every published identifier.
NAMESPACE = uuid.UUID("5f0c8f0e-2b7a-4d59-9d7e-3a1f6c2e8b41")
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
TAXONOMIES = {
    "need-areas": (
        "RAR need areas",
        "The need areas of the MoJ RAR guidance (2019) that a rehabilitation activity addresses.",
    ),
    "intervention-types": (
        "RAR intervention types",
        "Kinds of activity: structured interventions, practitioner toolkits, commissioned "
        "rehabilitative services, accredited programmes and local activities.",
    ),
}
APPLICATION_PROCESS = (
    "Not by self-referral. The court sets the maximum number of Rehabilitation Activity "
    "Requirement (RAR) days; after sentence the probation practitioner chooses the activities "
    "and makes the referral."
)
SAMPLE_NOTE = "Sample data: the provider and availability are illustrative, not a real contract."


class BadParameter(ValueError):
    """A query parameter that is not allowed."""


@bp.errorhandler(BadParameter)
def bad_parameter(exc: BadParameter) -> tuple[Response, int]:
    """A bad paging parameter: say which, and what is allowed."""
    return jsonify({"error": str(exc)}), 400


@bp.after_request
def allow_any_origin(response: Response) -> Response:
    """Open data: any web page may read the feed."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/oruk/")
def api_details() -> Response:
    """What this API is: HSDS 3.0 under the Open Referral UK profile."""
    return jsonify(
        version="3.0",
        profile="https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md",
        openapi_url="https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
    )


@bp.get("/oruk/services")
def list_services() -> Response:
    """One page of current services, each in full."""
    page, per_page = page_parameters()
    session, today = db.session(), date.today()
    query = current_interventions(today)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Intervention.name, Intervention.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return jsonify(paged([service(iv, today) for iv in rows], total, page, per_page))


@bp.get("/oruk/services/<service_id>")
def get_service(service_id: str) -> Response:
    """One current service with its organization, service areas and taxonomy terms."""
    try:
        key = uuid.UUID(service_id)
    except ValueError:
        abort(404)
    today = date.today()
    found = db.session().scalars(current_interventions(today).where(Intervention.id == key))
    return jsonify(service(found_or_404(found.first()), today))


@bp.get("/oruk/taxonomies")
def list_taxonomies() -> Response:
    """The taxonomies the services' terms come from."""
    page, per_page = page_parameters()
    items = [taxonomy(key) for key in TAXONOMIES]
    return jsonify(paged(items[(page - 1) * per_page :][:per_page], len(items), page, per_page))


@bp.get("/oruk/taxonomy_terms")
def list_taxonomy_terms() -> Response:
    """Every term: the need areas, then the intervention types."""
    page, per_page = page_parameters()
    items = all_terms()
    return jsonify(paged(items[(page - 1) * per_page :][:per_page], len(items), page, per_page))


# Far beyond any real catalogue, and small enough that an offset never overflows SQLite.
MAX_PAGE = 1_000_000


def page_parameters() -> tuple[int, int]:
    """`page` (from 1) and `per_page` (1 to MAX_PER_PAGE) from the query string."""
    return _whole("page", 1, MAX_PAGE), _whole("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)


def _whole(name: str, default: int, top: int | None) -> int:
    """The parameter's number; every value given is checked, and must agree."""
    numbers = {
        _checked_whole(name, raw.strip(), default, top) for raw in request.args.getlist(name)
    }
    if len(numbers) > 1:
        raise BadParameter(f"{name} was given more than once with different values")
    return numbers.pop() if numbers else default


def _checked_whole(name: str, raw: str, default: int, top: int | None) -> int:
    if not raw:
        return default
    number = whole_number(raw)
    if number is None or number < 1 or (top is not None and number > top):
        limit = f"from 1 to {top}" if top else "of 1 or more"
        raise BadParameter(f"{name} must be a whole number {limit}; got {raw[:40]!r}")
    return number


def paged(contents: list[Any], total: int, page: int, per_page: int) -> dict[str, Any]:
    """A page as the ORUK API describes it."""
    pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def current_interventions(today: date) -> Select[Intervention]:
    """Active interventions inside their valid-from/valid-to dates today."""
    return select(Intervention).where(
        Intervention.status == "active",
        or_(Intervention.valid_from.is_(None), Intervention.valid_from <= today),
        or_(Intervention.valid_to.is_(None), Intervention.valid_to >= today),
    )


def stable_id(*parts: str) -> str:
    """A UUID that is always the same for the same parts."""
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def service(iv: Intervention, today: date) -> dict[str, Any]:
    """An intervention as an HSDS service (no price, no contract)."""
    rows = [row for row in iv.availability if row.status in AVAILABLE_STATUSES]
    confirmed = [row.confirmed_at for row in rows if row.confirmed_at]
    stale_after = current_app.config["STALE_AFTER_DAYS"]
    record = {
        "id": str(iv.id),
        "organization_id": organization(iv)["id"],
        "name": iv.name,
        "description": " ".join(
            filter(None, [iv.summary, iv.description, SAMPLE_NOTE if iv.is_sample else None])
        ),
        "url": url_for("catalogue.intervention", slug=iv.slug, _external=True),
        "status": _status({row.status for row in rows}),
        "application_process": APPLICATION_PROCESS,
        "eligibility_description": " ".join(presenters.eligibility_sentences(iv)),
        "minimum_age": iv.min_age,
        "maximum_age": iv.max_age,
        "assured_date": max(confirmed).date().isoformat() if confirmed else None,
        "alert": f"Some availability was not confirmed in the last {stale_after} days."
        if any(row.is_stale(today, stale_after) for row in rows)
        else None,
        "last_modified": _timestamp(iv.updated_at),
        "organization": organization(iv),
        "service_areas": service_areas(iv, rows),
        "attributes": [
            _attribute(iv, "need-areas", need.slug, _need_term(need)) for need in iv.needs
        ]
        + [_attribute(iv, "intervention-types", iv.type, _type_term(iv.type))],
    }
    return {name: value for name, value in record.items() if value is not None}


def _status(statuses: set[str]) -> str:
    if statuses & {"open", "waiting-list"}:
        return "active"
    return "temporarily closed" if statuses else "inactive"


def _timestamp(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="milliseconds")


def organization(iv: Intervention) -> dict[str, Any]:
    """The provider of a service as an HSDS organization."""
    name = iv.provider or "Provider not recorded"
    description = "Delivers rehabilitation activities listed in the RAR Directory."
    return {
        "id": stable_id("organization", name),
        "name": name,
        "description": f"{description} {SAMPLE_NOTE}" if iv.is_sample else description,
    }


def service_areas(iv: Intervention, rows: list[Any]) -> list[dict[str, Any]]:
    """One service area per region where the intervention is open, waiting or paused."""
    by_region: dict[str, list[Any]] = {}
    for row in presenters.sorted_rows(rows):
        by_region.setdefault(row.region_slug, []).append(row)
    return [
        {
            "id": stable_id("service-area", str(iv.id), slug),
            "service_id": str(iv.id),
            "name": places[0].region.name,
            "description": "; ".join(_place_status(row) for row in places),
            "uri": url_for("catalogue.region", slug=slug, _external=True),
        }
        for slug, places in by_region.items()
    ]


def _place_status(row: Any) -> str:
    where = row.pdu.name if row.pdu else "whole region"
    return f"{AVAILABILITY_STATUSES[row.status]} ({where})"


def taxonomy(key: str) -> dict[str, str]:
    """One of our taxonomies as HSDS describes a taxonomy."""
    name, description = TAXONOMIES[key]
    return {"id": stable_id("taxonomy", key), "name": name, "description": description}


def all_terms() -> list[dict[str, Any]]:
    """Every taxonomy term, need areas in guidance order then intervention types."""
    needs = db.session().scalars(select(NeedArea).order_by(NeedArea.position, NeedArea.label))
    return [_need_term(need) for need in needs] + [_type_term(t) for t in INTERVENTION_TYPES]


def _term(key: str, code: str, name: str, description: str) -> dict[str, Any]:
    return {
        "id": stable_id("taxonomy-term", key, code),
        "code": code,
        "name": name,
        "description": description or name,
        "taxonomy": TAXONOMIES[key][0],
        "taxonomy_id": stable_id("taxonomy", key),
        "taxonomy_detail": taxonomy(key),
        "language": "en",
    }


def _need_term(need: NeedArea) -> dict[str, Any]:
    return _term("need-areas", need.slug, need.label, need.description)


def _type_term(kind: str) -> dict[str, Any]:
    return _term("intervention-types", kind, INTERVENTION_TYPES.get(kind, kind), "")


def _attribute(iv: Intervention, key: str, code: str, term: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": stable_id("attribute", str(iv.id), key, code),
        "link_id": str(iv.id),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }
