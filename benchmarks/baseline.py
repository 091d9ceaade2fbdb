"""The baseline: the same searches answered as the existing MoJ catalogue does, in SQL.

Every word must appear (LIKE/ILIKE, `%word%`) in the name, summary, description, what you
will do or provider; filters are joins on the database; results by name, one page and the
total. No stemming, no typo tolerance and no facet counts: less work than our search does.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from catalogue.models import Availability, Intervention, intervention_needs
from catalogue.reference import AVAILABLE_STATUSES, PERSON_GENDERS
from catalogue.search import SearchQuery
from catalogue.search.text import plain_terms

TEXT_COLUMNS = (
    Intervention.name,
    Intervention.summary,
    Intervention.description,
    Intervention.what_you_will_do,
    Intervention.provider,
)


def baseline_search(session: Session, query: SearchQuery, today: date) -> tuple[list[str], int]:
    """Ids of the first page by name, and the total, for a query answered in SQL."""
    conditions = [
        Intervention.status == "active",
        or_(Intervention.valid_from.is_(None), Intervention.valid_from <= today),
        or_(Intervention.valid_to.is_(None), Intervention.valid_to >= today),
    ]
    terms, _ = plain_terms(query.text)
    for term in terms:
        conditions.append(or_(*(column.ilike(f"%{term}%") for column in TEXT_COLUMNS)))
    conditions.extend(_filters(query))
    where = and_(*conditions)
    total = session.scalar(select(func.count()).select_from(Intervention).where(where)) or 0
    start = (query.page - 1) * query.per_page
    page = session.scalars(
        select(Intervention.id)
        .where(where)
        .order_by(func.lower(Intervention.name), Intervention.id)
        .offset(start)
        .limit(query.per_page)
    ).all()
    return [str(i) for i in page], total


def _filters(query: SearchQuery) -> list[object]:
    found: list[object] = []
    if query.needs:
        found.append(
            exists().where(
                intervention_needs.c.intervention_id == Intervention.id,
                intervention_needs.c.need_slug.in_(query.needs),
            )
        )
    if query.regions or query.open_now:  # (PDU filters are not in the mix)
        statuses = ["open"] if query.open_now else sorted(AVAILABLE_STATUSES)
        place = [Availability.intervention_id == Intervention.id, Availability.status.in_(statuses)]
        if query.regions:
            place.append(Availability.region_slug.in_(query.regions))
        found.append(exists().where(*place))
    for column, values in (
        (Intervention.type, query.types),
        (Intervention.format, query.formats),
        (Intervention.eip_status, query.eip_statuses),
    ):
        if values:
            found.append(column.in_(values))
    if query.gender:
        found.append(Intervention.gender.in_(sorted(PERSON_GENDERS[query.gender])))
    return found
