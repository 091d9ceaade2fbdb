"""BM25F scores read a posting block at a time: the fast path of free-text search.

Whoosh's matcher tree costs several Python calls per posting and per clause; reading whole
posting blocks and field-length columns once makes free-text search several times faster
with the same scores (same formula, statistics and boosts). It reads internals of the
pinned Whoosh version, so `whoosh_index` probes it once when it opens an index (same
internals present, same scores as Whoosh's own matchers) and uses the matchers instead if
the probe fails; a posting reader of another kind met later raises `FastPathUnavailable`.
"""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from whoosh.analysis import StemmingAnalyzer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.filedb.filestore import RamStorage
from whoosh.matching import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from catalogue.search.word_terms import Clauses, clauses_for

log = logging.getLogger(__name__)

# The reference: Whoosh's own scores by docnum for (searcher, clauses, terms, require_all, exact).
Reference = Callable[[Any, Clauses, tuple[str, ...], bool, bool], dict[int, float]]


class FastPathUnavailable(Exception):
    """The Whoosh internals the fast scorer reads are missing or not what it expects."""


class SegmentCache:
    """What never changes in a written segment (ids, field lengths), kept across reopens.

    An edit adds a small segment and makes every process reopen its reader; without this
    the first search after it would reread the ids and lengths of the whole catalogue.
    """

    def __init__(self) -> None:
        self._values: dict[tuple[str, str], Any] = {}

    def get(self, segment: Any, what: str, load: Callable[[], Any]) -> Any:
        """A segment's value, loaded on first use."""
        segment_id = _segment_id(segment)
        if segment_id is None:  # not a stored segment (an empty index): nothing to keep
            return load()
        key = (segment_id, what)
        if key not in self._values:
            self._values[key] = load()
        return self._values[key]

    def keep_only(self, segments: Iterable[Any]) -> None:
        """Forget segments that are gone (merged away, or an older generation)."""
        live = {_segment_id(segment) for segment in segments}
        self._values = {key: value for key, value in self._values.items() if key[0] in live}


class FastScorer:
    """Scores of free-text searches by docnum, for one open searcher."""

    def __init__(self, searcher: Any, cache: SegmentCache, clauses: Clauses) -> None:
        self.searcher = searcher
        self.cache = cache
        self.clauses = clauses
        self.reader = searcher.reader()
        self.weighting = searcher.weighting
        if type(self.weighting) is not BM25F:
            raise FastPathUnavailable("only BM25F scores are computed here")
        self._segments = list(self.reader.leaf_readers())
        self._norms_of: dict[tuple[int, str], list[float]] = {}
        self._deleted: dict[int, frozenset[int]] = {}

    def scores(
        self,
        terms: tuple[str, ...],
        require_all: bool,
        exact: bool = False,
        within: dict[int, float] | None = None,
    ) -> dict[int, float]:
        """Docnums matching the words (all of them, or any) with their summed scores."""
        if require_all:
            return self._all_words(terms, exact, within)
        return _any_of([self._word_scores(word, exact) for word in terms])

    def _all_words(
        self, terms: tuple[str, ...], exact: bool, within: dict[int, float] | None
    ) -> dict[int, float]:
        """Documents having every word; each word is scored only where the rarer ones matched."""
        by_word: dict[str, dict[int, float]] = {}
        for word in sorted(terms, key=lambda w: self.reader.doc_frequency("plain", w)):
            within = by_word[word] = self._word_scores(word, exact, within)
            if not within:
                return {}
        return {d: sum(by_word[word][d] for word in terms) for d in within or {}}

    def _word_scores(
        self, word: str, exact: bool, within: dict[int, float] | None = None
    ) -> dict[int, float]:
        """One word's score per docnum (only docnums `within`, if given)."""
        scores: dict[int, float] = {}
        for field, text, boost in self.clauses(word, exact):
            self._add(scores, field, text, boost, within)
        return scores

    def _add(
        self,
        scores: dict[int, float],
        field: str,
        text: str,
        boost: float,
        within: dict[int, float] | None,
    ) -> None:
        """Add one term's boosted BM25F score to every document containing it (and `within`)."""
        btext = text.encode("utf-8")
        if (field, btext) not in self.reader:
            return
        idf = self.searcher.idf(field, btext)
        k1_plus_1 = self.weighting.K1 + 1
        get = scores.get
        for number, (segment, offset) in enumerate(self._segments):
            if (field, btext) not in segment:
                continue
            norms = self._norms(number, segment, field)
            deleted = self._deleted_in(number, segment)
            for ids, weights in _blocks(segment.postings(field, btext)):
                for docnum, tf in zip(ids, weights, strict=True):
                    top = docnum + offset
                    if within is not None and top not in within or deleted and docnum in deleted:
                        continue
                    # whoosh.scoring.bm25 with the same operations, then the clause's boost
                    score = idf * ((tf * k1_plus_1) / (tf + norms[docnum]))
                    if boost != 1.0:
                        score = score * boost
                    scores[top] = get(top, 0.0) + score

    def _norms(self, number: int, segment: Any, field: str) -> list[float]:
        """Per document, BM25's length normalisation `K1 * ((1 - B) + B * length / avgfl)`."""
        key = (number, field)
        if key not in self._norms_of:
            b, k1 = self.weighting.B, self.weighting.K1
            avgfl = self.searcher.avg_field_length(field) or 1  # changes with every edit
            table = [k1 * ((1 - b) + b * byte_to_length(n) / avgfl) for n in range(256)]
            lengths = self.cache.get(
                segment, f"lengths:{field}", lambda: _length_bytes(segment, field)
            )
            self._norms_of[key] = [table[n] for n in lengths]
        return self._norms_of[key]

    def _deleted_in(self, number: int, segment: Any) -> frozenset[int]:
        if number not in self._deleted:
            stored = segment.segment()
            self._deleted[number] = frozenset(stored.deleted_docs() if stored else ())
        return self._deleted[number]


