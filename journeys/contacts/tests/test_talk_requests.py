"""Contacts are seen by their own LA and, after a request to talk is accepted, by the other LA."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from journeys.authorities.models import LocalAuthority
from journeys.contacts import services
from journeys.contacts.models import Contact, TalkRequest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_at_once")]


@pytest.fixture
def two_las(make_user):
    birmingham = LocalAuthority.objects.get(old_la_code="330")
    manchester = LocalAuthority.objects.get(old_la_code="352")
    asker = make_user("la_editor", la="330")
    answerer = make_user("la_editor", la="352")
    services.contact_save(
        user=answerer,
        la=manchester,
        kind=Contact.Kind.IMPROVEMENT_LEAD,
        name="Priya Shah",
        job_title="Head of improvement",
        email="priya.shah@manchester.example",
        phone="0161 000 0000",
    )
    services.contact_save(
        user=asker,
        la=birmingham,
        kind=Contact.Kind.DIRECTORS_OFFICE,
        name="Sam Okoro",
        job_title="Business manager",
        email="sam.okoro@birmingham.example",
        phone="",
    )
    return birmingham, manchester, asker, answerer


def test_details_are_hidden_until_the_request_is_accepted_and_both_sides_are_emailed(
    client, two_las, mailoutbox
):
    birmingham, manchester, asker, answerer = two_las
    client.force_login(asker)
    assert (
        "priya.shah@manchester.example" not in client.get("/local-authorities/352/contacts/").content.decode()
    )

    talk = services.talk_request_send(
        user=asker, to_la=manchester, message="Agency social workers: how did you cut them?"
    )
    assert "priya.shah@manchester.example" not in client.get(f"/requests-to-talk/{talk.pk}/").content.decode()
    # One message to each address, so neither sees who else was told.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(["priya.shah@manchester.example", answerer.email])
    request_mail = mailoutbox[-1]
    assert request_mail.subject == "Birmingham would like to talk to Manchester"
    assert f"/requests-to-talk/{talk.pk}/" in request_mail.body
    assert request_mail.alternatives[0][1] == "text/html"

    services.talk_request_answer(user=answerer, talk_request=talk, accept=True)
    assert "priya.shah@manchester.example" in client.get(f"/requests-to-talk/{talk.pk}/").content.decode()
    assert "priya.shah@manchester.example" in client.get("/local-authorities/352/contacts/").content.decode()
    client.force_login(answerer)
    assert "sam.okoro@birmingham.example" in client.get(f"/requests-to-talk/{talk.pk}/").content.decode()
    answers = mailoutbox[2:]
    assert {m.subject for m in answers} == {"Manchester has accepted your request to talk"}
    assert sorted(m.to[0] for m in answers) == sorted([asker.email, "sam.okoro@birmingham.example"])

    consent = LogEntry.objects.get_for_object(talk).order_by("pk")
    assert [entry.action for entry in consent] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert consent.last().changes_dict["status"] == ["pending", "accepted"]
    assert "message" not in consent.first().changes_dict


def test_a_declined_request_shares_nothing(client, two_las, mailoutbox):
    birmingham, manchester, asker, answerer = two_las
    talk = services.talk_request_send(user=asker, to_la=manchester, message="Can we talk about permanence?")
    services.talk_request_answer(user=answerer, talk_request=talk, accept=False)
    client.force_login(asker)
    assert "priya.shah@manchester.example" not in client.get(f"/requests-to-talk/{talk.pk}/").content.decode()
    assert mailoutbox[-1].subject == "Manchester has declined your request to talk"
    with pytest.raises(PermissionDenied):
        services.talk_request_answer(user=answerer, talk_request=talk, accept=True)


def test_only_the_asked_las_editors_answer_and_others_never_see_the_request(client, two_las, make_user):
    birmingham, manchester, asker, answerer = two_las
    talk = services.talk_request_send(user=asker, to_la=manchester, message="Workforce")
    for outsider in (make_user("la_editor", la="331"), make_user("la_viewer", la="352"), asker):
        with pytest.raises(PermissionDenied):
            services.talk_request_answer(user=outsider, talk_request=talk, accept=True)
    client.force_login(make_user("la_editor", la="331"))
    assert client.get(f"/requests-to-talk/{talk.pk}/").status_code == 404
    client.force_login(make_user("national_admin"))
    assert client.get(f"/requests-to-talk/{talk.pk}/").status_code == 404


def test_asking_twice_while_waiting_is_refused_by_the_database_too(two_las):
    birmingham, manchester, asker, answerer = two_las
    services.talk_request_send(user=asker, to_la=manchester, message="First")
    with pytest.raises(services.AlreadyAsked):
        services.talk_request_send(user=asker, to_la=manchester, message="Second")
    with pytest.raises(IntegrityError), transaction.atomic():
        TalkRequest.objects.create(from_la=birmingham, to_la=manchester, message="Third")


def test_only_editors_ask_and_never_their_own_la(make_user, two_las):
    birmingham, manchester, asker, answerer = two_las
    with pytest.raises(PermissionDenied):
        services.talk_request_send(user=make_user("la_viewer", la="330"), to_la=manchester, message="Hello")
    with pytest.raises(PermissionDenied):
        services.talk_request_send(user=asker, to_la=birmingham, message="Hello")


def test_editors_name_their_contacts_on_the_page_and_others_cannot(client, make_user, two_las):
    birmingham, manchester, asker, answerer = two_las
    client.force_login(asker)
    response = client.post(
        "/local-authorities/330/contacts/",
        {"improvement_lead_name": "Ada Lovelace", "improvement_lead_email": "not an email"},
    )
    assert "Enter an email address in the correct format" in response.content.decode()
    client.post(
        "/local-authorities/330/contacts/",
        {"improvement_lead_name": "Ada Lovelace", "improvement_lead_email": "ada@birmingham.example"},
    )
    assert list(Contact.objects.filter(la=birmingham).values_list("kind", "name")) == [
        ("improvement_lead", "Ada Lovelace")
    ]
    assert client.post("/local-authorities/352/contacts/", {"improvement_lead_name": "X"}).status_code == 403
    client.logout()
    assert client.get("/local-authorities/330/contacts/").status_code == 302
