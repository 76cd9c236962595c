"""The members' briefing: a tagged PDF of 2 to 4 pages, a DOCX that names the LA, no network fetches."""

import io
import json
from unittest import mock

import pytest
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from journeys.authorities.models import LocalAuthority
from journeys.common import services as common_services
from journeys.common.charts import render_svg, svg_to_png
from journeys.common.models import RenderedChart
from journeys.improvement.tests.conftest import clear_evidence, import_real_evidence
from journeys.reports.pdf import STATIC_BASE, LocalOnlyFetcher, RefusedFetch

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def evidence(shared_data, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        import_real_evidence(shared_data)
    yield
    with django_db_blocker.unblock():
        clear_evidence()


@pytest.fixture(scope="module")
def briefings(evidence, tmp_path_factory, django_db_blocker):
    folder = tmp_path_factory.mktemp("briefings")
    with django_db_blocker.unblock():
        for format in ("pdf", "docx"):
            call_command(
                "report",
                "briefing",
                "330",
                "--format",
                format,
                "-o",
                str(folder / f"330.{format}"),
                stdout=io.StringIO(),
            )
    return folder


def test_pdf_is_tagged_pdf_ua_and_two_to_four_pages(briefings):
    reader = PdfReader(briefings / "330.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert 2 <= len(reader.pages) <= 4
    assert b"pdfuaid" in root["/Metadata"].get_data()
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Birmingham" in text and "Stage:" in text and "Key figures" in text
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert all("Liberation" in font for font in fonts), fonts


def test_docx_opens_names_the_la_and_gives_charts_alt_text(briefings):
    document = Document(str(briefings / "330.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Birmingham" in text and "Where we are" in text
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert descriptions and all(descriptions)
    assert document.tables


def test_both_briefings_state_the_warning_as_a_frequency_with_no_score_or_band(briefings):
    out = io.StringIO()
    call_command("journey", "330", "--json", stdout=out)
    warning = json.loads(out.getvalue())["early_warning"]
    docx = "\n".join(p.text for p in Document(str(briefings / "330.docx")).paragraphs)
    pdf = " ".join(" ".join(page.extract_text() for page in PdfReader(briefings / "330.pdf").pages).split())
    for text in (docx, " ".join(docx.split()), pdf):
        assert "Risk band" not in text and "out of 100" not in text
    assert warning["headline"] in docx and " in 10 " in warning["headline"]
    assert " ".join(warning["headline"].split()[:8]) in pdf and warning["caveat"][:40] in pdf


def test_the_fetcher_serves_inline_data_and_refuses_the_network():
    fetcher = LocalOnlyFetcher()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in ("https://example.org/logo.png", "http://127.0.0.1/x.css", "file:///etc/passwd"):
        with pytest.raises(RefusedFetch):
            fetcher.fetch(url)
    assert fetcher.fetch(STATIC_BASE + "journeys/favicon.svg").read().startswith(b"<")


def test_briefing_downloads_from_the_journey_page(client, evidence):
    pdf = client.get("/local-authorities/330/journey/briefing.pdf")
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF")
    )
    docx = client.get("/local-authorities/330/journey/briefing.docx")
    assert Document(io.BytesIO(docx.content)).paragraphs[0].text.startswith("Birmingham")
    assert client.get("/local-authorities/330/journey/briefing.txt").status_code == 404


def test_briefings_and_the_journey_page_share_charts_drawn_once(client, evidence):
    from journeys.reports.presenters import briefing_render

    la = LocalAuthority.objects.get(old_la_code="330")
    RenderedChart.objects.all().delete()
    with (
        mock.patch.object(common_services, "render_svg", wraps=render_svg) as draws,
        mock.patch.object(common_services, "svg_to_png", wraps=svg_to_png) as pngs,
    ):
        briefing_render(la=la, format="pdf", operator=True)
        drawn = draws.call_count
        assert drawn >= 1 and RenderedChart.objects.count() == drawn
        first = briefing_render(la=la, format="docx", operator=True)
        assert pngs.call_count == drawn  # Word takes PNG: each made once, from the stored SVG
        again = briefing_render(la=la, format="docx", operator=True)
        briefing_render(la=la, format="pdf", operator=True)
        assert client.get("/local-authorities/330/journey/").status_code == 200
    assert draws.call_count == drawn and pngs.call_count == drawn
    assert _pngs(again) == _pngs(first) and len(_pngs(first)) == drawn


def _pngs(docx: bytes) -> list[bytes]:
    parts = Document(io.BytesIO(docx)).part.package.parts
    return sorted(part.blob for part in parts if part.content_type == "image/png")
