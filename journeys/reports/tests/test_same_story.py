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
COMMENTARY = "We have cut agency social work by a third since 2022."


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
        from journeys.accounts.services import user_create
        from journeys.authorities.models import LocalAuthority
        from journeys.reports.services import commentary_save, commentary_share

        la = LocalAuthority.objects.get(old_la_code=BIRMINGHAM)
        editor = user_create(email="commentary.editor@example.org", role="la_editor", la=la, password=None)
        commentary_save(user=editor, la=la, text=f"{COMMENTARY}\n\nMembers are asked to note it.", based_on=0)
        commentary_share(user=editor, la=la, version=1)
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
        briefing_page = client.get(f"/local-authorities/{BIRMINGHAM}/briefing/").content
        from journeys.reports.models import BriefingCommentary

        BriefingCommentary.objects.all().delete()
        editor.delete()
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(folder / "b.pdf").pages]
    pdf = " ".join(pages)
    docx = Document(folder / "b.docx")
    return {
        "evidence": evidence,
        "journey": journey,
        "pdf": re.sub(r"\s+", " ", pdf),
        "pdf_pages": pages,
        "briefing_page": briefing_page,
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
    for heading in ("Indicator", "Period", "Quarter among LAs (1 = best)"):
        assert docx_row[heading] == journey[heading]
    assert docx_row["Birmingham"] == journey["Value"] == VALUE

    assert f"{AGENCY} Per cent {PERIOD} {VALUE} 10.8% (10 LAs) 13.0% {quarter}" in surfaces["pdf"]
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


def test_birmingham_s_briefing_gives_units_comparators_questions_and_the_shared_commentary(surfaces):
    """On every official file: the agency rate with its unit, neighbours' (DfE 2025 model) and
    England's figures and direction; the one figure in the worst quarter behind the neighbours
    (care leavers aged 19 to 21 in suitable accommodation, 85.0% against 89.8%) asked about; the
    slipping-back warning asked as a frequency (18 of 88); the council's commentary."""
    row = f"{AGENCY} Per cent {PERIOD} {VALUE} 10.8% (10 LAs) 13.0% 2 (second quarter) Improving"
    care_leavers = (
        "Our care leavers in suitable accommodation (19 to 21 years) is 85.0% (year to 31 March 2025): "
        "why is it among the worst quarter of councils and behind similar councils"
    )
    slipping = "Of 88 past inspections of councils like ours, 18 came out worse at the next one."
    docx = surfaces["docx"]
    docx_text = " ".join(" ".join(p.text for p in docx.paragraphs).split())
    [table] = [t for t in docx.tables if t.rows[0].cells[0].text == "Indicator"]
    [agency] = [[c.text for c in r.cells] for r in table.rows if r.cells[0].text == AGENCY]
    assert agency == [
        AGENCY,
        "Per cent",
        PERIOD,
        VALUE,
        "10.8% (10 LAs)",
        "13.0%",
        "2 (second quarter)",
        "Improving",
    ]
    page = text_of(surfaces["briefing_page"])
    for text in (surfaces["pdf"], docx_text, page):
        assert "DfE 2025 statistical neighbour model" in text and "1 is the best quarter" in text
        assert care_leavers in text and "85.0% against 89.8% (10 LAs)" in text
        assert slipping in text and "Risk band" not in text and "out of 100" not in text
        assert "The evidence points clearly to this stage." in text and "medium confidence" not in text
        assert "Commentary from the council" in text and COMMENTARY in text and "Version 1, shared" in text
    assert row in surfaces["pdf"] and row in page
    html_agency = html_row(surfaces["briefing_page"], "Key indicators", AGENCY)
    assert (
        html_agency["Statistical neighbours (mean)"] == "10.8% (10 LAs)" and html_agency["England"] == "13.0%"
    )


def test_every_page_of_the_briefing_names_its_date_and_evidence_version(surfaces):
    from datetime import date

    from journeys.evidence.presentation import date_name

    today = date_name(date.today())
    pdf_pages = surfaces["pdf_pages"]
    assert 2 <= len(pdf_pages) <= 5
    for text in pdf_pages:
        assert f"Members' briefing: Birmingham, {today}" in text
        assert re.search(r"Evidence version \d+\.\d+ \(last import \d+ \w+ \d{4}\)", text), text[-200:]
        assert re.search(r"Page \d of \d", text)
    [section] = surfaces["docx"].sections
    assert section.header.paragraphs[0].text == f"Members' briefing: Birmingham, {today}"
    footer = section.footer.paragraphs[0]
    assert re.match(r"Evidence version \d+\.\d+ \(last import .+\)\. Page", footer.text)
    assert "w:instrText" in footer._p.xml and "NUMPAGES" in footer._p.xml
