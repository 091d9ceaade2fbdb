"""The PDF renderer reads nothing but the app's own static files: no local file, no network,
whatever the HTML, a catalogue entry or a proposal holds."""

from __future__ import annotations

import io
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from web.pdf import STATIC_PREFIX, RefusedURL, StaticOnlyFetcher, render_pdf

MARKER = "LEAKED-FROM-A-LOCAL-FILE"


@dataclass
class Listener:
    """A TCP port on 127.0.0.1 that records every connection made to it."""

    port: int
    connections: list[Any] = field(default_factory=list)


@pytest.fixture
def listener() -> Iterator[Listener]:
    """Listen on a free local port for the length of the test; nothing should connect."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.1)
    found = Listener(server.getsockname()[1])
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, address = server.accept()
            except OSError:
                continue
            found.connections.append(address)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield found
    stop.set()
    thread.join(timeout=2)
    server.close()


@pytest.fixture
def local_files(tmp_path: Path) -> dict[str, str]:
    """Local files a hostile document might try to read, as file: URLs."""
    css = tmp_path / "evil.css"
    css.write_text(f'h1::before {{ content: "{MARKER}"; }}')
    text = tmp_path / "secret.txt"
    text.write_text(MARKER)
    return {"css": css.as_uri(), "text": text.as_uri()}


def hostile_markup(port: int, files: dict[str, str]) -> str:
    """Every way we know for an HTML document to make WeasyPrint fetch something."""
    net = f"http://127.0.0.1:{port}"
    return f"""
      <link rel="stylesheet" href="{files["css"]}">
      <link rel="stylesheet" href="{net}/linked.css">
      <link rel="attachment" href="{files["text"]}">
      <style>
        @import url("{files["css"]}");
        @import url("{net}/imported.css");
        @font-face {{ font-family: Evil; src: url("{net}/font.woff"); }}
        p {{ font-family: Evil; background: url("{net}/background.png"); }}
        h1 {{ background-image: url("{files["text"]}"); }}
      </style>
      <h1>Hostile</h1>
      <p>Body text</p>
      <img src="file:///etc/passwd" alt="">
      <img src="{net}/image.png" alt="">
      <img src="static/../../../../../etc/passwd" alt="">
      <img src="/etc/passwd" alt="">
      <img src="{STATIC_PREFIX}../app.py" alt="">
      <object data="{files["text"]}"></object>
      <embed src="{net}/embed">
      <iframe src="{files["text"]}"></iframe>
      <a rel="attachment" href="{files["text"]}">attachment</a>
      <svg><image href="{net}/svg-image.png"/></svg>
    """


def document(body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><title>t</title></head><body>{body}</body></html>'
    )


def pdf_contents(pdf: bytes) -> tuple[str, dict[str, Any], int]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    images = sum(len(page.images) for page in reader.pages)
    return text, dict(reader.attachments), images


def test_the_fetcher_serves_static_files_and_refuses_everything_else() -> None:
    assert StaticOnlyFetcher().fetch(STATIC_PREFIX + "app.css").status == 200
    for url in (
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "https://example.org/static/app.css",
        STATIC_PREFIX + "../app.py",
        STATIC_PREFIX + "%2e%2e/app.py",
        STATIC_PREFIX + "no-such-file.css",
        "data:text/css,body{}",
    ):
        with pytest.raises(RefusedURL):
            StaticOnlyFetcher().fetch(url)


def test_rendering_hostile_html_reads_no_local_file_and_makes_no_connection(
    listener: Listener, local_files: dict[str, str]
) -> None:
    control = '<img src="static/govuk/assets/images/govuk-icon-180.png" alt="">'
    pdf = render_pdf(document(control + hostile_markup(listener.port, local_files)))

    assert pdf.startswith(b"%PDF")
    text, attachments, images = pdf_contents(pdf)
    assert "Hostile" in text
    leaks = {
        "local file text": MARKER in text or MARKER.encode() in pdf,
        "attachments": list(attachments),
        "connections": listener.connections,
    }
    assert leaks == {"local file text": False, "attachments": [], "connections": []}
    assert images == 1, "only the one static image may load"


def test_a_catalogue_entry_cannot_make_the_regional_summary_fetch_anything(
    client: FlaskClient,
    listener: Listener,
    local_files: dict[str, str],
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
) -> None:
    hostile = hostile_markup(listener.port, local_files)
    entry = make_intervention(
        name=f'Fetcher test <img src="http://127.0.0.1:{listener.port}/name.png">',
        slug="fetcher-test",
        summary=hostile[:300],
        description=hostile,
        what_you_will_do=hostile,
        provider=f'<link rel="stylesheet" href="{local_files["css"]}">',
    )
    make_availability(entry, "london")

    response = client.get("/regions/london/summary.pdf")
    assert response.status_code == 200
    text, attachments, _images = pdf_contents(response.get_data())
    assert "Fetcher test" in text and "<img src=" in text  # printed, not fetched
    assert MARKER not in text and not attachments
    assert listener.connections == []


def test_a_proposal_cannot_make_its_pdfs_fetch_anything(
    client: FlaskClient,
    login: Callable[..., Any],
    listener: Listener,
    local_files: dict[str, str],
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
) -> None:
    from tests.proposal.web.conftest import form_data

    hostile = hostile_markup(listener.port, local_files)
    entry = make_intervention(
        name=f'Housing <img src="http://127.0.0.1:{listener.port}/n.png">',
        slug="housing-x",
        summary=hostile[:300],
        description=hostile,
        needs=["accommodation"],
    )
    make_availability(entry, "london")
    login(client, "court-officer")
    saved = client.post(
        "/proposals/new",
        data=form_data(
            defendant_name=f'<link rel="stylesheet" href="{local_files["css"]}">',
            reoffending=["accommodation"],
            harm=[],
        ),
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    url = saved.headers["Location"]
    client.post(f"{url}/rationale", data={"version": "1", "rationale": hostile[:4000]})
    client.post(f"{url}/days", data={"version": "2", "days": "12", "reason": hostile[:2000]})
    for document in ("psr.pdf", "defendant.pdf"):
        response = client.get(f"{url}/{document}")
        assert response.status_code == 200, document
        text, attachments, _images = pdf_contents(response.get_data())
        assert MARKER not in text and not attachments, document
    assert "<img src=" in pdf_contents(client.get(f"{url}/psr.pdf").get_data())[0]
    assert listener.connections == []
