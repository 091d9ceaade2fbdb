"""The five MI figures, each counted into a `Table` with small cells withheld.

Pure functions over plain values (anonymous proposal facts, demand counts, snapshots), so
each rule here is tested without a database or a chart.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from proposal.policy import BANDS, NEED_LABELS
from reporting.facts import ROUTED_REQUIREMENTS, ProposalFacts
from reporting.tables import MIN_CELL, Row, Table, average, publish

SCORE_BINS = tuple((low, low + 9 if low < 90 else 100) for low in range(0, 100, 10))
FOLLOWED = ("Same days", "Fewer days", "More days", "No RAR")
ROUTED_LABELS = {"ATR": "ATR", "DRR": "DRR", "MHTR": "MHTR", "programme": "Programme"}


def days_by_score(facts: Iterable[ProposalFacts]) -> Table:
    """Mean RAR days proposed and ordered in each ten-point band of the two-year score."""
    proposed: dict[int, list[int]] = defaultdict(list)
    ordered: dict[int, list[int]] = defaultdict(list)
    pairs_proposed, pairs_ordered = [], []
    for fact in facts:
        if fact.score is None:
            continue
        low = min(fact.score // 10 * 10, 90)
        if fact.final_days:
            proposed[low].append(fact.final_days)
            pairs_proposed.append((fact.score, fact.final_days))
        if fact.rar_ordered and fact.rar_days:
            ordered[low].append(fact.rar_days)
            pairs_ordered.append((fact.score, fact.rar_days))
    rows = tuple(
        Row(
            f"{low}–{high}",
            (
                publish(len(proposed[low])),
                average(proposed[low]),
                publish(len(ordered[low])),
                average(ordered[low]),
            ),
        )
        for low, high in SCORE_BINS
    )
    summary = " ".join(
        (
            correlation_words("days proposed", pairs_proposed),
            correlation_words("days ordered", pairs_ordered),
        )
    )
    return Table(
        "days-by-score",
        "RAR days proposed and ordered against the OGRS score",
        "Two-year OGRS score (%)",
        ("RARs proposed", "Mean days proposed", "RARs ordered", "Mean days ordered"),
        rows,
        y_label="Mean maximum RAR days",
        x_label="Two-year OGRS score (%)",
        summary=summary,
        notes=(guideline_note(),),
    )


def guideline_note() -> str:
    """The guideline bands the chart shades, in words."""
    parts = [
        f"OGRS {b.min_score}–{b.max_score}: {b.min_days}–{b.max_days} days"
        for b in BANDS
        if b.min_days is not None
    ]
    return "Shaded: the guideline RAR days for each OGRS band (" + "; ".join(parts) + ")."


def correlation_words(what: str, pairs: list[tuple[int, int]]) -> str:
    """Pearson's r between score and days, in words, or why it is not given."""
    if len(pairs) < MIN_CELL:
        return f"Too few proposals to relate {what} to the OGRS score."
    scores, days = [p[0] for p in pairs], [p[1] for p in pairs]
    if len(set(scores)) < 2 or len(set(days)) < 2:
        return f"The {what} do not vary enough to relate them to the OGRS score."
    r = statistics.correlation(scores, days)
    size = abs(r)
    strength = (
        "no"
        if size < 0.1
        else "a weak"
        if size < 0.3
        else "a moderate"
        if size < 0.5
        else "a strong"
    )
    direction = "" if strength == "no" else (" positive" if r > 0 else " negative")
    return (
        f"There is {strength}{direction} correlation between the OGRS score and the {what} "
        f"(r = {r:.2f}, {len(pairs)} proposals)."
    )


def followed(fact: ProposalFacts) -> str | None:
    """How the court treated the proposal: same, fewer or more days, or no RAR."""
    if not fact.has_outcome:
        return None
    if not fact.rar_ordered:
        return "No RAR"
    proposed, ordered = fact.final_days or 0, fact.rar_days or 0
    return (
        "Same days"
        if ordered == proposed
        else "Fewer days"
        if ordered < proposed
        else ("More days")
    )


