"""What the benchmarks ask: the fixed search mix, a case for the assistant, the load mix."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

# The fixed search mix (issue 5): each is a set of URL parameters of GET /api/v1/interventions.
SEARCH_MIX: dict[str, dict[str, str]] = {
    "free text": {"q": "housing advice"},
    "filters only": {"region": "london", "need": "ete", "format": "group"},
    "text + region + need": {"q": "employment skills", "region": "london", "need": "ete"},
    "typo": {"q": "acommodation"},
}
SEARCH_API = "/api/v1/interventions"

# A word no generated intervention holds: the probe the edit-to-searchable timings look for.
PROBE_WORD = "quillwort"
PROBE_REGION = "north-east"


def search_path(params: dict[str, str], base: str = SEARCH_API) -> str:
    """The URL path and query string of a search."""
    return f"{base}?{urlencode(params)}" if params else base


def search_args(params: dict[str, str]) -> MultiDict[str, str]:
    """The parameters as Flask would parse them."""
    return MultiDict(list(params.items()))


def probe_path() -> str:
    """The search that finds the probe intervention when it is available in the probe region."""
    return search_path({"q": PROBE_WORD, "region": PROBE_REGION})


def recommendation_body(region: str = "london") -> dict[str, object]:
    """A typical case: man of 30, OGRS3 62 (medium band), three linked needs, 12-month order."""
    linked = {"linked_to_reoffending": True, "linked_to_harm": False}
    return {
        "region": region,
        "pdu": None,
        "gender": "male",
        "age": 30,
        "predictor": {"name": "OGRS3", "score": 62},
        "needs": [{"area": a, **linked} for a in ("accommodation", "ete", "finance-benefits-debt")],
        "flags": {
            "alcohol_dependent": False,
            "drug_treatment_suitable": False,
            "mental_health_treatment_suitable": False,
            "accredited_programme_eligible": False,
            "sexual_offence": False,
            "domestic_abuse": False,
        },
        "order": {"type": "community-order", "months": 12},
        "exceptional_circumstances": None,
    }


def proposal_body(court: str, region: str) -> dict[str, object]:
    """A saved-proposal body: the case plus a (fictitious) defendant at a court in the region."""
    defendant = {
        "name": "Alex Benchmark",
        "date_of_birth": "1990-03-27",
        "case_reference": "BENCH-0001",
        "court": court,
        "hearing_date": "2025-06-02",
    }
    return {**recommendation_body(region), "defendant": defendant}


@dataclass(frozen=True)
class Request:
    """One request of the load mix."""

    kind: str
    method: str
    path: str
    body: bytes | None = None


WORDS = (
    "housing",
    "alcohol",
    "anger management",
    "debt advice",
    "employment",
    "family",
    "drug recovery",
    "thinking skills",
    "acommodation",
    "budgeting",
    "",
)
NEEDS = ("accommodation", "ete", "alcohol", "drugs", "relationships", "finance-benefits-debt")
# Kind, weight: court staff mostly search (the page, sometimes the API) and open results.
LOAD_WEIGHTS = (
    ("search page", 40),
    ("search API", 20),
    ("intervention page", 20),
    ("regions page", 5),
    ("static file", 10),
    ("recommendation", 5),
)
# The same without the two requests whose cost grows with the catalogue (see the report), to
# show what the search path itself sustains.
SEARCH_LOAD_WEIGHTS = (
    ("search page", 50),
    ("search API", 25),
    ("intervention page", 20),
    ("static file", 5),
)
STATIC = ("/static/app.css", "/static/app.js", "/static/govuk/govuk-frontend.min.css")


def load_request(
    rng: random.Random,
    regions: list[str],
    slugs: list[str],
    weights: tuple[tuple[str, int], ...] = LOAD_WEIGHTS,
) -> Request:
    """A request drawn from a mix (the realistic one unless told otherwise)."""
    kind = rng.choices([k for k, _ in weights], weights=[w for _, w in weights])[0]
    params = {"q": rng.choice(WORDS), "region": rng.choice(regions)}
    if rng.random() < 0.4:
        params["need"] = rng.choice(NEEDS)
    params = {k: v for k, v in params.items() if v}
    if kind == "search page":
        return Request(kind, "GET", search_path(params, "/"))
    if kind == "search API":
        return Request(kind, "GET", search_path(params))
    if kind == "intervention page":
        return Request(kind, "GET", f"/interventions/{rng.choice(slugs)}")
    if kind == "regions page":
        return Request(kind, "GET", "/regions")
    if kind == "static file":
        return Request(kind, "GET", rng.choice(STATIC))
    body = json.dumps(recommendation_body(rng.choice(regions))).encode()
    return Request(kind, "POST", "/api/v1/recommendations", body)
