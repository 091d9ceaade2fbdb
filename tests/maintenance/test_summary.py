"""The regional summary PDF: live catalogue, open and waiting only, tagged, page X of Y."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from maintenance.summary import SUMMARY_LIMIT, programme_sessions, row_statement


def read_pdf(response) -> tuple[PdfReader, str]:
    """The PDF and its text, all pages."""
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_seed_summary_is_a_tagged_pdf_with_page_numbers(seeded_client):
    reader, text = read_pdf(seeded_client.get("/regions/north-east/summary.pdf"))
    assert reader.metadata.title == "RAR activities available in North East"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert "/MarkInfo" in reader.trailer["/Root"]
    assert len(reader.pages) > 1
    assert f"Page 1 of {len(reader.pages)}" in text
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in text
    assert "Better Solutions" in text
    assert "Sample data" in reader.pages[-1].extract_text()
    generated = f"{date.today().day} {date.today():%B %Y}"
    assert f"Generated {generated}" in text
    assert "Oldest confirmation" in text
    assert "What a RAR day is" in text


def test_the_summary_is_public_and_unknown_regions_are_404(seeded_client):
    assert seeded_client.get("/regions/atlantis/summary.pdf").status_code == 404
    response = seeded_client.get("/regions/wales/summary.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith(
        'inline; filename="rar-activities-wales-'
    )


def test_only_current_open_and_waiting_activities_are_listed_by_need(
    client, make_intervention, make_availability
):
    old = datetime.now() - timedelta(days=200)
    shown = make_intervention(
        name="Open Housing",
        needs=["accommodation", "ete"],
        group_sessions=4,
        one_to_one_sessions=1,
        same_day_sessions=1,
    )
    waiting = make_intervention(name="Waiting Work", needs=["ete"])
    hidden = {
        "Paused Thing": "paused",
        "Unavailable Thing": "not-available",
    }
    make_availability(shown, "north-east", status="open", confirmed_at=old)
    make_availability(
        waiting, "north-east", pdu="newcastle-upon-tyne", status="waiting-list", wait_weeks=6
    )
    for name, status in hidden.items():
        make_availability(make_intervention(name=name), "north-east", status=status)
    gone = make_intervention(name="Withdrawn Thing", status="withdrawn")
    make_availability(gone, "north-east", status="open")
    elsewhere = make_intervention(name="London Only")
    make_availability(elsewhere, "london", status="open")

    reader, text = read_pdf(client.get("/regions/north-east/summary.pdf"))
    flat = re.sub(r"\s+", " ", text)
    assert flat.count("Open Housing helps with a need") == 2  # under accommodation and ete
    assert "Waiting Work" in flat
    assert "Waiting list (Newcastle Upon Tyne), typical wait about 6 weeks" in flat
    assert "1 pre-group" not in flat and "1 one-to-one + 4 group sessions = 5 sessions" in flat
    for name in (*hidden, "Withdrawn Thing", "London Only"):
        assert name not in flat
    assert f"{old.day} {old:%B %Y}: every entry below was confirmed" in flat
    assert "not confirmed in the last 90 days" in flat
    assert "No RAR activity is open or on a waiting list for this need in North East" in flat


def test_accredited_programmes_are_listed_apart_without_rar_days(
    client, make_intervention, make_availability
):
    programme = make_intervention(
        name="Big Programme", type="accredited-programme", one_to_one_sessions=4, group_sessions=15
    )
    make_availability(programme, "wales", status="open")
    _reader, text = read_pdf(client.get("/regions/wales/summary.pdf"))
    flat = re.sub(r"\s+", " ", text)
    assert "Accredited programmes" in flat and "4 one-to-one + 15 group sessions" in flat
    assert "19 RAR days" not in flat
    assert programme_sessions(programme) == "4 one-to-one + 15 group sessions"


def test_a_long_need_lists_the_bound_open_first_and_says_how_many_and_where(
    client, make_intervention, make_availability
):
    total = SUMMARY_LIMIT + 2
    for number in range(total):
        housing = make_intervention(name=f"Housing {number:02d}", needs=["accommodation"])
        waiting = number < 2  # left out: every other one is open
        make_availability(
            housing,
            "north-east",
            status="waiting-list" if waiting else "open",
            wait_weeks=3 if waiting else None,
        )
    make_availability(make_intervention(name="Paused Housing"), "north-east", status="paused")
    jobs = make_intervention(name="Jobs Now", needs=["ete"])
    make_availability(jobs, "north-east", status="open")
    programme = make_intervention(name="Big Programme", type="accredited-programme")
    make_availability(programme, "north-east", status="open")

    _reader, text = read_pdf(client.get("/regions/north-east/summary.pdf"))
    flat = re.sub(r"\s+", " ", text)
    assert sorted(re.findall(r"Housing (\d\d) helps with a need", flat)) == [
        f"{n:02d}" for n in range(2, total)
    ]
    assert (
        f"Showing {SUMMARY_LIMIT} of {total} activities open or on a waiting list for "
        "accommodation: open ones first, then the shortest waiting lists." in flat
    )
    assert "http://localhost/?region=north-east&need=accommodation" in re.sub(r"\s+", "", text)
    assert flat.count("Showing") == 1  # ete and the programmes are complete
    assert (
        f"{SUMMARY_LIMIT + 1} of the {total + 1} open or on a waiting list (at most "
        f"{SUMMARY_LIMIT} for each need area), and 1 accredited programme" in flat
    )
    assert "Paused Housing" not in flat and "Jobs Now" in flat and "Big Programme" in flat


def test_many_programmes_are_listed_to_the_bound_with_where_to_see_them_all(
    client, make_intervention, make_availability
):
    for number in range(SUMMARY_LIMIT + 1):
        programme = make_intervention(name=f"Programme {number:02d}", type="accredited-programme")
        make_availability(programme, "wales", status="open")
    _reader, text = read_pdf(client.get("/regions/wales/summary.pdf"))
    flat = re.sub(r"\s+", " ", text)
    assert len(re.findall(r"Programme \d\d helps with a need", flat)) == SUMMARY_LIMIT
    assert "Programme 20 helps" not in flat  # same status and wait: by name
    assert f"Showing {SUMMARY_LIMIT} of {SUMMARY_LIMIT + 1} accredited programmes" in flat
    assert f"and {SUMMARY_LIMIT} of {SUMMARY_LIMIT + 1} accredited programmes" in flat
    url = "http://localhost/?region=wales&type=accredited-programme"
    assert url in re.sub(r"\s+", "", text)


def test_the_seed_summaries_are_not_shortened(seeded_app):
    from maintenance.summary import region_summary

    with seeded_app.extensions["db_sessionmaker"]() as session:
        for slug in ("london", "north-east", "wales"):
            summary = region_summary(session, slug, date.today())
            assert summary is not None and not summary.is_shortened
            assert summary.activities == summary.activities_total > 0
            assert summary.programmes_total == len(summary.programmes)


def test_row_statement_says_status_place_wait_and_start(make_intervention, make_availability):
    row = make_availability(
        make_intervention(), "london", status="open", wait_weeks=1, next_start=date(2030, 3, 4)
    )
    assert (
        row_statement(row)
        == "Open (whole region), typical wait about 1 week, next starts 4 March 2030"
    )


def test_page_one_renders_as_an_image(seeded_client, tmp_path: Path):
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(seeded_client.get("/regions/london/summary.pdf").data)
    try:
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                str(pdf),
                str(tmp_path / "page"),
            ],
            check=True,
            timeout=60,
        )
    except FileNotFoundError:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    image = next(tmp_path.glob("page*.png"))
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert image.stat().st_size > 10_000
