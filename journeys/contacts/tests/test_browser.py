"""Real-browser walk: an LA names its contacts, another asks it to talk, the first accepts."""

import pytest

from journeys.common.tests.browser import PASSWORD, sign_in
from journeys.common.tests.browser import check_page as check
from journeys.conftest import load_reference_data

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("tasks_at_once"),
]


def test_a_talk_request_between_two_las_contacts(page, live_server, make_user, mailoutbox):
    from journeys.priorities.services import priority_demo_load

    load_reference_data()
    priority_demo_load()
    site = live_server.url
    asker = make_user("la_editor", la="330", password=PASSWORD)
    answerer = make_user("la_editor", la="331", password=PASSWORD)

    sign_in(page, site, answerer)
    page.goto(f"{site}/local-authorities/331/contacts/")
    check(page, "contacts-own")
    page.get_by_role("group", name="Improvement lead").get_by_label("Name").fill("Priya Shah")
    page.get_by_role("group", name="Improvement lead").get_by_label("Email address").fill(
        "priya@coventry.example"
    )
    page.get_by_role("group", name="Improvement lead").get_by_label("Phone number").fill("024 7600 0000")
    page.get_by_role("button", name="Save contacts").click()
    assert "Contacts saved" in page.content()

    sign_in(page, site, asker)
    page.goto(f"{site}/local-authorities/331/contacts/")
    check(page, "contacts-other")
    assert "priya@coventry.example" not in page.content()
    page.get_by_role("button", name="Ask to talk").click()
    page.get_by_role("button", name="Send request").click()
    check(page, "ask-to-talk-errors")
    page.get_by_label("What would you like to talk about?").fill("How did you cut agency social work?")
    page.get_by_role("button", name="Send request").click()
    assert "Request sent" in page.content()
    assert "priya@coventry.example" not in page.content()
    assert mailoutbox[-1].subject == "Birmingham would like to talk to Coventry"
    assert "priya@coventry.example" in mailoutbox[-1].to

    sign_in(page, site, answerer)
    page.goto(f"{site}/requests-to-talk/")
    check(page, "talk-requests")
    page.get_by_role("link", name="From Birmingham").click()
    check(page, "talk-request-received")
    page.get_by_label("Yes, share our contact details").check()
    page.get_by_role("button", name="Send answer").click()
    assert "Request accepted" in page.content()
    assert mailoutbox[-1].subject == "Coventry has accepted your request to talk"

    sign_in(page, site, asker)
    page.goto(f"{site}/requests-to-talk/")
    page.get_by_role("link", name="To Coventry").click()
    check(page, "talk-request-accepted")
    assert "priya@coventry.example" in page.content()
    assert "024 7600 0000" in page.content()
