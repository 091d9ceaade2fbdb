"""The Whoosh engine: the only module that imports whoosh.

Layout of the index directory: `current` is a symlink to a generation folder `gen-<n>`
holding a Whoosh index and a `REVISION` file (the catalogue revision it reflects). A full
rebuild writes a new generation and swaps the link atomically, so searches carry on
against the old generation meanwhile.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.matching import FilterMatcher
from whoosh.query import And, FuzzyTerm, Or, Query, Term
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from catalogue.search.documents import IndexDocument

log = logging.getLogger(__name__)

STEMMED_FIELDS = {"name": 4.0, "needs": 2.0, "provider": 1.5, "body": 1.0, "places": 0.5}
FUZZY_MIN_LENGTH = 5  # shorter words must match exactly: one slip in "drug" is another word
WRITE_LOCK_TIMEOUT = 30.0


class IndexUnavailable(Exception):
    """The index is missing or cannot be read; the caller should rebuild it."""


def _schema() -> Schema:
    stem = StemmingAnalyzer()
    fields: dict[str, Any] = {
        name: TEXT(analyzer=stem, field_boost=boost, phrase=False)
        for name, boost in STEMMED_FIELDS.items()
    }
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        plain=TEXT(analyzer=StandardAnalyzer(), phrase=False),
        facets=STORED(),
        **fields,
    )


class WhooshIndex:
    """A Whoosh index in a directory, with the catalogue revision it reflects."""

    def __init__(self, directory: str) -> None:
        self.root = Path(directory)
        self._index: Any = None
        self._searcher: Any = None
        self._ids: list[str] = []
        self._postings: PostingScores | None = None
        self._docnum_of: dict[str, int] | None = None
        self._segments = SegmentCache()
        self._stem = StemmingAnalyzer()

    # -- generations and revision ---------------------------------------------------------
    @property
    def current(self) -> Path:
        """The folder of the generation in use."""
        return self.root / "current"

    def revision(self) -> int | None:
        """The catalogue revision the on-disk index reflects, or None if there is none."""
        try:
            return int((self.current / "REVISION").read_text().strip())
        except (OSError, ValueError):
            return None

    def _write_revision(self, folder: Path, revision: int) -> None:
        tmp = folder / f"REVISION.{os.getpid()}"
        tmp.write_text(str(revision))
        os.replace(tmp, folder / "REVISION")

    # -- writing ---------------------------------------------------------------------------
    def replace_all(self, documents: Iterable[IndexDocument], revision: int) -> int:
        """Build a new generation from the documents and switch to it."""
        self.root.mkdir(parents=True, exist_ok=True)
        folder = self.root / f"gen-{time.time_ns()}-{os.getpid()}"
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), _schema())
        writer = ix.writer(limitmb=256)
        count = 0
        try:
            for doc in documents:
                writer.add_document(**_fields(doc))
                count += 1
        except BaseException:
            writer.cancel()
            ix.close()
            shutil.rmtree(folder, ignore_errors=True)
            raise
        writer.commit()
        ix.close()
        self._write_revision(folder, revision)
        self._switch_to(folder)
        return count

    def _switch_to(self, folder: Path) -> None:
        old = self.current.resolve() if self.current.is_symlink() else None
        link = self.root / f"current.{os.getpid()}"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(folder.name)
        os.replace(link, self.current)
        self.close()
        if old is not None and old != folder.resolve():
            shutil.rmtree(old, ignore_errors=True)

    def apply(self, upserts: list[IndexDocument], deletes: list[str], revision: int) -> None:
        """Add or replace some documents and delete others in the current generation."""
        ix = self._open_index()
        writer = ix.writer(timeout=WRITE_LOCK_TIMEOUT)
        try:
            for doc_id in deletes:
                writer.delete_by_term("id", doc_id)
            for doc in upserts:
                writer.update_document(**_fields(doc))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self._write_revision(self.current, max(revision, self.revision() or 0))

    # -- reading ---------------------------------------------------------------------------
    def _open_index(self) -> Any:
        if self._index is None:
            try:
                self._index = whoosh_index.open_dir(str(self.current))
            except Exception as exc:  # missing, half-written or corrupt: all mean rebuild
                raise IndexUnavailable(str(exc)) from exc
        return self._index

    def _reader(self) -> Any:
        if self._searcher is not None and not self._searcher.up_to_date():
            # Reopen rather than refresh(): Whoosh cannot refresh a reader of an empty index.
            self.close()
        if self._searcher is None:
            try:
                self._searcher = self._open_index().searcher()
                self._ids = self._ids_by_docnum(self._searcher)
            except IndexUnavailable:
                raise
            except Exception as exc:
                self.close()
                raise IndexUnavailable(str(exc)) from exc
        return self._searcher

    def _ids_by_docnum(self, searcher: Any) -> list[str]:
        segments = [segment for segment, _offset in searcher.reader().leaf_readers()]
        self._segments.keep_only(segments)
        ids: list[str] = []
        for segment in segments:
            if segment.doc_count_all():  # an empty segment has no columns to read
                ids += self._segments.get(segment, "ids", partial(_stored_ids, segment))
        return ids

    def close(self) -> None:
        """Drop open readers so the next call reopens the current generation."""
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._index = None
        self._ids = []
        self._postings = None
        self._docnum_of = None

    def all_facets(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every document's id and filter values."""
        searcher = self._reader()
        for fields in searcher.reader().all_stored_fields():
            yield fields["id"], fields["facets"]

    def facets_for(self, doc_ids: Iterable[str]) -> dict[str, dict[str, Any] | None]:
        """The filter values of some documents (None for a document not in the index)."""
        searcher = self._reader()
        found: dict[str, dict[str, Any] | None] = {}
        for doc_id in doc_ids:
            fields = searcher.document(id=doc_id)
            found[doc_id] = fields["facets"] if fields else None
        return found

    def text_search(
        self,
        terms: tuple[str, ...],
        require_all: bool,
        exact: bool = False,
        within: Iterable[str] | None = None,
    ) -> dict[str, float]:
        """Scores of the documents matching the words (all of them, or any); `exact` leaves
        out typo tolerance (for words search chose itself, such as a thesaurus's), and
        `within` (ids) may limit the work to those documents: others may still be scored."""
        searcher = self._reader()
        if self._postings is None:
            self._postings = PostingScores(searcher, self._segments)
        try:
            if require_all:
                scores = self._all_words(self._postings, terms, exact, self._docnums(within))
            else:
                scores = _any_of([self._word_scores(self._postings, w, exact=exact) for w in terms])
        except AttributeError:  # Whoosh's internals changed: answer the slow, sure way
            log.warning("fast scoring unavailable; using Whoosh's query matchers")
            return self.matcher_text_search(terms, require_all, exact)
        return {self._ids[docnum]: score for docnum, score in scores.items()}

    def _docnums(self, ids: Iterable[str] | None) -> dict[int, float] | None:
        if ids is None:
            return None
        if self._docnum_of is None:
            self._docnum_of = {doc_id: n for n, doc_id in enumerate(self._ids)}
        found = self._docnum_of.get
        return {n: 0.0 for i in ids if (n := found(i)) is not None}

    def _all_words(
        self,
        postings: PostingScores,
        terms: tuple[str, ...],
        exact: bool = False,
        within: dict[int, float] | None = None,
    ) -> dict[int, float]:
        """Documents having every word; each word is scored only where the rarer ones matched."""
        by_word: dict[str, dict[int, float]] = {}
        for word in sorted(terms, key=lambda w: postings.reader.doc_frequency("plain", w)):
            within = by_word[word] = self._word_scores(postings, word, within, exact)
            if not within:
                return {}
        return {d: sum(by_word[word][d] for word in terms) for d in within or {}}

    def _word_scores(
        self,
        postings: PostingScores,
        word: str,
        within: dict[int, float] | None = None,
        exact: bool = False,
    ) -> dict[int, float]:
        """One word's score per docnum (only docnums `within`, if given): as `_term_query`."""
        scores: dict[int, float] = {}
        stems = [token.text for token in self._stem(word)] or [word]
        for field, boost in STEMMED_FIELDS.items():
            for stem in stems:
                postings.add(scores, field, stem, boost, within)
        if exact:
            return scores
        if len(word) >= FUZZY_MIN_LENGTH:
            near = [t for t in postings.reader.terms_within("plain", word, 1, prefix=1) if t]
            # As Whoosh's FuzzyTerm: one expansion is scored as a plain, unboosted term.
            for text in near:
                postings.add(scores, "plain", text, 0.5 if len(near) > 1 else 1.0, within)
        else:
            postings.add(scores, "plain", word, 0.5, within)
        return scores

    def similar_words(self, word: str, limit: int = 3) -> list[str]:
        """Words of the index within two edits of the word, the most used first."""
        reader = self._reader().reader()
        near = {
            t.decode("utf-8") if isinstance(t, bytes) else t
            for t in reader.terms_within("plain", word, 2, prefix=1)
        }
        near.discard(word)
        ranked = sorted(near, key=lambda t: (-reader.doc_frequency("plain", t), t))
        return [t for t in ranked if len(t) > 2][:limit]

    def matcher_text_search(
        self, terms: tuple[str, ...], require_all: bool, exact: bool = False
    ) -> dict[str, float]:
        """The same scores through Whoosh's query matchers: the reference for the fast path."""
        searcher = self._reader()
        clauses = [self._term_query(t, exact) for t in terms]
        query: Query = And(clauses) if require_all else Or(clauses)
        results = searcher.search(query, limit=None)
        return {self._ids[docnum]: score for score, docnum in results.top_n}

    def _term_query(self, word: str, exact: bool = False) -> Query:
        stems = [token.text for token in self._stem(word)] or [word]
        clauses: list[Query] = [
            Term(field, stem, boost=boost)
            for field, boost in STEMMED_FIELDS.items()
            for stem in stems
        ]
        if exact:
            return Or(clauses)
        if len(word) >= FUZZY_MIN_LENGTH:
            clauses.append(FuzzyTerm("plain", word, maxdist=1, prefixlength=1, boost=0.5))
        else:
            clauses.append(Term("plain", word, boost=0.5))
        return Or(clauses)


