"""The search thesaurus as data: read from seed_data/thesaurus.csv, kept in the database,
extended by national editors (audited), and read by search.

An edit moves the catalogue revision (under THESAURUS_CHANGE, an id no intervention has),
so every process's search picks the edit up through the same sync as a catalogue edit,
without re-indexing any intervention.
"""

from __future__ import annotations

import csv
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalogue.changes import record_revision
from catalogue.models import NeedArea, ThesaurusTerm
from catalogue.search.expansion import key_of
from core.audit import record_audit

THESAURUS_CHANGE = uuid.UUID("00000000-0000-4000-8000-7e5a075a0001")
HEADERS = ["term", "needs", "search_terms", "source"]
SOURCES = ("reference", "crs", "interventions", "everyday", "slang", "editor")
MAX_TERM_CHARS = 80
MAX_SEARCH_TERMS = 6
ALLOWED = re.compile(r"[\w' &-]+")


class ThesaurusError(ValueError):
    """Values an entry may not have; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class TermValues:
    """A checked entry, ready to store."""

    term: str
    needs: tuple[str, ...]
    search_terms: tuple[str, ...]
    source: str


def split_list(text: str) -> list[str]:
    """Values separated by semicolons or commas, trimmed, empties dropped, order kept."""
    values: list[str] = []
    for part in re.split(r"[;,\n]", text or ""):
        value = " ".join(part.split()).casefold()
        if value and value not in values:
            values.append(value)
    return values


def check_term(
    term: str, needs: Iterable[str], search_terms: Iterable[str], source: str, known: set[str]
) -> TermValues:
    """Validate an entry's values against the need areas; raise ThesaurusError if wrong."""
    errors: dict[str, str] = {}
    key = key_of(term)
    if not key:
        errors["term"] = "Enter the word or phrase people type"
    elif len(term) > MAX_TERM_CHARS or not ALLOWED.fullmatch(term.strip()):
        errors["term"] = (
            "Use letters, numbers, spaces, apostrophes and hyphens, "
            f"at most {MAX_TERM_CHARS} characters"
        )
    needs, phrases = list(needs), [key_of(t) for t in search_terms]
    unknown = [n for n in needs if n not in known]
    if unknown:
        errors["needs"] = f"Not a need area: {', '.join(unknown)}"
    if any(not p or len(p) > MAX_TERM_CHARS for p in phrases) or len(phrases) > MAX_SEARCH_TERMS:
        errors["search_terms"] = (
            f"Give up to {MAX_SEARCH_TERMS} search words or phrases, each of letters and numbers"
        )
    if not needs and not phrases:
        errors["needs"] = "Choose at least one need area or give a search word"
    if source not in SOURCES:
        errors["source"] = f"Source must be one of {', '.join(SOURCES)}"
    if errors:
        raise ThesaurusError(errors)
    return TermValues(key, tuple(needs), tuple(phrases), source)


def read_csv(path: Path, known_needs: set[str]) -> list[TermValues]:
    """Every entry of a thesaurus file, checked; the first bad line raises with its number."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != HEADERS:
            raise ThesaurusError(
                {"file": f"{path.name} must have the columns {', '.join(HEADERS)}"}
            )
        values, seen = [], set()
        for line, row in enumerate(reader, start=2):
            try:
                checked = check_term(
                    row["term"],
                    split_list(row["needs"]),
                    split_list(row["search_terms"]),
                    row["source"],
                    known_needs,
                )
            except ThesaurusError as exc:
                raise ThesaurusError({f"{path.name} line {line}": str(exc)}) from None
            if checked.term in seen:
                raise ThesaurusError(
                    {f"{path.name} line {line}": f"{checked.term} is listed twice"}
                )
            seen.add(checked.term)
            values.append(checked)
    return values


def need_slugs(session: Session) -> set[str]:
    """The need areas an entry may point to."""
    return set(session.scalars(select(NeedArea.slug)))


def load_file(session: Session, path: Path, actor: str = "seed", revision: bool = True) -> int:
    """Add a thesaurus file's entries to an empty thesaurus (no commit); returns how many.
    Without `revision` the caller's own change must move the catalogue revision."""
    values = read_csv(path, need_slugs(session))
    if session.scalar(select(func.count()).select_from(ThesaurusTerm)):
        return 0
    now = datetime.now().replace(microsecond=0)
    session.add_all(_row(v, actor, now) for v in values)
    if revision:
        record_revision(session, THESAURUS_CHANGE)
    return len(values)


def _row(values: TermValues, actor: str, now: datetime) -> ThesaurusTerm:
    return ThesaurusTerm(
        term=values.term,
        needs=list(values.needs),
        search_terms=list(values.search_terms),
        source=values.source,
        created_at=now,
        created_by=actor,
    )


def all_terms(session: Session) -> list[ThesaurusTerm]:
    """Every entry, alphabetically, for the editors' page."""
    return list(session.scalars(select(ThesaurusTerm).order_by(ThesaurusTerm.term)))


def add_term(session: Session, values: TermValues, actor: str) -> ThesaurusTerm:
    """Store a new entry, audited, moving the revision search follows; commits."""
    if session.scalar(select(ThesaurusTerm.id).where(ThesaurusTerm.term == values.term)):
        raise ThesaurusError({"term": f"“{values.term}” is already in the thesaurus"})
    row = _row(values, actor, datetime.now().replace(microsecond=0))
    session.add(row)
    changes = [(f, None, getattr(values, f)) for f in ("term", "needs", "search_terms", "source")]
    record_audit(
        session,
        actor=actor,
        entity_type="thesaurus",
        entity_id=values.term,
        action="create",
        changes=changes,
    )
    _commit(session)
    return row


def remove_term(session: Session, term_id: int, actor: str, reason: str) -> str | None:
    """Delete an entry, audited with the reason; returns its term (None if it was gone)."""
    row = session.get(ThesaurusTerm, term_id)
    if row is None:
        return None
    term = row.term
    before = [("needs", row.needs, None), ("search_terms", row.search_terms, None)]
    session.delete(row)
    record_audit(
        session,
        actor=actor,
        entity_type="thesaurus",
        entity_id=term,
        action="delete",
        changes=before,
        reason=reason,
    )
    _commit(session)
    return term


def _commit(session: Session) -> None:
    record_revision(session, THESAURUS_CHANGE)
    try:
        session.commit()
    except IntegrityError:  # the same term added by someone else a moment ago
        session.rollback()
        raise ThesaurusError({"term": "That term was added by someone else just now"}) from None
