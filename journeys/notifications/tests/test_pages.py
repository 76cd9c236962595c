"""The Notifications and Notification settings pages, and notification email through the worker."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from journeys.conftest import load_reference_data
from journeys.mail.tests.smtp import html_of, smtp_server, text_of
from journeys.notifications.models import Kind, Notification, NotificationChoice
from journeys.notifications.services import notification_send


def tell(user, sentence: str, *, ago: int = 0, kind=Kind.TALK_REQUEST) -> Notification:
    notification_send(
        kind=kind, recipients=[user], sentence=sentence, link="/requests-to-talk/", context={"path": "/"}
    )
    notification = Notification.objects.filter(recipient=user).order_by("-pk").first()
    notification.created = timezone.now() - timedelta(minutes=ago)
    notification.save()
    return notification


def unread_in_header(page: str) -> str:
    """The Notifications link's words in the header's navigation."""
    navigation = page[page.index("govuk-service-navigation__list") :]
    return re.search(r'href="/notifications/"[^>]*>\s*(?:<[^>]+>\s*)*([^<]+?)\s*<', navigation).group(1)


@pytest.mark.django_db
def test_the_list_is_newest_first_and_marks_one_or_all_as_read(client, make_user, tasks_at_once):
    editor, other = make_user("la_editor", la="330"), make_user("la_editor", la="352")
    older = tell(editor, "Coventry would like to talk to Birmingham", ago=60)
    tell(editor, "Wirral would like to talk to Birmingham", ago=1)
    theirs = tell(other, "Birmingham would like to talk to Manchester")
    client.force_login(editor)

    page = client.get(reverse("notifications:list")).content.decode()
    assert page.index("Wirral would like") < page.index("Coventry would like")
    assert "Birmingham would like to talk to Manchester" not in page
    assert unread_in_header(page) == "Notifications (2 unread)"
    assert "You have 2 unread." in page

    answer = client.post(reverse("notifications:list"), {"read": older.pk})
    assert answer.status_code == 302
    older.refresh_from_db()
    assert older.is_read
    assert unread_in_header(client.get(reverse("notifications:list")).content.decode()) == (
        "Notifications (1 unread)"
    )
    # Another person's notification is not found, and stays unread.
    assert client.post(reverse("notifications:list"), {"read": theirs.pk}).status_code == 404
    assert client.post(reverse("notifications:list"), {"read": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read

    client.post(reverse("notifications:list"), {"read_all": "1"})
    page = client.get(reverse("notifications:list")).content.decode()
    assert unread_in_header(page) == "Notifications"
    assert "You have none unread." in page and "Mark all as read" not in page
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_settings_offer_the_kinds_a_role_receives_and_keep_each_choice(client, make_user):
    coordinator = make_user("regional_coordinator", region="West Midlands")
    client.force_login(coordinator)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "A self-evaluation is submitted in your region" in page
    assert "Another local authority asks yours to talk" not in page  # an LA editor's kind
    answer = client.post(
        reverse("notifications:settings"),
        {Kind.SELF_EVALUATION_SUBMITTED: "journeys", Kind.NETWORK_ANSWER: "email"},
    )
    assert answer.status_code == 302
    assert dict(NotificationChoice.objects.filter(user=coordinator).values_list("kind", "by_email")) == {
        Kind.SELF_EVALUATION_SUBMITTED: False,
        Kind.NETWORK_ANSWER: True,
    }
    assert client.post(reverse("notifications:settings"), {}).status_code == 200  # errors shown

    client.force_login(make_user("elected_member", la="330"))
    assert "sends you no notifications" in client.get(reverse("notifications:settings")).content.decode()


@pytest.mark.django_db
def test_both_pages_ask_anonymous_visitors_to_sign_in(client):
    for name in ("notifications:list", "notifications:settings"):
        answer = client.get(reverse(name))
        assert answer.status_code == 302 and "/accounts/sign-in/" in answer.url


@pytest.mark.django_db(transaction=True)
def test_a_notification_email_is_queued_and_delivered_by_the_worker(settings, make_user):
    load_reference_data()  # a transactional test's database is emptied after each test
    settings.BASE_URL = "https://journeys.example.org"
    with smtp_server(settings) as mailbox:
        editor = make_user("la_editor", la="330")
        tell(editor, "Coventry would like to talk to Birmingham")
        assert mailbox.messages == []  # queued, not sent while the page waits
        call_command("worker", batch=True, verbosity=0)
        message = mailbox.only()
    assert message["To"] == editor.email
    assert "\nhttps://journeys.example.org/\n" in text_of(message)
    assert 'href="https://journeys.example.org/notifications/settings/"' in html_of(message)
