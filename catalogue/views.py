"""Public catalogue pages: search, an intervention, regions, and what a RAR day is."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user

from catalogue import filters, presenters, queries, suggestions
from catalogue import search as catalogue_search
from catalogue.reference import (
    ATTENDANCE,
    AVAILABILITY_STATUSES,
    EIP_STATUSES,
    ELIGIBLE_GENDERS,
    FORMATS,
    INTERVENTION_TYPES,
)
from core import db
from web.loading import found_or_404

bp = Blueprint("catalogue", __name__)

# A region page lists at most this many activities per need area, then links to the search
# for the rest: enough to choose from, few enough to read (and to render quickly).
REGION_PAGE_LIMIT = 25


@bp.context_processor
def catalogue_helpers() -> dict[str, Any]:
    """Labels and phrase helpers every catalogue template uses."""
    stale_after = current_app.config["STALE_AFTER_DAYS"]
    return {
        "today": date.today(),
        "stale_after_days": stale_after,
        "stale_warning": f"Not confirmed in the last {stale_after} days — check before "
        "relying on it",
        "sessions_and_days": presenters.sessions_and_days,
        "labels": {
            "type": INTERVENTION_TYPES,
            "eip_status": EIP_STATUSES,
            "format": FORMATS,
            "attendance": ATTENDANCE,
            "availability": AVAILABILITY_STATUSES,
            "gender": ELIGIBLE_GENDERS,
        },
    }


@bp.get("/", endpoint="search")
def search_page() -> str:
    """Search the catalogue: a bookmarkable GET form in the "filter a list" pattern."""
    session = db.session()
    vocabulary = filters.vocabulary(session)
    parsed = filters.parse_search(request.args, vocabulary)
    # On the page, a service's regional variants show once until a region is chosen.
    asked = replace(parsed.query, group_variants=True)
    result = catalogue_search.search(session, asked)
    interventions = queries.interventions_by_ids(session, result.ids, current_on=date.today())
    pdus = queries.pdus_by_region(session)
    return render_template(
        "catalogue/search.html",
        **_search_context(parsed, result, interventions, vocabulary),
        # The PDU list follows the region: only the chosen regions' PDUs are offered.
        pdus_by_region={
            r: p for r, p in pdus.items() if r in parsed.query.regions or not parsed.query.regions
        },
        sort_choices=filters.SORT_CHOICES,
    )


def _search_context(
    parsed: filters.ParsedSearch,
    result: catalogue_search.SearchResult,
    interventions: list[Any],
    vocabulary: filters.Vocabulary,
) -> dict[str, Any]:
    query = parsed.query
    params = filters.query_params(query)
    return {
        "parsed": parsed,
        "query": query,
        "result": result,
        "vocabulary": vocabulary,
        "facets": presenters.public_facets(result.facets, vocabulary),
        "gender_choices": filters.GENDER_CHOICES,
        "selected": _selected_groups(query, vocabulary),
        "clear_url": _search_url({"q": [query.text]} if query.text else {}),
        "wider_urls": _wider_urls(params, query, vocabulary),
        "results": [
            (iv, presenters.rows_for_query(iv, query, vocabulary.pdu_regions))
            for iv in interventions
        ],
        "pagination": _pagination(result.page, result.pages, params),
        "understood": suggestions.understood(result, vocabulary),
        "suggestions": suggestions.suggestions(query, result, vocabulary),
        "exact_url": _search_url({**params, "exact": ["1"]}),
        "expand_url": _search_url({k: v for k, v in params.items() if k != "exact"}),
        "variants": {
            doc_id: [
                (vocabulary.regions.get(r, r), _search_url({**params, "region": [r]}))
                for r in regions
            ]
            for doc_id, regions in result.variants.items()
        },
    }


def _search_url(params: dict[str, list[str]]) -> str:
    values: dict[str, Any] = dict(params)  # url_for repeats a parameter given a list
    return url_for("catalogue.search", **values)


def _selected_groups(query: Any, vocabulary: filters.Vocabulary) -> list[dict[str, Any]]:
    """Active filters in the shape macros/filters.html wants, each with its removal URL."""
    return [
        {
            "heading": heading,
            "items": [
                {"label": tag.label, "remove_url": _search_url(tag.params_without)} for tag in tags
            ],
        }
        for heading, tags in filters.selected_filters(query, vocabulary)
    ]


def _wider_urls(
    params: dict[str, list[str]], query: Any, vocabulary: filters.Vocabulary
) -> dict[str, str]:
    """Searches over a wider area: the PDUs' whole regions, or every region."""
    regions = list(query.regions) or [
        vocabulary.pdu_regions[p] for p in query.pdus if p in vocabulary.pdu_regions
    ]
    whole_region = {**params, "region": sorted(set(regions))}
    whole_region.pop("pdu", None)
    everywhere = {k: v for k, v in params.items() if k not in ("region", "pdu")}
    return {"without_pdu": _search_url(whole_region), "without_region": _search_url(everywhere)}


def _pagination(page: int, pages: int, params: dict[str, list[str]]) -> dict[str, Any]:
    """Links for the GOV.UK pagination component: neighbours, ends and ellipses."""

    def href(number: int) -> str:
        return _search_url({**params, **({"page": [str(number)]} if number > 1 else {})})

    shown = sorted({1, pages, page - 1, page, page + 1} & set(range(1, pages + 1)))
    items: list[dict[str, Any]] = []
    for number in shown:
        if items and number - items[-1]["number"] > 1:
            items.append({"ellipsis": True, "number": number - 1})
        items.append({"number": number, "href": href(number), "current": number == page})
    return {
        "items": items if pages > 1 else [],
        "previous": href(page - 1) if 1 < page <= pages else None,
        "next": href(page + 1) if page < pages else None,
    }


@bp.get("/interventions/<slug>")
def intervention(slug: str) -> str:
    """One intervention: what it is, its sessions, who it is for and where it runs."""
    found = found_or_404(queries.intervention_by_slug_or_id(db.session(), slug))
    staff = current_user.is_authenticated
    return render_template(
        "catalogue/intervention.html",
        intervention=found,
        working=presenters.session_working(found),
        duration=presenters.duration_phrase(found.session_minutes),
        eligibility=presenters.eligibility_sentences(found),
        rows=presenters.sorted_rows(found.availability),
        rate_card=presenters.rate_card(found) if staff else None,
    )


@bp.get("/regions")
def regions() -> str:
    """Every region with how many activities are available and open there."""
    return render_template("catalogue/regions.html", counts=queries.region_counts(db.session()))


@bp.get("/regions/<slug>")
def region(slug: str) -> str:
    """What is available in a region, by need area, including needs with nothing."""
    session, today = db.session(), date.today()
    region, offers = found_or_404(
        queries.region_with_availability(
            session, queries.RegionScope(slug, today), REGION_PAGE_LIMIT
        )
    )
    return render_template(
        "catalogue/region.html",
        region=region,
        offers=offers,
        pdf_url=url_for("summary.region_summary_pdf", slug=slug),
        last_updated=queries.region_last_confirmed(session, slug, today),
    )


@bp.get("/about/rar-days")
def about_rar_days() -> str:
    """What a RAR day is, for sentencers and defendants."""
    return render_template("about/rar_days.html")
