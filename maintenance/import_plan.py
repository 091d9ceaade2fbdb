"""Checking an upload against the catalogue: every row's errors and every change it makes.

Every field is read and checked by the rule table (catalogue/rules.py) that the editor, the
write API and the seed loader use, so the import refuses what they refuse, with the same
message. Nothing here writes to the database; `services/imports.py` applies a plan.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue import rules
from catalogue.models import Availability, Intervention, NeedArea, Pdu, Region
from maintenance.csv_io import (
    COLUMNS,
    Change,
    Plan,
    Record,
    RowError,
    availability_row,
    comparable,
    intervention_row,
)
from maintenance.import_conflicts import conflict, exported_version, settle_confirmation


def _intervention_values(record: Record, needs: set[str]) -> tuple[dict[str, Any], list[RowError]]:
    """A row read and checked by the rule table, keyed by column; a blank slug is made from
    the name, as the editor does."""
    cells = dict(record.cells)
    cells["slug"] = cells["slug"].strip() or rules.slugify(cells["name"])
    values, problems = rules.parse_fields(rules.INTERVENTION, cells, {"needs": needs})
    if not problems:
        problems = rules.check_intervention(values, needs)
    errors = [
        RowError(record.line, rules.INTERVENTION_RULES[name].key, message)
        for name, message in problems.items()
    ]
    return {rule.key: values.get(rule.name) for rule in rules.INTERVENTION}, errors


def plan_interventions(session: Session, records: list[Record]) -> Plan:
    """Check every intervention row and work out what applying the file would change."""
    needs = set(session.scalars(select(NeedArea.slug)))
    existing = {iv.slug: iv for iv in session.scalars(select(Intervention))}
    plan, lines = Plan("interventions"), dict[str, int]()
    for record in records:
        values, errors = _intervention_values(record, needs)
        key = values.get("slug") or record.cells["slug"].strip()
        errors += _duplicate(lines, key, record.line, "slug", "the same slug")
        current = existing.get(key)
        exported, refused = exported_version(record)
        moved_on = current is not None and exported is not None and current.version > exported
        contact, errors = _contact_values(record, current, errors)
        before = intervention_row(current) if current else None
        _add(plan, record, key, values | contact, errors + refused, current, before, moved_on)
    return plan


def plan_availability(
    session: Session, records: list[Record], actor: str, regions: Collection[str] | None
) -> Plan:
    """Check every availability row (only `regions` may change, None: all) and compare."""
    names = {r.slug: r.name for r in session.scalars(select(Region))}
    pdus = {p.slug: p for p in session.scalars(select(Pdu))}
    interventions = {iv.slug: iv for iv in session.scalars(select(Intervention))}
    existing = {
        (row.intervention.slug, row.region_slug, row.pdu_key): row
        for row in session.scalars(select(Availability))
    }
    plan, lines = Plan("availability"), dict[str, int]()
    for record in records:
        values, errors = _availability_values(record, interventions, pdus, regions, names)
        key = "|".join(record.cells[c].strip() for c in ("intervention", "region", "pdu"))
        errors += _duplicate(lines, key, record.line, "intervention", "the same place")
        current = existing.get(tuple(key.split("|")))  # type: ignore[arg-type]
        contact, errors = _contact_values(record, current, errors)
        values |= contact
        exported, refused = exported_version(record)
        errors += refused
        moved_on = False
        if not errors and current is not None:
            moved_on, refused = settle_confirmation(record, values, current, exported)
            errors += refused
        if not errors:
            _confirm_on_edit(values, current, actor)
            iv, pdu = interventions[values["intervention"]], pdus.get(values["pdu"] or "")
            values["intervention_id"] = iv.id
            label = f"{iv.name} in {names[values['region']]}" + (f", {pdu.name}" if pdu else "")
            values["label"] = label
        before = availability_row(current) if current else None
        _add(plan, record, key, values, errors, current, before, moved_on)
    return plan


def _availability_values(
    record: Record,
    interventions: dict[str, Intervention],
    pdus: dict[str, Pdu],
    regions: Collection[str] | None,
    names: dict[str, str],
) -> tuple[dict[str, Any], list[RowError]]:
    """A row read and checked by the rule table; the place must be one the user may change."""
    known: dict[str, Collection[str]] = {
        "intervention": interventions,
        "region": names,
        "pdu": pdus,
    }
    values, problems = rules.parse_fields(rules.AVAILABILITY_RULES.values(), record.cells, known)
    values["pdu"] = values.get("pdu") or None
    pdu = pdus.get(values["pdu"] or "")
    if "region" in values and pdu is not None and pdu.region_slug != values["region"]:
        problems["pdu"] = rules.AVAILABILITY_RULES["pdu"].message
    problems = rules.check_availability(values) | problems
    if "region" in values and regions is not None and values["region"] not in regions:
        allowed = ", ".join(sorted(names[r] for r in regions)) or "no region"
        problems["region"] = f"You may change availability only in {allowed}"
    errors = [RowError(record.line, name, message) for name, message in problems.items()]
    return values, errors


def _contact_values(
    record: Record, current: Any, errors: list[RowError]
) -> tuple[dict[str, Any], list[RowError]]:
    """The row's verification contact, checked as the staff contact form checks it; a file
    without the contact columns (an older export) leaves the record's contact as it is."""
    cells = {
        name: record.cells[name] if name in record.cells else getattr(current, name, "") or ""
        for name in rules.CONTACT_COLUMNS
    }
    values, problems = rules.parse_fields(rules.CONTACT, cells, {})
    if not problems:
        problems = rules.check_contact(values)
    return values, errors + [RowError(record.line, n, m) for n, m in problems.items()]


def _confirm_on_edit(values: dict[str, Any], current: Availability | None, actor: str) -> None:
    """A changed row with no new confirmation date is confirmed now, by the importer."""
    before = availability_row(current) if current else {}
    edited = current is None or any(
        comparable(before[name]) != comparable(values[name]) for name in rules.AVAILABILITY_FIELDS
    )
    restated = current is not None and comparable(current.confirmed_at) == comparable(
        values["confirmed_at"]
    )
    if edited and (values["confirmed_at"] is None or restated):
        values["confirmed_at"] = datetime.now().replace(microsecond=0)
        values["confirmed_by"] = actor
    elif values["confirmed_at"] is not None and not values["confirmed_by"]:
        values["confirmed_by"] = actor


def _duplicate(
    lines: dict[str, int], key: str, line: int, column: str, what: str
) -> list[RowError]:
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
    moved_on: bool = False,
) -> None:
    """Put one checked row into the plan: an error, a change, a conflict (the record moved
    on since the export), or unchanged."""
    if current is not None and before is not None:
        texts = {name: comparable(value) for name, value in before.items()}
        plan.seen[key] = {"version": current.version, "values": texts}
    else:
        plan.seen[key] = {"version": None, "values": {}}
    if errors:
        plan.errors.extend(errors)
        return
    columns = [*COLUMNS[plan.kind], *rules.CONTACT_COLUMNS]
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
    if moved_on:
        plan.conflicts.append(conflict(key, label, record.line, fields, current))
        return
    plan.changes.append(Change(key, label, record.line, values, fields, current))


def conflicts(
    captured: dict[str, dict[str, Any]], now: Plan
) -> list[tuple[str, list[tuple[str, Any, Any]]]]:
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
