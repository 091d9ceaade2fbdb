"""The analysts' export: one row per proposal, no name, date of birth or case reference.

The columns are declared once in `COLUMNS` (name, meaning, how to get it from the facts);
the CSV, its header and the page that documents it all read that table. Dates are given
as months only, and the score as its band, so a row does not point to one hearing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

from reporting.facts import ProposalFacts

Getter = Callable[[ProposalFacts], object]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def _listed(values: Iterable[str]) -> str:
    return ";".join(values)


COLUMNS: tuple[tuple[str, str, Getter], ...] = (
    ("region", "Probation region identifier", lambda f: f.region),
    ("pdu", "Probation delivery unit identifier (blank if not known)", lambda f: f.pdu or ""),
    ("court", "Court identifier", lambda f: f.court or ""),
    ("hearing_month", "Month of the hearing, YYYY-MM", lambda f: f"{f.hearing_date:%Y-%m}"),
    ("predictor", "Predictor used: OGRS3, OGRS4/G or other", lambda f: f.predictor),
    (
        "score_band",
        "OGRS band: none (0–24), low (25–49), medium (50–74), high (75+)",
        lambda f: f.band,
    ),
    (
        "needs",
        "Need areas linked to reoffending or harm, separated by ;",
        lambda f: _listed(f.needs),
    ),
    (
        "routed",
        "Requirements needs were routed to (ATR, DRR, MHTR, programme), by ;",
        lambda f: _listed(f.routed),
    ),
    (
        "unmet",
        "Need areas with no suitable activity available, separated by ;",
        lambda f: _listed(f.unmet),
    ),
    (
        "recommended_days",
        "RAR days the assistant recommended (blank: no RAR)",
        lambda f: "" if f.recommended_days is None else f.recommended_days,
    ),
    (
        "final_days",
        "RAR days the proposal put to the court (blank: no RAR)",
        lambda f: "" if f.final_days is None else f.final_days,
    ),
    ("override", "yes if the officer changed the number of days", lambda f: _yes_no(f.overridden)),
    (
        "outcome_recorded",
        "yes if the outcome of the hearing is recorded",
        lambda f: _yes_no(f.has_outcome),
    ),
    (
        "sentence",
        "community-order, suspended-sentence-order, custody, fine-or-discharge, other",
        lambda f: f.sentence or "",
    ),
    ("rar_ordered", "yes if the court ordered a RAR", lambda f: _yes_no(f.rar_ordered)),
    (
        "rar_days_ordered",
        "Maximum RAR days the court ordered",
        lambda f: "" if f.rar_days is None else f.rar_days,
    ),
    (
        "other_requirements",
        "Other requirements ordered, separated by ;",
        lambda f: _listed(f.other_requirements),
    ),
    (
        "sentence_month",
        "Month of sentence, YYYY-MM",
        lambda f: f"{f.sentence_date:%Y-%m}" if f.sentence_date else "",
    ),
    (
        "sample",
        "yes for the labelled sample data, never a real case",
        lambda f: _yes_no(f.is_sample),
    ),
)


def proposals_csv(facts: Iterable[ProposalFacts]) -> str:
    """The export: a header row of column names, then one row per proposal."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _, _ in COLUMNS])
    for fact in facts:
        writer.writerow([get(fact) for _, _, get in COLUMNS])
    return out.getvalue()
