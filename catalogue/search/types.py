"""The search request and answer, and what any engine behind them must do."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from catalogue.search.expansion import Entry

FACET_NAMES = ("need", "region", "type", "format", "eip_status", "gender")
SORTS = ("relevance", "next_start", "wait", "name")


@dataclass(frozen=True)
class SearchQuery:
    """What the user asked for: free text plus filters (several values in one filter OR)."""

    text: str = ""
    needs: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    pdus: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    eip_statuses: tuple[str, ...] = ()
    gender: str | None = None  # the person's gender: "male" or "female"
    min_sessions: int | None = None
    max_sessions: int | None = None
    open_now: bool = False
    expand: bool = True  # also look for what the thesaurus says the words mean
    sort: str = "relevance"  # one of SORTS
    group_variants: bool = False  # without a region, show a service's regional variants once
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class SearchResult:
    """One page of intervention ids in rank order, the total and the facet counts."""

    ids: list[str]
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    terms: tuple[str, ...] = ()  # the plain words actually searched for
    matched_any: bool = False  # no result had every word, so results have any of them
    syntax_ignored: bool = False  # search syntax was typed and treated as plain words
    activities: int = 0  # results before regional variants were grouped
    expansions: tuple[Entry, ...] = ()  # thesaurus entries the words were understood by
    # Without a region: one result stands for its regional variants (id → their regions).
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # With no results: how many there would be with one filter removed ("all_regions":
    # region and PDU removed), and words the index knows close to words it does not.
    relaxed: dict[str, int] = field(default_factory=dict)
    did_you_mean: dict[str, str] = field(default_factory=dict)
    answered_by: str = ""  # the engine path that scored the words (see SearchEngine.path)

    @property
    def pages(self) -> int:
        """How many pages of results there are."""
        return max(1, -(-self.total // self.per_page))


class SearchEngine(Protocol):
    """What the search service asks of an engine: scores for words, and words it knows.

    The Whoosh index and the database fallback both provide it; ranking, filters and facets
    are the service's, the same whichever engine answers.
    """

    @property
    def path(self) -> str:
        """How the engine scores words: "fast", "whoosh" or "database"."""
        ...

    def text_search(
        self,
        terms: tuple[str, ...],
        require_all: bool,
        exact: bool = False,
        within: Iterable[str] | None = None,
    ) -> dict[str, float]:
        """Scores by id of the documents having every word (or any, if not `require_all`);
        `exact` leaves out typo tolerance; `within` (ids) may limit the work to those."""
        ...

    def similar_words(self, word: str, limit: int = 3) -> list[str]:
        """Words the engine knows close to one it may not, the likeliest first."""
        ...
