"""Before and after for the whole app: a git revision's source tree against the working tree.

The revision's tracked files are written with `git archive` into benchmarks/out (nothing in
the repository is checked out or changed). `benchmarks/app_side.py` then runs once with each
tree on the import path, on the same database, each with its own copy of the built index,
and times the search API, recommendations, the regions pages and the summary PDF.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

from benchmarks.stats import Summary

ROOT = Path(__file__).resolve().parent.parent
SIDE = ROOT / "benchmarks" / "app_side.py"


def source_tree(ref: str, target: Path) -> Path:
    """The revision's tracked files under `target` (read-only git commands)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def compare_app(
    database_url: str, index: Path, work: Path, ref: str, reps: int, cap_s: float
) -> dict[str, Any]:
    """Both sides' measurements, summarised; the revision first."""
    sides: dict[str, Any] = {"ref": ref}
    for side, tree in (("before", source_tree(ref, work / "ref-app")), ("after", ROOT)):
        side_index = work / f"index-app-{side}"
        shutil.rmtree(side_index, ignore_errors=True)
        shutil.copytree(index, side_index, symlinks=True)
        environment = {**os.environ, "PYTHONPATH": str(tree)}
        command = [sys.executable, str(SIDE), database_url, str(side_index), str(reps), str(cap_s)]
        done = subprocess.run(
            command, cwd=tree, env=environment, capture_output=True, text=True, timeout=3600
        )
        lines = done.stdout.strip().splitlines()
        if not lines:
            raise RuntimeError(f"{side} side failed: {done.stderr[-1500:]}")
        raw = json.loads(lines[-1])
        sides[side] = {name: _summary(found) for name, found in raw.items()}
        if done.returncode != 0:  # died part-way (a signal is negative): keep what it measured
            sides.setdefault("crashes", {})[side] = done.returncode
    return sides


def _summary(found: dict[str, Any]) -> dict[str, Any]:
    summary = Summary.of(found["seconds"]).as_dict()
    return {**summary, **{k: v for k, v in found.items() if k != "seconds"}}
