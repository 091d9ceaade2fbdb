"""Before and after: the search package of a git revision against the working tree's.

Each side runs in its own process on the same database with a fresh index: a full rebuild,
the fixed search mix through the search service (no Flask), and an edit made searchable.
The revision's `catalogue/search/` files are read with `git show` into benchmarks/out and
loaded in place of the package; nothing in the repository is checked out or changed.

    python -m benchmarks.compare DATABASE_URL WORK_DIR [--ref HEAD] [--reps 20]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "catalogue/search"


def materialise(ref: str, target: Path) -> Path:
    """Write the revision's search package into `target` (read-only git commands)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", f"{ref}:{PACKAGE}"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    for name in names:
        if name.endswith(".py"):
            source = subprocess.run(
                ["git", "show", f"{ref}:{PACKAGE}/{name}"],
                cwd=ROOT,
                check=True,
                capture_output=True,
            ).stdout
            (target / name).write_bytes(source)
    return target


def use_search_package(directory: Path) -> None:
    """Import `catalogue.search` from another directory (before anything else imports it)."""
    spec = importlib.util.spec_from_file_location(
        "catalogue.search", directory / "__init__.py", submodule_search_locations=[str(directory)]
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalogue.search"] = module
    spec.loader.exec_module(module)


def measure_side(database_url: str, index_dir: Path, reps: int) -> dict[str, Any]:
    """Rebuild, the search mix and an edit, through the search service of this process."""
    from datetime import date

    from sqlalchemy.orm import Session

    from benchmarks import mix
    from benchmarks.inprocess import set_probe
    from benchmarks.stats import Summary, repeat, timed, walls
    from catalogue import filters
    from catalogue.search.service import SearchService
    from core.db import make_engine

    shutil.rmtree(index_dir, ignore_errors=True)
    service = SearchService(str(index_dir))
    engine = make_engine(database_url)
    found: dict[str, Any] = {"search": {}}
    with Session(engine) as session:
        found["rebuild"] = walls([timed(lambda: service.rebuild(session))[1]])
        vocabulary = filters.load_vocabulary(session)
        today = date.today()
        for kind, params in mix.SEARCH_MIX.items():
            query = filters.parse_search(mix.search_args(params), vocabulary).query
            for _ in range(3):
                service.search(session, query, today)
            found["search"][kind] = walls(
                repeat(lambda q=query: service.search(session, q, today), reps, 60)
            )
        probe = filters.parse_search(mix.search_args({"q": mix.PROBE_WORD}), vocabulary).query
        latencies = []
        with Session(engine) as writer:
            for rep in range(max(4, reps // 2)):
                set_probe(writer, "open" if rep % 2 == 0 else "not-available")
                latencies.append(timed(lambda: service.search(session, probe, today))[1].wall)
        found["edit_to_searchable"] = Summary.of(latencies)
    engine.dispose()
    return json.loads(json.dumps(found, default=lambda s: s.as_dict()))


def compare(database_url: str, work: Path, ref: str, reps: int) -> dict[str, Any]:
    """Run both sides in child processes; their results, side by side."""
    before_dir = materialise(ref, work / "ref-search")
    sides = {}
    for side, package in (("before", before_dir), ("after", None)):
        command = [sys.executable, "-m", "benchmarks.compare", database_url, str(work)]
        command += ["--index", str(work / f"index-{side}"), "--reps", str(reps)]
        if package:
            command += ["--package", str(package)]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=3600)
        if done.returncode != 0:
            raise RuntimeError(f"{side} side failed: {done.stderr[-1500:]}")
        sides[side] = json.loads(done.stdout.strip().splitlines()[-1])
    return {"ref": ref, **sides}


def main() -> None:
    """The child process: measure one side and print its results as one JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("work", type=Path)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--package", type=Path)
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    if args.package:
        use_search_package(args.package)
    print(json.dumps(measure_side(args.database_url, args.index, args.reps)))


if __name__ == "__main__":
    main()
