"""The public region summary PDF is made once per region, catalogue revision and day, kept in
the database and served from there: an anonymous visitor can no longer make the server
spend a second of CPU (and worker memory WeasyPrint never gives back) on every request."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import update
from sqlalchemy.orm import Session

from catalogue.models import StoredDocument

URL = "/regions/north-east/summary.pdf"
# A stand-in the test writes over the stored copy: served back, it proves where bytes came from.
MARKER = b"%PDF-1.7 stored copy"


def stored(session: Session) -> list[StoredDocument]:
    session.expire_all()
    return list(session.query(StoredDocument))


def overwrite(session: Session, **values: Any) -> None:
    session.execute(update(StoredDocument).values(**values))
    session.commit()


def test_the_summary_is_served_from_storage_until_the_catalogue_changes(
    client: FlaskClient,
    session: Session,
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
) -> None:
    make_availability(make_intervention(name="Open Housing"), "north-east")
    started = time.perf_counter()
    first = client.get(URL)
    made_s = time.perf_counter() - started
    assert first.status_code == 200
    assert "Open Housing" in PdfReader(io.BytesIO(first.data)).pages[0].extract_text()
    [document] = stored(session)
    assert document.content == first.data and document.made_for == date.today()

    overwrite(session, content=MARKER)
    started = time.perf_counter()
    again = client.get(URL)
    served_s = time.perf_counter() - started
    assert again.status_code == 200 and again.data == MARKER
    assert again.headers["Content-Disposition"].startswith("inline")
    print(f"summary PDF: made in {made_s:.3f} s, served from storage in {served_s:.3f} s")

    make_availability(make_intervention(name="New Thinking Group"), "north-east")
    changed = client.get(URL)
    assert changed.data != MARKER
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(changed.data)).pages)
    assert "New Thinking Group" in text
    assert [d.content for d in stored(session)] == [changed.data]


def test_a_new_day_makes_the_summary_again(
    client: FlaskClient,
    session: Session,
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
) -> None:
    make_availability(make_intervention(name="Open Housing"), "north-east")
    assert client.get(URL).status_code == 200
    overwrite(session, content=MARKER, made_for=date.today() - timedelta(days=1))
    assert client.get(URL).data != MARKER


def test_each_region_is_stored_apart_and_an_unknown_region_is_404(
    client: FlaskClient, session: Session
) -> None:
    assert client.get("/regions/atlantis/summary.pdf").status_code == 404
    for region in ("north-east", "wales"):
        assert client.get(f"/regions/{region}/summary.pdf").status_code == 200
    assert sorted(d.name.split("/")[1] for d in stored(session)) == ["north-east", "wales"]
