"""Measurements through the app in this process: the API via Flask's test client, the index,
the assistant, the PDFs and the weight of the search page.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import create_app
from benchmarks import mix
from benchmarks.stats import Summary, cpus, repeat, timed, walls
from catalogue import search
from catalogue.changes import record_revision
from catalogue.models import Availability, Intervention, NeedArea
from core import db

PASSWORD = "benchmark-password-123"
EDITOR, OFFICER = "bench.editor@example.org", "bench.officer@example.org"
PROBE_SLUG = f"{mix.PROBE_WORD}-probe"


def make_app(database_url: str, index_dir: Path) -> Flask:
    """The app on a benchmark database, with its own index, as the test suite configures it."""
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SEARCH_INDEX_DIR": str(index_dir),
            "SECRET_KEY": "benchmark-secret-key-that-is-long-enough-0123456789",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SEARCH_SYNC_ON_START": False,
        }
    )


def install_probe_and_users(app: Flask) -> str:
    """Add the probe intervention (not available in the probe region) and two users."""
    from accounts.services import create_user, find_user

    with app.extensions["db_sessionmaker"]() as session:
        now = datetime.now()
        probe = Intervention(
            slug=PROBE_SLUG,
            name=f"{mix.PROBE_WORD.title()} Probe Service",
            type="crs",
            summary="The benchmark's probe.",
            format="one-to-one",
            eip_status="not-applicable",
            one_to_one_sessions=4,
            created_at=now,
            updated_at=now,
            excluded_offences=[],
            needs=[session.get(NeedArea, "accommodation")],
        )
        session.add(probe)
        session.flush()
        session.add(
            Availability(
                intervention_id=probe.id,
                region_slug=mix.PROBE_REGION,
                pdu_key="",
                status="not-available",
                updated_at=now,
            )
        )
        record_revision(session, probe.id)
        session.commit()
        for email, role in ((EDITOR, "interventions-editor"), (OFFICER, "court-officer")):
            if find_user(session, email) is None:
                create_user(session, email, PASSWORD, role)
        return str(probe.id)


def set_probe(session: Any, status: str) -> None:
    """Commit an availability change of the probe in its region, with a revision."""
    row = session.scalars(
        select(Availability)
        .join(Availability.intervention)
        .where(Intervention.slug == PROBE_SLUG, Availability.region_slug == mix.PROBE_REGION)
    ).one()
    row.status, row.updated_at = status, datetime.now()
    record_revision(session, row.intervention_id)
    session.commit()


def measure_rebuild(app: Flask, reps: int, budget_s: float) -> dict[str, Any]:
    """Full rebuild of the index from the database (documents, Whoosh, facet table)."""
    with app.app_context():
        counts: list[int] = []
        timings = repeat(lambda: counts.append(search.rebuild(db.session())), reps, budget_s, 1)
    return {"wall": walls(timings), "cpu": cpus(timings), "indexed": counts[-1]}


def measure_search_api(
    client: FlaskClient, reps: int, searches: dict[str, dict[str, str]] = mix.SEARCH_MIX
) -> dict[str, dict[str, Any]]:
    """A mix of searches through GET /api/v1/interventions, round-robin after a warm-up,
    facets included: wall-clock and CPU time of each, the results and whether the words
    were expanded through the thesaurus."""
    paths = {kind: mix.search_path(params) for kind, params in searches.items()}
    found: dict[str, Any] = {}
    for kind, path in paths.items():
        for _ in range(3):  # warm-up
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        answer = response.get_json()
        found[kind] = {"total": answer["total"], "expanded": bool(answer.get("understood"))}
    timings: dict[str, list[Any]] = {kind: [] for kind in paths}
    for _ in range(reps):
        for kind, path in paths.items():
            timings[kind].append(timed(lambda p=path: client.get(p))[1])
    every = [t for kind_timings in timings.values() for t in kind_timings]
    timings["whole mix"], found["whole mix"] = every, {"total": None}
    return {kind: {"wall": walls(t), "cpu": cpus(t), **found[kind]} for kind, t in timings.items()}


def measure_edit_to_searchable(app: Flask, client: FlaskClient, reps: int) -> Summary:
    """Commit an availability change and its revision; time until a search reflects it."""
    latencies = []
    with app.extensions["db_sessionmaker"]() as session:
        for rep in range(reps):
            status = "open" if rep % 2 == 0 else "not-available"
            set_probe(session, status)
            started, deadline = time.perf_counter(), time.monotonic() + 10
            while time.monotonic() < deadline:
                total = client.get(mix.probe_path()).get_json()["total"]
                if total == (1 if status == "open" else 0):
                    break
            latencies.append(time.perf_counter() - started)
    return Summary.of(latencies)


def measure_recommendation(client: FlaskClient, reps: int, budget_s: float) -> dict[str, Any]:
    """POST /api/v1/recommendations (London, three needs): the first after start, then warm,
    then each right after a catalogue edit in London; and its parts where importable."""
    body = mix.recommendation_body()
    post = lambda: client.post("/api/v1/recommendations", json=body)  # noqa: E731
    response, first = timed(post)
    if response.status_code != 200:
        return {"error": f"POST /api/v1/recommendations answered {response.status_code}"}
    timings = repeat(post, reps, budget_s)
    return {
        "wall": walls(timings),
        "cpu": cpus(timings),
        "first_ms": first.wall * 1000,
        "after_edit": walls(_after_edits(client.application, post, max(reps // 4, 3))),
        **_recommendation_parts(client, reps, budget_s),
    }


def _after_edits(app: Flask, post: Any, reps: int) -> list[Any]:
    """Move the revision for one London intervention, then time one recommendation."""
    timings = []
    with app.extensions["db_sessionmaker"]() as session:
        ids = session.scalars(
            select(Availability.intervention_id)
            .where(Availability.region_slug == "london")
            .order_by(Availability.intervention_id)
            .limit(reps)
        ).all()
        for intervention_id in ids:
            record_revision(session, intervention_id)
            session.commit()
            timings.append(timed(post)[1])
    return timings


def _recommendation_parts(client: FlaskClient, reps: int, budget_s: float) -> dict[str, Any]:
    """Where the time goes: reading a whole region's facts (only on a process's first request
    for the region, or a new day), the warm cache's answer for a case, and the pure engine."""
    try:
        from proposal import DEFAULT_POLICY, assess
        from proposal.types import Case, Flags, NeedAssessment, OrderDetails, Predictor
        from proposal.web.catalogue_facts import load_region_catalogue
        from proposal.web.facts_cache import RegionFactsCache
    except ImportError as exc:
        return {"parts_error": str(exc)}
    areas = ("accommodation", "ete", "finance-benefits-debt")
    case = Case(
        region="london",
        pdu=None,
        gender="male",
        age=30,
        predictor=Predictor("OGRS3", 62),
        needs=tuple(NeedAssessment(a, True, False) for a in areas),
        flags=Flags(),
        order=OrderDetails("community-order", 12),
    )
    today, policy = date.today(), DEFAULT_POLICY
    with client.application.app_context():
        session = db.session()
        region = lambda: load_region_catalogue(session, "london", today, 90)  # noqa: E731
        cache = RegionFactsCache()
        offer = lambda: cache.offered(session, case, today, policy)  # noqa: E731
        facts, offered = region().facts, offer().facts
        assessed = assess(case, offered, today, policy)
        return {
            "facts": len(facts),
            "offered": len(offered),
            "relevant": len(assessed.relevant),
            "load_region": walls(repeat(region, max(reps // 4, 3), budget_s)),
            "offered_warm": walls(repeat(offer, reps, budget_s)),
            "engine": walls(repeat(lambda: assess(case, offered, today, policy), reps, budget_s)),
        }
