"""The Whoosh engine: the only module that imports whoosh.

Layout of the index directory: `current` is a symlink to a generation folder `gen-<n>`
holding a Whoosh index and a `REVISION` file (the catalogue revision it reflects). A full
rebuild writes a new generation and swaps the link atomically, so searches carry on
against the old generation meanwhile.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.query import And, FuzzyTerm, Or, Query, Term

from catalogue.search.documents import IndexDocument

STEMMED_FIELDS = {"name": 4.0, "needs": 2.0, "provider": 1.5, "body": 1.0, "places": 0.5}
FUZZY_MIN_LENGTH = 5  # shorter words must match exactly: one slip in "drug" is another word
WRITE_LOCK_TIMEOUT = 30.0


class IndexUnavailable(Exception):
    """The index is missing or cannot be read; the caller should rebuild it."""


def _schema() -> Schema:
    stem = StemmingAnalyzer()
    fields: dict[str, Any] = {
        name: TEXT(analyzer=stem, field_boost=boost) for name, boost in STEMMED_FIELDS.items()
    }
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        plain=TEXT(analyzer=StandardAnalyzer()),
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
        writer = ix.writer(limitmb=128)
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
                self._ids = _ids_by_docnum(self._searcher)
            except IndexUnavailable:
                raise
            except Exception as exc:
                self.close()
                raise IndexUnavailable(str(exc)) from exc
        return self._searcher

    def close(self) -> None:
        """Drop open readers so the next call reopens the current generation."""
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._index = None
        self._ids = []

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

    def text_search(self, terms: tuple[str, ...], require_all: bool) -> dict[str, float]:
        """Scores of the documents matching the words (all of them, or any)."""
        searcher = self._reader()
        clauses = [self._term_query(t) for t in terms]
        query: Query = And(clauses) if require_all else Or(clauses)
        results = searcher.search(query, limit=None)
        return {self._ids[docnum]: score for score, docnum in results.top_n}

    def _term_query(self, word: str) -> Query:
        stems = [token.text for token in self._stem(word)] or [word]
        clauses: list[Query] = [
            Term(field, stem, boost=boost)
            for field, boost in STEMMED_FIELDS.items()
            for stem in stems
        ]
        if len(word) >= FUZZY_MIN_LENGTH:
            clauses.append(FuzzyTerm("plain", word, maxdist=1, prefixlength=1, boost=0.5))
        else:
            clauses.append(Term("plain", word, boost=0.5))
        return Or(clauses)


def _ids_by_docnum(searcher: Any) -> list[str]:
    reader = searcher.reader()
    if reader.doc_count_all() == 0:  # an empty index has no columns to read
        return []
    return list(reader.column_reader("id"))


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
