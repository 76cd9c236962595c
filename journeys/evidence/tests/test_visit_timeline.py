"""Focused and monitoring visits, with their themes, on an LA's inspection timeline from the
in-year sheets of Ofsted's 2024 and 2025 outcomes workbooks and its 2024-25 in-year file."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from .conftest import evidence_clear

pytestmark = pytest.mark.django_db

IN_YEAR_SOURCES = (
    "LA_Inspection_Outcomes_as_at_March_2024.ods",
    "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
    "ofsted_la_inyear_inspections_2024_25.csv",
)


def test_visits_of_both_years_appear_with_their_themes(client, official_file):
    evidence_clear()  # other tests in this package commit every file; this is undone after the test
    call_command(
        "import_data", *(str(official_file(n)) for n in IN_YEAR_SOURCES), "--json", stdout=io.StringIO()
    )
    page = BeautifulSoup(client.get("/local-authorities/341/evidence/").content, "html.parser")
    timeline = [li.get_text(" ", strip=True) for li in page.select("ol.app-timeline li")]
    visits = [line for line in timeline if "visit" in line]
    # Liverpool's monitoring visits: March 2024 from the 2024 workbook, the rest from 2024-25.
    assert any(
        line.startswith("19 March 2024") and "monitoring visit (Children in need/subject to a plan)" in line
        for line in visits
    ), visits
    assert any(
        line.startswith("25 March 2025") and "monitoring visit (Vulnerable adolescents)" in line
        for line in visits
    )
    assert any(line.startswith("8 July 2024") and "(Achieving permanence)" in line for line in visits)
    focused = client.get("/local-authorities/874/evidence/")  # Peterborough's focused visit
    text = BeautifulSoup(focused.content, "html.parser").get_text(" ", strip=True)
    assert "focused visit (Front door)" in text
