"""The seed loader: the real seed meets the brief, and a bad file is named and changes nothing."""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from catalogue import seed
from catalogue.models import (
    Availability,
    CatalogueChange,
    Court,
    Intervention,
    NeedArea,
    Pdu,
    Region,
    ThesaurusTerm,
)
from catalogue.reference import AVAILABLE_STATUSES
from catalogue.seed import SeedError, catalogue_has_data, load_seed
from core.db import Base

SEED = Path(__file__).resolve().parents[2] / "seed_data"
HMPPS = "HM Prison and Probation Service"
STALE_AFTER_DAYS = 90
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
REGIONS = [
    "north-east",
    "north-west",
    "yorkshire-humber",
    "wales",
    "west-midlands",
    "east-midlands",
    "south-west",
    "south-central",
    "east-of-england",
    "london",
    "kent-surrey-sussex",
    "greater-manchester",
]
NEEDS = [
    "accommodation",
    "ete",
    "relationships",
    "lifestyle-associates",
    "alcohol",
    "drugs",
    "emotional-management",
    "attitudes-thinking-behaviour",
    "finance-benefits-debt",
]


@pytest.fixture
def empty_session(session: Session) -> Session:
    """The test's session on a database with no rows at all (not even reference data)."""
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(table.delete())
    session.commit()
    return session


@pytest.fixture
def seeded(seeded_app: Flask) -> Iterator[Session]:
    """A read-only session on the database holding the real seed, loaded today."""
    with seeded_app.extensions["db_sessionmaker"]() as s:
        yield s


def _interventions(s: Session, **where: Any) -> list[Intervention]:
    return list(s.scalars(select(Intervention).filter_by(**where)))


def _rows(s: Session, status: str | None = None) -> list[Availability]:
    query = select(Availability)
    return list(s.scalars(query if status is None else query.filter_by(status=status)))


def _row_count(s: Session, table: Any) -> int:
    return s.scalar(select(func.count()).select_from(table)) or 0


def _assert_empty(s: Session) -> None:
    s.rollback()
    assert not catalogue_has_data(s)
    for table in Base.metadata.sorted_tables:
        assert _row_count(s, table) == 0, f"{table.name} has rows"


# --- Loading ----------------------------------------------------------------------------------


def test_the_seed_loads_in_one_transaction_with_dates_resolved(empty_session: Session) -> None:
    today = date(2025, 6, 2)
    counts = load_seed(empty_session, SEED, today=today)
    s = empty_session
    assert counts["regions"] == _row_count(s, Region) == 12
    assert counts["interventions"] == _row_count(s, Intervention) == _row_count(s, CatalogueChange)
    assert counts["availability"] == _row_count(s, Availability) >= 150
    assert set(counts) == {
        *("regions", "pdus", "courts", "needs", "interventions", "availability"),
        *("contacts", "thesaurus terms"),
    }
    with_contact = (
        select(func.count()).select_from(Availability).where(Availability.contact_email != "")
    )
    assert (
        0 < (s.scalar(with_contact) or 0) < counts["availability"]
    )  # the rest: the intervention's
    assert counts["thesaurus terms"] == _row_count(s, ThesaurusTerm) >= 300
    assert all(i.created_by == i.updated_by == "seed" for i in _interventions(s))
    with (SEED / "availability.csv").open(newline="", encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))
    query = (
        select(Availability).join(Intervention).where(Intervention.slug == first["intervention"])
    )
    query = query.where(Availability.region_slug == first["region"])
    row = s.scalars(query.where(Availability.pdu_key == first["pdu"])).one()
    assert row.confirmed_at == datetime.combine(today + _days(first["confirmed_at"]), time(9, 0))
    assert row.next_start == (today + _days(first["next_start"]) if first["next_start"] else None)
    assert catalogue_has_data(s)


def _days(relative: str) -> timedelta:
    return timedelta(days=int(relative.rstrip("d")))


def test_loading_over_existing_data_is_refused(session: Session) -> None:
    # The shared fixture has loaded regions, PDUs, courts and needs already.
    assert catalogue_has_data(session)
    with pytest.raises(SeedError, match="already has data"):
        load_seed(session, SEED)
    assert _row_count(session, Intervention) == 0


