"""A process that starts a CSV import or a proposal save through the app and kills itself
(SIGKILL, no clean-up of any kind) at a chosen point inside the database work.

    python -m tests.robustness.killed_worker import|proposal KILL_AT EMAIL VALUE

KILL_AT is the number of SQL statements to let through once the save starts, or `commit`
(die just as the commit is sent). The app's code is untouched: the kill comes from a
SQLAlchemy event listener this worker adds to the app's engine. Prints `completed` when the
save finished before the kill point. DATABASE_URL, SEARCH_INDEX_DIR and IMPORT_DIR come
from the environment.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import event

from tests.conftest import PASSWORD, make_app

TOKEN = re.compile(r"/admin/import/([A-Za-z0-9_-]{32})/apply")


def arm(engine: Any, kill_at: str) -> None:
    """From now on, die at the chosen statement, or as the commit is sent."""
    if kill_at == "commit":
        event.listen(engine, "commit", lambda _conn: os.kill(os.getpid(), signal.SIGKILL))
        return
    left = [int(kill_at)]

    def count(*_args: Any) -> None:
        left[0] -= 1
        if left[0] <= 0:
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(engine, "before_cursor_execute", count)


def with_places(exported: str, value: str) -> bytes:
    """The exported availability CSV with every row's places set to the value."""
    rows = list(csv.DictReader(io.StringIO(exported)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "places": value})
    return out.getvalue().encode()


def run_import(client: Any, engine: Any, kill_at: str, value: str) -> Any:
    exported = client.get("/admin/export/availability.csv").get_data(as_text=True)
    upload = {"kind": "availability", "upload": (io.BytesIO(with_places(exported, value)), "a.csv")}
    preview = client.post("/admin/import", data=upload).get_data(as_text=True)
    found = TOKEN.search(preview)
    assert found, preview[:3000]
    arm(engine, kill_at)
    return client.post(f"/admin/import/{found.group(1)}/apply")


def run_proposal(client: Any, engine: Any, kill_at: str, value: str) -> Any:
    from tests.proposal.web.conftest import form_data

    client.get("/proposals/new")
    arm(engine, kill_at)
    return client.post("/proposals/new", data=form_data(case_reference=f"KILL-{value}"))


def main(kind: str, kill_at: str, email: str, value: str) -> None:
    app = make_app(
        os.environ["DATABASE_URL"],
        Path(os.environ["SEARCH_INDEX_DIR"]),
        IMPORT_DIR=os.environ["IMPORT_DIR"],
        SEARCH_SYNC_ON_START=False,
    )
    client = app.test_client()
    signed_in = client.post("/login", data={"email": email, "password": PASSWORD})
    assert signed_in.status_code == 302
    run = run_import if kind == "import" else run_proposal
    response = run(client, app.extensions["db_engine"], kill_at, value)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    print("completed", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
