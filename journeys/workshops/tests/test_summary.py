"""The lga-2016 series: table (d) reproduced exactly, in JSON, HTML, tagged PDF and DOCX; planning."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from journeys.workshops.models import WorkshopContribution, WorkshopSeries
from journeys.workshops.services import workshop_series_load_2016

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def table_d(shared_data: Path) -> dict[int, list[str]]:
    """Local areas per theme, parsed from the seed text itself (tab-separated row of table (d))."""
    text = (shared_data.parent / "seed" / "lga-isos-regional-workshops-2016.txt").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("Local areas\t")).split("\t")[1:]
    # Names are space-separated in the source; multi-word names are joined where the register knows them.
    known = [
        "Bracknell Forest",
        "South Gloucestershire",
        "Cheshire East",
        "Cheshire West and Chester",
        "Blackburn with Darwen",
        "NE Lincolnshire",
        "Waltham Forest",
    ]
    areas = {}
    for number, cell in enumerate(row, 1):
        marked = cell
        for name in known:
            marked = marked.replace(name, name.replace(" ", "_"))
        areas[number] = [name.replace("_", " ") for name in marked.split()]
    return areas


@pytest.fixture
def series():
    return workshop_series_load_2016()


def _summary(fmt: str, tmp_path=None) -> bytes:
    if fmt in ("pdf", "docx"):
        target = tmp_path / f"summary.{fmt}"
        call_command(
            "workshop",
            "summary",
            "lga-2016",
            "--format",
            fmt,
            "-o",
            str(target),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        return target.read_bytes()
    out = io.StringIO()
    call_command("workshop", "summary", "lga-2016", "--format", fmt, stdout=out)
    return out.getvalue().encode()


def test_series_loads_four_workshops_once(series):
    assert [w.place for w in series.workshops.order_by("place")] == [
        "Birmingham",
        "London",
        "Manchester",
        "Taunton",
    ]
    assert all(w.held_on is None and w.when == "October or November 2016" for w in series.workshops.all())
    count = WorkshopContribution.objects.count()
    workshop_series_load_2016()
    assert WorkshopContribution.objects.count() == count == 41 and WorkshopSeries.objects.count() == 1


def test_json_summary_reproduces_table_d_exactly(series, table_d):
    data = json.loads(_summary("json"))
    assert [t["number"] for t in data["themes"]] == [1, 2, 3, 4, 5]
    for theme in data["themes"]:
        assert theme["local_areas"] == table_d[theme["number"]], theme["number"]
        assert theme["title"] and theme["example_priority"] and theme["example_learning"]
    assert sum(len(areas) for areas in table_d.values()) == 41
    assert (
        data["themes"][0]["local_areas"].count("Halton") == 1
        and data["themes"][2]["local_areas"].count("Halton") == 1
    )
    cumbria = next(a for a in data["themes"][1]["areas"] if a["printed_name"] == "Cumbria")
    poole = next(a for a in data["themes"][2]["areas"] if a["printed_name"] == "Poole")
    assert cumbria["status"] == poole["status"] == "former"
    assert {s["name"] for s in cumbria["successors"]} == {"Cumberland", "Westmorland and Furness"}
    assert [s["name"] for s in poole["successors"]] == ["Bournemouth, Christchurch and Poole"]
    assert any("Cumbria no longer exists" in note for note in data["former_las"])
    assert len(data["support_lessons"]) >= 5 and "which workshop" in data["attendance_note"]


def test_html_page_and_document_show_the_table(client, series, table_d):
    page = client.get(reverse("workshops:series", args=["lga-2016"])).content.decode()
    for areas in table_d.values():
        assert ", ".join(areas) in page
    assert "Lessons on external support" in page and "NE Lincolnshire" in page
    html = _summary("html").decode()
    assert "<table>" in html and ", ".join(table_d[3]) in html
    assert client.get(reverse("workshops:workshop", args=["lga-2016", "taunton"])).status_code == 200


def test_theme_table_renders_through_the_shared_table_with_downloads(client, series, table_d):
    url = reverse("workshops:series", args=["lga-2016"])
    page = BeautifulSoup(client.get(url).content, "html.parser")
    caption = "The five themes and the local areas under each"
    wrapper = page.find("div", class_="app-table-wrapper")
    assert (wrapper["role"], wrapper["tabindex"], wrapper["aria-label"]) == ("region", "0", caption)
    assert wrapper.find("caption").get_text(strip=True) == caption
    links = {a.get_text(" ", strip=True): a["href"] for a in page.find_all("a", href=re.compile(r"format="))}
    assert links[f"CSV – {caption}"] == "?format=csv"
    assert links[f"Excel (XLSX) – {caption}"] == "?format=xlsx"

    response = client.get(url + "?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lga-2016-summary-themes.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Theme", "Local areas", "Example of a priority", "Example of learning"]
    assert [row[1] for row in rows[1:]] == [", ".join(table_d[number]) for number in range(1, 6)]
    workbook = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    assert workbook.active["B4"].value == ", ".join(table_d[3])

    workshop = client.get(reverse("workshops:workshop", args=["lga-2016", "taunton"]) + "?format=csv")
    assert workshop["Content-Disposition"] == 'attachment; filename="lga-2016-taunton-summary-themes.csv"'


def test_pdf_is_tagged_and_docx_opens(series, table_d, tmp_path, client):
    reader = PdfReader(io.BytesIO(_summary("pdf", tmp_path)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "NE Lincolnshire" in re.sub(r"\s+", " ", text)
    document = Document(io.BytesIO(_summary("docx", tmp_path)))
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert ", ".join(table_d[4]) in cells
    response = client.get(reverse("workshops:series", args=["lga-2016"]) + "?format=pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_binary_format_needs_an_output_file_and_unknown_series_exits_2(series):
    from django.core.management.base import CommandError

    for args in (("lga-2016", "--format", "pdf"), ("nope",)):
        with pytest.raises(CommandError) as error:
            call_command("workshop", "summary", *args, stdout=io.StringIO())
        assert error.value.returncode == 2


def test_coordinator_plans_a_workshop_and_records_a_contribution(client, make_user, series):
    coordinator = make_user("regional_coordinator", region="North West")
    client.force_login(coordinator)
    bad = client.post(
        reverse("workshops:plan"), {"series_title": "", "region": "North West", "invited": "Atlantis"}
    )
    assert "govuk-error-summary" in bad.content.decode() and "Atlantis" in bad.content.decode()
    response = client.post(
        reverse("workshops:plan"),
        {
            "series_title": "North West improvement workshops 2027",
            "region": "North West",
            "place": "Manchester",
            "venue": "Town hall",
            "held_on_0": "12",
            "held_on_1": "3",
            "held_on_2": "2027",
            "hosts": "DCS, Wirral",
            "invited": "Wirral\n357\nHalton",
        },
    )
    assert response.status_code == 302
    workshop = WorkshopSeries.objects.get(title="North West improvement workshops 2027").workshops.get()
    assert workshop.invited.count() == 3
    contribute = reverse("workshops:contribute", args=[workshop.series.slug, workshop.slug])
    client.post(
        contribute,
        {
            "la": "344",
            "theme": "1",
            "priority": "Grow our own social workers",
            "learning": "Protected caseloads help",
            "support_experience": "A peer review validated progress",
            "audience": "public",
            "publish": "1",
        },
    )
    data = json.loads(
        client.get(
            reverse("workshops:workshop", args=[workshop.series.slug, workshop.slug]) + "?format=json"
        ).content
    )
    assert data["themes"][0]["local_areas"] == ["Wirral"]
    assert data["support_experiences"] == ["A peer review validated progress"]

    client.force_login(make_user("regional_coordinator", region="West Midlands"))
    assert (
        client.post(
            reverse("workshops:plan"), {"series_title": "X", "region": "North West", "place": "Bury"}
        ).status_code
        == 200
    )
    assert client.get(contribute).status_code == 403
    client.force_login(make_user("la_viewer", la="330"))
    assert client.get(reverse("workshops:plan")).status_code == 403
