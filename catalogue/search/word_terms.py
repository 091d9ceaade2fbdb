"""How one typed word becomes the index terms it is scored on, for both query paths (pure).

The fast scorer and Whoosh's own matchers build their clauses here, so they can only
disagree on arithmetic, which the fast scorer's probe checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

# Boost of each stemmed field; the `plain` field (unstemmed words) carries typo tolerance.
STEMMED_FIELDS = {"name": 4.0, "needs": 2.0, "provider": 1.5, "body": 1.0, "places": 0.5}
FUZZY_MIN_LENGTH = 5  # shorter words must match exactly: one slip in "drug" is another word
PLAIN_BOOST = 0.5

Clause = tuple[str, str, float]  # (field, indexed text, boost)
Clauses = Callable[[str, bool], list[Clause]]  # (word, exact) → the word's clauses


def word_clauses(
    word: str,
    stems: list[str],
    near: Callable[[str], Iterable[str | bytes]],
    exact: bool = False,
) -> list[Clause]:
    """The clauses one word is scored on: its stems in every stemmed field and, unless
    `exact`, the word itself or (if long enough) indexed words one edit from it.

    `near` gives the index's words within one edit of a word (the word itself included).
    """
    clauses = [(field, stem, boost) for field, boost in STEMMED_FIELDS.items() for stem in stems]
    if not exact:
        if len(word) >= FUZZY_MIN_LENGTH:
            found = [_text(t) for t in near(word) if t]
            # As Whoosh's FuzzyTerm scores them: a single expansion is an unboosted term.
            boost = PLAIN_BOOST if len(found) > 1 else 1.0
            clauses += [("plain", text, boost) for text in found]
        else:
            clauses.append(("plain", word, PLAIN_BOOST))
    return list(dict.fromkeys(clauses))


def clauses_for(reader: Any, stem: Callable[[str], Iterable[Any]]) -> Clauses:
    """The clause builder both query paths use, over one Whoosh reader's words (`stem` is
    the stemming analyzer of the stemmed fields)."""

    def clauses(word: str, exact: bool) -> list[Clause]:
        stems = [token.text for token in stem(word)] or [word]
        near = partial(reader.terms_within, "plain", maxdist=1, prefix=1)
        return word_clauses(word, stems, near, exact)

    return clauses


def _text(term: str | bytes) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term
