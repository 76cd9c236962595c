"""Real-browser walk: an LA editor records what came of a support engagement."""

import pytest

from journeys.common.tests.browser import PASSWORD, sign_in
from journeys.common.tests.browser import check_page as check
from journeys.conftest import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_updates_an_engagements_outcome(page, live_server, make_user):
    from datetime import date

    from journeys.support.models import SupportEngagement
    from journeys.support.services import engagement_create

    load_reference_data()
    site = live_server.url
    editor = make_user("la_editor", la="330", password=PASSWORD)
    engagement = engagement_create(
        user=editor,
        data={
            "form": "improvement_partner",
            "provider": "Coventry",
            "started_on": date(2026, 1, 12),
            "status": "in_progress",
            "visibility": "private",
        },
    )

    sign_in(page, site, editor)
    page.goto(f"{site}/local-authorities/330/support/")
    check(page, "support-la")
    assert "In progress" in page.content()
    page.get_by_role("link", name="Update the outcome of the improvement partner LA engagement").click()
    check(page, "support-engagement-outcome")
    assert page.get_by_label("In progress").is_checked()

    page.get_by_label("Finished").check()
    page.get_by_label("Outcome summary").fill("Caseloads fell and two team managers stayed; audits improved.")
    page.get_by_role("group", name="Did it help?").get_by_label("Yes").check()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save outcome").click()
    page.wait_for_load_state()
    check(page, "support-engagement-outcome-errors")
    summary = page.locator(".govuk-error-summary")
    assert "Date of the outcome must be the same as or after the start date" in summary.inner_text()
    assert page.title().startswith("Error: ")

    page.get_by_label("Month").fill("7")
    page.get_by_role("button", name="Save outcome").click()
    page.wait_for_url(f"{site}/local-authorities/330/support/#engagement-{engagement.pk}")
    check(page, "support-la-with-outcome")
    text = page.locator("main").inner_text()
    for shown in (
        "Finished",
        "From 12 January 2026",
        "Caseloads fell and two team managers stayed",
        "1 July 2026",
    ):
        assert shown in text
    engagement.refresh_from_db()
    assert (engagement.status, engagement.helped) == (SupportEngagement.Status.FINISHED, True)
