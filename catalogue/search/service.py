"""Keeps one process's index in step with the database and answers queries."""

from __future__ import annotations

import logging
import threading
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from catalogue.changes import catalogue_revision, changed_since
from catalogue.models import ThesaurusTerm
from catalogue.search import ranking
from catalogue.search.documents import all_documents, documents_for, region_lookups
from catalogue.search.expansion import Thesaurus, edits, make_entry
from catalogue.search.facets import FacetTable, combine, facet_counts, filter_masks, mask_of
from catalogue.search.fallback import DatabaseEngine
from catalogue.search.freshness import stale_mask
from catalogue.search.text import plain_terms
from catalogue.search.types import SearchEngine, SearchQuery, SearchResult
from catalogue.search.whoosh_index import IndexUnavailable, WhooshIndex

log = logging.getLogger(__name__)

# Past this many changed interventions a full rebuild is quicker than updating one by one.
INCREMENTAL_LIMIT = 2000


class SearchService:
    """One process's view of the index: the engine on disk plus the in-memory facet table."""

    def __init__(self, directory: str, stale_after_days: int = 90) -> None:
        self.engine = WhooshIndex(directory)
        self.table = FacetTable()
        self.revision: int | None = None  # the revision self.table reflects
        self.stale_after_days = stale_after_days
        self.thesaurus = Thesaurus()
        self.pdu_regions: dict[str, str] = {}
        self._lock = threading.RLock()

    # -- keeping up with the database ----------------------------------------------------
    def sync(self, session: Session) -> int:
        """Bring the on-disk index and the facet table up to the database revision."""
        db_revision = catalogue_revision(session)
        with self._lock:
            if self.revision == db_revision:
                return db_revision
            try:
                self._sync_disk(session, db_revision)
                self._sync_table(session, db_revision)
            except IndexUnavailable as exc:
                log.warning("search index unreadable (%s); rebuilding", exc.__class__.__name__)
                self._rebuild(session, db_revision)
            return db_revision

    def _sync_disk(self, session: Session, db_revision: int) -> None:
        disk_revision = self.engine.revision()
        if disk_revision is None or disk_revision > db_revision:
            self._write_all(session, db_revision)
        elif disk_revision < db_revision:
            changed = changed_since(session, disk_revision)
            if changed is None or len(changed) > INCREMENTAL_LIMIT:
                self._write_all(session, db_revision)
            else:
                upserts, deletes = documents_for(session, changed)
                self.engine.apply(upserts, deletes, db_revision)

    def _sync_table(self, session: Session, db_revision: int) -> None:
        # Behind the table (a restored backup, say): reload it whole, as the disk index is.
        behind = self.revision is None or self.revision > db_revision
        changed = None if self.revision is None or behind else changed_since(session, self.revision)
        if changed is None or len(changed) > INCREMENTAL_LIMIT:
            self.table = FacetTable.load(self.engine.all_facets())
        else:
            for doc_id, record in self.engine.facets_for(sorted(changed)).items():
                if record is None:
                    self.table.remove(doc_id)
                else:
                    self.table.put(doc_id, record)
        # The thesaurus and places are small and their edits move the same revision: read
        # them again whole.
        self.thesaurus = read_thesaurus(session)
        self.pdu_regions = pdu_regions(session)
        self.revision = db_revision

    def rebuild(self, session: Session) -> int:
        """Rebuild the whole index from the database; returns the number indexed."""
        with self._lock:
            return self._rebuild(session, catalogue_revision(session))

    def _rebuild(self, session: Session, db_revision: int) -> int:
        count = self._write_all(session, db_revision)
        self.revision = None
        self._sync_table(session, db_revision)
        return count

    def _write_all(self, session: Session, db_revision: int) -> int:
        return self.engine.replace_all(all_documents(session), db_revision)

    # -- answering ---------------------------------------------------------------------------
    def search(
        self, session: Session, query: SearchQuery, today: date | None = None
    ) -> SearchResult:
        """Answer a query: ids of one page in rank order, the total and facet counts."""
        today = today or date.today()
        try:
            self.sync(session)
            with self._lock:
                return self._answer(self.engine, self.table, query, today)
        except SQLAlchemyError:
            raise  # the database itself is down: nothing here can answer
        except Exception as exc:  # deleted, corrupt or unwritable: the database still answers
            log.warning("search index failed (%s); rebuilding", exc.__class__.__name__)
            return self._search_after_fault(session, query, today)

    def _search_after_fault(
        self, session: Session, query: SearchQuery, today: date
    ) -> SearchResult:
        """Rebuild the index once and answer from it, else answer from the database."""
        with self._lock:
            try:
                self.engine.close()
                self._rebuild(session, catalogue_revision(session))
                return self._answer(self.engine, self.table, query, today)
            except SQLAlchemyError:
                raise
            except Exception as exc:
                log.warning("search index not rebuilt (%s); searching the database", exc)
                self.revision = None  # so the next search tries the index again
                self.pdu_regions = pdu_regions(session)
                database = DatabaseEngine(all_documents(session))
                return self._answer(database, database.table(), query, today)

    def _answer(
        self, engine: SearchEngine, table: FacetTable, query: SearchQuery, today: date
    ) -> SearchResult:
        terms, syntax_ignored = plain_terms(query.text)
        units = self.thesaurus.units(query.text) if query.expand and terms else []
        expansions = tuple(dict.fromkeys(u.entry for u in units if u.entry is not None))
        # With expansions, ranking.expanded_scores falls back to any word itself.
        scores, matched_any = _scores(engine, terms, any_word=not expansions)
        need_only = 0
        scored: ranking.Scored | None
        if expansions:
            # Only documents with every word as typed outrank the thesaurus's matches.
            found = ranking.expanded_scores(table, units, scores or {}, engine.text_search)
            scored, need_only, matched_any = found.scored, found.need_only, found.matched_any
        else:
            scored = None if scores is None else _scored_ordinals(table, scores)
        base = table.current(today)
        if scored is not None:
            base &= mask_of((o for _, o in scored), len(table.ids)) | need_only
        masks = filter_masks(table, query)
        selected = combine(base, masks)
        stale = stale_mask(table, query, today, self.stale_after_days, self.pdu_regions)
        groups: dict[int, list[int]] = {}
        activities = selected.bit_count()
        if query.group_variants and not query.regions and not query.pdus:
            selected, groups = ranking.collapse_variants(table, selected, scored, stale)
        total = selected.bit_count()
        start = (query.page - 1) * query.per_page
        ordered = ranking.order(
            table, selected, scored, query, start + query.per_page, need_only, stale
        )
        page = [i for o in ordered[start:] if (i := table.ids[o]) is not None]
        return SearchResult(
            ids=page,
            total=total,
            page=query.page,
            per_page=query.per_page,
            facets=facet_counts(table, base, masks, query.open_now),
            terms=terms,
            matched_any=matched_any,
            syntax_ignored=syntax_ignored,
            activities=activities,
            expansions=expansions,
            variants={
                doc_id: ranking.variant_regions(table, groups[o])
                for o in ordered[start:]
                if o in groups and (doc_id := table.ids[o]) is not None
            },
            relaxed={} if total else ranking.relaxed_counts(table, base, masks, query, today),
            did_you_mean={} if total else self._did_you_mean(engine, terms),
            answered_by=engine.path,
        )

    def _did_you_mean(self, engine: SearchEngine, terms: tuple[str, ...]) -> dict[str, str]:
        """For each word neither the index nor the thesaurus knows, the nearest word one of
        them does know ("" when there is none: the word is best left out)."""
        found: dict[str, str] = {}
        for term in terms:
            if self.thesaurus.lookup([term]) or engine.text_search((term,), True):
                continue
            near = [*engine.similar_words(term), *self.thesaurus.near(term)]
            near.sort(key=lambda word: edits(term, word))  # stable: index words first on ties
            found[term] = near[0] if near else ""
        return found


