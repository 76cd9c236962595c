"""Self-evaluations: scope (404 for another LA), optimistic locking, submit, history, API."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from journeys.accounts.services import api_token_create
from journeys.frameworks.selectors import framework_current
from journeys.improvement.models import SelfEvaluation
from journeys.improvement.selectors import enabler_scores, self_evaluation_summary
from journeys.improvement.services import (
    DraftExists,
    InvalidChanges,
    NotEditable,
    StaleVersion,
    self_evaluation_create,
    self_evaluation_delete,
    self_evaluation_submit,
    self_evaluation_update,
)
from journeys.improvement.tests.conftest import complete_changes

pytestmark = pytest.mark.django_db
BIRMINGHAM, COVENTRY = "330", "331"


def api(client, user, method, path, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, f"/api/v1{path}", data=data, content_type="application/json", **headers)


@pytest.fixture
def editor(make_user):
    return make_user("la_editor", la=BIRMINGHAM)


@pytest.fixture
def draft(editor):
    return self_evaluation_create(user=editor)


def test_api_creates_a_draft_for_the_callers_la_and_only_one(client, editor):
    response = api(client, editor, "POST", "/self-assessments")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["la"] == BIRMINGHAM and body["status"] == "draft" and body["version"] == 1
    assert body["visibility"] == "private" and body["can_edit"]
    again = api(client, editor, "POST", "/self-assessments")
    assert again.status_code == 409 and again.json()["id"] == body["id"]


def test_viewers_and_members_cannot_start_one(client, make_user):
    viewer = make_user("la_viewer", la=BIRMINGHAM)
    assert api(client, viewer, "POST", "/self-assessments").status_code == 403


def test_another_las_viewer_gets_404_for_a_draft_on_api_and_pages(client, draft, make_user):
    outsider = make_user("la_viewer", la=COVENTRY)
    assert api(client, outsider, "GET", f"/self-assessments/{draft.pk}").status_code == 404
    assert api(client, outsider, "PUT", f"/self-assessments/{draft.pk}", {"version": 1}).status_code == 404
    assert api(client, outsider, "POST", f"/self-assessments/{draft.pk}/submit").status_code == 404
    client.force_login(outsider)
    for name in (
        "improvement:self-evaluation",
        "improvement:self-evaluation-questions",
        "improvement:self-evaluation-history",
    ):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404, name
    page = reverse("improvement:self-evaluation-enabler", args=[draft.pk, "strategic_approach"])
    assert client.get(page).status_code == 404
    assert client.post(page, {"version": 1}).status_code == 404


def test_a_coordinator_sees_a_draft_only_once_submitted(client, draft, editor, make_user):
    coordinator = make_user("regional_coordinator", region="West Midlands")
    other_region = make_user("regional_coordinator", region="Inner London")
    assert api(client, coordinator, "GET", f"/self-assessments/{draft.pk}").status_code == 404
    self_evaluation_update(
        evaluation_id=draft.pk, user=editor, expected_version=1, changes=complete_changes(framework_current())
    )
    self_evaluation_submit(evaluation_id=draft.pk, user=editor)
    seen = api(client, coordinator, "GET", f"/self-assessments/{draft.pk}")
    assert seen.status_code == 200 and seen.json()["status"] == "submitted" and not seen.json()["can_edit"]
    assert api(client, other_region, "GET", f"/self-assessments/{draft.pk}").status_code == 404


def test_own_la_viewer_reads_but_cannot_change(client, draft, make_user):
    viewer = make_user("la_viewer", la=BIRMINGHAM)
    assert api(client, viewer, "GET", f"/self-assessments/{draft.pk}").status_code == 200
    assert api(client, viewer, "PUT", f"/self-assessments/{draft.pk}", {"version": 1}).status_code == 403


def test_put_merges_checks_and_refuses_a_stale_version(client, draft, editor):
    framework = framework_current()
    first = framework.all_characteristics()[0][2].id
    saved = api(
        client,
        editor,
        "PUT",
        f"/self-assessments/{draft.pk}",
        {"version": 1, "ratings": {first: "partly"}, "notes": {"strategic_approach": "Audit 2026"}},
    )
    assert saved.status_code == 200 and saved.json()["version"] == 2
    assert saved.json()["ratings"] == {first: "partly"}
    stale = api(
        client, editor, "PUT", f"/self-assessments/{draft.pk}", {"version": 1, "ratings": {first: "fully"}}
    )
    assert stale.status_code == 409 and stale.json()["version"] == 2
    bad = api(
        client,
        editor,
        "PUT",
        f"/self-assessments/{draft.pk}",
        {"version": 2, "ratings": {"zz-zz-9": "fully", first: "great"}},
    )
    assert bad.status_code == 422 and len(bad.json()["problems"]) == 2
    assert SelfEvaluation.objects.get(pk=draft.pk).ratings == {first: "partly"}


def test_submit_needs_a_complete_self_evaluation_then_freezes_it(client, draft, editor):
    incomplete = api(client, editor, "POST", f"/self-assessments/{draft.pk}/submit")
    assert incomplete.status_code == 422 and any(
        "Strategic approach" in p for p in incomplete.json()["problems"]
    )
    changes = complete_changes(framework_current())
    api(client, editor, "PUT", f"/self-assessments/{draft.pk}", {"version": 1, **changes})
    submitted = api(
        client, editor, "POST", f"/self-assessments/{draft.pk}/submit", {"share_with_sector": True}
    )
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted" and submitted.json()["visibility"] == "sector"
    frozen = api(
        client,
        editor,
        "PUT",
        f"/self-assessments/{draft.pk}",
        {"version": 3, "notes": {"strategic_approach": "x"}},
    )
    assert frozen.status_code == 409
    # A new draft can start from it, carrying its answers.
    follow_on = api(client, editor, "POST", "/self-assessments", {"based_on": draft.pk})
    assert follow_on.status_code == 201 and follow_on.json()["ratings"] == changes["ratings"]


def test_second_of_two_editors_gets_an_error_summary_and_loses_nothing(client, draft, editor, make_user):
    colleague = make_user("la_editor", la=BIRMINGHAM)
    framework = framework_current()
    enabler = framework.enablers[0]
    statements = [c.id for s in framework.stages for c in framework.cell(s.id, enabler.id)]
    page = reverse("improvement:self-evaluation-enabler", args=[draft.pk, enabler.id])
    # Both open the page at version 1; the colleague saves first.
    client.force_login(colleague)
    first = client.post(page, {"version": 1, statements[0]: "fully", "notes": "Colleague's evidence"})
    assert first.status_code == 302
    client.force_login(editor)
    second = client.post(
        page, {"version": 1, statements[0]: "not_yet", statements[1]: "partly", "notes": "My evidence"}
    )
    assert second.status_code == 200
    soup = BeautifulSoup(second.content, "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None and "Someone else saved" in summary.get_text()
    # The second editor's input is still on the page, with the new version to save against.
    assert soup.select_one(f"input[name='{statements[0]}'][value='not_yet']").has_attr("checked")
    assert soup.select_one(f"input[name='{statements[1]}'][value='partly']").has_attr("checked")
    assert "My evidence" in soup.select_one("textarea[name='notes']").get_text()
    assert soup.select_one("input[name='version']")["value"] == "2"
    assert "What the other person changed" in second.content.decode()
    # The colleague's save is intact; saving again deliberately keeps the second editor's answers.
    record = SelfEvaluation.objects.get(pk=draft.pk)
    assert record.ratings[statements[0]] == "fully" and record.notes[enabler.id] == "Colleague's evidence"
    again = client.post(page, {"version": 2, statements[0]: "not_yet", "notes": "My evidence"})
    assert again.status_code == 302
    assert SelfEvaluation.objects.get(pk=draft.pk).ratings[statements[0]] == "not_yet"


def test_task_list_history_and_compare(client, draft, editor):
    framework = framework_current()
    first = framework.all_characteristics()[0][2]
    self_evaluation_update(
        evaluation_id=draft.pk, user=editor, expected_version=1, changes={"ratings": {first.id: "partly"}}
    )
    self_evaluation_update(
        evaluation_id=draft.pk, user=editor, expected_version=2, changes={"ratings": {first.id: "fully"}}
    )
    client.force_login(editor)
    overview = client.get(reverse("improvement:self-evaluation", args=[draft.pk])).content.decode()
    assert "govuk-task-list" in overview and "1 of 12 statements rated" in overview
    history = client.get(reverse("improvement:self-evaluation-history", args=[draft.pk]))
    soup = BeautifulSoup(history.content, "html.parser")
    assert "1 change between the two versions" in soup.get_text()
    changed = [row for row in soup.select("table tbody tr") if "Changed" in row.get_text()]
    assert (
        len(changed) == 1
        and "Partly in place" in changed[0].get_text()
        and "Fully in place" in changed[0].get_text()
    )
    # Only what changed is listed; everything is one link away.
    assert len(soup.select("table tbody tr")) == 1
    assert "No note or answer changed." in soup.get_text()
    everything = soup.find("a", string="Show everything, changed or not")["href"]
    full = BeautifulSoup(client.get(history.wsgi_request.path + everything).content, "html.parser")
    rows = full.select("table tbody tr")
    assert len(rows) > 12 and sum("Changed" in row.get_text() for row in rows) == 1
    assert full.find("a", string="Show only what changed") is not None


def test_services_refuse_stale_versions_and_second_drafts(draft, editor):
    self_evaluation_update(evaluation_id=draft.pk, user=editor, expected_version=1, changes={})
    with pytest.raises(StaleVersion):
        self_evaluation_update(evaluation_id=draft.pk, user=editor, expected_version=1, changes={})
    with pytest.raises(DraftExists):
        self_evaluation_create(user=editor)
    with pytest.raises(InvalidChanges):
        self_evaluation_update(
            evaluation_id=draft.pk, user=editor, expected_version=2, changes={"self_placed_stage": "nowhere"}
        )


def test_enabler_scores_count_stages_up_to_the_placed_one(draft, editor):
    framework = framework_current()
    ratings = {
        c.id: ("fully" if stage in ("before_starting_line", "poor_to_fair") else "not_yet")
        for stage, _, c in framework.all_characteristics()
    }
    self_evaluation_update(
        evaluation_id=draft.pk, user=editor, expected_version=1, changes={"ratings": ratings}
    )
    record = SelfEvaluation.objects.get(pk=draft.pk)
    assert set(enabler_scores(record, up_to_stage="poor_to_fair").values()) == {3.0}
    assert all(0 < s < 3 for s in enabler_scores(record).values())
    summary = self_evaluation_summary(record)
    assert summary.self_placed_stage is None and len(summary.enabler_ratings) == 7


def test_readers_cannot_post_to_the_editing_pages(client, draft, make_user):
    client.force_login(make_user("la_viewer", la=BIRMINGHAM))
    page = reverse("improvement:self-evaluation-enabler", args=[draft.pk, "strategic_approach"])
    assert client.get(page).status_code == 200
    assert client.post(page, {"version": 1}).status_code == 403
    assert client.post(reverse("improvement:self-evaluation", args=[draft.pk])).status_code == 405


def test_the_audit_log_records_the_workflow_not_the_private_content(draft, editor):
    from auditlog.models import LogEntry

    framework = framework_current()
    self_evaluation_update(
        evaluation_id=draft.pk,
        user=editor,
        expected_version=1,
        changes={"notes": {framework.enablers[0].id: "zqx private"}},
    )
    assert not any("zqx private" in str(entry.changes) for entry in LogEntry.objects.all())


def test_methodology_pages_say_when_there_is_no_evidence_to_test(client):
    response = client.get(reverse("improvement:methodology-early-warning"))
    assert response.status_code == 200 and b"Not tested yet" in response.content
    assert client.get(reverse("improvement:methodology-timescales")).status_code == 200


def test_an_editor_deletes_a_draft_after_confirming_and_the_audit_log_keeps_it(
    client, draft, editor, make_user
):
    from auditlog.models import LogEntry

    viewer = make_user("la_viewer", la="330")
    client.force_login(viewer)
    assert "Delete this draft" not in client.get(f"/self-evaluations/{draft.pk}/").content.decode()
    assert client.post(f"/self-evaluations/{draft.pk}/delete/").status_code == 403
    client.force_login(editor)
    assert "Delete this draft" in client.get(f"/self-evaluations/{draft.pk}/").content.decode()
    confirm = client.get(f"/self-evaluations/{draft.pk}/delete/").content.decode()
    assert "Are you sure you want to delete this draft self-evaluation?" in confirm
    response = client.post(f"/self-evaluations/{draft.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/local-authorities/330/self-evaluations/"
    assert not SelfEvaluation.objects.filter(pk=draft.pk).exists()
    deleted = LogEntry.objects.get(
        content_type__model="selfevaluation", object_pk=str(draft.pk), action=LogEntry.Action.DELETE
    )
    assert deleted.actor == editor


def test_a_submitted_self_evaluation_is_never_deleted(client, draft, editor):
    self_evaluation_update(
        evaluation_id=draft.pk, user=editor, expected_version=1, changes=complete_changes(framework_current())
    )
    self_evaluation_submit(evaluation_id=draft.pk, user=editor)
    client.force_login(editor)
    assert client.post(f"/self-evaluations/{draft.pk}/delete/").status_code == 403
    with pytest.raises(NotEditable):
        self_evaluation_delete(evaluation_id=draft.pk, user=editor)
    assert SelfEvaluation.objects.filter(pk=draft.pk).exists()
