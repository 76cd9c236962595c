"""Real-browser walk through the priorities, peers, networks, support and workshop pages, with axe."""

import pytest
from playwright.sync_api import expect

from journeys.common.tests.browser import PASSWORD, sign_in
from journeys.common.tests.browser import check_page as check
from journeys.conftest import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    from journeys.priorities.services import priority_demo_load
    from journeys.workshops.services import workshop_series_load_2016

    load_reference_data()  # the live server's database is emptied between tests
    priority_demo_load()
    workshop_series_load_2016()
    return live_server.url


def test_editor_records_a_priority_and_finds_peers_and_support(page, site, make_user):
    editor = make_user("la_editor", la="330", password=PASSWORD)
    sign_in(page, site, editor)
    page.goto(f"{site}/priorities/")
    check(page, "priorities-list")
    page.get_by_role("button", name="Add a priority").click()
    page.get_by_role("button", name="Save priority").click()
    # expect() waits for the answer to the submit; is_visible() alone can read the page before it.
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, "priority-form-errors")
    page.get_by_label("Priority", exact=True).fill("Recruit and keep experienced social workers")
    page.get_by_label("The issue it addresses").fill("Agency staff fill too many frontline posts.")
    page.get_by_label("Everyone who uses Journeys").check()
    page.get_by_role("button", name="Save priority").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Recruit and keep experienced social workers"
    check(page, "priority-detail")
    page.get_by_role("link", name="Change theme").click()
    check(page, "priority-theme")
    page.get_by_label("3. Strengthening").check()
    page.get_by_role("button", name="Set theme").click()
    assert "Chosen by" in page.content()
    page.goto(f"{site}/local-authorities/330/peers/")
    check(page, "la-peers")
    page.goto(f"{site}/local-authorities/330/support/")
    check(page, "la-support")
    page.get_by_role("button", name="Record a support engagement").click()
    page.get_by_role("button", name="Save engagement").click()
    check(page, "engagement-form-errors")
    page.goto(f"{site}/support/")
    check(page, "support-catalogue")


def test_coordinator_accepts_a_network_and_reads_the_workshop_summary(page, site, make_user):
    coordinator = make_user("regional_coordinator", region="North West", password=PASSWORD)
    sign_in(page, site, coordinator)
    page.goto(f"{site}/networks/")
    check(page, "networks-national")
    page.get_by_role("link", name="North West").click()
    check(page, "networks-region")
    page.get_by_role("button", name="Accept proposed network 1").click()
    check(page, "network-detail")
    page.get_by_role("button", name="Record meeting").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, "network-detail-errors")
    page.get_by_role("link", name="Change name, purpose or members").click()
    check(page, "network-edit")
    page.goto(f"{site}/workshops/")
    check(page, "workshops")
    page.get_by_role("link", name="LGA children's services regional workshops").click()
    assert "NE Lincolnshire" in page.content()
    themes = page.get_by_role("region", name="The five themes and the local areas under each")
    themes.focus()  # the shared table wrapper: scrollable, so it takes keyboard focus
    assert themes.evaluate("element => element === document.activeElement")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV – The five themes and the local areas under each").click()
    assert download.value.suggested_filename == "lga-2016-summary-themes.csv"
    check(page, "workshop-series")
    page.get_by_role("link", name="Taunton").click()
    check(page, "workshop-taunton")
    page.goto(f"{site}/workshops/plan/")
    page.get_by_role("button", name="Plan workshop").click()
    check(page, "workshop-plan-errors")
