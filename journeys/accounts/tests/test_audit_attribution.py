"""The audit log names the person behind every change, whether made on a page or with a token."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from journeys.accounts.services import api_token_create
from journeys.authorities.models import LocalAuthority
from journeys.priorities.models import Priority

pytestmark = pytest.mark.django_db


@pytest.fixture
def priority():
    return Priority.objects.create(
        la=LocalAuthority.objects.get(old_la_code="330"),
        title="Reduce reliance on agency social workers",
        issue="Too many agency staff",
        theme=2,
        classified_theme=2,
        theme_confidence=0.5,
        theme_method="tfidf",
    )


def latest_change(record) -> LogEntry:
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(record), object_pk=str(record.pk)
        )
        .order_by("-timestamp", "-pk")
        .first()
    )


def test_a_page_write_is_logged_against_the_signed_in_editor(client, make_user, priority):
    editor = make_user("la_editor", la="330")
    client.force_login(editor)
    response = client.post(f"/priorities/{priority.pk}/theme/", {"theme": "4", "version": "1"})
    assert response.status_code == 302
    entry = latest_change(priority)
    assert entry.changes_dict["theme"] == ["2", "4"]
    assert entry.actor == editor


def test_a_token_write_is_logged_against_the_token_user(client, make_user, priority):
    editor = make_user("la_editor", la="330")
    token = api_token_create(user=editor)
    response = client.put(
        f"/api/v1/priorities/{priority.pk}/theme",
        {"theme": 5, "version": 1},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.content
    entry = latest_change(priority)
    assert entry.changes_dict["theme"] == ["2", "5"]
    assert entry.actor == editor

    response = client.post(
        "/api/v1/self-assessments",
        {},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.content
    created = LogEntry.objects.filter(action=LogEntry.Action.CREATE).order_by("-pk").first()
    assert created.object_pk == str(response.json()["id"]) and created.actor == editor


def test_the_audit_log_page_names_the_token_user(client, make_user, priority):
    editor = make_user("la_editor", la="330")
    client.put(
        f"/api/v1/priorities/{priority.pk}/theme",
        {"theme": 3, "version": 1},
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token_create(user=editor)}"},
    )
    client.force_login(make_user("national_admin"))
    html = client.get("/accounts/audit-log/").content.decode()
    row = next(line for line in html.split("<tr") if f"Priority {priority.pk} of" in line)
    assert editor.email in row and "command line" not in row


def test_pages_do_not_take_bearer_tokens(client, make_user):
    token = api_token_create(user=make_user("la_editor", la="330"))
    response = client.get("/priorities/", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
