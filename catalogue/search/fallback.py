"""An engine over documents built straight from the database, for while the index cannot be
used or rebuilt.

Slower and plainer than the index (a word matches only as written, with no stemming or typo
tolerance, and every word it has counts the same), but the service ranks, filters and counts
its answers exactly as it does the index's, from the same documents the index would hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from catalogue.search.documents import IndexDocument
from catalogue.search.facets import FacetTable


class DatabaseEngine:
    """Documents held in memory, searched word by word as written (a SearchEngine)."""

    path = "database"

    def __init__(self, documents: Iterable[IndexDocument]) -> None:
        self.texts: dict[str, str] = {}
        self.facets: list[tuple[str, dict[str, Any]]] = []
        for doc in documents:
            self.texts[doc.id] = " ".join([doc.name, doc.body, doc.provider, doc.needs_text])
            self.texts[doc.id] = self.texts[doc.id].casefold()
            self.facets.append((doc.id, doc.facets))

    def table(self) -> FacetTable:
        """The filter values of the documents, as the service's facet table."""
        return FacetTable.load(self.facets)

    def text_search(
        self,
        terms: tuple[str, ...],
        require_all: bool,
        exact: bool = False,
        within: Iterable[str] | None = None,
    ) -> dict[str, float]:
        """Documents containing every word (or any), scored by how many of them they contain."""
        words = [term.casefold() for term in terms]
        found: dict[str, float] = {}
        for doc_id, text in self.texts.items():
            count = sum(word in text for word in words)
            if count == len(words) or (count and not require_all):
                found[doc_id] = float(count)
        return found

    def similar_words(self, word: str, limit: int = 3) -> list[str]:
        """None: the database is searched only for words as written."""
        return []