def followed_by_court(facts: Iterable[ProposalFacts], court_names: Mapping[str, str]) -> Table:
    """For each court, how often the outcome matched the proposal, by number of proposals."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for fact in facts:
        kind = followed(fact)
        if kind is not None:
            counts[fact.court or ""][kind] += 1
    ordered = sorted(counts, key=lambda c: (-sum(counts[c].values()), court_names.get(c, c)))
    rows = tuple(
        Row(
            court_names.get(c, c or "Court not recorded"),
            tuple(publish(counts[c][k]) for k in FOLLOWED),
            c,
        )
        for c in ordered
    )
    return Table(
        "followed-by-court",
        "How often the court followed the proposal, by court",
        "Court",
        FOLLOWED,
        rows,
        y_label="Court",
        x_label="Proposals with a recorded outcome (number)",
    )


@dataclass(frozen=True)
class Unmet:
    """One demand record: the month it was made and the needs with nothing available."""

    month: str
    needs: tuple[str, ...]


def unmet_by_month(records: Iterable[Unmet], months: list[str]) -> Table:
    """Proposals with each unmet need area, month by month."""
    counts: Counter[tuple[str, str]] = Counter()
    for record in records:
        counts.update((record.month, need) for need in set(record.needs))
    needs = [slug for slug in NEED_LABELS if any(counts[(m, slug)] for m in months)]
    rows = tuple(
        Row(month, tuple(publish(counts[(month, need)]) for need in needs), month)
        for month in months
    )
    return Table(
        "unmet-needs",
        "Unmet needs by need area over time (number of proposals)",
        "Month",
        tuple(NEED_LABELS[n] for n in needs),
        rows,
        y_label="Month the proposal was made",
        x_label="Need area with no suitable activity available",
    )


@dataclass(frozen=True)
class Snapshot:
    """A region's availability on one day: rows in all, rows confirmed recently."""

    taken_on: date
    region: str
    total: int
    fresh: int


def freshness(snapshots: Iterable[Snapshot], region_names: Mapping[str, str]) -> Table:
    """The share of availability rows that were fresh, per region, over time: the last
    snapshot of each week, or of each month when the snapshots span more than 13 weeks."""
    taken = list(snapshots)
    days = [snap.taken_on for snap in taken]
    monthly = bool(days) and (max(days) - min(days)).days > 13 * 7
    latest: dict[tuple[str, date], Snapshot] = {}
    for snap in taken:
        period = _month_end(snap.taken_on) if monthly else _week_end(snap.taken_on)
        held = latest.get((snap.region, period))
        if held is None or held.taken_on < snap.taken_on:
            latest[(snap.region, period)] = snap
    periods = sorted({period for _, period in latest})
    regions = sorted({region for region, _ in latest}, key=lambda r: region_names.get(r, r))
    rows = tuple(
        Row(
            f"{period:%b %Y}" if monthly else f"{period.day} {period:%b %Y}",
            tuple(_share(latest.get((region, period))) for region in regions),
            period.isoformat(),
        )
        for period in periods
    )
    return Table(
        "freshness",
        "Share of availability rows that were fresh (%), per region, over time",
        "Month" if monthly else "Week ending",
        tuple(region_names.get(region, region) for region in regions),
        rows,
        y_label="Month" if monthly else "Week ending",
        x_label="Region",
        notes=(
            f"Fresh: confirmed within the stale-after period. Each {'month' if monthly else 'week'}"
            " shows its last daily snapshot. These figures count catalogue rows, not people.",
        ),
    )


def _week_end(day: date) -> date:
    return date.fromisocalendar(*day.isocalendar()[:2], 7)


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _share(snap: Snapshot | None) -> float | str:
    if snap is None or snap.total == 0:
        return "–"
    return round(100 * snap.fresh / snap.total, 1)


def routed_by_area(facts: Iterable[ProposalFacts], area_of: str, names: Mapping[str, str]) -> Table:
    """Proposals and the needs routed to ATR, DRR, MHTR or a programme, by region or PDU."""
    proposals: Counter[str] = Counter()
    routed: Counter[tuple[str, str]] = Counter()
    for fact in facts:
        area = (fact.region if area_of == "region" else fact.pdu) or ""
        proposals[area] += 1
        routed.update((area, requirement) for requirement in fact.routed)
    areas = sorted(proposals, key=lambda a: names.get(a, a))
    rows = tuple(
        Row(
            names.get(a, a or "Not recorded"),
            (publish(proposals[a]), *(publish(routed[(a, r)]) for r in ROUTED_REQUIREMENTS)),
            a,
        )
        for a in areas
    )
    heading = "Region" if area_of == "region" else "Probation delivery unit"
    return Table(
        "routed",
        f"Proposals and routed requirements by {heading.lower()}",
        heading,
        ("Proposals", *(ROUTED_LABELS[r] for r in ROUTED_REQUIREMENTS)),
        rows,
        y_label=heading,
        x_label="Proposals (number)",
    )
