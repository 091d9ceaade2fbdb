"""Turn whatever a user typed into plain search words, never an error."""

from __future__ import annotations

import re
import unicodedata

MAX_INPUT_CHARS = 200
MAX_TERMS = 12
# Characters that mean something in query languages; typed by accident they are ignored.
SYNTAX = re.compile(r'["()\[\]{}*?~^:+!\\]|\b(AND|OR|NOT|TO)\b')
WORD = re.compile(r"[^\W_]+", re.UNICODE)
STOP_WORDS = frozenset(
    "a an and are as at be by for from has have i in is it of on or not the to with "
    "near me my their this that".split()
)


def clean(text: str) -> str:
    """Drop control characters and cap the length."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return text[:MAX_INPUT_CHARS]


def plain_terms(text: str) -> tuple[tuple[str, ...], bool]:
    """The distinct lower-case words to search for, and whether any syntax was ignored."""
    cleaned = clean(text)
    syntax_ignored = bool(SYNTAX.search(cleaned))
    terms: list[str] = []
    for word in WORD.findall(cleaned.lower()):
        if word not in STOP_WORDS and word not in terms:
            terms.append(word)
    return tuple(terms[:MAX_TERMS]), syntax_ignored
