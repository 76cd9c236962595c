"""Each role's home page lists what it has to do, and only what it can do."""

import datetime

import pytest

from journeys.frameworks.selectors import framework_current
from journeys.improvement.services import (
    self_evaluation_create,
    self_evaluation_submit,
    self_evaluation_update,
)
from journeys.improvement.tests.conftest import complete_changes
from journeys.priorities import services as priorities

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def birmingham(make_user):
    """Birmingham's people, with a submitted self-evaluation, a draft and two priorities."""
    editor = make_user("la_editor", la="330")
    submitted = self_evaluation_create(user=editor)
    self_evaluation_update(
        evaluation_id=submitted.pk,
        user=editor,
        expected_version=1,
        changes=complete_changes(framework_current()),
    )
    self_evaluation_submit(evaluation_id=submitted.pk, user=editor)
    draft = self_evaluation_create(user=editor, based_on=submitted)
    base = {"issue": "Agency reliance is high.", "status": "in_progress", "visibility": "private"}
    due = priorities.priority_create(
        user=editor, data={**base, "title": "Recruit experienced social workers", "review_on": TODAY}
    )
    undated = priorities.priority_create(
        user=editor, data={**base, "title": "Strengthen scrutiny by members"}
    )
    return {
        "editor": editor,
        "viewer": make_user("la_viewer", la="330"),
        "member": make_user("elected_member", la="330"),
        "coordinator": make_user("regional_coordinator", region="West Midlands"),
        "other coordinator": make_user("regional_coordinator", region="North West"),
        "admin": make_user("national_admin"),
        "draft": draft,
        "submitted": submitted,
        "due": due,
        "undated": undated,
    }


def _tasks(client, user) -> list[str]:
    client.force_login(user)
    html = client.get("/").content.decode()
    start = html.index("What needs doing")
    section = html[start : html.index("</ul>", start)] if "app-tasks" in html else ""
    return [part.split("</a>")[0].split(">")[-1] for part in section.split("<li>")[1:]]


def test_an_editor_is_asked_to_continue_the_draft_and_review_priorities(client, birmingham):
    assert _tasks(client, birmingham["editor"]) == [
        "Continue the draft self-evaluation",
        "Review ‘Recruit experienced social workers’",
        "Set a review date for ‘Strengthen scrutiny by members’",
    ]
    html = client.get("/").content.decode()
    assert f'href="/self-evaluations/{birmingham["draft"].pk}/"' in html
    assert "Birmingham at a glance" in html and "Stage of the improvement journey" in html


def test_a_viewer_reads_the_draft_and_is_never_offered_a_change(client, birmingham):
    tasks = _tasks(client, birmingham["viewer"])
    assert tasks == ["Read the draft self-evaluation", "Read ‘Recruit experienced social workers’"]


def test_an_elected_member_reads_what_was_submitted_and_the_briefing(client, birmingham):
    assert _tasks(client, birmingham["member"]) == [
        "Read the self-evaluation Birmingham submitted",
        "Read ‘Recruit experienced social workers’",
        "Read the members&#x27; briefing for Birmingham",
    ]
    assert (
        "draft" not in client.get("/").content.decode().lower().split("what needs doing")[1].split("</ul>")[0]
    )


def test_a_coordinator_reads_their_regions_submissions_and_plans_workshops(client, birmingham):
    assert _tasks(client, birmingham["coordinator"]) == [
        "Read Birmingham&#x27;s self-evaluation",
        "Plan a workshop",
    ]
    html = client.get("/").content.decode()
    assert "West Midlands at a glance" in html
    assert _tasks(client, birmingham["other coordinator"]) == ["Plan a workshop"]


def test_a_national_admin_reads_submissions_and_the_audit_log(client, birmingham):
    assert _tasks(client, birmingham["admin"]) == [
        "Read Birmingham&#x27;s self-evaluation",
        "Plan a workshop",
        "Check the audit log",
    ]


def test_signed_out_the_home_page_introduces_the_service(client):
    html = client.get("/").content.decode()
    assert "Improving local children's services together" in html and "What needs doing" not in html


@pytest.mark.parametrize(
    ("role", "offered"), [("editor", "Continue the draft"), ("viewer", "Read the draft")]
)
def test_the_self_evaluations_page_offers_a_draft_only_as_the_role_can_use_it(
    client, birmingham, role, offered
):
    client.force_login(birmingham[role])
    html = client.get("/local-authorities/330/self-evaluations/").content.decode()
    assert f"{offered} self-evaluation" in html
    assert ("Continue the draft" in html) == (role == "editor")
