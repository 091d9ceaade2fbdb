"""PDF rendering with WeasyPrint: the only module that imports weasyprint.

Documents are tagged (PDF/UA-1) and may load nothing but the app's own static files: the
URL fetcher refuses `file:` URLs, the network and any path outside `static/`, whatever
text a catalogue entry or a proposal holds.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"
# A base URL that can never be reached: relative links resolve under it, nothing else.
BASE_URL = "https://rar-directory.invalid/"
STATIC_PREFIX = BASE_URL + "static/"


class RefusedURL(ValueError):
    """A document asked for something other than one of our static files."""


class StaticOnlyFetcher(URLFetcher):
    """Serves files under static/ for URLs under STATIC_PREFIX and refuses everything else."""

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Return a static file's bytes, or refuse."""
        path = static_path_for(url)
        if path is None:
            log.warning("PDF renderer refused a URL outside the app's static files")
            raise RefusedURL("only the app's own static files may be loaded")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": media_type})


def static_path_for(url: str) -> Path | None:
    """The file under static/ that a URL names, or None if it names anything else."""
    if not url.startswith(STATIC_PREFIX):
        return None
    relative = url[len(STATIC_PREFIX) :].split("?", 1)[0].split("#", 1)[0]
    candidate = (STATIC_ROOT / relative).resolve()
    if STATIC_ROOT not in candidate.parents or not candidate.is_file():
        return None
    return candidate


def render_pdf(html: str) -> bytes:
    """A tagged, accessible PDF of an HTML document that links /static/ files relatively."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)  # type: ignore[no-any-return]
