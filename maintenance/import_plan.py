"""Checking an upload against the catalogue: every row's errors and every change it makes.

The field rules are the seed loader's (catalogue/seed_validation.py) and the availability
editor's (maintenance/services/checks.py), so a value the import accepts is one they accept too.
Nothing here writes to the database; `services/imports.py` applies a plan.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue import reference
from catalogue import seed_validation as sv
from catalogue.models import Availability, Intervention, NeedArea, Pdu, Region
from catalogue.seed import Places
from maintenance.csv_io import (
    AVAILABILITY_CONTENT,
    COLUMNS,
    ISO_DATE,
    LIST_SEPARATOR,
    Change,
    Plan,
    Record,
    RowError,
    _Cell,
    _Problem,
    availability_row,
    comparable,
    intervention_row,
)
from maintenance.services.checks import check_availability


def _collect(
    record: Record, parsers: dict[str, Callable[..., Any]]
) -> tuple[dict[str, Any], list[RowError]]:
    cell = _Cell("upload", f"line {record.line}")
    values: dict[str, Any] = {}
    errors = []
    for column, parse in parsers.items():
        try:
            values[column] = parse(cell, column, record.cells[column])
        except _Problem as problem:
            errors.append(RowError(record.line, problem.column, problem.problem))
    return values, errors


def _iso_day(where: sv.Where, column: str, value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:  # ISO only: the seed's relative +14d form is not for imports
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise where.error(column, f'"{value}" is not a date: write it as YYYY-MM-DD') from None


def _moment(where: sv.Where, column: str, value: str) -> datetime | None:
    if "T" in value:
        moment = sv.moment(where, column, value, date.today())
    else:
        day = _iso_day(where, column, value)
        moment = datetime.combine(day, sv.CONFIRMED_AT_TIME) if day else None
    if moment is not None and moment.date() > date.today():
        raise where.error(column, f'"{value}" is in the future')
    return moment


def _flag(where: sv.Where, column: str, value: str) -> bool:
    word = value.strip().lower()
    if word not in ("true", "false", ""):
        raise where.error(column, f'"{value}" is not true or false')
    return word == "true"


def _listed(where: sv.Where, column: str, value: str, **rules: Any) -> list[str]:
    items = [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
    return sv.identifiers(where, column, items, **rules)


def _optional(where: sv.Where, column: str, value: str, options: Collection[str]) -> str | None:
    return sv.choice(where, column, value, options) if value.strip() else None


def _intervention_parsers(needs: set[str]) -> dict[str, Callable[..., Any]]:
    parsers: dict[str, Callable[..., Any]] = {
        "slug": sv.slug,
        "name": partial(sv.text, required=True, limit=200),
        "summary": partial(sv.text, required=True, limit=300),
        "needs": partial(_listed, options=needs, what="need area", required=True),
        "offence_focus": partial(_optional, options=reference.OFFENCE_TYPES),
        "excluded_offences": partial(_listed, options=reference.OFFENCE_TYPES, what="offence"),
        "price": sv.money,
        "price_unit": partial(_optional, options=reference.PRICE_UNITS),
    }
    for name, (options, default) in sv.CHOICES.items():
        parsers[name] = partial(sv.choice, options=options, default=default)
    parsers |= {name: partial(sv.text, limit=limit) for name, limit in sv.TEXTS.items()}
    parsers |= {name: lambda w, c, v: sv.count(w, c, v) or 0 for name in sv.SESSIONS}
    parsers |= {name: partial(sv.count, limit=limit) for name, limit in sv.NUMBERS.items()}
    parsers |= {name: _flag for name in sv.FLAGS} | {name: _iso_day for name in sv.DATES}
    return parsers


def plan_interventions(session: Session, records: list[Record]) -> Plan:
    """Check every intervention row and work out what applying the file would change."""
    needs = set(session.scalars(select(NeedArea.slug)))
    parsers = _intervention_parsers(needs)
    existing = {iv.slug: iv for iv in session.scalars(select(Intervention))}
    plan, lines = Plan("interventions"), dict[str, int]()
    for record in records:
        values, errors = _collect(record, parsers)
        if not errors:
            errors = _cross_check(record, values, needs)
        key = values.get("slug") or record.cells["slug"].strip()
        errors += _duplicate(lines, key, record.line, "slug", "the same slug")
        current = existing.get(key)
        _add(
            plan,
            record,
            key,
            values,
            errors,
            current,
            intervention_row(current) if current else None,
        )
    return plan


def _cross_check(record: Record, values: dict[str, Any], needs: set[str]) -> list[RowError]:
    item = {**values, "price": None if values["price"] is None else str(values["price"])}
    try:
        sv.intervention(_Cell("upload", ""), item, needs, date.today())
    except _Problem as problem:
        return [RowError(record.line, problem.column, problem.problem)]
    return []


def plan_availability(
    session: Session, records: list[Record], actor: str, regions: Collection[str] | None
) -> Plan:
    """Check every availability row (only `regions` may change, None: all) and compare."""
    names = {r.slug: r.name for r in session.scalars(select(Region))}
    pdus = {p.slug: p for p in session.scalars(select(Pdu))}
    interventions = {iv.slug: iv for iv in session.scalars(select(Intervention))}
    places = Places(set(names), {slug: p.region_slug for slug, p in pdus.items()})
    existing = {
        (row.intervention.slug, row.region_slug, row.pdu_key): row
        for row in session.scalars(select(Availability))
    }
    plan, lines = Plan("availability"), dict[str, int]()
    for record in records:
        values, errors = _availability_values(record, interventions, places, regions, names)
        key = "|".join(record.cells[c].strip() for c in ("intervention", "region", "pdu"))
        errors += _duplicate(lines, key, record.line, "intervention", "the same place")
        current = existing.get(tuple(key.split("|")))  # type: ignore[arg-type]
        if not errors:
            _confirm_on_edit(values, current, actor)
            iv, pdu = interventions[values["intervention"]], pdus.get(values["pdu"] or "")
            values["intervention_id"] = iv.id
            label = f"{iv.name} in {names[values['region']]}" + (f", {pdu.name}" if pdu else "")
            values["label"] = label
        _add(
            plan,
            record,
            key,
            values,
            errors,
            current,
            availability_row(current) if current else None,
        )
    return plan


def _availability_values(
    record: Record,
    interventions: dict[str, Intervention],
    places: Places,
    regions: Collection[str] | None,
    names: dict[str, str],
) -> tuple[dict[str, Any], list[RowError]]:
    parsers: dict[str, Callable[..., Any]] = {
        "intervention": partial(_known, names=interventions, what="intervention"),
        "region": partial(_known, names=names, what="region"),
        "pdu": lambda w, c, v: sv.text(w, c, v) or None,
        "status": partial(sv.choice, options=reference.AVAILABILITY_STATUSES),
        "next_start": _iso_day,
        "places": sv.count,
        "wait_weeks": sv.count,
        "confirmed_at": _moment,
        "confirmed_by": partial(sv.text, limit=200),
    }
    values, errors = _collect(record, parsers)
    if "region" in values and "pdu" in values:
        try:
            places.check(_Cell("upload", ""), values["region"], values["pdu"] or "")
        except _Problem as problem:
            errors.append(RowError(record.line, problem.column, problem.problem))
    checked = check_availability({"status": "open", **values})  # the editor's range rules
    errors += [RowError(record.line, n, message) for n, message in checked.items() if n in values]
    if "region" in values and regions is not None and values["region"] not in regions:
        allowed = ", ".join(sorted(names[r] for r in regions)) or "no region"
        message = f"You may change availability only in {allowed}"
        errors.append(RowError(record.line, "region", message))
    return values, errors


def _known(where: sv.Where, column: str, value: str, names: Collection[str], what: str) -> str:
    return sv.known(where, column, sv.text(where, column, value, required=True), names, what)


def _confirm_on_edit(values: dict[str, Any], current: Availability | None, actor: str) -> None:
    """A changed row with no new confirmation date is confirmed now, by the importer."""
    before = availability_row(current) if current else {}
    edited = current is None or any(
        comparable(before[name]) != comparable(values[name]) for name in AVAILABILITY_CONTENT
    )
    restated = current is not None and comparable(current.confirmed_at) == comparable(
        values["confirmed_at"]
    )
    if edited and (values["confirmed_at"] is None or restated):
        values["confirmed_at"] = datetime.now().replace(microsecond=0)
        values["confirmed_by"] = actor
    elif values["confirmed_at"] is not None and not values["confirmed_by"]:
        values["confirmed_by"] = actor


def _duplicate(lines: dict[str, int], key: str, line: int, column: str, what: str) -> list:
    if key in lines:
        return [RowError(line, column, f"Line {lines[key]} already gives {what}")]
    lines[key] = line
    return []


def _add(
    plan: Plan,
    record: Record,
    key: str,
    values: dict[str, Any],
    errors: list[RowError],
    current: Any,
    before: dict[str, Any] | None,
) -> None:
    """Put one checked row into the plan: an error, a change, or unchanged."""
    if current is not None and before is not None:
        texts = {name: comparable(value) for name, value in before.items()}
        plan.seen[key] = {"version": current.version, "values": texts}
    else:
        plan.seen[key] = {"version": None, "values": {}}
    if errors:
        plan.errors.extend(errors)
        return
    columns = COLUMNS[plan.kind]
    old = before or {}
    fields = [
        (name, old.get(name), values[name])
        for name in columns
        if current is None or comparable(old.get(name)) != comparable(values[name])
    ]
    if current is not None and not fields:
        plan.unchanged += 1
        return
    label = values.pop("label", None) or f"{values.get('name')} ({key})"
    plan.changes.append(Change(key, label, record.line, values, fields, current))


def conflicts(captured: dict[str, dict[str, Any]], now: Plan) -> list[tuple[str, list]]:
    """The keys whose record changed since the preview, with (field, then, now) for each."""
    found = []
    for key, then in captured.items():
        current = now.seen.get(key, {"version": None, "values": {}})
        if current["version"] == then["version"]:
            continue
        names = sorted(set(then["values"]) | set(current["values"]))
        diffs = [
            (name, then["values"].get(name, ""), current["values"].get(name, ""))
            for name in names
            if then["values"].get(name, "") != current["values"].get(name, "")
        ]
        found.append((" / ".join(part for part in key.split("|") if part), diffs))
    return found
