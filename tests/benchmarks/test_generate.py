"""The synthetic catalogue generator: the same seed gives the same catalogue, in any database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benchmarks.generate import Generated, load_reference, synthetic_catalogue, write_catalogue
from catalogue.models import Availability, CatalogueChange, Intervention, intervention_needs
from catalogue.search import SearchQuery
from catalogue.search.service import SearchService
from core.db import make_engine

DAY = date(2025, 3, 1)
REFERENCE = load_reference()


def catalogue(size: int, seed: int) -> list[Generated]:
    """The generated interventions, as a list."""
    return list(synthetic_catalogue(size, seed, DAY, REFERENCE))


def test_the_same_seed_gives_the_same_catalogue() -> None:
    assert catalogue(200, seed=7) == catalogue(200, seed=7)


def test_another_seed_gives_another_catalogue() -> None:
    assert catalogue(50, seed=7) != catalogue(50, seed=8)


def test_a_catalogue_has_the_size_asked_for() -> None:
    assert len(catalogue(30, seed=7)) == 30


def test_availability_covers_every_region_with_pdus_of_that_region() -> None:
    pdu_region = {p["slug"]: p["region"] for p in REFERENCE.pdus}
    rows = [row for item in catalogue(500, seed=3) for row in item.availability]
    assert {row["region_slug"] for row in rows} == {r["slug"] for r in REFERENCE.regions}
    for row in rows:
        assert row["pdu_slug"] is None or pdu_region[row["pdu_slug"]] == row["region_slug"]
        assert row["pdu_key"] == (row["pdu_slug"] or "")


def test_needs_are_real_need_areas_and_slugs_are_unique() -> None:
    items = catalogue(300, seed=5)
    needs = {n["slug"] for n in REFERENCE.needs}
    assert all(link["need_slug"] in needs for item in items for link in item.needs)
    assert len({item.intervention["slug"] for item in items}) == 300


def rows_of(url: str) -> tuple[list[tuple[object, ...]], ...]:
    """Every generated row of a database, in a stable order (availability without its id)."""
    engine = make_engine(url)
    with engine.connect() as conn:
        found = (
            sorted(tuple(r) for r in conn.execute(select(Intervention.__table__))),
            sorted(tuple(r) for r in conn.execute(select(intervention_needs))),
            sorted(tuple(r)[1:] for r in conn.execute(select(Availability.__table__))),
            [tuple(r)[1:2] for r in conn.execute(select(CatalogueChange.__table__))],
        )
    engine.dispose()
    return found


def test_a_written_catalogue_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    first, second = (f"sqlite:///{tmp_path / name}" for name in ("one.db", "two.db"))
    written = write_catalogue(first, 120, seed=11, today=DAY)
    write_catalogue(second, 120, seed=11, today=DAY)
    interventions, needs, availability, changes = rows_of(first)
    assert (interventions, needs, availability) == rows_of(second)[:3]
    assert len(interventions) == written.interventions == 120
    assert len(availability) == written.availability
    assert changes == [(None,)]  # one change meaning "everything"


def test_a_written_catalogue_is_indexed_and_searchable(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    write_catalogue(url, 150, seed=2, today=DAY)
    engine = make_engine(url)
    service = SearchService(str(tmp_path / "index"))
    with Session(engine) as session:
        assert service.sync(session) >= 1
        active = select(func.count()).where(Intervention.status == "active")
        assert len(service.table) == session.scalar(active)
        housing = service.search(session, SearchQuery(text="housing"), DAY)
        london = service.search(session, SearchQuery(regions=("london",)), DAY)
    engine.dispose()
    assert housing.total > 0 and 0 < london.total < 150
