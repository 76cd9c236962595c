"""Tagged PDF (PDF/UA-1) from HTML with WeasyPrint, never touching the network.

Kept apart from the services that build the content, and imported only when a PDF is rendered:
WeasyPrint takes most of a second to load, and the URLconf imports those services for every page
and command. The url_fetcher serves only inline data and Journeys' own static files.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in a document resolve here, and the fetcher maps them to static files.
STATIC_BASE = "file:///journeys-static/"


class RefusedFetch(ValueError):
    """The document asked for something outside Journeys; nothing is fetched from the network."""


class LocalOnlyFetcher(URLFetcher):
    """Serve inline ``data:`` URLs and Journeys' own static files; refuse everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"})
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_BASE):
            found = finders.find(url.removeprefix(STATIC_BASE).split("?")[0])
            if found:
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": content_type})
        self.refused.append(url)
        raise RefusedFetch(f"The document may only use Journeys' own files, not {url!r}.")


def html_to_pdf(html: str, *, identifier: bytes) -> bytes:
    """A tagged PDF/UA-1 of ``html``, whose relative URLs are Journeys' static files."""
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=LocalOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier, custom_metadata=False)