def test_a_database_error_while_writing_leaves_nothing_behind(
    empty_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any) -> Any:
        raise SQLAlchemyError("disk full")

    monkeypatch.setattr(seed, "_availability_model", broken)
    with pytest.raises(SeedError, match="database refused the seed"):
        load_seed(empty_session, SEED)
    _assert_empty(empty_session)


# --- The real seed meets the brief -------------------------------------------------------------


def test_regions_pdus_courts_and_needs(seeded: Session) -> None:
    regions = seeded.scalars(select(Region)).all()
    assert sorted(r.slug for r in regions) == sorted(REGIONS)
    for region in regions:
        courts = [c for pdu in region.pdus for c in pdu.courts]
        assert len(region.pdus) >= 3, region.slug
        assert len(courts) >= 3, region.slug
    assert all(court.source for court in seeded.scalars(select(Court)))
    needs = seeded.scalars(select(NeedArea).order_by(NeedArea.position)).all()
    assert [n.slug for n in needs] == NEEDS
    assert all(n.label and n.description for n in needs)


# slug: (pre-group, one-to-one, group, RAR days, gender, min OGRS3, min OVP, offence focus)
STRUCTURED_INTERVENTIONS = {
    "better-solutions": (1, 0, 6, 7, "any", 25, None, None),
    "positive-pathways": (1, 0, 6, 7, "any", 25, None, None),
    "positive-pathways-plus": (1, 0, 9, 10, "men", 25, 20, "domestic-abuse"),
    "stepwise-problem-solving": (0, 1, 5, 6, "any", 25, None, None),
    "stepwise-driving": (0, 1, 5, 6, "any", 25, None, "driving"),
    "stepwise-emotions": (0, 1, 8, 9, "any", 25, 20, None),
    "stepwise-relationships": (0, 1, 9, 10, "any", 25, 20, "domestic-abuse"),
    "managing-my-emotions": (1, 0, 6, 7, "any", 25, 20, "violence"),
    "lets-talk": (1, 0, 7, 8, "men", 25, 20, None),
    "help-programme": (1, 2, 12, 15, "men", 25, 20, "domestic-abuse"),
    "dawn": (0, 1, 6, 7, "women", 25, 20, "domestic-abuse"),
    "firs4women": (0, 2, 6, 8, "women", 25, 20, None),
}


def test_the_twelve_structured_interventions(seeded: Session) -> None:
    found = {i.slug: i for i in _interventions(seeded, type="structured-intervention")}
    assert set(found) == set(STRUCTURED_INTERVENTIONS)
    for slug, expected in STRUCTURED_INTERVENTIONS.items():
        i = found[slug]
        actual = (
            i.pre_group_sessions,
            i.one_to_one_sessions,
            i.group_sessions,
            i.rar_days,
            i.gender,
            i.min_ogrs3,
            i.min_ovp,
            i.offence_focus,
        )
        assert actual == expected, slug
        assert i.provider == HMPPS and i.eip_status != "not-applicable", slug
        assert i.not_if_programme_eligible, slug
    assert found["managing-my-emotions"].excluded_offences == ["sexual", "domestic-abuse"]
    assert "attitudes-thinking-behaviour" in found["better-solutions"].need_slugs
    assert "emotional-management" in found["managing-my-emotions"].need_slugs


# slug: (one-to-one, group, gender, min OGRS3, offence focus)
PROGRAMMES = {
    "building-choices": (6, 21, "any", None, None),
    "thinking-skills-programme": (4, 15, "any", 50, None),
    "building-better-relationships": (5, 25, "men", None, "domestic-abuse"),
    "horizon": (3, 31, "men", None, "sexual"),
    "ihorizon": (3, 23, "men", None, "sexual"),
}


def test_toolkits_and_accredited_programmes(seeded: Session) -> None:
    toolkits = {i.slug: i for i in _interventions(seeded, type="toolkit")}
    assert len(toolkits) == 11
    assert all(i.format == "one-to-one" and i.provider == HMPPS for i in toolkits.values())
    assert toolkits["creating-positive-connections"].one_to_one_sessions == 8
    assert toolkits["moving-on"].one_to_one_sessions == 8
    young_men = toolkits["choices-and-changes"]
    assert (young_men.gender, young_men.min_age, young_men.max_age) == ("men", 18, 25)
    assert toolkits["first-steps-to-change"].gender == "women"
    programmes = {i.slug: i for i in _interventions(seeded, type="accredited-programme")}
    assert set(programmes) == set(PROGRAMMES)
    for slug, expected in PROGRAMMES.items():
        i = programmes[slug]
        actual = (i.one_to_one_sessions, i.group_sessions, i.gender, i.min_ogrs3, i.offence_focus)
        assert actual == expected, slug
        assert i.eip_status == "not-applicable", slug


