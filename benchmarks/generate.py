"""Synthetic catalogues for the benchmarks: deterministic from a seed, bulk-inserted.

Regions, PDUs, courts and need areas are the real reference data from seed_data/; the
interventions and their availability are invented, with text drawn from each need area's
words so that free-text searches hit a realistic share of the catalogue. The same size,
seed and day always give the same rows. One `catalogue_changes` row with no intervention
("everything changed") is written, so an index built before the load is rebuilt.
"""

from __future__ import annotations

import csv
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.engine import Engine

from benchmarks.vocabulary import (
    BRANDS,
    EIP,
    FILLER,
    FORMS,
    NEED_WORDS,
    PROVIDER_KINDS,
    STATUSES,
    TYPES,
)
from catalogue.cli import upgrade_database
from catalogue.models import (
    Availability,
    CatalogueChange,
    Court,
    Intervention,
    NeedArea,
    Pdu,
    Region,
    intervention_needs,
)
from core.db import Base, make_engine

SIZES = (1_000, 10_000, 50_000)
DEFAULT_SEED = 20_240_501
BATCH = 2_000
ACTOR = "benchmark-generator"
SEED_DIR = Path(__file__).resolve().parent.parent / "seed_data"


@dataclass(frozen=True)
class Reference:
    """The real reference data the synthetic catalogue refers to."""

    regions: list[dict[str, str]]
    pdus: list[dict[str, str]]
    courts: list[dict[str, str]]
    needs: list[dict[str, str]]

    def pdus_of(self, region: str) -> list[str]:
        """The PDU slugs of a region."""
        return [p["slug"] for p in self.pdus if p["region"] == region]


