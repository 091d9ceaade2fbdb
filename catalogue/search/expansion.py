"""How the words typed are understood: the thesaurus entries found in a search (pure).

A thesaurus entry maps a word or phrase people type (a lay word, slang, an abbreviation, a
programme's short name) to need areas and/or search phrases. Phrases are matched longest
first, so "no fixed abode" is one entry, not three words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from catalogue.search.text import MAX_TERMS, STOP_WORDS, WORD, clean


def key_of(text: str) -> str:
    """The form a term is stored and looked up in: lower-case words, one space apart."""
    return " ".join(WORD.findall(clean(text).casefold()))


def plain_words(key: str) -> tuple[str, ...]:
    """The words of a key worth searching for (stop words dropped unless nothing is left)."""
    words = key.split()
    kept = tuple(w for w in words if w not in STOP_WORDS)
    return kept or tuple(words)


@dataclass(frozen=True)
class Entry:
    """One thesaurus entry: a term and what it also means."""

    term: str
    needs: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()  # each phrase's words; all must match


@dataclass(frozen=True)
class Unit:
    """A word or phrase of the search, with the entry it was understood by (if any)."""

    words: tuple[str, ...]
    entry: Entry | None = None


def make_entry(term: str, needs: Iterable[str], search_terms: Iterable[str]) -> Entry:
    """An entry from stored values, normalised as lookups are."""
    phrases = tuple(p for p in (plain_words(key_of(t)) for t in search_terms) if p)
    return Entry(key_of(term), tuple(needs), phrases)


class Thesaurus:
    """Entries by term, for finding them in what a user typed."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self.entries = {e.term: e for e in entries if e.term and (e.needs or e.phrases)}
        self.longest = max((len(term.split()) for term in self.entries), default=0)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, words: list[str]) -> Entry | None:
        """The entry for exactly these words, trying a singular for a final plural."""
        found = self.entries.get(" ".join(words))
        if found is None and words and len(words[-1]) > 3 and words[-1].endswith("s"):
            found = self.entries.get(" ".join([*words[:-1], words[-1][:-1]]))
        return found

    def units(self, text: str) -> list[Unit]:
        """The search split into units, each phrase matched longest first."""
        words = WORD.findall(clean(text).casefold())
        units: list[Unit] = []
        at = 0
        while at < len(words) and len(units) < MAX_TERMS:
            entry, size = self._longest_at(words, at)
            if entry is not None:
                unit = Unit(plain_words(" ".join(words[at : at + size])), entry)
            elif words[at] in STOP_WORDS:
                at += 1
                continue
            else:
                unit, size = Unit((words[at],)), 1
            if unit not in units:
                units.append(unit)
            at += size
        return units

    def near(self, word: str, limit: int = 2) -> list[str]:
        """One-word terms within two edits of the word, the nearest first."""
        found = [(edits(word, t), t) for t in self.entries if " " not in t and t != word]
        return [t for d, t in sorted(found) if d <= 2 and len(t) > 3][:limit]

    def _longest_at(self, words: list[str], at: int) -> tuple[Entry | None, int]:
        for size in range(min(self.longest, len(words) - at), 0, -1):
            entry = self.lookup(words[at : at + size])
            if entry is not None:
                return entry, size
        return None, 1


def edits(a: str, b: str) -> int:
    """Levenshtein distance, stopping early past three (only small distances matter)."""
    if abs(len(a) - len(b)) > 3:
        return 4
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
