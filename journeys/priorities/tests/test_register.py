"""The priority register: editors write, scope decides who reads, overrides are kept and audited."""

import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from journeys.accounts.services import api_token_create
from journeys.priorities import services
from journeys.priorities.models import Priority

pytestmark = pytest.mark.django_db

WORKFORCE = {
    "title": "Recruit and keep permanent social workers",
    "issue": "Too many frontline posts are filled by agency staff.",
    "status": "in_progress",
    "visibility": "private",
}


@pytest.fixture
def editor(make_user):
    return make_user("la_editor", la="330")


@pytest.fixture
def private_priority(editor):
    return services.priority_create(user=editor, data=WORKFORCE)


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}


def test_create_themes_the_priority_with_a_confidence(private_priority):
    assert private_priority.theme == private_priority.classified_theme == 1
    assert 0 < private_priority.theme_confidence <= 1
    assert private_priority.theme_method in {"embedding", "tfidf"}
    assert private_priority.visibility == "private"


def test_editor_adds_a_priority_through_the_form(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("priorities:create"),
        {
            **WORKFORCE,
            "title": "Strengthen political scrutiny of children's services",
            "issue": "Scrutiny rarely challenges.",
        },
    )
    priority = Priority.objects.get(la=editor.la)
    assert response.status_code == 302 and response["Location"] == reverse(
        "priorities:detail", args=[priority.pk]
    )
    assert priority.theme == 4
    page = client.get(response["Location"]).content.decode()
    assert "Suggested by Journeys" in page and "4. Effective scrutiny" in page


