"""In a real browser: searching for "birm" from the home page reaches Birmingham, at 390 px too."""

import pytest

from journeys.common.tests.browser import check_page as check
from journeys.conftest import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    load_reference_data()  # the live server's database is emptied between tests
    return live_server.url


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_a_search_for_birm_from_the_home_page_reaches_birmingham(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site}/")
    page.get_by_label("Search local authorities by name or code").fill("birm")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Search local authorities"
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    check(page, f"search-results-{width}")
    page.get_by_role("link", name="Birmingham", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Birmingham"


def test_an_exact_code_typed_in_the_header_goes_straight_to_the_la(page, site):
    page.goto(f"{site}/framework/")
    page.get_by_label("Search local authorities by name or code").fill("E08000025")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/local-authorities/330/")
    assert page.get_by_role("heading", level=1).inner_text() == "Birmingham"
