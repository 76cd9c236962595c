"""The one way Journeys' notifications leave: addressed once each, with links a mail reader can follow."""

from django.test import override_settings

from journeys.notifications.services import notification_send


@override_settings(BASE_URL="https://journeys.example.org")
def test_a_notification_links_to_the_service_by_its_full_address(mailoutbox):
    sent = notification_send(
        to=["Lead@Coventry.example", "lead@coventry.example", ""],
        template="talk_answer",
        context={"path": "/contacts/requests/"},
    )
    assert sent == 1 and mailoutbox[0].to == ["lead@coventry.example"]
    assert "https://journeys.example.org/contacts/requests/" in mailoutbox[0].body


def test_nobody_to_tell_sends_nothing(mailoutbox):
    assert notification_send(to=["", " "], template="talk_answer", context={"path": "/"}) == 0
    assert mailoutbox == []
