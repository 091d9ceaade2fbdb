"""Turn search request parameters into a SearchQuery, and a query back into URL parameters.

Shared by the search page (which shows problems as form errors) and the read API (which
answers 400 with the first one). Values are checked against the reference vocabularies and
the database's regions, PDUs and need areas.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

from flask import current_app
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from catalogue import queries
from catalogue.changes import catalogue_revision
from catalogue.reference import EIP_STATUSES, FORMATS, GENDER_SYNONYMS, INTERVENTION_TYPES
from catalogue.search import SearchQuery

MAX_TEXT_CHARS = 200
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_PAGE = 10_000
MAX_SESSIONS = 999

# The person's gender as the filter spells it; "any" means no gender filter.
GENDER_CHOICES: dict[str, str] = {
    "any": "Any",
    "male": "Suitable for a man",
    "female": "Suitable for a woman",
}
SORT_CHOICES: dict[str, str] = {
    "relevance": "Relevance",
    "next_start": "Next start date",
    "wait": "Shortest wait",
    "name": "Name (A to Z)",
}
TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
FALSE_WORDS = frozenset({"false", "0", "no", "off"})
FLAG_NAMES = {"open_now": "Open now", "exact": "Exact words only"}
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")

# Multi-valued filter parameters: the parameter, the SearchQuery field, what it is called.
MULTI_FILTERS: tuple[tuple[str, str, str], ...] = (
    ("need", "needs", "need area"),
    ("type", "types", "type of activity"),
    ("eip_status", "eip_statuses", "EIP status"),
    ("format", "formats", "format"),
    ("region", "regions", "region"),
    ("pdu", "pdus", "probation delivery unit (PDU)"),
)
MULTI_PARAMS = frozenset(param for param, _attribute, _noun in MULTI_FILTERS)
NUMBER_FIELDS: dict[str, tuple[str, int, int]] = {
    "min_sessions": ("the minimum number of sessions", 0, MAX_SESSIONS),
    "max_sessions": ("the maximum number of sessions", 0, MAX_SESSIONS),
    "page": ("the page number", 1, MAX_PAGE),
    "per_page": ("the number of results per page", 1, MAX_PER_PAGE),
}


@dataclass(frozen=True)
class Vocabulary:
    """Every value a filter accepts, with the label shown for it."""

    needs: dict[str, str]
    regions: dict[str, str]
    pdus: dict[str, str]
    pdu_regions: dict[str, str]
    types: dict[str, str] = field(default_factory=lambda: dict(INTERVENTION_TYPES))
    eip_statuses: dict[str, str] = field(default_factory=lambda: dict(EIP_STATUSES))
    formats: dict[str, str] = field(default_factory=lambda: dict(FORMATS))

    def labels(self, param: str) -> dict[str, str]:
        """The accepted values of a multi-valued parameter and their labels."""
        return {
            "need": self.needs,
            "region": self.regions,
            "pdu": self.pdus,
            "type": self.types,
            "eip_status": self.eip_statuses,
            "format": self.formats,
        }[param]


def vocabulary(session: Session) -> Vocabulary:
    """The app's vocabulary, read again only when the catalogue revision has moved.

    Regions, PDUs and need areas are reference data that only the seed changes (and the seed
    moves the revision), so each search costs one small query here instead of four.
    """
    revision = catalogue_revision(session)
    held = current_app.extensions.get("filter_vocabulary")
    if held is not None and held[0] == revision:
        return held[1]  # type: ignore[no-any-return]
    loaded = load_vocabulary(session)
    current_app.extensions["filter_vocabulary"] = (revision, loaded)
    return loaded


def load_vocabulary(session: Session) -> Vocabulary:
    """The vocabulary, with regions, PDUs and need areas read from the database."""
    pdus = [pdu for group in queries.pdus_by_region(session).values() for pdu in group]
    return Vocabulary(
        needs={n.slug: n.label for n in queries.needs(session)},
        regions={r.slug: r.name for r in queries.regions(session)},
        pdus={p.slug: p.name for p in pdus},
        pdu_regions={p.slug: p.region_slug for p in pdus},
    )


class FilterError(ValueError):
    """A parameter value that is not allowed; `field` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ParsedSearch:
    """The query built from the valid parameters, the problems found, and notices to show."""

    query: SearchQuery
    errors: tuple[FilterError, ...] = ()
    notices: tuple[str, ...] = ()

    def error_for(self, param: str) -> FilterError | None:
        """The problem with one parameter, if any."""
        return next((e for e in self.errors if e.field == param), None)


