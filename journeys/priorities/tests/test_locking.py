"""Optimistic locking of priorities: a change made from a stale copy is refused, on the API (409)
and on the page (a GOV.UK error that keeps the editor's answers)."""

import json

import pytest
from django.urls import reverse

from journeys.accounts.services import api_token_create
from journeys.authorities.models import LocalAuthority
from journeys.priorities.models import Priority

pytestmark = pytest.mark.django_db
STALE = "Someone else changed this priority after you opened this page"


@pytest.fixture
def editor(make_user):
    return make_user("la_editor", la="330")


@pytest.fixture
def priority():
    return Priority.objects.create(
        la=LocalAuthority.objects.get(old_la_code="330"),
        title="Stabilise the workforce",
        issue="Too many agency staff.",
        theme=2,
        classified_theme=2,
        theme_confidence=0.5,
        theme_method="tfidf",
    )


def api(client, method, url, body, user):
    return getattr(client, method)(
        url,
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token_create(user=user)}"},
    )


def test_a_stale_api_patch_or_theme_answers_409_and_changes_nothing(client, editor, priority):
    url = f"/api/v1/priorities/{priority.pk}"
    first = api(client, "patch", url, {"version": 1, "learning": "Stay interviews help."}, editor)
    assert first.status_code == 200 and first.json()["version"] == 2
    second = api(client, "patch", url, {"version": 1, "learning": "Written over?"}, editor)
    assert second.status_code == 409
    assert second.json()["version"] == 2 and "Someone else changed this priority" in second.json()["detail"]
    theme = api(client, "put", f"{url}/theme", {"version": 1, "theme": 5}, editor)
    assert theme.status_code == 409
    priority.refresh_from_db()
    assert (priority.learning, priority.theme, priority.version) == ("Stay interviews help.", 2, 2)
    assert api(client, "patch", url, {"learning": "No version"}, editor).status_code == 422


def test_a_stale_edit_page_shows_a_govuk_error_and_keeps_the_answers(client, editor, priority):
    client.force_login(editor)
    url = reverse("priorities:edit", args=[priority.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    form = {
        "title": "Stabilise the workforce",
        "issue": "Too many agency staff.",
        "status": "in_progress",
        "visibility": "private",
        "learning": "My change",
    }
    Priority.objects.filter(pk=priority.pk).update(learning="Their change", version=2)  # someone else saved

    response = client.post(url, {**form, "version": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and STALE in html and "<title>Error:" in html
    assert "My change" in html and 'name="version" value="2"' in html
    priority.refresh_from_db()
    assert priority.learning == "Their change"

    assert client.post(url, {**form, "version": "2"}).status_code == 302  # a deliberate second save
    priority.refresh_from_db()
    assert (priority.learning, priority.version) == ("My change", 3)


def test_a_stale_theme_change_or_restore_shows_a_govuk_error(client, editor, priority):
    client.force_login(editor)
    url = reverse("priorities:theme", args=[priority.pk])
    assert client.post(url, {"theme": "4", "version": "1"}).status_code == 302
    for stale in ({"theme": "5", "version": "1"}, {"restore": "1", "version": "1"}, {"restore": "1"}):
        response = client.post(url, stale)
        assert response.status_code == 200 and STALE in response.content.decode(), stale
    priority.refresh_from_db()
    assert (priority.theme, priority.version) == (4, 2)
    assert client.post(url, {"restore": "1", "version": "2"}).status_code == 302
    priority.refresh_from_db()
    assert (priority.theme, priority.version) == (2, 3)
