"""The officer's own text must not name a number of days other than the proposal's."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = "two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
# "one day" is left out on purpose: it is how a RAR day is defined ("count as one day").
WORD_NUMBERS: dict[str, int] = {
    **{word: index + 2 for index, word in enumerate(_UNITS)},
    **{word: index + 10 for index, word in enumerate(_TEENS)},
    **{word: (index + 2) * 10 for index, word in enumerate(_TENS)},
    **{
        f"{tens}{joiner}{unit}": (t + 2) * 10 + u + 1
        for t, tens in enumerate(_TENS)
        for u, unit in enumerate(["one", *_UNITS])
        for joiner in ("-", " ")
    },
}
_NUMBER = r"\d{1,4}|" + "|".join(sorted(map(re.escape, WORD_NUMBERS), key=len, reverse=True))
# "15 days", "15 RAR days", "fifteen activity days", "a 15-day RAR"
DAYS_PATTERN = re.compile(
    rf"\b(?P<number>{_NUMBER})(?:[\s-]+(?:rar|activity|rehabilitation))*[\s-]+days?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DaysMention:
    """A number of days named in the officer's text, and where: paragraph (from 1) and words."""

    days: int
    paragraph: int
    phrase: str

    def describe(self) -> str:
        """Where the mention is, in words the officer can find it by."""
        return f"paragraph {self.paragraph}: \u201c{self.phrase}\u201d"


def days_named(text: str) -> tuple[DaysMention, ...]:
    """Every number of days the text names, in order."""
    found = []
    paragraphs = [p for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    for index, paragraph in enumerate(paragraphs, start=1):
        for match in DAYS_PATTERN.finditer(paragraph):
            number = match.group("number").casefold()
            days = int(number) if number.isdigit() else WORD_NUMBERS[number]
            found.append(DaysMention(days, index, " ".join(match.group(0).split())))
    return tuple(found)


def conflicting_days(text: str, final_days: int | None) -> tuple[DaysMention, ...]:
    """The mentions that disagree with the proposal's days (any mention when no RAR)."""
    return tuple(m for m in days_named(text) if final_days is None or m.days != final_days)


def conflict_reason(conflicts: tuple[DaysMention, ...], final_days: int | None) -> str:
    """Why finalising is refused, saying where the officer's text disagrees."""
    where = "; ".join(mention.describe() for mention in conflicts)
    proposed = f"up to {final_days} days" if final_days is not None else "no RAR"
    return (
        f"Your own text in the rationale names a different number of days ({where}), but the "
        f"proposal is for {proposed}. Change your text or the number of days, then finalise."
    )
