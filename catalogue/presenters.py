"""Turn catalogue rows into the public dicts and plain-English phrases pages and the API show.

Nothing here ever exposes a price: the rate card has its own function for signed-in staff.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from flask import url_for

from catalogue.models import Availability, Court, Intervention, NeedArea, Region
from catalogue.reference import ELIGIBLE_GENDERS, OFFENCE_TYPES, PERSON_GENDERS, PRICE_UNITS
from catalogue.search.types import SearchQuery, SearchResult


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def sessions(intervention: Intervention) -> dict[str, Any]:
    """The session structure as the API shows it."""
    return {
        "pre_group": intervention.pre_group_sessions,
        "one_to_one": intervention.one_to_one_sessions,
        "group": intervention.group_sessions,
        "total": intervention.total_sessions,
        "session_minutes": intervention.session_minutes,
        "same_day": intervention.same_day_sessions,
    }


def sessions_and_days(intervention: Intervention) -> str:
    """The short form: "7 sessions, 7 RAR days"."""
    total = _plural(intervention.total_sessions, "session")
    if intervention.rar_days is None:
        return f"{total}, its own requirement (no RAR days)"
    return f"{total}, {_plural(intervention.rar_days, 'RAR day')}"


def session_working(intervention: Intervention) -> str:
    """How the RAR days follow from the sessions: "1 pre-group + 6 group sessions = 7 RAR days"."""
    parts = [
        f"{count} {kind}"
        for count, kind in (
            (intervention.pre_group_sessions, "pre-group"),
            (intervention.one_to_one_sessions, "one-to-one"),
            (intervention.group_sessions, "group"),
        )
        if count
    ]
    if not parts:
        return "No sessions are recorded for this activity."
    total = intervention.total_sessions
    sum_text = " + ".join(parts) + (" session" if total == 1 else " sessions")
    if intervention.rar_days is None:
        return (
            f"{sum_text}. An accredited programme is its own requirement: the court orders "
            "it separately and its sessions are not counted as RAR days."
        )
    days = _plural(intervention.rar_days, "RAR day")
    same_day = intervention.same_day_sessions
    if not same_day:
        return f"{sum_text} = {days}"
    verb = "is" if same_day == 1 else "are"
    return (
        f"{sum_text} = {_plural(total, 'session')}; {same_day} {verb} on the same day "
        f"as another session, so {days}"
    )


def duration_phrase(minutes: int | None) -> str:
    """Session length in words: "90 minutes", "2 hours", "2 hours 30 minutes"."""
    if not minutes:
        return ""
    if minutes % 60 and minutes < 120:
        return _plural(minutes, "minute")
    hours, rest = divmod(minutes, 60)
    return _plural(hours, "hour") + (f" {_plural(rest, 'minute')}" if rest else "")


def eligibility(intervention: Intervention) -> dict[str, Any]:
    """Who the activity is for, as the API shows it."""
    return {
        "gender": intervention.gender,
        "min_age": intervention.min_age,
        "max_age": intervention.max_age,
        "min_ogrs3": intervention.min_ogrs3,
        "min_ovp": intervention.min_ovp,
        "offence_focus": intervention.offence_focus,
        "excluded_offences": list(intervention.excluded_offences or []),
        "not_if_programme_eligible": intervention.not_if_programme_eligible,
        "min_months_left": intervention.min_months_left,
        "notes": intervention.eligibility_notes or "",
    }


def eligibility_sentences(intervention: Intervention) -> list[str]:
    """Who the activity is for, one plain-English sentence per rule."""
    iv = intervention
    sentences = [f"Suitable for: {ELIGIBLE_GENDERS.get(iv.gender, iv.gender).lower()}."]
    if iv.min_age is not None and iv.max_age is not None:
        sentences.append(f"For people aged {iv.min_age} to {iv.max_age}.")
    elif iv.min_age is not None:
        sentences.append(f"For people aged {iv.min_age} or over.")
    elif iv.max_age is not None:
        sentences.append(f"For people aged {iv.max_age} or under.")
    scores = [f"an OVP score of {iv.min_ovp} or more"] if iv.min_ovp is not None else []
    if iv.min_ogrs3 is not None:
        scores.append(f"an OGRS3 score of {iv.min_ogrs3} or more")
    if scores:
        sentences.append(f"The person needs {', or '.join(scores)}.")
    if iv.offence_focus:
        focus = OFFENCE_TYPES.get(iv.offence_focus, iv.offence_focus)
        sentences.append(f"It focuses on {focus[0].lower() + focus[1:]}.")
    if iv.excluded_offences:
        names = [OFFENCE_TYPES.get(o, o).lower() for o in iv.excluded_offences]
        sentences.append(f"Not for people whose offending involves {' or '.join(names)}.")
    if iv.not_if_programme_eligible:
        sentences.append("Not for people who are suitable for an accredited programme.")
    if iv.min_months_left:
        sentences.append(
            f"Check with the treatment manager if fewer than {iv.min_months_left} months "
            "remain on the order."
        )
    if iv.eligibility_notes:
        sentences.append(iv.eligibility_notes)
    return sentences


def sorted_rows(rows: Collection[Availability]) -> list[Availability]:
    """Availability rows by region name, the region-wide row first, then PDUs by name."""
    return sorted(
        rows, key=lambda r: (r.region.name, r.pdu is not None, r.pdu.name if r.pdu else "")
    )


def rows_for_places(
    intervention: Intervention,
    regions: Collection[str],
    pdus: Collection[str] = (),
    pdu_regions: Mapping[str, str] | None = None,
) -> list[Availability]:
    """The availability rows that speak for the chosen regions and PDUs.

    Choosing a PDU implies its region (`pdu_regions` maps PDU to region) and narrows that
    region to its region-wide rows and the chosen PDUs' own rows.
    """
    narrowed = {(pdu_regions or {}).get(p) for p in pdus} - {None}
    wanted = set(regions) | narrowed
    return sorted_rows(
        [
            row
            for row in intervention.availability
            if row.region_slug in wanted
            and (row.pdu_slug is None or row.region_slug not in narrowed or row.pdu_slug in pdus)
        ]
    )


def rows_for_query(
    intervention: Intervention, query: SearchQuery, pdu_regions: Mapping[str, str]
) -> list[Availability] | None:
    """Availability in the places a search chose, or None when it chose no place."""
    if not (query.regions or query.pdus):
        return None
    return rows_for_places(intervention, query.regions, query.pdus, pdu_regions)


def search_results(
    result: SearchResult,
    interventions: list[Intervention],
    query: SearchQuery,
    vocabulary: Any,
    today: date,
    stale_after: int,
) -> dict[str, Any]:
    """The list API's answer: one page of results, the total and the facet counts."""
    return {
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "pages": result.pages,
        "results": [
            intervention_summary(
                iv, rows_for_query(iv, query, vocabulary.pdu_regions), today, stale_after
            )
            for iv in interventions
        ],
        "facets": public_facets(result.facets, vocabulary),
        "terms": list(result.terms),
        "matched_any": result.matched_any,
        "syntax_ignored": result.syntax_ignored,
    }