def fast_path_works(schema: Any, reference: Reference) -> bool:
    """Whether the fast scorer passes its probe (the reason is logged when it does not)."""
    try:
        probe_fast_path(schema, reference)
    except FastPathUnavailable as exc:
        log.warning("fast scoring unavailable (%s); using Whoosh's query matchers", exc)
        return False
    return True


def probe_fast_path(schema: Any, reference: Reference) -> None:
    """Raise FastPathUnavailable unless the fast scorer gives Whoosh's own scores on a small
    index in memory with two segments and a deletion, as an edited index has."""
    try:
        # Whoosh's writer spills to a temporary folder named after the index: a name of its
        # own keeps processes probing at once out of each other's way.
        ix = RamStorage().create_index(schema, indexname=f"probe-{uuid.uuid4().hex}")
        for batch in PROBE_BATCHES:
            writer = ix.writer()
            for doc_id, name, body in batch:
                text = f"{name} {body}"
                writer.add_document(id=doc_id, name=name, body=body, plain=text, facets={})
            writer.delete_by_term("id", "gone")
            writer.commit(merge=False)
        with ix.searcher() as searcher:
            clauses = clauses_for(searcher.reader(), StemmingAnalyzer())
            fast = FastScorer(searcher, SegmentCache(), clauses)
            for terms, require_all, exact in PROBES:
                got = fast.scores(terms, require_all, exact)
                want = reference(searcher, clauses, terms, require_all, exact)
                if (
                    not want
                    or got.keys() != want.keys()
                    or not all(math.isclose(got[d], want[d], rel_tol=1e-9) for d in want)
                ):
                    raise FastPathUnavailable(f"scores differ from Whoosh's for {terms}")
    except FastPathUnavailable:
        raise
    except Exception as exc:  # an internal renamed, moved or changed in shape
        raise FastPathUnavailable(f"{exc.__class__.__name__}: {exc}") from exc


PROBE_BATCHES = [
    [
        ("a", "Housing support", "Help to find accommodation and keep a tenancy."),
        ("b", "Debt advice", "Money and debt advice, benefits and budgeting."),
        ("gone", "Housing rescue", "Accommodation in a crisis."),
    ],
    [
        ("c", "Housing and money", "Accommodation, debt and emotional skills together."),
        ("d", "Calm", "Emotional skills for managing anger and stress."),
    ],
]
PROBES = [
    (("housing",), True, False),
    (("acommodation",), True, False),  # one slip: fuzzy expansion
    (("debt", "emotional"), True, False),
    (("debt", "emotional"), False, False),
    (("money", "skills"), True, True),
]


def _segment_id(reader: Any) -> str | None:
    segment = reader.segment() if hasattr(reader, "segment") else None
    return segment.segment_id() if segment is not None else None


def _length_bytes(segment: Any, field: str) -> Any:
    """Each document's field length, as Whoosh's one-byte code (0 where the field is empty)."""
    column = segment._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    return column.load() if column else []


def _blocks(matcher: Any) -> Iterator[tuple[Any, Any]]:
    """A segment's postings as (docnums, weights) per block; deletions are left to the caller."""
    leaf = matcher.child if type(matcher) is FilterMatcher else matcher
    if type(leaf) is not W3LeafMatcher:
        raise FastPathUnavailable(f"unexpected posting reader {type(leaf).__name__}")
    while leaf.is_active():
        leaf._read_ids()
        leaf._read_weights()
        yield leaf._ids, leaf._weights
        leaf._next_block()


def _any_of(per_word: list[dict[int, float]]) -> dict[int, float]:
    """Documents scored for any word, with the sum of their scores."""
    total: dict[int, float] = {}
    for word in per_word:
        for docnum, score in word.items():
            total[docnum] = total.get(docnum, 0.0) + score
    return total
