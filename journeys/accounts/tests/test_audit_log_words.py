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
