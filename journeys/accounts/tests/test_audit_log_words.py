"""The audit log in words, filtered by LA, user, record and date; deletions are kept in it."""

import datetime

import pytest
from auditlog.models import LogEntry

from journeys.priorities import services

pytestmark = pytest.mark.django_db

WORKFORCE = {
    "title": "Recruit experienced social workers",
    "issue": "Too many frontline posts are filled by agency staff.",
    "status": "in_progress",
    "visibility": "private",
}


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("national_admin"))
    return client


def _changes(client, **params) -> list[str]:
    html = client.get("/accounts/audit-log/", params).content.decode()
    body = html[html.index("<tbody") : html.index("</tbody>")] if "<tbody" in html else ""
    return [cell.split("</td>")[0].strip() for cell in body.split('<td class="govuk-table__cell">')[2::2]]


def test_a_theme_change_and_a_deletion_read_as_sentences(client, make_user):
    editor = make_user("la_editor", la="330")
    client.force_login(editor)
    priority = services.priority_create(user=editor, data=WORKFORCE)
    client.post(f"/priorities/{priority.pk}/theme/", {"theme": "3", "version": priority.version})
    assert client.get(f"/priorities/{priority.pk}/delete/").status_code == 200
    response = client.post(f"/priorities/{priority.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/priorities/"
    client.force_login(make_user("national_admin"))
    changes = _changes(client, record="priorities.priority")
    who = f"Birmingham&#39;s editor ({editor.email})"
    assert changes[0] == f"{who} deleted Priority {priority.pk} of Birmingham"
    assert changes[1] == f"{who} changed the theme of Priority {priority.pk} of Birmingham from 1 to 3"
    assert "Recruit experienced social workers" not in client.get("/accounts/audit-log/").content.decode()


def test_the_log_filters_by_la_user_record_and_date(client, make_user):
    birmingham = make_user("la_editor", la="330")
    leeds = make_user("la_editor", la="383")
    ours = services.priority_create(user=birmingham, data=WORKFORCE)
    LogEntry.objects.filter(object_pk=str(ours.pk)).update(actor=birmingham)
    theirs = services.priority_create(user=leeds, data=WORKFORCE)
    LogEntry.objects.filter(object_pk=str(theirs.pk)).update(
        actor=leeds, timestamp=datetime.datetime(2026, 1, 5, 12, tzinfo=datetime.UTC)
    )
    client.force_login(make_user("national_admin"))
    mine = f"Priority {ours.pk} of Birmingham"
    other = f"Priority {theirs.pk} of Leeds"

    def shown(**params):
        changes = " | ".join(_changes(client, **params))
        return (mine in changes, other in changes)

    assert shown() == (True, True)
    assert shown(la="Birmingham") == (True, False)
    assert shown(la="383") == (False, True)
    assert shown(user=leeds.email.split("@")[0]) == (False, True)
    assert shown(record="priorities.priority", text="of Leeds") == (False, True)
    assert shown(record="improvement.selfevaluation") == (False, False)
    assert shown(since_0="1", since_1="1", since_2="2026", until_0="31", until_1="1", until_2="2026") == (
        False,
        True,
    )
    page = client.get("/accounts/audit-log/", {"la": "Atlantis"}).content.decode()
    assert "Enter the name or code of a local authority, like Birmingham or 330" in page


def test_only_the_las_editors_may_delete_its_priority(client, make_user):
    editor = make_user("la_editor", la="330")
    priority = services.priority_create(user=editor, data=WORKFORCE)
    client.force_login(make_user("la_viewer", la="330"))
    assert client.post(f"/priorities/{priority.pk}/delete/").status_code == 403
    client.force_login(make_user("la_editor", la="383"))
    assert client.post(f"/priorities/{priority.pk}/delete/").status_code == 404
    assert priority.__class__.objects.filter(pk=priority.pk).exists()


def test_a_priority_the_reader_may_see_is_named_by_its_title_others_neutrally(client, make_user):
    editor = make_user("la_editor", la="330")
    client.force_login(editor)
    shared = services.priority_create(user=editor, data={**WORKFORCE, "visibility": "oversight"})
    private = services.priority_create(
        user=editor, data={**WORKFORCE, "title": "Zqx close the children's home"}
    )
    for priority in (shared, private):
        client.post(f"/priorities/{priority.pk}/theme/", {"theme": "3", "version": priority.version})
    client.force_login(make_user("national_admin"))
    changes = _changes(client, record="priorities.priority")
    who = f"Birmingham&#39;s editor ({editor.email})"
    assert f"{who} changed the theme of &#39;Recruit experienced social workers&#39; from 1 to 3" in changes
    assert f"Journeys (the command line or an import) created Priority {private.pk} of Birmingham" in changes
    assert "Zqx" not in client.get("/accounts/audit-log/", {"format": "csv"}).content.decode()


def test_record_names_follow_what_each_reader_may_see(make_user):
    from journeys.accounts.presenters import audit_record_names, audit_sentence
    from journeys.authorities.models import LocalAuthority
    from journeys.workshops.models import Workshop, WorkshopContribution, WorkshopSeries

    editor = make_user("la_editor", la="330")
    shared = services.priority_create(user=editor, data={**WORKFORCE, "visibility": "oversight"})
    series = WorkshopSeries.objects.create(slug="wm-2027", title="West Midlands workshops 2027")
    workshop = Workshop.objects.create(series=series, slug="dudley", region="West Midlands", place="Dudley")
    draft = WorkshopContribution.objects.create(
        series=series,
        workshop=workshop,
        la=LocalAuthority.objects.get(old_la_code="330"),
        theme=1,
        priority="Grow our own social workers",
        status="draft",
    )
    created = LogEntry.objects.filter(action=LogEntry.Action.CREATE)
    priority_entry = created.get(content_type__model="priority", object_pk=str(shared.pk))
    draft_entry = created.get(content_type__model="workshopcontribution", object_pk=str(draft.pk))

    def named(viewer) -> tuple[str, str]:
        names = audit_record_names([priority_entry, draft_entry], viewer=viewer)
        return tuple(
            audit_sentence(e, name=names.get(e.pk)).split(" created ")[1]
            for e in (priority_entry, draft_entry)
        )

    neutral = (f"Priority {shared.pk} of Birmingham", "the workshop contribution Birmingham, theme 1")
    # The LA's editor and its region's coordinator read the shared priority and the draft.
    mine = ("'Recruit experienced social workers'", "'Grow our own social workers'")
    assert named(editor) == mine
    assert named(make_user("regional_coordinator", region="West Midlands")) == mine
    # A national admin reads the priority shared for oversight and, writing for any open
    # workshop, the draft; but not a private priority.
    assert named(make_user("national_admin")) == mine
    shared.visibility = "private"
    shared.save()
    assert named(make_user("national_admin")) == (neutral[0], mine[1])
    shared.visibility = "oversight"
    shared.save()
    # Another region's coordinator and another LA's editor read neither.
    assert named(make_user("regional_coordinator", region="North West")) == neutral
    assert named(make_user("la_editor", la="383")) == neutral
    draft.status = "published"
    draft.save()
    assert named(make_user("la_editor", la="383")) == (neutral[0], mine[1])  # published for anyone
