"""Answer a search straight from the database while the index cannot be used or rebuilt.

Slower and plainer than the index (every word must appear as written: no stemming, no typo
tolerance, results by name), but the filters and facet counts are the same, because they
are computed from the same documents the index would hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from catalogue.search.documents import IndexDocument
from catalogue.search.facets import FacetTable, combine, facet_counts, filter_masks
from catalogue.search.text import plain_terms
from catalogue.search.types import SearchQuery, SearchResult


def answer(documents: Iterable[IndexDocument], query: SearchQuery, today: date) -> SearchResult:
    """One page of results, the total and facet counts, from documents built from the database."""
    table, texts = FacetTable(), {}
    for doc in documents:
        table.put(doc.id, doc.facets)
        texts[doc.id] = " ".join([doc.name, doc.body, doc.provider, doc.needs_text]).casefold()
    terms, syntax_ignored = plain_terms(query.text)
    base = table.current(today)
    if terms:
        base &= _mask(table, {i for i, text in texts.items() if all(t in text for t in terms)})
    masks = filter_masks(table, query)
    selected = combine(base, masks)
    ordered = [o for o in table.name_order() if selected >> o & 1]
    start = (query.page - 1) * query.per_page
    return SearchResult(
        ids=[table.ids[o] for o in ordered[start : start + query.per_page]],  # type: ignore[misc]
        total=selected.bit_count(),
        page=query.page,
        per_page=query.per_page,
        facets=facet_counts(table, base, masks, query.open_now),
        terms=terms,
        syntax_ignored=syntax_ignored,
    )


def _mask(table: FacetTable, doc_ids: set[str]) -> int:
    mask = 0
    for doc_id in doc_ids:
        mask |= 1 << table.ordinal[doc_id]
    return mask
