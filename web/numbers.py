"""Reading whole numbers from request text safely (no Unicode digits, no huge values)."""

from __future__ import annotations

import re

# Nine digits is far beyond any count, id or version here, and fits every integer column.
WHOLE = re.compile(r"[0-9]{1,9}")


def whole_number(text: str | None) -> int | None:
    """The number a string of ASCII digits spells, or None for anything else."""
    if text is None or not WHOLE.fullmatch(text.strip()):
        return None
    return int(text.strip())
