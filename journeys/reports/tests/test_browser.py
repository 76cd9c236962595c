"""Real-browser walk through the briefing's commentary: write, save, share, preview; axe on each page."""

import pytest

from journeys.common.tests.browser import PASSWORD, sign_in
from journeys.common.tests.browser import check_page as check
from journeys.conftest import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_writes_shares_and_previews_the_briefing_commentary(page, live_server, make_user):
    load_reference_data()
    site = live_server.url
    editor = make_user("la_editor", la="330", password=PASSWORD)
    sign_in(page, site, editor)

    page.goto(f"{site}/local-authorities/330/briefing/")
    check(page, "briefing-page")
    page.get_by_role("link", name="Commentary for this briefing").click()
    check(page, "commentary-empty")
    page.get_by_role("button", name="Save a new version").click()
    check(page, "commentary-errors")
    assert "Enter the commentary" in page.content()

    box = page.get_by_label("Commentary for members")
    box.fill("We have cut agency social work by a third.")
    assert "You have 1,958 characters remaining" in page.locator(".govuk-character-count").inner_text()
    page.get_by_role("button", name="Save a new version").click()
    assert "Version 1 saved" in page.content()
    check(page, "commentary-draft")

    page.get_by_role("link", name="Preview the briefing with this draft").click()
    assert "Draft preview" in page.content() and "We have cut agency social work" in page.content()
    check(page, "briefing-draft-preview")

    page.go_back()
    page.get_by_role("link", name="Share version 1 in the briefing").click()
    check(page, "commentary-share")
    page.get_by_role("button", name="Share this version").click()
    assert "Version 1 shared" in page.content()
    check(page, "commentary-shared")

    page.context.clear_cookies()
    page.goto(f"{site}/local-authorities/330/briefing/")
    assert "We have cut agency social work" in page.content() and "Draft preview" not in page.content()
    check(page, "briefing-page-shared")
