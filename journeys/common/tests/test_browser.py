"""Real-browser walk through the foundation pages, with axe-core on each page."""

import pytest

from journeys.common.tests.browser import check_page as check
from journeys.conftest import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, make_user):
    load_reference_data()  # the live server's database is emptied between tests
    return live_server.url


def test_sign_in_and_walk_home_region_la_and_framework_pages(page, site, make_user):
    editor = make_user("la_editor", la="330")
    page.goto(f"{site}/accounts/sign-in/")
    check(page, "sign-in")
    page.get_by_label("Email address").fill(editor.email)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, "sign-in-error")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    assert "Signed in as" in page.content()
    # js-enabled is set by the nonce'd inline script: proof the CSP lets the page's own scripts run.
    assert "govuk-frontend-supported" in page.evaluate("document.body.className")
    check(page, "home")

    page.get_by_role("link", name="West Midlands").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "West Midlands"
    check(page, "region")

    page.get_by_role("link", name="Birmingham").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Birmingham"
    check(page, "la")

    page.get_by_role("link", name="Improvement framework").first.click()
    check(page, "framework")
    page.get_by_role("link", name="Poor to fair").click()
    check(page, "framework-stage")
    page.get_by_role("link", name="Leadership and governance").first.click()
    check(page, "framework-enabler")
    page.goto(f"{site}/framework/matrix/")
    check(page, "framework-matrix")
    page.goto(f"{site}/local-authorities/")
    check(page, "la-list")
    page.goto(f"{site}/no-such-page/")
    check(page, "not-found")