def _scores(
    engine: SearchEngine, terms: tuple[str, ...], any_word: bool = True
) -> tuple[dict[str, float] | None, bool]:
    """Documents with every word; failing that (if `any_word`), with any of them."""
    if not terms:
        return None, False
    scores = engine.text_search(terms, require_all=True)
    if scores or len(terms) == 1 or not any_word:
        return scores, False
    scores = engine.text_search(terms, require_all=False)
    return scores, bool(scores)


def _scored_ordinals(table: FacetTable, scores: dict[str, float]) -> list[tuple[float, int]]:
    """(score, ordinal) of each scored document the facet table holds."""
    ordinal = table.ordinal.get
    return [(score, o) for doc_id, score in scores.items() if (o := ordinal(doc_id)) is not None]


def read_thesaurus(session: Session) -> Thesaurus:
    """The thesaurus as the database holds it now."""
    rows = session.execute(
        select(ThesaurusTerm.term, ThesaurusTerm.needs, ThesaurusTerm.search_terms)
    )
    return Thesaurus(make_entry(term, needs or [], terms or []) for term, needs, terms in rows)


def pdu_regions(session: Session) -> dict[str, str]:
    """The region of each PDU."""
    _names, pdus = region_lookups(session)
    return {pdu: region for region, slugs in pdus.items() for pdu in slugs}