class PostingScores:
    """BM25F scores read a posting block at a time, for one open searcher.

    Whoosh's matcher tree costs several Python calls per posting and per clause; reading
    whole blocks and field-length columns once makes free-text search several times faster
    with the same scores (same formula, statistics and boosts). It reads Whoosh internals of
    the pinned version; `text_search` falls back to the matchers if they are missing.
    """

    def __init__(self, searcher: Any, segments: SegmentCache) -> None:
        self.searcher = searcher
        self.cache = segments
        self.reader = searcher.reader()
        self.weighting = searcher.weighting
        if type(self.weighting) is not BM25F:
            raise AttributeError("only BM25F scores are computed here")
        self._segments = list(self.reader.leaf_readers())
        self._norms_of: dict[tuple[int, str], list[float]] = {}
        self._deleted: dict[int, frozenset[int]] = {}

    def add(
        self,
        scores: dict[int, float],
        field: str,
        text: str,
        boost: float,
        within: dict[int, float] | None = None,
    ) -> None:
        """Add one term's boosted BM25F score to every document containing it (and `within`)."""
        btext = text.encode("utf-8") if isinstance(text, str) else text
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


def _stored_ids(segment: Any) -> list[str]:
    return list(segment.column_reader("id"))


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
        raise AttributeError(f"unexpected posting reader {type(leaf).__name__}")
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


def _fields(doc: IndexDocument) -> dict[str, Any]:
    return {
        "id": doc.id,
        "name": doc.name,
        "needs": doc.needs_text,
        "provider": doc.provider,
        "body": doc.body,
        "places": doc.places_text,
        "plain": " ".join([doc.name, doc.needs_text, doc.provider, doc.body, doc.places_text]),
        "facets": doc.facets,
    }