def load_reference(folder: Path = SEED_DIR) -> Reference:
    """Regions, PDUs, courts and need areas from the seed folder's CSV files."""

    def rows(name: str) -> list[dict[str, str]]:
        with open(folder / name, newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    return Reference(rows("regions.csv"), rows("pdus.csv"), rows("courts.csv"), rows("needs.csv"))


@dataclass(frozen=True)
class Generated:
    """One synthetic intervention: its row, its need links and its availability rows."""

    intervention: dict[str, Any]
    needs: list[dict[str, Any]]
    availability: list[dict[str, Any]]


def synthetic_catalogue(
    size: int, seed: int, today: date, reference: Reference
) -> Iterator[Generated]:
    """The interventions of a synthetic catalogue, one by one, the same for the same inputs."""
    rng = random.Random(f"{seed}:{size}")
    pdus = {r["slug"]: reference.pdus_of(r["slug"]) for r in reference.regions}
    for number in range(size):
        yield _generated(rng, number, today, reference, pdus)


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def _generated(
    rng: random.Random, number: int, today: date, reference: Reference, pdus: dict[str, list[str]]
) -> Generated:
    row = _intervention(rng, number, today, reference)
    need_rows = [{"intervention_id": row["id"], "need_slug": s} for s in row.pop("need_slugs")]
    availability = _availability(rng, row["id"], today, reference, pdus)
    return Generated(row, need_rows, availability)


def _intervention(rng: random.Random, number: int, today: date, reference: Reference) -> dict:
    needs = rng.sample(list(NEED_WORDS), k=rng.choices((1, 2, 3), weights=(55, 35, 10))[0])
    themes, phrases = NEED_WORDS[needs[0]]
    name = f"{rng.choice(BRANDS)} {rng.choice(themes)} {rng.choice(FORMS)}"
    what = [rng.choice(NEED_WORDS[n][1]) for n in needs]
    kind = _weighted(rng, TYPES)
    group, one_to_one = rng.randint(0, 20), rng.randint(0, 8)
    created = datetime.combine(today, datetime.min.time()) - timedelta(days=rng.randint(30, 900))
    provider = f"{rng.choice(BRANDS)} {rng.choice(('North', 'South', 'City', 'County', ''))}"
    return {
        "id": uuid.UUID(int=rng.getrandbits(128), version=4),
        "slug": f"{name.lower().replace(' ', '-')}-{number}",
        "name": name,
        "type": kind,
        "summary": f"{name} offers {' and '.join(what)}."[:300],
        "description": f"Covers {', '.join(rng.choice(phrases) for _ in range(2))}. "
        + " ".join(rng.sample(FILLER, 2)),
        "what_you_will_do": f"You will work on {rng.choice(phrases)} with a key worker. "
        + rng.choice(FILLER),
        "need_slugs": needs,
        "pre_group_sessions": rng.choice((0, 0, 1)),
        "one_to_one_sessions": one_to_one if one_to_one or group else 1,
        "group_sessions": group,
        "session_minutes": rng.choice((60, 90, 120, None)),
        "same_day_sessions": 0,
        "weeks_to_complete": rng.choice((4, 6, 8, 12, None)),
        "format": "mixed" if group and one_to_one else ("group" if group else "one-to-one"),
        "attendance": rng.choice(("in-person", "in-person", "remote", "blended")),
        "gender": rng.choices(("any", "men", "women"), weights=(80, 12, 8))[0],
        "min_age": 18,
        "max_age": rng.choice((None, None, None, 25)),
        "min_ogrs3": rng.choice((None, None, 25, 50)),
        "min_ovp": None,
        "offence_focus": None,
        "excluded_offences": [],
        "not_if_programme_eligible": kind == "structured-intervention",
        "min_months_left": rng.choice((None, None, 6)),
        "eligibility_notes": "",
        "eip_status": "not-applicable" if kind == "accredited-programme" else _weighted(rng, EIP),
        "eip_decided_on": None,
        "provider": f"{provider.strip()} {rng.choice(PROVIDER_KINDS)}",
        "price": None,
        "price_unit": None,
        "contract_reference": f"BENCH-{number:06d}",
        "is_sample": True,
        "status": "withdrawn" if rng.random() < 0.04 else "active",
        "valid_from": None,
        "valid_to": today - timedelta(days=10) if rng.random() < 0.02 else None,
        "created_at": created,
        "created_by": ACTOR,
        "updated_at": created,
        "updated_by": ACTOR,
        "version": 1,
    }


def _availability(
    rng: random.Random,
    intervention_id: uuid.UUID,
    today: date,
    reference: Reference,
    pdus: dict[str, list[str]],
) -> list[dict[str, Any]]:
    slugs = [r["slug"] for r in reference.regions]
    spread = rng.random()
    count = 1 if spread < 0.6 else (rng.randint(2, 4) if spread < 0.85 else len(slugs))
    rows = []
    for region in rng.sample(slugs, count):
        local = rng.random() < 0.2 and pdus[region]
        places = (
            rng.sample(pdus[region], min(len(pdus[region]), rng.randint(1, 3))) if local else [None]
        )
        for pdu in places:
            rows.append(_availability_row(rng, intervention_id, region, pdu, today))
    return rows


def _availability_row(
    rng: random.Random, intervention_id: uuid.UUID, region: str, pdu: str | None, today: date
) -> dict[str, Any]:
    status = _weighted(rng, STATUSES)
    confirmed = datetime.combine(today, datetime.min.time()) - timedelta(days=rng.randint(0, 200))
    return {
        "intervention_id": intervention_id,
        "region_slug": region,
        "pdu_slug": pdu,
        "pdu_key": pdu or "",
        "status": status,
        "next_start": today + timedelta(days=rng.randint(1, 90)) if status == "open" else None,
        "places": rng.randint(2, 16) if status in ("open", "waiting-list") else None,
        "wait_weeks": rng.randint(1, 12) if status == "waiting-list" else None,
        "confirmed_at": confirmed if rng.random() < 0.95 else None,
        "confirmed_by": "sample.editor@example.org",
        "updated_at": confirmed,
        "version": 1,
    }


@dataclass(frozen=True)
class Written:
    """What a generation wrote, and how long it took."""

    interventions: int
    availability: int
    seconds: float


def write_catalogue(
    url: str, size: int, seed: int = DEFAULT_SEED, today: date | None = None
) -> Written:
    """Migrate the database at the URL, empty it, and write a synthetic catalogue into it."""
    started = time.perf_counter()
    upgrade_database(url)
    engine = make_engine(url)
    try:
        reference = load_reference()
        _empty(engine)
        _write_reference(engine, reference)
        rows = _write_interventions(
            engine, synthetic_catalogue(size, seed, today or date.today(), reference)
        )
        _write_thesaurus(engine)
        with engine.begin() as conn:
            conn.execute(
                CatalogueChange.__table__.insert(),
                [{"intervention_id": None, "changed_at": datetime.now()}],
            )
    finally:
        engine.dispose()
    return Written(size, rows, time.perf_counter() - started)


def _write_thesaurus(engine: Engine) -> None:
    """The seed's search thesaurus, so searches expand words as production's do."""
    from sqlalchemy.orm import Session

    from catalogue.thesaurus import load_file

    with Session(engine) as session:
        load_file(session, SEED_DIR / "thesaurus.csv", revision=False)
        session.commit()


def _empty(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


def _write_reference(engine: Engine, reference: Reference) -> None:
    regions = [{"slug": r["slug"], "name": r["name"]} for r in reference.regions]
    pdus = [
        {"slug": p["slug"], "name": p["name"], "region_slug": p["region"]} for p in reference.pdus
    ]
    courts = [
        {"slug": c["slug"], "name": c["name"], "pdu_slug": c["pdu"], "source": c["source"]}
        for c in reference.courts
    ]
    needs = [
        {"slug": n["slug"], "label": n["label"], "description": n["description"], "position": i}
        for i, n in enumerate(reference.needs)
    ]
    with engine.begin() as conn:
        for model, rows in ((Region, regions), (Pdu, pdus), (Court, courts), (NeedArea, needs)):
            conn.execute(_table(model), rows)


def _write_interventions(engine: Engine, items: Iterator[Generated]) -> int:
    """Insert in batches, one transaction per batch; returns the availability rows written."""
    written = 0
    batch: list[Generated] = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            written += _insert_batch(engine, batch)
            batch = []
    if batch:
        written += _insert_batch(engine, batch)
    return written


def _insert_batch(engine: Engine, batch: list[Generated]) -> int:
    availability = [row for item in batch for row in item.availability]
    with engine.begin() as conn:
        conn.execute(_table(Intervention), [item.intervention for item in batch])
        conn.execute(intervention_needs.insert(), [row for item in batch for row in item.needs])
        conn.execute(_table(Availability), availability)
    return len(availability)


def _table(model: type[Base]) -> Any:
    table = model.__table__
    assert isinstance(table, Table)
    return table.insert()


def postgres_schema_url(base_url: str, schema: str) -> str:
    """A URL whose connections use a fresh schema of the PostgreSQL database (dropped first)."""
    engine = make_engine(base_url)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in base_url else "?"
    return f"{base_url}{sep}options=-csearch_path%3D{schema}"