def parse_search(args: MultiDict[str, str], vocabulary: Vocabulary) -> ParsedSearch:
    """Parse search parameters; bad values are left out of the query and reported."""
    errors: list[FilterError] = []
    values: dict[str, object] = {}
    for param, attribute, noun in MULTI_FILTERS:
        values[attribute] = _choices(args, param, noun, vocabulary.labels(param), errors)
    values["gender"] = _one(args, "gender", errors, lambda raw: _gender(raw, errors))
    for param in NUMBER_FIELDS:
        number = _one(args, param, errors, partial(_number, param=param, errors=errors))
        if number is not None:
            values[param] = number
    _check_session_range(values, errors)
    values["open_now"] = bool(
        _one(args, "open_now", errors, lambda raw: _flag(raw, "open_now", errors))
    )
    values["expand"] = not _one(args, "exact", errors, lambda raw: _flag(raw, "exact", errors))
    values["sort"] = _one(args, "sort", errors, lambda raw: _sort(raw, errors)) or "relevance"
    _check_pdus_in_regions(values, vocabulary, errors)
    text, notices = clean_text(args.get("q", ""))
    query = SearchQuery(text=text, **values)  # type: ignore[arg-type]
    unique = {(e.field, e.message): e for e in errors}
    return ParsedSearch(query, tuple(unique.values()), tuple(notices))


def _one(
    args: MultiDict[str, str], param: str, errors: list[FilterError], parse: Callable[[str], Any]
) -> Any:
    """A parameter that takes one value. Every value given is checked, so a bad value is
    refused wherever it comes; different good values are refused too."""
    parsed = [parse(raw) for raw in args.getlist(param) or [""]]
    if len(set(parsed)) > 1 and not any(e.field == param for e in errors):
        errors.append(FilterError(param, f"Give {param.replace('_', ' ')} once"))
        return None
    return parsed[0]


def clean_text(raw: str) -> tuple[str, list[str]]:
    """Free text without control characters, capped in length, with a notice if trimmed."""
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in raw)
    text = " ".join(text.split())
    if len(text) <= MAX_TEXT_CHARS:
        return text, []
    notice = f"Your search was too long, so only its first {MAX_TEXT_CHARS} characters were used."
    return text[:MAX_TEXT_CHARS].rstrip(), [notice]


def _choices(
    args: MultiDict[str, str],
    param: str,
    noun: str,
    labels: dict[str, str],
    errors: list[FilterError],
) -> tuple[str, ...]:
    chosen: list[str] = []
    for raw in args.getlist(param):
        value = raw.strip()
        if not value:
            continue
        if value not in labels:
            message = f"“{_shown(value)}” is not a recognised {noun}: choose one from the list"
            errors.append(FilterError(param, message))
        elif value not in chosen:
            chosen.append(value)
    return tuple(chosen)


def _gender(raw: str, errors: list[FilterError]) -> str | None:
    value = GENDER_SYNONYMS.get(raw.strip().lower(), raw.strip().lower())
    if value in ("", "any"):
        return None
    if value not in GENDER_CHOICES:
        errors.append(FilterError("gender", "Choose any, male or female for gender"))
        return None
    return value


def _number(raw: str, param: str, errors: list[FilterError]) -> int | None:
    value = raw.strip()
    if not value:
        return None
    what, low, high = NUMBER_FIELDS[param]
    if not WHOLE_NUMBER.fullmatch(value) or not low <= int(value) <= high:
        errors.append(FilterError(param, f"Enter {what} as a whole number from {low} to {high}"))
        return None
    return int(value)


def _check_session_range(values: dict[str, object], errors: list[FilterError]) -> None:
    low, high = values.get("min_sessions"), values.get("max_sessions")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        message = "The maximum number of sessions must be the same as or more than the minimum"
        errors.append(FilterError("max_sessions", message))
        del values["max_sessions"]


def _flag(raw: str, param: str, errors: list[FilterError]) -> bool:
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value and value not in FALSE_WORDS:
        errors.append(FilterError(param, f"{FLAG_NAMES.get(param, param)} must be true or false"))
    return False


