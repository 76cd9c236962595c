"""Real-browser walk through the evidence pages, with axe-core on each page."""

import pytest
from django.core.management import call_command
from django.urls import resolve

from journeys.common.tests.browser import check_page as check
from journeys.common.tests.browser import sign_in
from journeys.conftest import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FILES = (
    "dfe-statistical-neighbours/sn_model_2025_wide.csv",
    "dfe-statistical-neighbours/New_Statistical_Neighbour_Groupings_April_2021.csv",
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


def test_neighbours_open_the_compare_page_and_a_saved_group_is_kept(page, site, make_user):
    page.goto(f"{site}/local-authorities/330/evidence/")
    neighbours = page.locator("table", has=page.locator("caption", has_text="under the DfE 2025"))
    assert "Nottingham" in neighbours.inner_text() and "Very close" in neighbours.inner_text()
    page.locator("#neighbours").scroll_into_view_if_needed()
    check(page, "evidence-la-neighbours")

    page.get_by_role("link", name="Compare Birmingham with its statistical neighbours").click()
    assert page.locator(".govuk-error-summary").count() == 0
    assert page.get_by_label("Local authority 11", exact=True).input_value() == "355"  # Salford
    assert page.locator("figure svg[role=img]").count() == 1
    check(page, "evidence-compare-neighbours")

    sign_in(page, site, make_user("la_editor", la="330"))
    page.goto(f"{site}/compare/")
    page.get_by_role("button", name="Compare with my statistical neighbours").click()
    assert page.locator(".govuk-error-summary").count() == 0
    page.get_by_role("link", name="Save these local authorities as a comparison group").click()
    page.get_by_role("button", name="Save group").click()
    assert page.locator(".govuk-error-summary").is_visible()  # no name yet
    check(page, "evidence-group-error")
    page.get_by_label("Name of the group").fill("Our neighbours")
    page.get_by_role("button", name="Save group").click()
    assert "Comparison group Our neighbours saved." in page.content()
    check(page, "evidence-groups")

    page.get_by_role("link", name="Change Our neighbours").click()
    page.get_by_label("Name of the group").fill("Core cities and neighbours")
    page.get_by_role("button", name="Save group").click()
    page.goto(f"{site}/local-authorities/331/evidence/")
    page.get_by_role("link", name="Compare Coventry with Core cities and neighbours").click()
    assert "Coventry" in page.locator("table").first.inner_text()

    page.goto(f"{site}/comparison-groups/")
    page.get_by_role("link", name="Delete Core cities and neighbours").click()
    check(page, "evidence-group-delete")
    page.get_by_role("button", name="Yes, delete this group").click()
    assert "You have not saved a comparison group yet." in page.content()
