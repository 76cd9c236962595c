"""Real-browser walk through the evidence pages, with axe-core on each page."""

import pytest
from django.core.management import call_command
from django.urls import resolve

from journeys.common.tests.browser import check_page as check
from journeys.conftest import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FILES = (
    "dfe-statistical-neighbours/sn_model_2025_wide.csv",
    "dfe-csc-ees/csww_indicators_2017_to_2025.csv",
    "dfe-csc-ees/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "ofsted-la-inspection-outcomes/ofsted_ilacs_inspection_history_2018_2025.csv",
    "ofsted-la-inspection-outcomes/ofsted_la_inyear_inspections_2024_25.csv",
)


@pytest.fixture
def site(live_server, shared_data):
    load_reference_data()  # the live server's database is emptied between tests
    resolve("/")  # loads every app's URLs (and their imports) before the browser's first request
    call_command(
        "import_data", *(str(shared_data / name) for name in FILES), "--json", stdout=open("/dev/null", "w")
    )
    return live_server.url


def test_evidence_indicator_and_compare_pages_pass_axe(page, site):
    page.goto(f"{site}/local-authorities/330/")
    page.get_by_role("link", name="Published evidence for Birmingham").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Published evidence"
    check(page, "evidence-la")
    page.get_by_role("link", name="The workforce is equipped and effective").click()
    assert page.locator("figure svg[role=img]").count() >= 3
    check(page, "evidence-la-trends")

    page.goto(f"{site}/indicators/")
    assert page.get_by_role("heading", name="DfE dashboard metrics held").is_visible()
    check(page, "evidence-indicators")

    page.get_by_role("link", name="Agency worker rate (FTE)").first.click()
    page.get_by_label("Region", exact=True).select_option("West Midlands")
    page.get_by_role("button", name="Show").click()
    assert "Birmingham" in page.locator("table").last.inner_text()
    check(page, "evidence-indicator")

    page.goto(f"{site}/compare/?la1=330")
    page.get_by_role("button", name="Show").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, "evidence-compare-error")
    page.get_by_label("Local authority 2", exact=True).select_option(label="Coventry")
    page.get_by_role("button", name="Show").click()
    assert page.locator("figure svg[role=img]").count() == 1
    check(page, "evidence-compare")

    page.goto(f"{site}/about-the-data/")
    check(page, "about-the-data")