def test_made_up_providers_are_labelled_sample(seeded: Session) -> None:
    everything = _interventions(seeded)
    assert 60 <= len(everything) <= 120
    for i in everything:
        if i.provider != HMPPS or i.price is not None:
            assert i.is_sample, i.slug
            assert "sample" in i.provider.lower(), i.slug
    crs = _interventions(seeded, type="crs")
    assert crs and all(i.price is not None and i.price_unit and i.contract_reference for i in crs)
    assert {i.eip_status for i in crs} == {"not-applicable"}
    assert _interventions(seeded, status="withdrawn")
    assert _interventions(seeded, type="local")


def _open_in(s: Session, region: str, need: str, **where: Any) -> list[Availability]:
    return [
        row
        for row in _rows(s, "open")
        if row.region_slug == region
        and need in row.intervention.need_slugs
        and row.intervention.status == "active"
        and all(getattr(row.intervention, k) == v for k, v in where.items())
    ]


def test_availability_covers_every_region(seeded: Session) -> None:
    assert len(_rows(seeded)) >= 150
    assert _open_in(seeded, "london", "accommodation", type="crs")
    si = {"type": "structured-intervention"}
    for region in REGIONS:
        assert _open_in(seeded, region, "attitudes-thinking-behaviour", **si), region
        assert _open_in(seeded, region, "emotional-management", **si), region
        domestic_abuse = [
            row
            for row in _rows(seeded, "open")
            if row.region_slug == region
            and row.intervention.offence_focus == "domestic-abuse"
            and row.intervention.type == "structured-intervention"
        ]
        assert domestic_abuse, region


def test_availability_has_paused_waiting_stale_and_pdu_rows(seeded: Session) -> None:
    today = date.today()
    rows = _rows(seeded)
    assert _rows(seeded, "paused") and _rows(seeded, "waiting-list")
    stale = [r for r in rows if r.is_stale(today, STALE_AFTER_DAYS)]
    assert 10 <= len(stale) < len(rows) // 2
    fresh = [r for r in rows if not r.is_stale(today, STALE_AFTER_DAYS)]
    assert all(r.confirmed_by.endswith("@example.org") for r in fresh)
    pdu_regions = {r.region_slug for r in rows if r.pdu_slug}
    assert {"london", "greater-manchester"} <= pdu_regions
    assert all(r.pdu_key == (r.pdu_slug or "") for r in rows)


def test_seeded_confirmations_say_they_come_from_the_sample_data(seeded: Session) -> None:
    rows = _rows(seeded)
    assert any(r.confirmed_at is None for r in rows)
    assert {r.confirmed_via for r in rows if r.confirmed_at} == {"seed"}
    assert {r.confirmed_via for r in rows if r.confirmed_at is None} == {None}


@pytest.mark.parametrize(
    ("need", "regions"),
    [
        ("finance-benefits-debt", {"east-midlands", "south-west"}),
        ("lifestyle-associates", {"north-east"}),
    ],
)
def test_the_deliberate_gaps(seeded: Session, need: str, regions: set[str]) -> None:
    served = {
        row.region_slug
        for row in _rows(seeded)
        if row.status in AVAILABLE_STATUSES
        and need in row.intervention.need_slugs
        and row.intervention.status == "active"
    }
    assert regions.isdisjoint(served)
    assert served, "the gap should be regional, not national"


# --- A bad file is named, and writes nothing ------------------------------------------------------

Mutation = Callable[[Path], str]


def set_csv(name: str, line: int, field: str, value: str) -> Mutation:
    """Set one field on one line (the header is line 1); the expected message prefix."""

    def mutate(folder: Path) -> str:
        path = folder / name
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        rows[line - 1][rows[0].index(field)] = value
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
        return f'{name} line {line}, field "{field}": '

    return mutate


def copy_csv_line(name: str, source: int, line: int) -> Mutation:
    """Overwrite one line with a copy of another (a duplicate record)."""

    def mutate(folder: Path) -> str:
        path = folder / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[line - 1] = lines[source - 1]
        path.write_text("".join(lines), encoding="utf-8")
        return f"{name} line {line}, field "

    return mutate


