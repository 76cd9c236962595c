"""Real-browser walk: asked to talk, an editor reads the notification, marks it read, and chooses to
be told of requests in Journeys only; each page passes axe."""

import pytest

from journeys.common.tests.browser import PASSWORD, sign_in
from journeys.common.tests.browser import check_page as check
from journeys.conftest import load_reference_data

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("tasks_at_once"),
]


def test_notifications_are_read_marked_and_chosen_in_a_browser(page, live_server, make_user, mailoutbox):
    from journeys.contacts.services import talk_request_send
    from journeys.notifications.models import Kind, NotificationChoice
    from journeys.workshops.services import workshop_plan

    load_reference_data()
    site = live_server.url
    asker = make_user("la_editor", la="330", password=PASSWORD)
    editor = make_user("la_editor", la="331", password=PASSWORD)
    talk = talk_request_send(user=asker, to_la=editor.la, message="How did you cut agency social work?")
    workshop_plan(
        user=make_user("regional_coordinator", region="West Midlands"),
        data={"series_title": "West Midlands workshops 2027", "region": "West Midlands", "place": "Walsall"},
        invited=[editor.la],
    )
    assert sorted(m.subject for m in mailoutbox) == [
        "Birmingham would like to talk to Coventry",
        "Coventry is invited to the Walsall workshop",
    ]

    sign_in(page, site, editor)
    page.get_by_role("link", name="Notifications (2 unread)").click()
    check(page, "notifications-unread")
    rows = page.locator("main tbody tr")
    assert rows.count() == 2
    assert "Walsall workshop" in rows.nth(0).inner_text()  # newest first
    page.get_by_role("button", name="Mark as read Birmingham would like to talk to Coventry").click()
    assert page.get_by_role("link", name="Notifications (1 unread)").count() == 1
    assert "Read" in page.locator("main tbody tr").nth(1).inner_text()
    page.get_by_role("button", name="Mark all as read").click()
    assert "All your notifications are marked as read" in page.content()
    assert page.get_by_role("button", name="Mark all as read").count() == 0
    check(page, "notifications-read")
    page.get_by_role("link", name="Birmingham would like to talk to Coventry").click()
    assert page.url.endswith(f"/requests-to-talk/{talk.pk}/")

    page.goto(f"{site}/notifications/")
    page.get_by_role("link", name="Choose which notifications are also emailed to you").click()
    check(page, "notification-settings")
    question = page.get_by_role("group", name="Another local authority asks yours to talk")
    assert question.get_by_label("In Journeys and by email").is_checked()  # email unless chosen otherwise
    question.get_by_label("In Journeys only").check()
    page.get_by_role("button", name="Save notification settings").click()
    assert "Notification settings saved" in page.content()
    check(page, "notification-settings-saved")
    assert (
        page.get_by_role("group", name="Another local authority asks yours to talk")
        .get_by_label("In Journeys only")
        .is_checked()
    )
    assert NotificationChoice.objects.get(user=editor, kind=Kind.TALK_REQUEST).by_email is False
