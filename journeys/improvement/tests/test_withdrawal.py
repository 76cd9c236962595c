"""Withdrawing a submitted self-evaluation: kept and marked, no longer the LA's latest anywhere."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from journeys.accounts import permissions
from journeys.accounts.services import api_token_create
from journeys.frameworks.selectors import framework_current
from journeys.improvement.models import SelfEvaluation
from journeys.improvement.selectors import self_evaluation_latest_submitted, self_evaluation_versions
from journeys.improvement.services import (
    NotEditable,
    self_evaluation_create,
    self_evaluation_submit,
    self_evaluation_update,
    self_evaluation_withdraw,
)
from journeys.improvement.tests.conftest import complete_changes

pytestmark = pytest.mark.django_db
BIRMINGHAM, MANCHESTER = "330", "352"


@pytest.fixture
def editor(make_user):
    return make_user("la_editor", la=BIRMINGHAM)


def submit_one(editor, *, rating="mostly") -> SelfEvaluation:
    draft = self_evaluation_create(user=editor)
    self_evaluation_update(
        evaluation_id=draft.pk,
        user=editor,
        expected_version=draft.version,
        changes=complete_changes(framework_current(), rating=rating),
    )
    return self_evaluation_submit(evaluation_id=draft.pk, user=editor)


@pytest.fixture
def submitted(editor):
    return submit_one(editor)


def test_withdrawing_keeps_it_marked_with_who_when_and_why(submitted, editor):
    withdrawn = self_evaluation_withdraw(evaluation_id=submitted.pk, user=editor, reason="  Wrong year  ")
    withdrawn.refresh_from_db()
    assert withdrawn.status == "withdrawn" and withdrawn.is_withdrawn and not withdrawn.is_submitted
    assert withdrawn.withdrawn_by == editor and withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawal_reason == "Wrong year"
    assert withdrawn.submitted_at == submitted.submitted_at and withdrawn.ratings == submitted.ratings
    assert withdrawn.visibility == "oversight"  # still read by those who read it before
    with pytest.raises(NotEditable):
        self_evaluation_withdraw(evaluation_id=submitted.pk, user=editor)


def test_a_withdrawn_one_no_longer_counts_as_the_las_latest(submitted, editor, make_user):
    earlier = submitted
    later = submit_one(editor, rating="fully")
    coordinator = make_user("regional_coordinator", region="West Midlands")
    la = earlier.la
    assert self_evaluation_latest_submitted(la=la) == later
    self_evaluation_withdraw(evaluation_id=later.pk, user=editor)
    for user in (None, editor, coordinator):
        assert self_evaluation_latest_submitted(la=la, user=user) == earlier
    assert list(permissions.submitted_self_evaluations_for_aggregates(SelfEvaluation)) == [earlier]
    self_evaluation_withdraw(evaluation_id=earlier.pk, user=editor)
    assert self_evaluation_latest_submitted(la=la) is None


def test_the_journey_and_the_api_stop_using_it(client, submitted, editor):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=editor)}"}
    journey = f"/api/v1/local-authorities/{BIRMINGHAM}/journey"
    assert client.get(journey, **headers).json()["self_evaluation_used"] is True
    self_evaluation_withdraw(evaluation_id=submitted.pk, user=editor, reason="Superseded")
    assert client.get(journey, **headers).json()["self_evaluation_used"] is False
    body = client.get(f"/api/v1/self-assessments/{submitted.pk}", **headers).json()
    assert body["status"] == "withdrawn" and body["withdrawal_reason"] == "Superseded"
    assert body["withdrawn_at"] is not None and body["can_edit"] is False


def test_only_the_las_editors_withdraw_and_only_a_submitted_one(submitted, editor, make_user):
    for role, where in (
        ("la_viewer", {"la": BIRMINGHAM}),
        ("elected_member", {"la": BIRMINGHAM}),
        ("regional_coordinator", {"region": "West Midlands"}),
        ("national_admin", {}),
        ("la_editor", {"la": MANCHESTER}),
    ):
        other = make_user(role, **where)
        assert not permissions.can_withdraw_self_evaluation(other, submitted)
        with pytest.raises((SelfEvaluation.DoesNotExist, NotEditable, PermissionDenied)):
            self_evaluation_withdraw(evaluation_id=submitted.pk, user=other)
    assert permissions.can_withdraw_self_evaluation(editor, submitted)
    draft = self_evaluation_create(user=editor)
    assert not permissions.can_withdraw_self_evaluation(editor, draft)
    with pytest.raises(NotEditable):
        self_evaluation_withdraw(evaluation_id=draft.pk, user=editor)
    assert SelfEvaluation.objects.get(pk=submitted.pk).status == "submitted"


def test_an_editor_confirms_then_its_readers_see_it_withdrawn(client, submitted, editor, make_user):
    page = f"/self-evaluations/{submitted.pk}/"
    withdraw = f"/self-evaluations/{submitted.pk}/withdraw/"
    viewer = make_user("la_viewer", la=BIRMINGHAM)
    client.force_login(viewer)
    assert "Withdraw this self-evaluation" not in client.get(page).content.decode()
    assert client.get(withdraw).status_code == 403
    client.force_login(make_user("la_editor", la=MANCHESTER))
    assert client.get(withdraw).status_code == 404
    assert client.post(withdraw).status_code == 404
    client.logout()
    assert client.get(withdraw)["Location"].startswith("/accounts/sign-in/")

    client.force_login(editor)
    assert "Withdraw this self-evaluation" in client.get(page).content.decode()
    confirm = client.get(withdraw).content.decode()
    assert "Are you sure you want to withdraw the self-evaluation submitted on" in confirm
    assert "govuk-button--warning" in confirm
    too_long = client.post(withdraw, {"reason": "x" * 1001}).content.decode()
    assert "The reason must be 1,000 characters or fewer" in too_long
    assert SelfEvaluation.objects.get(pk=submitted.pk).status == "submitted"
    response = client.post(withdraw, {"reason": "Rated against the wrong year"})
    assert response.status_code == 302 and response["Location"] == page
    shown = client.get(page).content.decode()
    assert "Withdrawn self-evaluation" in shown and "Rated against the wrong year" in shown
    assert "Withdraw this self-evaluation" not in shown
    assert client.get(withdraw).status_code == 403

    coordinator = make_user("regional_coordinator", region="West Midlands")
    client.force_login(coordinator)
    read = client.get(page).content.decode()
    assert "Withdrawn self-evaluation" in read and f"by {editor.email}" in read
    history = client.get(f"{page}history/").content.decode()
    assert "Withdrawn" in history and "(withdrawn)" in history
    versions = self_evaluation_versions(submitted, user=coordinator)
    assert [v.status for v in versions] == ["withdrawn", "submitted"]
    listing = client.get(f"/local-authorities/{BIRMINGHAM}/self-evaluations/").content.decode()
    assert "Withdrawn" in listing


def test_the_audit_log_records_the_withdrawal_but_not_the_reason(client, submitted, editor):
    client.force_login(editor)
    client.post(f"/self-evaluations/{submitted.pk}/withdraw/", {"reason": "zqx private reason"})
    entry = LogEntry.objects.filter(object_pk=str(submitted.pk)).order_by("-timestamp", "-pk").first()
    assert entry.actor == editor
    assert entry.changes["status"] == ["submitted", "withdrawn"]
    assert not any("zqx" in str(e.changes) for e in LogEntry.objects.all())