def _sort(raw: str, errors: list[FilterError]) -> str:
    value = raw.strip().lower() or "relevance"
    if value not in SORT_CHOICES:
        errors.append(FilterError("sort", "Sort by relevance, next start, shortest wait or name"))
        return "relevance"
    return value


def _check_pdus_in_regions(
    values: dict[str, object], vocabulary: Vocabulary, errors: list[FilterError]
) -> None:
    """A PDU outside the chosen regions would find nothing: say so instead."""
    regions = cast(tuple[str, ...], values.get("regions") or ())
    pdus = cast(tuple[str, ...], values.get("pdus") or ())
    outside = [p for p in pdus if regions and vocabulary.pdu_regions.get(p) not in regions]
    for pdu in outside:
        region = vocabulary.regions.get(vocabulary.pdu_regions.get(pdu, ""), "another region")
        chosen = " or ".join(vocabulary.regions.get(r, r) for r in regions)
        message = (
            f"{vocabulary.pdus[pdu]} is a PDU in {region}, not in {chosen}: "
            "choose one of that region's PDUs, or change the region"
        )
        errors.append(FilterError("pdu", message))
    if outside:
        values["pdus"] = tuple(p for p in pdus if p not in outside)


def _shown(value: str) -> str:
    value = "".join(ch for ch in value if unicodedata.category(ch)[0] != "C")
    return value if len(value) <= 40 else value[:40] + "…"


def query_params(query: SearchQuery, *, with_page: bool = False) -> dict[str, list[str]]:
    """The URL parameters that ask for this query (the canonical, bookmarkable form)."""
    params: dict[str, list[str]] = {}
    if query.text:
        params["q"] = [query.text]
    for param, attribute, _noun in MULTI_FILTERS:
        if getattr(query, attribute):
            params[param] = list(getattr(query, attribute))
    if query.gender:
        params["gender"] = [query.gender]
    for param in ("min_sessions", "max_sessions"):
        if getattr(query, param) is not None:
            params[param] = [str(getattr(query, param))]
    if query.open_now:
        params["open_now"] = ["1"]
    if not query.expand:
        params["exact"] = ["1"]
    if query.sort != "relevance":
        params["sort"] = [query.sort]
    if query.per_page != DEFAULT_PER_PAGE:
        params["per_page"] = [str(query.per_page)]
    if with_page and query.page != 1:
        params["page"] = [str(query.page)]
    return params


def without(params: Mapping[str, list[str]], param: str, value: str) -> dict[str, list[str]]:
    """The parameters with one value of one parameter taken away."""
    remaining = {name: list(values) for name, values in params.items()}
    remaining[param] = [v for v in remaining.get(param, []) if v != value]
    return {name: values for name, values in remaining.items() if values}


@dataclass(frozen=True)
class SelectedFilter:
    """An active filter value shown as a removable tag: its label and the URL without it."""

    label: str
    params_without: dict[str, list[str]]


def selected_filters(
    query: SearchQuery, vocabulary: Vocabulary
) -> list[tuple[str, list[SelectedFilter]]]:
    """The active filters grouped under headings, each with the parameters that remove it."""
    params = query_params(query)
    groups: dict[str, list[SelectedFilter]] = {}
    for param, heading in SELECTED_HEADINGS.items():
        if param in MULTI_PARAMS:
            labels = vocabulary.labels(param)
        else:
            labels = _value_labels(param, query)
        for value in params.get(param, []):
            tag = SelectedFilter(labels.get(value, value), without(params, param, value))
            groups.setdefault(heading, []).append(tag)
    return list(groups.items())


SELECTED_HEADINGS: dict[str, str] = {
    "need": "Need area",
    "region": "Region",
    "pdu": "Probation delivery unit",
    "type": "Type",
    "eip_status": "EIP status",
    "format": "Format",
    "gender": "Suitable for",
    "min_sessions": "Sessions",
    "max_sessions": "Sessions",
    "open_now": "Availability",
}


def _value_labels(param: str, query: SearchQuery) -> dict[str, str]:
    return {
        "gender": {"male": "A man", "female": "A woman"},
        "min_sessions": {str(query.min_sessions): f"At least {query.min_sessions}"},
        "max_sessions": {str(query.max_sessions): f"At most {query.max_sessions}"},
        "open_now": {"1": "Open now"},
    }[param]