def set_yaml(slug: str, field: str, value: Any, delete: bool = False) -> Mutation:
    """Set (or delete) one field of the intervention with the slug."""

    def mutate(folder: Path) -> str:
        path = folder / "interventions.yaml"
        records = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        index = next(n for n, record in enumerate(records) if record["slug"] == slug)
        if delete:
            del records[index][field]
        else:
            records[index][field] = value
        path.write_text(yaml.dump(records, Dumper=SAFE_DUMPER), encoding="utf-8")
        shown = value if field == "slug" and not delete else slug
        return f'interventions.yaml item {index + 1} (slug "{shown}"), field "{field}": '

    return mutate


BAD_FILES: dict[str, tuple[Mutation, str]] = {
    "unknown status": (
        set_csv("availability.csv", 17, "status", "opn"),
        'Select the availability status (found "opn")',
    ),
    "unknown region": (set_csv("availability.csv", 5, "region", "atlantis"), "not a known region"),
    "PDU outside region": (set_csv("availability.csv", 2, "pdu", "croydon"), "is in london"),
    "unknown PDU": (set_csv("availability.csv", 2, "pdu", "nowhere"), "not a known PDU"),
    "unknown intervention": (set_csv("availability.csv", 9, "intervention", "nope"), "not a known"),
    "negative places": (set_csv("availability.csv", 3, "places", "-3"), "from 0 to 10000"),
    "wait not a number": (
        set_csv("availability.csv", 4, "wait_weeks", "two"),
        "must be a whole number",
    ),
    "bad next start": (set_csv("availability.csv", 6, "next_start", "31/13/2025"), "a real date"),
    "bad relative date": (set_csv("availability.csv", 7, "confirmed_at", "+3w"), "not a date"),
    "impossible date": (set_csv("availability.csv", 8, "next_start", "2025-02-30"), "a real date"),
    "duplicate availability": (copy_csv_line("availability.csv", 2, 3), "already listed (line 2)"),
    "PDU in unknown region": (set_csv("pdus.csv", 4, "region", "narnia"), "not a known region"),
    "court in unknown PDU": (set_csv("courts.csv", 3, "pdu", "nowhere"), "not a known PDU"),
    "court without source": (set_csv("courts.csv", 5, "source", " "), "is required"),
    "region slug not a slug": (set_csv("regions.csv", 2, "slug", "North East"), "not a slug"),
    "need without label": (set_csv("needs.csv", 3, "label", ""), "is required"),
    "intervention type": (
        set_yaml("better-solutions", "type", "si"),
        'Select the type of intervention (found "si")',
    ),
    "unknown need": (set_yaml("dawn", "needs", ["housing"]), "Select need areas from the list"),
    "no needs": (set_yaml("horizon", "needs", []), "Select at least one need area"),
    "summary too long": (
        set_yaml("moving-on", "summary", "x" * 301),
        "Summary must be 300 characters or fewer",
    ),
    "negative sessions": (set_yaml("help-programme", "group_sessions", -1), "from 0 to 200"),
    "threshold not a number": (
        set_yaml("lets-talk", "min_ogrs3", "high"),
        "must be a whole number",
    ),
    "gender": (set_yaml("firs4women", "gender", "male"), "Select who it is for"),
    "offence focus": (
        set_yaml("stepwise-driving", "offence_focus", "burglary"),
        "Select an offence focus from the list",
    ),
    "excluded offence": (
        set_yaml("managing-my-emotions", "excluded_offences", ["theft"]),
        "Select offences from the list",
    ),
    "EIP date": (
        set_yaml("local-parenting-north-east", "eip_decided_on", "yesterday"),
        "must be a real date",
    ),
    "sample not a boolean": (
        set_yaml("crs-ete-midlands", "sample", "yes"),
        "must be true or false",
    ),
    "price unit": (
        set_yaml("crs-accommodation-london", "price_unit", "per-hour"),
        "Select a price unit from the list",
    ),
    "price without unit": (
        set_yaml("crs-family-london-east", "price_unit", None),
        "Enter both the price and its unit",
    ),
    "negative price": (set_yaml("crs-wellbeing-midlands", "price", -5), "0 or more"),
    "unknown field": (set_yaml("new-me-mot", "colour", "blue"), "is not an intervention field"),
    "missing name": (set_yaml("ihorizon", "name", None, delete=True), "Enter the name"),
    "too few SI sessions": (
        set_yaml("better-solutions", "group_sessions", 2),
        "at least 4 sessions",
    ),
    "same-day sessions": (
        set_yaml("stepwise-emotions", "same_day_sessions", 99),
        "must be fewer than",
    ),
    "ages reversed": (
        set_yaml("maps-for-change", "max_age", 17),
        "maximum age must be the same as or more",
    ),
    "duplicate slug": (
        set_yaml("positive-pathways", "slug", "better-solutions"),
        "is already used (item 1 ",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_a_bad_file_names_file_record_and_field_and_writes_nothing(
    case: str, empty_session: Session, tmp_path: Path
) -> None:
    folder = tmp_path / "seed_data"
    shutil.copytree(SEED, folder)
    mutate, problem = BAD_FILES[case]
    prefix = mutate(folder)
    with pytest.raises(SeedError) as raised:
        load_seed(empty_session, folder)
    message = str(raised.value)
    assert message.startswith(prefix), message
    assert problem in message, message
    _assert_empty(empty_session)


def test_the_exact_message_for_an_unknown_status(empty_session: Session, tmp_path: Path) -> None:
    folder = tmp_path / "seed_data"
    shutil.copytree(SEED, folder)
    set_csv("availability.csv", 17, "status", "opn")(folder)
    with pytest.raises(SeedError) as raised:
        load_seed(empty_session, folder)
    assert str(raised.value) == (
        'availability.csv line 17, field "status": Select the availability status (found "opn")'
    )


@pytest.mark.parametrize(
    ("name", "damage", "message"),
    [
        ("needs.csv", None, "needs.csv: file not found"),
        ("regions.csv", "slug,title\nlondon,London\n", "regions.csv line 1: the header must be"),
        ("pdus.csv", "slug,name,region\nx,X\n", "pdus.csv line 2: expected 3 fields, found 2"),
        ("interventions.yaml", "- slug: [unclosed\n", "interventions.yaml line 2: not valid YAML"),
        ("interventions.yaml", "slug: one\n", "interventions.yaml: must be a list"),
        ("interventions.yaml", "- just text\n", "interventions.yaml item 1: must be a mapping"),
        ("courts.csv", b"slug,name,pdu,source\n\xff\n", "courts.csv: not UTF-8 text"),
    ],
    ids=[
        "missing",
        "wrong header",
        "short row",
        "bad YAML",
        "not a list",
        "not a mapping",
        "not UTF-8",
    ],
)
def test_a_broken_or_missing_file_is_named(
    name: str, damage: str | bytes | None, message: str, empty_session: Session, tmp_path: Path
) -> None:
    folder = tmp_path / "seed_data"
    shutil.copytree(SEED, folder)
    path = folder / name
    if damage is None:
        path.unlink()
    elif isinstance(damage, bytes):
        path.write_bytes(damage)
    else:
        path.write_text(damage, encoding="utf-8")
    with pytest.raises(SeedError, match="^" + re.escape(message)):
        load_seed(empty_session, folder)
    _assert_empty(empty_session)


def test_crown_courts_are_listed_each_with_its_source_and_a_pdu_of_its_region(
    seeded: Session,
) -> None:
    rows = seeded.execute(select(Court, Pdu.region_slug).join(Pdu)).all()
    crown = {court.slug: (court, region) for court, region in rows if "Crown Court" in court.name}
    crown.update({c.slug: (c, r) for c, r in rows if c.slug == "central-criminal-court"})
    assert len(crown) >= 70
    for court, _region in crown.values():
        assert "ministryofjustice/Claim-for-Crown-Court-Defence" in court.source, court.slug
        assert "PDU assigned by location" in court.source, court.slug
    # a few whose place is beyond doubt
    expected = {
        "snaresbrook-crown-court": ("redbridge-and-waltham-forest", "london"),
        "central-criminal-court": ("hackney-and-city", "london"),
        "leeds-crown-court": ("leeds", "yorkshire-humber"),
        "cardiff-crown-court": ("cardiff-and-the-vale", "wales"),
        "manchester-crown-court-crown-square": ("manchester-north", "greater-manchester"),
    }
    for slug, (pdu, region) in expected.items():
        court, found_region = crown[slug]
        assert (court.pdu_slug, found_region) == (pdu, region), slug
    # closed courts in the source list are left out
    assert "blackfriars-crown-court" not in crown
