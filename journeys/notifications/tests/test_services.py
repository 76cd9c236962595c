"""Who is told of each event, in Journeys and by email as each person chose, and what they read."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from journeys.authorities.models import LocalAuthority
from journeys.contacts import services as contacts
from journeys.contacts.models import Contact
from journeys.improvement import services as improvement
from journeys.improvement.tests.conftest import complete_changes
from journeys.networks import services as networks
from journeys.networks.models import Network
from journeys.notifications.models import Kind, Notification
from journeys.notifications.services import notification_choices_save
from journeys.priorities import services as priorities
from journeys.workshops import services as workshops

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_at_once")]


def told(kind: str) -> dict[str, str]:
    """Each recipient's address and the sentence they read, for one kind."""
    return dict(Notification.objects.filter(kind=kind).values_list("recipient__email", "sentence"))


def emailed(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


def complete_draft(editor):
    from journeys.frameworks.selectors import framework_current

    draft = improvement.self_evaluation_create(user=editor)
    improvement.self_evaluation_update(
        evaluation_id=draft.pk,
        user=editor,
        expected_version=draft.version,
        changes=complete_changes(framework_current()),
    )
    return draft


@override_settings(BASE_URL="https://journeys.example.org")
def test_a_submitted_self_evaluation_tells_the_coordinators_of_its_region_and_nobody_else(
    make_user, mailoutbox
):
    coordinator = make_user("regional_coordinator", region="West Midlands")
    quiet = make_user("regional_coordinator", region="West Midlands")
    notification_choices_save(user=quiet, by_email={Kind.SELF_EVALUATION_SUBMITTED: False})
    make_user("regional_coordinator", region="North West")
    make_user("national_admin")
    make_user("la_viewer", la="330")
    editor = make_user("la_editor", la="330")
    draft = complete_draft(editor)
    assert not Notification.objects.exists()  # a draft tells nobody

    evaluation = improvement.self_evaluation_submit(evaluation_id=draft.pk, user=editor)
    assert told(Kind.SELF_EVALUATION_SUBMITTED) == {
        coordinator.email: "Birmingham submitted a self-evaluation",
        quiet.email: "Birmingham submitted a self-evaluation",
    }
    assert Notification.objects.get(recipient=coordinator).link == f"/self-evaluations/{evaluation.pk}/"
    # Told in Journeys only, the quiet coordinator gets no email.
    assert emailed(mailoutbox) == [coordinator.email]
    message = mailoutbox[0]
    assert message.subject == "Birmingham submitted a self-evaluation"
    assert f"\nhttps://journeys.example.org/self-evaluations/{evaluation.pk}/\n" in message.body
    assert "\nhttps://journeys.example.org/notifications/settings/\n" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert (
        f'href="https://journeys.example.org/self-evaluations/{evaluation.pk}/"' in message.alternatives[0][0]
    )


def test_a_network_invitation_tells_the_invited_las_editors_and_each_answer_its_coordinators(
    make_user, mailoutbox
):
    coordinator = make_user("regional_coordinator", region="North West")
    other_coordinator = make_user("regional_coordinator", region="North West")
    wirral, halton = make_user("la_editor", la="344"), make_user("la_editor", la="876")
    viewer, elsewhere = make_user("la_viewer", la="344"), make_user("la_editor", la="330")
    network = Network.objects.create(
        region="North West",
        name="Permanence network",
        purpose="Permanence for children",
        created_by=coordinator,
    )
    networks.network_update(
        user=coordinator,
        network=network,
        name=network.name,
        purpose=network.purpose,
        member_codes=["344", "876"],
    )
    assert told(Kind.NETWORK_INVITATION) == {
        wirral.email: "Wirral is invited to join the Permanence network",
        halton.email: "Halton is invited to join the Permanence network",
    }
    assert emailed(mailoutbox) == sorted([wirral.email, halton.email])
    assert viewer.email not in emailed(mailoutbox) and elsewhere.email not in emailed(mailoutbox)

    mailoutbox.clear()
    networks.network_invitation_answer(
        user=wirral, invitation=network.invitations.get(la__old_la_code="344"), join=True
    )
    networks.network_invitation_answer(
        user=halton, invitation=network.invitations.get(la__old_la_code="876"), join=False
    )
    networks.network_leave(user=wirral, network=network)
    sentences = sorted(
        Notification.objects.filter(kind=Kind.NETWORK_ANSWER, recipient=other_coordinator).values_list(
            "sentence", flat=True
        )
    )
    assert sentences == [
        "Halton has declined to join the Permanence network",
        "Wirral has joined the Permanence network",
        "Wirral has left the Permanence network",
    ]
    # The coordinator who started it is one of the region's: told once, not twice.
    assert Notification.objects.filter(kind=Kind.NETWORK_ANSWER, recipient=coordinator).count() == 3
    assert emailed(mailoutbox) == sorted([coordinator.email, other_coordinator.email] * 3)


def test_a_request_to_talk_tells_the_asked_las_editors_and_emails_its_contacts_its_message_by_email_only(
    make_user, mailoutbox
):
    asker, answerer = make_user("la_editor", la="330"), make_user("la_editor", la="352")
    also_contact = make_user("la_editor", la="352")
    viewer = make_user("la_viewer", la="352")
    contacts.contact_save(
        user=answerer,
        la=answerer.la,
        kind=Contact.Kind.IMPROVEMENT_LEAD,
        name="Priya Shah",
        job_title="",
        email="priya.shah@manchester.example",
        phone="",
    )
    # An editor who is also a named contact gets what they chose, once: here Journeys only.
    contacts.contact_save(
        user=answerer,
        la=answerer.la,
        kind=Contact.Kind.DIRECTORS_OFFICE,
        name="Ann Lee",
        job_title="",
        email=also_contact.email.upper(),
        phone="",
    )
    notification_choices_save(user=also_contact, by_email={Kind.TALK_REQUEST: False})
    talk = contacts.talk_request_send(
        user=asker, to_la=answerer.la, message="Our agency spend is confidential"
    )

    assert told(Kind.TALK_REQUEST) == {
        answerer.email: "Birmingham would like to talk to Manchester",
        also_contact.email: "Birmingham would like to talk to Manchester",
    }
    assert viewer.email not in told(Kind.TALK_REQUEST)
    assert emailed(mailoutbox) == sorted([answerer.email, "priya.shah@manchester.example"])
    # The message is for the asked LA: in its email and on the request's page, never in a sentence.
    assert all("Our agency spend is confidential" in m.body for m in mailoutbox)
    assert "confidential" not in " ".join(Notification.objects.values_list("sentence", flat=True))
    # Only the person the email was for is in its To line.
    assert all(len(m.to) == 1 for m in mailoutbox)

    mailoutbox.clear()
    contacts.talk_request_answer(user=answerer, talk_request=talk, accept=False)
    assert told(Kind.TALK_ANSWER) == {asker.email: "Manchester has declined your request to talk"}
    assert Notification.objects.get(kind=Kind.TALK_ANSWER).link == f"/requests-to-talk/{talk.pk}/"
    assert emailed(mailoutbox) == [asker.email]


def test_an_answer_to_talk_does_not_follow_someone_who_moved_to_another_la(make_user, mailoutbox):
    asker, answerer = make_user("la_editor", la="330"), make_user("la_editor", la="352")
    talk = contacts.talk_request_send(user=asker, to_la=answerer.la, message="Workforce")
    asker.la = LocalAuthority.objects.get(old_la_code="331")
    asker.save()
    mailoutbox.clear()
    contacts.talk_request_answer(user=answerer, talk_request=talk, accept=True)
    assert told(Kind.TALK_ANSWER) == {} and mailoutbox == []


def test_a_workshop_invitation_tells_each_invited_las_editors(make_user, mailoutbox):
    wirral, halton = make_user("la_editor", la="344"), make_user("la_editor", la="876")
    make_user("la_editor", la="352")  # in the region, not invited
    switched_off = make_user("la_editor", la="344")
    switched_off.is_active = False
    switched_off.save()
    workshop = workshops.workshop_plan(
        user=make_user("regional_coordinator", region="North West"),
        data={
            "series_title": "North West workshops 2027",
            "region": "North West",
            "place": "Bury",
            "held_on": date(2027, 3, 4),
        },
        invited=list(LocalAuthority.objects.filter(old_la_code__in=["344", "876"])),
    )
    assert told(Kind.WORKSHOP_INVITATION) == {
        wirral.email: "Wirral is invited to the Bury workshop of North West workshops 2027 on 4 March 2027",
        halton.email: "Halton is invited to the Bury workshop of North West workshops 2027 on 4 March 2027",
    }
    assert Notification.objects.filter(recipient=wirral).get().link == (
        f"/workshops/{workshop.series.slug}/{workshop.slug}/"
    )
    assert emailed(mailoutbox) == sorted([wirral.email, halton.email])


def test_a_review_date_tells_the_priorities_editors_once_however_often_it_is_checked(
    make_user, mailoutbox, capsys
):
    editor, quiet = make_user("la_editor", la="330"), make_user("la_editor", la="330")
    notification_choices_save(user=quiet, by_email={Kind.PRIORITY_REVIEW: False})
    make_user("la_viewer", la="330")
    make_user("la_editor", la="352")
    data = {
        "title": "Recruit and keep permanent social workers",
        "issue": "Agency staff",
        "status": "in_progress",
    }
    due = priorities.priority_create(user=editor, data={**data, "review_on": date(2027, 1, 31)})
    priorities.priority_create(user=editor, data={**data, "title": "Later", "review_on": date(2027, 6, 30)})
    priorities.priority_create(
        user=editor, data={**data, "title": "Stopped", "status": "stopped", "review_on": date(2027, 1, 1)}
    )

    assert priorities.priority_reviews_notify(today=date(2027, 1, 30)) == 0
    call_command("notify_reviews", as_of="2027-02-01", json=False)
    assert "Told 2 people of priorities due for review." in capsys.readouterr().out
    assert told(Kind.PRIORITY_REVIEW) == {
        person.email: "“Recruit and keep permanent social workers” is due for review: "
        "its review date was 31 January 2027"
        for person in (editor, quiet)
    }
    assert emailed(mailoutbox) == [editor.email]
    assert mailoutbox[0].subject == "A priority of Birmingham is due for review"
    assert "Recruit and keep permanent social workers" in mailoutbox[0].body

    # Run again, the next day or twice at once: nobody is told twice.
    assert priorities.priority_reviews_notify(today=date(2027, 2, 1)) == 0
    assert priorities.priority_reviews_notify(today=date(2027, 2, 2)) == 0
    assert Notification.objects.filter(kind=Kind.PRIORITY_REVIEW).count() == 2 and len(mailoutbox) == 1

    call_command("notify_reviews", as_of="2027-02-03", json=True)
    assert json.loads(capsys.readouterr().out) == {"told": 0}
    with pytest.raises(CommandError, match="--as-of '3 2 2027' is not a date"):
        call_command("notify_reviews", as_of="3 2 2027")

    # A new review date is a new reminder when it comes.
    due.review_on = date(2027, 4, 30)
    due.save()
    assert priorities.priority_reviews_notify(today=date(2027, 3, 1)) == 0
    assert priorities.priority_reviews_notify(today=date(2027, 7, 1)) == 4  # both priorities, both editors
    assert len(mailoutbox) == 3


def test_a_switched_off_person_is_told_nothing(make_user, mailoutbox):
    coordinator = make_user("regional_coordinator", region="West Midlands")
    coordinator.is_active = False
    coordinator.save()
    editor = make_user("la_editor", la="330")
    improvement.self_evaluation_submit(evaluation_id=complete_draft(editor).pk, user=editor)
    assert not Notification.objects.exists() and mailoutbox == []
