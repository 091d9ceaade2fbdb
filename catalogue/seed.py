"""Load the sample catalogue from seed_data/: check every file, then write it all at once.

Nothing is written unless every file is valid; a bad file raises `SeedError` naming the file,
the record and the field. The formats are described in docs/architecture.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from catalogue import reference, thesaurus
from catalogue.models import (
    Availability,
    CatalogueChange,
    Court,
    Intervention,
    NeedArea,
    Pdu,
    Region,
)
from catalogue.rules import (
    AVAILABILITY,
    AVAILABILITY_COLUMNS,
    AVAILABILITY_CONFIRMATION,
    check_availability,
)
from catalogue.seed_validation import (
    SeedError,
    Where,
    checked,
    intervention,
    known,
    read_csv,
    read_yaml,
    slug,
    text,
    unique,
)
from verification.contacts import check_contact

__all__ = ["SeedData", "SeedError", "catalogue_has_data", "load_seed", "validate_seed"]

SEED_ACTOR = "seed"
HEADERS = {
    "regions.csv": ["slug", "name"],
    "pdus.csv": ["slug", "name", "region"],
    "courts.csv": ["slug", "name", "pdu", "source"],
    "needs.csv": ["slug", "label", "description"],
    # Verification contacts: region (and pdu) blank for the intervention's own contact.
    "contacts.csv": ["intervention", "region", "pdu", "name", "email", "organisation"],
    "availability.csv": AVAILABILITY_COLUMNS,
}
# The longest slug and name (or label) each reference file may hold, as in the models.
LIMITS = {"regions.csv": (40, 100), "pdus.csv": (80, 120), "courts.csv": (100, 150)}
LIMITS["needs.csv"] = (40, 100)


@dataclass
class SeedData:
    """The whole seed, checked and converted, ready to insert."""

    regions: list[dict[str, str]]
    pdus: list[dict[str, str]]
    courts: list[dict[str, str]]
    needs: list[dict[str, str]]
    interventions: list[dict[str, Any]]
    availability: list[dict[str, Any]]
    contacts: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many records of each kind."""
        return {kind: len(records) for kind, records in vars(self).items()}


def catalogue_has_data(session: Session) -> bool:
    """Whether the database already holds any intervention or region."""
    probes = (select(Intervention.id).limit(1), select(Region.slug).limit(1))
    return any(session.scalars(probe).first() is not None for probe in probes)


def load_seed(session: Session, folder: Path, today: date | None = None) -> dict[str, int]:
    """Check every seed file in the folder, then insert the catalogue and commit once."""
    data = validate_seed(Path(folder), today or date.today())
    if catalogue_has_data(session):
        raise SeedError("the catalogue already has data; the seed loads only into an empty one")
    try:
        _write(session, data, datetime.now().replace(microsecond=0))
        terms = _load_thesaurus(session, Path(folder), revision=False)
        counts = {**data.counts(), "thesaurus terms": terms}
        session.commit()
    except SQLAlchemyError as exc:
        session.rollback()
        raise SeedError(f"the database refused the seed: {exc}") from exc
    except BaseException:
        session.rollback()
        raise
    return counts


def _load_thesaurus(session: Session, folder: Path, revision: bool = True) -> int:
    """The search thesaurus of the folder, if it has one (no commit)."""
    path = folder / "thesaurus.csv"
    if not path.exists():
        return 0
    try:
        return thesaurus.load_file(session, path, revision=revision)
    except thesaurus.ThesaurusError as exc:
        raise SeedError(str(exc)) from exc


def load_thesaurus_if_empty(session: Session, folder: Path) -> int:
    """Load the folder's thesaurus into a catalogue that has none yet, and commit."""
    added = _load_thesaurus(session, folder)
    session.commit()
    return added


def validate_seed(folder: Path, today: date) -> SeedData:
    """Read and check every seed file in the folder; relative dates count from today."""
    regions = _reference(folder, "regions.csv")
    region_slugs = {r["slug"] for r in regions}
    pdus = _reference(folder, "pdus.csv", ("region", region_slugs, "region"))
    pdu_regions = {p["slug"]: p["region"] for p in pdus}
    courts = _reference(folder, "courts.csv", ("pdu", pdu_regions, "PDU"))
    needs = _reference(folder, "needs.csv")
    interventions = _interventions(folder, {n["slug"] for n in needs}, today)
    places = Places(region_slugs, pdu_regions)
    availability = _availability(folder, {i["slug"] for i in interventions}, places, today)
    contacts = _contacts(folder, {i["slug"] for i in interventions}, availability)
    return SeedData(regions, pdus, courts, needs, interventions, availability, contacts)


def _reference(
    folder: Path, name: str, parent: tuple[str, Collection[str], str] | None = None
) -> list[dict[str, str]]:
    slug_limit, name_limit = LIMITS[name]
    seen: dict[str, str] = {}
    records = []
    for where, row in read_csv(folder, name, HEADERS[name]):
        values = {field: text(where, field, value, required=True) for field, value in row.items()}
        unique(where, "slug", slug(where, "slug", values["slug"], slug_limit), seen)
        label = "label" if "label" in values else "name"
        text(where, label, values[label], limit=name_limit)
        if parent:
            field, names, what = parent
            known(where, field, values[field], names, what)
        records.append(values)
    return records


def _interventions(folder: Path, needs: set[str], today: date) -> list[dict[str, Any]]:
    seen: dict[str, str] = {}
    records = []
    for where, item in read_yaml(folder, "interventions.yaml"):
        record = intervention(where, item, needs, today)
        unique(where, "slug", record["slug"], seen)
        records.append(record)
    return records


