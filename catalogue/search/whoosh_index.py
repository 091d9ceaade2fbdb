"""The Whoosh engine; with `fast_scorer`, the only modules that import whoosh.

Layout of the index directory: `current` is a symlink to a generation folder `gen-<n>`
holding a Whoosh index, a `REVISION` file (the catalogue revision it reflects) and a
`FORMAT` file (the documents' `DOCUMENT_FORMAT`; a generation of another format is rebuilt).
A full rebuild writes a new generation and swaps the link atomically, so searches carry on
against the old generation meanwhile.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.query import And, Or, Query, Term

from catalogue.search.documents import DOCUMENT_FORMAT, IndexDocument
from catalogue.search.fast_scorer import (
    FastPathUnavailable,
    FastScorer,
    SegmentCache,
    fast_path_works,
)
from catalogue.search.word_terms import STEMMED_FIELDS, Clauses, clauses_for

log = logging.getLogger(__name__)

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
        self._fast: bool | None = None  # whether the fast scorer passed its probe
        self._scorer: FastScorer | None = None
        self._docnum_of: dict[str, int] | None = None
        self._segments = SegmentCache()
        self._stem = StemmingAnalyzer()

    @property
    def path(self) -> str:
        """Which way free text is scored: "fast" (posting blocks) or "whoosh" (matchers)."""
        return "fast" if self._fast else "whoosh"

    # -- generations and revision ---------------------------------------------------------
    @property
    def current(self) -> Path:
        """The folder of the generation in use."""
        return self.root / "current"

    def revision(self) -> int | None:
        """The catalogue revision the on-disk index reflects, or None if there is none (or
        its documents are of an earlier format)."""
        try:
            if (self.current / "FORMAT").read_text().strip() != str(DOCUMENT_FORMAT):
                return None
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
        (folder / "FORMAT").write_text(str(DOCUMENT_FORMAT))
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
            if self._fast is None:
                self._fast = fast_path_works(_schema(), matcher_scores)
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
        self._scorer = None
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
        if self._fast:
            try:
                if self._scorer is None:
                    clauses = clauses_for(searcher.reader(), self._stem)
                    self._scorer = FastScorer(searcher, self._segments, clauses)
                scores = self._scorer.scores(terms, require_all, exact, self._docnums(within))
            except FastPathUnavailable as exc:
                log.warning("fast scoring stopped (%s); using Whoosh's query matchers", exc)
                self._fast = False
            else:
                return {self._ids[docnum]: score for docnum, score in scores.items()}
        return self.matcher_text_search(terms, require_all, exact)

    def matcher_text_search(
        self, terms: tuple[str, ...], require_all: bool, exact: bool = False
    ) -> dict[str, float]:
        """The same scores through Whoosh's query matchers: the reference for the fast path."""
        searcher = self._reader()
        clauses = clauses_for(searcher.reader(), self._stem)
        scores = matcher_scores(searcher, clauses, terms, require_all, exact)
        return {self._ids[docnum]: score for docnum, score in scores.items()}

    def _docnums(self, ids: Iterable[str] | None) -> dict[int, float] | None:
        if ids is None:
            return None
        if self._docnum_of is None:
            self._docnum_of = {doc_id: n for n, doc_id in enumerate(self._ids)}
        found = self._docnum_of.get
        return {n: 0.0 for i in ids if (n := found(i)) is not None}

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


def matcher_scores(
    searcher: Any, clauses: Clauses, terms: tuple[str, ...], require_all: bool, exact: bool
) -> dict[int, float]:
    """Docnums matching the words, with their scores, through Whoosh's own query matchers."""
    words: list[Query] = [
        Or([Term(field, text, boost=boost) for field, text, boost in clauses(word, exact)])
        for word in terms
    ]
    query: Query = And(words) if require_all else Or(words)
    return {docnum: score for score, docnum in searcher.search(query, limit=None).top_n}


def _stored_ids(segment: Any) -> list[str]:
    return list(segment.column_reader("id"))


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
