"""Two app instances on one database agree on what search returns.

Each gunicorn instance keeps its own search index (its own SEARCH_INDEX_DIR), derived from
the shared database: an edit made through one is found by a search on the other within
5 s, and both keep answering while one's index is rebuilt by `flask search rebuild`. Runs
on SQLite (one file, WAL) and, in `make test`'s second pass, on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from benchmarks.servers import Browser, Instance, fetch, running
from catalogue.cli import upgrade_database
from catalogue.models import Availability, Intervention
from core.db import make_engine

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
EDITOR, PASSWORD = "multi.editor@example.org", "multi-instance-password"
SEEN_WITHIN_S = 5.0


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of its own holding the seed catalogue and a national editor."""
    from accounts.services import create_user
    from catalogue.seed import load_seed

    base = os.environ.get("TEST_DATABASE_URL")
    schema = f"t_multi_{os.getpid()}"
    if base:
        _schema(base, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE; CREATE SCHEMA "{schema}"')
        url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('multi') / 'shared.db'}"
    upgrade_database(url)
    engine = make_engine(url)
    with Session(engine) as session:
        load_seed(session, ROOT / "seed_data")
        create_user(session, EDITOR, PASSWORD, "interventions-editor")
    engine.dispose()
    yield url
    if base:
        _schema(base, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _schema(base: str, statements: str) -> None:
    engine = make_engine(base)
    with engine.begin() as conn:
        for statement in statements.split(";"):
            conn.execute(text(statement))
    engine.dispose()


def rebuild_index(database_url: str, index_dir: Path) -> subprocess.Popen[bytes]:
    """`flask --app app search rebuild` on an index folder, as a separate process."""
    env = {**os.environ, "DATABASE_URL": database_url, "SEARCH_INDEX_DIR": str(index_dir)}
    flask = Path(sys.executable).with_name("flask")
    return subprocess.Popen(
        [str(flask), "--app", "app", "search", "rebuild"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@pytest.fixture(scope="module")
def instances(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[Instance]]:
    """Two instances (two workers each) on the shared database, each with its own index."""
    root = tmp_path_factory.mktemp("instances")
    for name in ("a", "b"):  # built before start-up, as `make run` does with `search sync`
        with rebuild_index(database_url, root / name) as build:
            output = build.communicate(timeout=120)[0]
        assert build.returncode == 0, output.decode(errors="replace")[-2000:]
    with running(database_url, root / "a", root) as a, running(database_url, root / "b", root) as b:
        yield [a, b]


def region_ids(instance: Instance, region: str) -> set[str]:
    """Ids of every intervention a search on the instance finds in the region."""
    status, _, body = fetch(
        instance.base_url, "GET", f"/api/v1/interventions?region={region}&per_page=100"
    )
    assert status == 200, body[:300]
    return {result["id"] for result in json.loads(body)["results"]}


def only_region_wide_row(database_url: str) -> Availability:
    """An open, region-wide availability row that is its intervention's only row in the region."""
    engine = make_engine(database_url)
    found = None
    with Session(engine) as session:
        candidates = session.scalars(
            select(Availability)
            .join(Intervention)
            .where(Availability.pdu_slug.is_(None), Availability.status == "open")
            .where(Intervention.status == "active")
            .order_by(Intervention.slug, Availability.region_slug)
        ).all()
        for row in candidates:
            places = [r for r in row.intervention.availability if r.region_slug == row.region_slug]
            if len(places) == 1:
                found = row
                session.expunge(row)
                break
    engine.dispose()
    assert found is not None, "the seed has no open region-wide row alone in its region"
    return found


def until(condition: Callable[[], bool], limit_s: float) -> float:
    """Poll until the condition holds; the seconds it took (fails after limit_s)."""
    started = time.monotonic()
    while time.monotonic() - started < limit_s:
        if condition():
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"not seen within {limit_s} s")


def test_an_edit_through_one_instance_is_found_by_a_search_on_the_other(
    instances: list[Instance], database_url: str
) -> None:
    a, b = instances
    row = only_region_wide_row(database_url)
    key, region = str(row.intervention_id), row.region_slug
    assert key in region_ids(b, region)
    editor = Browser(a.base_url)
    editor.sign_in(EDITOR, PASSWORD)
    path = f"/api/v1/interventions/{key}/availability/{region}"
    version = row.version
    for status, expected in (("not-available", False), ("open", True)):
        answer = editor.patch_json(
            path, json.dumps({"status": status, "version": version}).encode()
        )
        assert answer[0] == 200, answer[1][:300]
        version = json.loads(answer[1])["version"]
        until(lambda e=expected: (key in region_ids(b, region)) is e, SEEN_WITHIN_S)
        assert (key in region_ids(a, region)) is expected


def test_both_instances_keep_answering_while_one_index_is_rebuilt(
    instances: list[Instance], database_url: str
) -> None:
    a, b = instances
    expected = {instance.port: region_ids(instance, "london") for instance in instances}
    assert expected[a.port] == expected[b.port]
    failures, answered = [], 0
    deadline = time.monotonic() + 120
    for _ in range(3):  # three rebuilds of instance A's index, polling both meanwhile
        with rebuild_index(database_url, a.index_dir) as rebuild:
            while rebuild.poll() is None and time.monotonic() < deadline:
                for instance in instances:
                    try:
                        found = region_ids(instance, "london")
                        answered += 1
                        if found != expected[instance.port]:
                            failures.append(f"{instance.port}: different results")
                    except AssertionError as exc:
                        failures.append(f"{instance.port}: {exc}")
            output = rebuild.communicate(timeout=120)[0]
        assert rebuild.returncode == 0, output.decode(errors="replace")[-2000:]
    assert answered > 0 and failures == []
    assert region_ids(a, "london") == region_ids(b, "london") == expected[a.port]