@dataclass(frozen=True)
class Places:
    """The regions, and the PDUs with their regions, that availability may name."""

    regions: set[str]
    pdu_regions: dict[str, str]

    def check(self, where: Where, region: str, pdu: str) -> None:
        """The region is known; the PDU, when given, is known and lies in that region."""
        known(where, "region", region, self.regions, "region")
        if not pdu:
            return
        known(where, "pdu", pdu, self.pdu_regions, "PDU")
        if self.pdu_regions[pdu] != region:
            raise where.error("pdu", f'"{pdu}" is in {self.pdu_regions[pdu]}, not {region}')


def _availability(
    folder: Path, interventions: set[str], places: Places, today: date
) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str, str], str] = {}
    records = []
    for where, row in read_csv(folder, "availability.csv", HEADERS["availability.csv"]):
        record = availability_row(where, row, interventions, places, today)
        key = (record["intervention"], record["region"], record["pdu"] or "")
        if key in seen:
            scope = f'PDU "{key[2]}"' if key[2] else "region-wide"
            problem = f'"{key[0]}" in "{key[1]}" ({scope}) is already listed ({seen[key]})'
            raise where.error("pdu" if key[2] else "region", problem)
        seen[key] = where.record
        records.append(record)
    return records


def availability_row(
    where: Where, row: dict[str, str], interventions: set[str], places: Places, today: date
) -> dict[str, Any]:
    """One availability record, checked and converted."""
    name = text(where, "intervention", row["intervention"], required=True)
    known(where, "intervention", name, interventions, "intervention")
    region = text(where, "region", row["region"], required=True)
    pdu = text(where, "pdu", row["pdu"])
    places.check(where, region, pdu)
    values = checked(where, AVAILABILITY + AVAILABILITY_CONFIRMATION, row, today)
    for problem_field, message in check_availability(values).items():
        raise where.error(problem_field, message)
    return {"intervention": name, "region": region, "pdu": pdu or None, **values}


def _contacts(
    folder: Path, interventions: set[str], availability: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Who confirms each intervention or row (optional file; sample addresses only)."""
    if not (folder / "contacts.csv").exists():
        return []
    rows = {(a["intervention"], a["region"], a["pdu"] or "") for a in availability}
    seen: dict[str, str] = {}
    records = []
    for where, row in read_csv(folder, "contacts.csv", HEADERS["contacts.csv"]):
        name = text(where, "intervention", row["intervention"], required=True)
        known(where, "intervention", name, interventions, "intervention")
        key = (name, text(where, "region", row["region"]), text(where, "pdu", row["pdu"]))
        if key[1] and key not in rows:
            raise where.error("region", f'"{name}" has no availability row for that place')
        values = {
            "contact_name": text(where, "name", row["name"], limit=200),
            "contact_email": text(where, "email", row["email"], required=True),
            "contact_organisation": text(where, "organisation", row["organisation"], limit=200),
        }
        for field_name, problem in check_contact(values).items():
            raise where.error(field_name.removeprefix("contact_"), problem)
        unique(where, "intervention", "/".join(part for part in key if part), seen)
        records.append({"key": key, **values})
    return records


def _write(session: Session, data: SeedData, now: datetime) -> None:
    session.add_all(Region(slug=r["slug"], name=r["name"]) for r in data.regions)
    session.flush()
    session.add_all(Pdu(slug=p["slug"], name=p["name"], region_slug=p["region"]) for p in data.pdus)
    session.flush()
    session.add_all(
        Court(slug=c["slug"], name=c["name"], pdu_slug=c["pdu"], source=c["source"])
        for c in data.courts
    )
    needs = {n["slug"]: _need(n, position) for position, n in enumerate(data.needs)}
    session.add_all(needs.values())
    session.flush()
    interventions = [_intervention(record, needs, now) for record in data.interventions]
    session.add_all(interventions)
    session.flush()
    by_slug = {i.slug: i for i in interventions}
    rows = [_availability_model(a, by_slug[a["intervention"]], now) for a in data.availability]
    session.add_all(rows)
    _apply_contacts(data.contacts, by_slug, rows)
    session.add_all(CatalogueChange(intervention_id=i.id, changed_at=now) for i in interventions)
    session.flush()


def _apply_contacts(
    contacts: list[dict[str, Any]], interventions: dict[str, Intervention], rows: list[Availability]
) -> None:
    slugs = {i.id: slug for slug, i in interventions.items()}
    by_place = {(slugs[r.intervention_id], r.region_slug, r.pdu_key): r for r in rows}
    for contact in contacts:
        name, region, pdu = contact["key"]
        target = by_place[(name, region, pdu)] if region else interventions[name]
        for column in ("contact_name", "contact_email", "contact_organisation"):
            setattr(target, column, contact[column])


def _need(record: dict[str, str], position: int) -> NeedArea:
    return NeedArea(
        slug=record["slug"],
        label=record["label"],
        description=record["description"],
        position=position,
    )


def _intervention(
    record: dict[str, Any], needs: dict[str, NeedArea], now: datetime
) -> Intervention:
    fields = dict(record)
    need_slugs = fields.pop("needs")
    return Intervention(
        id=uuid.uuid4(),
        needs=[needs[s] for s in need_slugs],
        created_at=now,
        updated_at=now,
        created_by=SEED_ACTOR,
        updated_by=SEED_ACTOR,
        **fields,
    )


def _availability_model(record: dict[str, Any], owner: Intervention, now: datetime) -> Availability:
    fields = dict(record)
    fields.pop("intervention")
    region, pdu = fields.pop("region"), fields.pop("pdu")
    return Availability(
        intervention_id=owner.id,
        region_slug=region,
        pdu_slug=pdu,
        pdu_key=pdu or "",
        updated_at=now,
        confirmed_via=reference.CONFIRMED_BY_SEED if fields["confirmed_at"] else None,
        **fields,
    )
