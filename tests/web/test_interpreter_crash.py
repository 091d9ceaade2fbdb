"""A process serving large region pages must not crash.

On CPython 3.11 (3.11.2 and 3.11.7), a process rendering /regions/<slug> over a catalogue of
1,000 interventions died with SIGSEGV in the garbage collector, with or without the C
extensions of SQLAlchemy and MarkupSafe; on 3.12 it does not. The Makefile therefore builds
the virtualenv with Python 3.12 or newer where the machine has one. This test serves the
pages in a child process (a crash here would otherwise take pytest down) and fails if it dies.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from benchmarks.generate import write_catalogue

ROOT = Path(__file__).resolve().parents[2]
SERVE = textwrap.dedent(
    """
    import sys
    from app import create_app
    app = create_app({"TESTING": True, "DATABASE_URL": sys.argv[1], "SEARCH_INDEX_DIR": sys.argv[2],
                      "SECRET_KEY": "x" * 40, "SEARCH_SYNC_ON_START": False})
    client = app.test_client()
    for _ in range(4):
        for path in ("/regions", "/regions/london", "/regions/wales"):
            assert client.get(path).status_code == 200, path
    print("served", flush=True)
    """
)


def test_large_region_pages_are_served_without_the_process_dying(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'large.db'}"
    write_catalogue(url, 1_000, 20_240_501)
    done = subprocess.run(
        [sys.executable, "-c", SERVE, url, str(tmp_path / "index")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "served"), done.stderr[-2000:]
