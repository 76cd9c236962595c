"""Real-browser walk: a coordinator plans a workshop and invites an LA, whose editor drafts a
contribution, publishes it and withdraws it; the coordinator writes the report's key messages."""

import pytest

from journeys.common.tests.browser import PASSWORD, sign_in
from journeys.common.tests.browser import check_page as check
from journeys.conftest import load_reference_data

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("tasks_at_once"),
]
PRIORITY = "Recruit and keep permanent social workers"


def test_a_workshop_contribution_drafted_published_and_withdrawn(page, live_server, make_user, mailoutbox):
    load_reference_data()
    site = live_server.url
    coordinator = make_user("regional_coordinator", region="North West", password=PASSWORD)
    editor = make_user("la_editor", la="344", password=PASSWORD)

    sign_in(page, site, coordinator)
    page.goto(f"{site}/workshops/plan/")
    page.get_by_label("Series").fill("North West workshops 2027")
    page.get_by_label("Town or city").fill("Bury")
    page.get_by_label("Invited local authorities").fill("Wirral\nHalton")
    page.get_by_role("button", name="Plan workshop").click()
    assert mailoutbox[-1].subject == "Wirral is invited to the Bury workshop" and mailoutbox[-1].to == [
        editor.email
    ]
    page.get_by_role("link", name="Record attendance").click()
    page.get_by_label("Wirral").check()
    page.get_by_role("button", name="Save attendance").click()
    page.goto(f"{site}/workshops/north-west-workshops-2027/")
    assert ">.<" not in page.content()
    page.get_by_role("link", name="Write the introduction, purpose, key messages and conclusions").click()
    check(page, "workshop-series-report-form")
    page.get_by_label("Key messages").fill("Workforce stability comes first")
    page.get_by_label("Conclusions").fill("Keep meeting as a network.")
    page.get_by_role("button", name="Save the report").click()
    assert "Workforce stability comes first" in page.content()

    sign_in(page, site, editor)
    page.goto(f"{site}/workshops/north-west-workshops-2027/bury/")
    page.get_by_role("button", name="Share a priority and learning").click()
    check(page, "workshop-contribute")
    page.get_by_label("Local authority").select_option("344")
    page.get_by_label("Priority shared").fill(PRIORITY)
    page.get_by_label("Anyone, in the public summary report").check()
    page.get_by_role("button", name="Save as draft").click()
    assert "Draft saved" in page.content()
    assert "Journeys suggests theme 1" in page.content()
    check(page, "workshop-contribution-draft")
    assert (
        PRIORITY
        not in page.request.get(f"{site}/workshops/north-west-workshops-2027/bury/?format=json").text()
    )
    contribution_url = page.url

    page.goto(f"{site}/workshops/north-west-workshops-2027/bury/")
    page.get_by_role("link", name=f"Wirral: {PRIORITY}").click()
    page.get_by_label("Learning").fill("Protected caseloads for newly qualified social workers")
    page.get_by_role("button", name="Publish").click()
    assert "Published" in page.content()
    check(page, "workshop-contribution-published")
    page.goto(f"{site}/workshops/north-west-workshops-2027/")
    assert PRIORITY in page.content() and "Attended by Wirral" in page.content()
    check(page, "workshop-series-new")

    page.goto(contribution_url)
    page.get_by_role("button", name="Withdraw").click()
    assert "Withdrawn" in page.content()
    page.goto(f"{site}/workshops/north-west-workshops-2027/")
    assert PRIORITY not in page.content()