def test_form_errors_are_summarised(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("priorities:create"),
        {
            "status": "in_progress",
            "visibility": "private",
            "review_on_0": "1",
            "review_on_1": "13",
            "review_on_2": "2026",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "Enter the priority" in page and "Enter the issue" in page
    assert "<title>Error:" in page
    assert not Priority.objects.exists()


@pytest.mark.parametrize("role", ["la_viewer", "elected_member", "regional_coordinator", "national_admin"])
def test_only_la_editors_write(client, make_user, private_priority, role):
    user = make_user(
        role,
        la="330" if role.startswith(("la_", "elected")) else None,
        region="West Midlands" if role == "regional_coordinator" else "",
    )
    client.force_login(user)
    assert client.get(reverse("priorities:create")).status_code == 403
    assert client.post(reverse("priorities:create"), WORKFORCE).status_code == 403
    # Viewers of the same LA may read it but not change it; others do not see a private record at all.
    edit = client.post(reverse("priorities:edit", args=[private_priority.pk]), WORKFORCE).status_code
    assert edit == (403 if user.la_id == private_priority.la_id else 404)
    api = client.post(
        "/api/v1/priorities", json.dumps(WORKFORCE), content_type="application/json", **_bearer(user)
    )
    assert api.status_code == 403
    assert not Priority.objects.exclude(pk=private_priority.pk).exists()


def test_another_las_unshared_priority_answers_404_on_pages_and_api(client, make_user, private_priority):
    other = make_user("la_editor", la="352")  # Manchester
    client.force_login(other)
    for name in ("detail", "edit", "theme"):
        assert client.get(reverse(f"priorities:{name}", args=[private_priority.pk])).status_code == 404
    headers = _bearer(other)
    assert client.get(f"/api/v1/priorities/{private_priority.pk}", **headers).status_code == 404
    assert (
        client.patch(
            f"/api/v1/priorities/{private_priority.pk}",
            '{"version": 1}',
            content_type="application/json",
            **headers,
        ).status_code
        == 404
    )
    assert (
        client.put(
            f"/api/v1/priorities/{private_priority.pk}/theme",
            '{"version": 1, "theme": 2}',
            content_type="application/json",
            **headers,
        ).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/priorities/peers/330?priority={private_priority.pk}", **headers).status_code
        == 404
    )
    listed = client.get("/api/v1/priorities", **headers).json()
    assert private_priority.pk not in [p["id"] for p in listed]
    assert private_priority.title not in client.get(reverse("priorities:list")).content.decode()


def test_shared_priority_is_readable_by_other_las_but_not_editable(client, make_user, editor):
    shared = services.priority_create(user=editor, data={**WORKFORCE, "visibility": "sector"})
    other = make_user("la_editor", la="352")
    client.force_login(other)
    assert client.get(reverse("priorities:detail", args=[shared.pk])).status_code == 200
    assert client.get(reverse("priorities:edit", args=[shared.pk])).status_code == 403
    assert client.get(f"/api/v1/priorities/{shared.pk}", **_bearer(other)).status_code == 200


def test_anonymous_callers_sign_in_first(client, private_priority):
    assert client.get(reverse("priorities:list")).status_code == 302
    assert client.get(reverse("priorities:detail", args=[private_priority.pk])).status_code == 302
    assert client.get("/api/v1/priorities").status_code == 401


def test_override_is_kept_through_edits_and_audited(client, editor, private_priority):
    client.force_login(editor)
    response = client.post(
        reverse("priorities:theme", args=[private_priority.pk]), {"theme": "3", "version": "1"}
    )
    assert response.status_code == 302
    private_priority.refresh_from_db()
    assert private_priority.theme == 3 and private_priority.classified_theme == 1
    assert private_priority.theme_overridden_by == editor and private_priority.theme_is_overridden

    # Editing the text re-classifies, but the person's choice stands.
    client.post(
        reverse("priorities:edit", args=[private_priority.pk]),
        {
            **WORKFORCE,
            "title": "Strengthen political scrutiny",
            "issue": "Members rarely challenge.",
            "version": "2",
        },
    )
    private_priority.refresh_from_db()
    assert private_priority.classified_theme == 4 and private_priority.theme == 3

    entries = LogEntry.objects.get_for_object(private_priority)
    override = [e for e in entries if "theme" in e.changes_dict and e.changes_dict["theme"][1] == "3"]
    assert override and override[0].actor == editor
    page = client.get(reverse("priorities:detail", args=[private_priority.pk])).content.decode()
    assert f"Chosen by {editor.email}" in page

    client.post(reverse("priorities:theme", args=[private_priority.pk]), {"restore": "1", "version": "3"})
    private_priority.refresh_from_db()
    assert private_priority.theme == 4 and not private_priority.theme_is_overridden


def test_api_create_get_update_and_override(client, editor):
    headers = _bearer(editor)
    created = client.post(
        "/api/v1/priorities", json.dumps(WORKFORCE), content_type="application/json", **headers
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["theme"] == 1 and body["la"]["old_la_code"] == "330" and body["demonstration"] is False
    pk = body["id"]
    assert client.get(f"/api/v1/priorities/{pk}", **headers).json()["title"] == WORKFORCE["title"]
    patched = client.patch(
        f"/api/v1/priorities/{pk}",
        '{"version": 1, "visibility": "sector", "learning": "Stay interviews help."}',
        content_type="application/json",
        **headers,
    )
    assert patched.status_code == 200 and patched.json()["visibility"] == "sector"
    bad = client.patch(
        f"/api/v1/priorities/{pk}",
        '{"version": 2, "started_on": "2026-05-01", "review_on": "2026-01-01"}',
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422 and "review_on" in bad.json()["problems"]
    overridden = client.put(
        f"/api/v1/priorities/{pk}/theme",
        '{"version": 2, "theme": 5}',
        content_type="application/json",
        **headers,
    )
    assert overridden.json()["theme"] == 5 and overridden.json()["theme_overridden"] is True
    assert (
        client.put(
            f"/api/v1/priorities/{pk}/theme",
            '{"version": 3, "theme": 6}',
            content_type="application/json",
            **headers,
        ).status_code
        == 422
    )


def test_list_page_shows_own_and_shared_priorities_and_downloads(client, editor, private_priority, make_user):
    other_editor = make_user("la_editor", la="352")
    services.priority_create(
        user=other_editor, data={**WORKFORCE, "title": "Shared by Manchester", "visibility": "sector"}
    )
    services.priority_create(user=other_editor, data={**WORKFORCE, "title": "Kept by Manchester"})
    client.force_login(editor)
    page = client.get(reverse("priorities:list")).content.decode()
    assert (
        private_priority.title in page and "Shared by Manchester" in page and "Kept by Manchester" not in page
    )
    csv = client.get(reverse("priorities:list") + "?format=csv").content.decode()
    assert "Shared by Manchester" in csv and "Kept by Manchester" not in csv