def availability(row: Availability, today: date, stale_after_days: int) -> dict[str, Any]:
    """One availability row as the API shows it (ISO dates, stale worked out for today)."""
    return {
        "region": row.region_slug,
        "region_name": row.region.name,
        "pdu": row.pdu_slug,
        "pdu_name": row.pdu.name if row.pdu else None,
        "status": row.status,
        "next_start": row.next_start.isoformat() if row.next_start else None,
        "places": row.places,
        "wait_weeks": row.wait_weeks,
        "confirmed_at": row.confirmed_at.date().isoformat() if row.confirmed_at else None,
        "stale": row.is_stale(today, stale_after_days),
    }


def intervention_summary(
    intervention: Intervention, rows: list[Availability] | None, today: date, stale_after: int
) -> dict[str, Any]:
    """A search result: the essentials, plus availability in the chosen places if any."""
    iv = intervention
    result: dict[str, Any] = {
        "id": str(iv.id),
        "slug": iv.slug,
        "name": iv.name,
        "type": iv.type,
        "eip_status": iv.eip_status,
        "summary": iv.summary,
        "needs": iv.need_slugs,
        "sessions": sessions(iv),
        "rar_days": iv.rar_days,
        "format": iv.format,
        "attendance": iv.attendance,
        "eligibility": {"gender": iv.gender},
        "sample": iv.is_sample,
        "url": url_for("catalogue.intervention", slug=iv.slug),
    }
    if rows is not None:
        result["availability"] = [availability(r, today, stale_after) for r in rows]
    return result


def intervention_detail(
    intervention: Intervention, today: date, stale_after: int
) -> dict[str, Any]:
    """The full public record of an intervention (never its price)."""
    iv = intervention
    record = intervention_summary(iv, None, today, stale_after)
    record.update(
        description=iv.description,
        what_you_will_do=iv.what_you_will_do,
        weeks_to_complete=iv.weeks_to_complete,
        eligibility=eligibility(iv),
        eip_decided_on=iv.eip_decided_on.isoformat() if iv.eip_decided_on else None,
        provider=iv.provider,
        valid_from=iv.valid_from.isoformat() if iv.valid_from else None,
        valid_to=iv.valid_to.isoformat() if iv.valid_to else None,
        availability=[availability(r, today, stale_after) for r in sorted_rows(iv.availability)],
    )
    return record


def rate_card(intervention: Intervention) -> dict[str, str] | None:
    """Price, unit and contract reference for signed-in staff; None when there is no price."""
    iv = intervention
    if iv.price is None:
        return None
    unit = PRICE_UNITS.get(iv.price_unit or "", iv.price_unit or "")
    return {
        "price": f"£{iv.price:,.2f}",
        "unit": unit,
        "contract_reference": iv.contract_reference or "Not recorded",
    }


def region(region: Region, courts: list[Court]) -> dict[str, Any]:
    """A region with its PDUs and courts, as the API shows it."""
    return {
        "slug": region.slug,
        "name": region.name,
        "pdus": [{"slug": p.slug, "name": p.name} for p in region.pdus],
        "courts": [{"slug": c.slug, "name": c.name, "pdu": c.pdu_slug} for c in courts],
        "url": url_for("catalogue.region", slug=region.slug),
    }


def need(need: NeedArea) -> dict[str, str]:
    """A need area, as the API shows it."""
    return {"slug": need.slug, "label": need.label, "description": need.description}


def public_facets(
    facets: Mapping[str, Mapping[str, int]], vocabulary: Any
) -> dict[str, dict[str, int]]:
    """Facet counts for every accepted value (zero where none), keyed as the filters are.

    The index counts gender by the intervention's eligibility (any, men, women); a person
    filters by their own gender, so the counts are re-keyed to "any", "male" and "female":
    each is the total that choosing that value would give.
    """
    public = {
        param: {
            value: int(facets.get(param, {}).get(value, 0)) for value in vocabulary.labels(param)
        }
        for param in ("need", "region", "type", "format", "eip_status")
    }
    by_eligibility = facets.get("gender", {})
    public["gender"] = {
        "any": sum(by_eligibility.values()),
        **{
            person: sum(by_eligibility.get(v, 0) for v in suits)
            for person, suits in PERSON_GENDERS.items()
        },
    }
    return public
