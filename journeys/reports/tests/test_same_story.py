"""The same facts read the same on every surface: the evidence page, the journey page, the
members' briefing as PDF and DOCX, the command line and the API, with every official file imported."""

import io
import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from journeys.evidence.models import Benchmark
from journeys.evidence.tests.conftest import evidence_clear, run_import, shared_files

pytestmark = pytest.mark.django_db

BIRMINGHAM = "330"
AGENCY = "Agency worker rate (FTE)"
# The agency rate is counted at the workforce census, on 30 September.
PERIOD, VALUE = "at 30 September 2025", "12.4%"


@pytest.fixture(scope="module")
def everything(shared_data, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        evidence_clear()
        run_import(*shared_files(shared_data))
        yield
        evidence_clear()


def html_row(html: bytes, caption_start: str, first_cell_start: str) -> dict[str, str]:
    """The row of a page's table, by column heading."""
    soup = BeautifulSoup(html, "html.parser")
    table = next(
        t for t in soup.select("table") if t.caption and t.caption.text.strip().startswith(caption_start)
    )
    headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    for tr in table.select("tbody tr"):
        cells = [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        if cells[0].startswith(first_cell_start):
            return dict(zip(headings, cells, strict=True))
    raise AssertionError(f"no row {first_cell_start!r} in {caption_start!r}")


def text_of(html: bytes) -> str:
    return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)


@pytest.fixture(scope="module")
def surfaces(everything, django_db_blocker, tmp_path_factory):
    from django.test import Client

    folder = tmp_path_factory.mktemp("briefings")
    with django_db_blocker.unblock():
        client = Client()
        evidence = client.get(f"/local-authorities/{BIRMINGHAM}/evidence/").content
        journey = client.get(f"/local-authorities/{BIRMINGHAM}/journey/").content
        for format in ("pdf", "docx"):
            call_command(
                "report",
                "briefing",
                BIRMINGHAM,
                "--format",
                format,
                "-o",
                str(folder / f"b.{format}"),
                stdout=io.StringIO(),
            )
        cli = io.StringIO()
        call_command("journey", BIRMINGHAM, stdout=cli)
        api = client.get(f"/api/v1/local-authorities/{BIRMINGHAM}/indicators", {"year": 2025}).json()
        quartile = Benchmark.objects.get(la_code=BIRMINGHAM, indicator="agency_rate", year=2025).quartile
    pdf = " ".join(page.extract_text() for page in PdfReader(folder / "b.pdf").pages)
    docx = Document(folder / "b.docx")
    return {
        "evidence": evidence,
        "journey": journey,
        "pdf": re.sub(r"\s+", " ", pdf),
        "docx": docx,
        "cli": cli.getvalue(),
        "api": api,
        "quartile": quartile,
    }


def test_birmingham_s_agency_rate_reads_the_same_everywhere(surfaces):
    # Lower is better: Birmingham's 12.4% is better than the median, in the second quarter.
    assert surfaces["quartile"] == 2
    quarter = "2 (second quarter)"

    evidence = html_row(surfaces["evidence"], "Headline indicators for Birmingham", AGENCY)
    assert (evidence["Period"], evidence["Birmingham"], evidence["Quartile"]) == (PERIOD, VALUE, quarter)
    assert "DfE 2025 statistical neighbour model" in evidence["Statistical neighbours (mean)"]

    journey = html_row(surfaces["journey"], "Key indicators", AGENCY)
    assert (journey["Period"], journey["Value"], journey["Quarter among LAs (1 = best)"]) == (
        PERIOD,
        VALUE,
        quarter,
    )
    assert journey["Statistical neighbour model"] == "DfE 2025 statistical neighbour model"

    [docx_table] = [
        t for t in surfaces["docx"].tables if any(c.text.startswith(AGENCY) for c in t.columns[0].cells)
    ]
    headings = [c.text for c in docx_table.rows[0].cells]
    [docx_row] = [
        dict(zip(headings, [c.text for c in r.cells], strict=True))
        for r in docx_table.rows
        if r.cells[0].text.startswith(AGENCY)
    ]
    assert docx_row == journey

    assert f"{AGENCY} {PERIOD} {VALUE} {quarter}" in surfaces["pdf"]
    assert f"{AGENCY}, {PERIOD}: {VALUE}; quarter among LAs: {quarter};" in surfaces["cli"]

    [api] = [f for f in surfaces["api"] if f["indicator"] == "agency_rate"]
    assert (api["value"], api["shown"], api["period_name"]) == (12.4, VALUE, PERIOD)


def test_no_surface_calls_a_low_rate_above_the_middle_or_numbers_quarters_backwards(surfaces):
    texts = [
        text_of(surfaces["evidence"]),
        text_of(surfaces["journey"]),
        surfaces["pdf"],
        "\n".join(p.text for p in surfaces["docx"].paragraphs),
        surfaces["cli"],
    ]
    for text in texts:
        assert "above the middle" not in text
        assert "4 is the best" not in text
        assert "Not published" not in text
    journey = text_of(surfaces["journey"])
    assert "1 is the best quarter" in journey
    assert f"{AGENCY} (12.4%, {PERIOD}) is in the second quarter of LAs, better than the median" in journey
