"""Next steps for a search: how its words were understood, and, when it found nothing,
suggestions computed from the index and the catalogue (never a canned "check the spelling").

Shared by the search page and the read API; each suggestion is {"label", "url"}, the URL
asking the same endpoint the request came to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import url_for

from catalogue import filters
from catalogue.search import SearchQuery, SearchResult

# A relaxed count's name → the URL parameters its removal drops and what the filter is called.
RELAXABLE: dict[str, tuple[tuple[str, ...], str]] = {
    "open_now": (("open_now",), "Open now"),
    "need": (("need",), "need area"),
    "type": (("type",), "type of activity"),
    "eip_status": (("eip_status",), "EIP status"),
    "format": (("format",), "format"),
    "gender": (("gender",), "suitable for"),
    "sessions": (("min_sessions", "max_sessions"), "number of sessions"),
    "pdu": (("pdu",), "PDU"),
    "region": (("region",), "region"),
}


def understood(result: SearchResult, vocabulary: filters.Vocabulary) -> list[dict[str, str]]:
    """Each word the thesaurus expanded, with what it was taken to mean."""
    found = []
    for entry in result.expansions:
        meanings = [vocabulary.needs.get(n, n).lower() for n in entry.needs]
        meanings += [" ".join(p) for p in entry.phrases if " ".join(p) != entry.term]
        found.append({"term": entry.term, "means": ", ".join(dict.fromkeys(meanings))})
    return found


def suggestions(
    query: SearchQuery,
    result: SearchResult,
    vocabulary: filters.Vocabulary,
    endpoint: str = "catalogue.search",
) -> list[dict[str, str]]:
    """What to try next when a search found nothing (empty when it found something)."""
    if result.total:
        return []
    params = filters.query_params(query)

    def link(label: str, changed: dict[str, list[str]]) -> dict[str, str]:
        values: dict[str, Any] = {k: v for k, v in changed.items() if v}
        return {"label": label, "url": url_for(endpoint, **values)}

    found = _did_you_mean(query, result, params, link)
    # The need areas the words mean, in the places chosen (other filters may be why the
    # search found nothing, so they are left behind).
    place = {k: v for k, v in params.items() if k in ("region", "pdu", "per_page")}
    where = " or ".join(vocabulary.regions.get(r, r) for r in query.regions)
    for need in dict.fromkeys(n for e in result.expansions for n in e.needs):
        if need in vocabulary.needs:
            label = f"All {vocabulary.needs[need].lower()} activities" + (
                f" in {where}" if where else ""
            )
            found.append(link(label, {**place, "need": [need]}))
    found += _relaxed(query, result, vocabulary, params, link)
    return found


def _did_you_mean(
    query: SearchQuery, result: SearchResult, params: dict[str, list[str]], link: Callable
) -> list[dict[str, str]]:
    if not any(result.did_you_mean.values()):
        return []
    text = query.text
    for word, better in result.did_you_mean.items():
        text = re.sub(rf"\b{re.escape(word)}\b", better, text, flags=re.IGNORECASE)
    text = " ".join(text.split())
    return [link(f"Did you mean “{text}”?", {**params, "q": [text]})]


def _relaxed(
    query: SearchQuery,
    result: SearchResult,
    vocabulary: filters.Vocabulary,
    params: dict[str, list[str]],
    link: Callable,
) -> list[dict[str, str]]:
    found = []
    for name, count in result.relaxed.items():
        if not count or name not in RELAXABLE:
            continue
        dropped, noun = RELAXABLE[name]
        values = [v for p in dropped for v in params.get(p, [])]
        shown = _shown_values(name, values, vocabulary, noun)
        found.append(
            link(
                f"{_activities(count)} if you remove ‘{shown}’",
                {k: v for k, v in params.items() if k not in dropped},
            )
        )
    everywhere = {k: v for k, v in params.items() if k not in ("region", "pdu")}
    if result.relaxed.get("all_regions"):
        label = f"{_activities(result.relaxed['all_regions'])} in all regions"
        found.append(link(label, everywhere))
    if result.relaxed.get("text") and query.text:
        no_words = {k: v for k, v in params.items() if k != "q"}
        filtered = any(k not in ("per_page", "sort", "exact") for k in no_words)
        activities = _activities(result.relaxed["text"])
        label = (
            f"{activities} with your filters and no search words"
            if filtered
            else f"See all {activities}"
        )
        found.append(link(label, no_words))
    return found


def _shown_values(name: str, values: list[str], vocabulary: filters.Vocabulary, noun: str) -> str:
    if name == "open_now":
        return noun
    if name in ("need", "type", "eip_status", "format", "pdu", "region"):
        labels = vocabulary.labels(name)
        return f"{noun}: " + " or ".join(labels.get(v, v) for v in values)
    return f"{noun}: " + ", ".join(values)


def _activities(count: int) -> str:
    return f"{count} {'activity' if count == 1 else 'activities'}"
