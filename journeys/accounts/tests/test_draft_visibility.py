"""What each role sees of self-evaluations: drafts only the LA's editors and viewers; elected
members, coordinators and admins only submitted ones (the latter two when shared)."""

import pytest
from django.urls import reverse

from journeys.accounts.services import api_token_create
from journeys.frameworks.selectors import framework_current
from journeys.improvement.services import (
    self_evaluation_create,
    self_evaluation_submit,
    self_evaluation_update,
)
from journeys.improvement.tests.conftest import complete_changes

pytestmark = pytest.mark.django_db
DRAFT_WORDS = "Zqxdraft notes not yet agreed"


@pytest.fixture
def records(make_user):
    """Birmingham's submitted self-evaluation (drafted twice first) and its next draft."""
    editor = make_user("la_editor", la="330")
    first = self_evaluation_create(user=editor)
    changes = complete_changes(framework_current())
    self_evaluation_update(
        evaluation_id=first.pk,
        user=editor,
        expected_version=1,
        changes={**changes, "notes": {"strategic_approach": DRAFT_WORDS}},
    )
    self_evaluation_update(
        evaluation_id=first.pk,
        user=editor,
        expected_version=2,
        changes={"notes": {"strategic_approach": "Agreed"}},
    )
    submitted = self_evaluation_submit(evaluation_id=first.pk, user=editor)
    draft = self_evaluation_create(user=editor, based_on=submitted)
    self_evaluation_update(
        evaluation_id=draft.pk,
        user=editor,
        expected_version=draft.version,
        changes={"notes": {"strategic_approach": DRAFT_WORDS}},
    )
    return submitted, draft


# role -> (sees the draft, sees the submitted self-evaluation)
ROLES = {
    ("la_editor", "330"): (True, True),
    ("la_viewer", "330"): (True, True),
    ("elected_member", "330"): (False, True),
    ("regional_coordinator", "West Midlands"): (False, True),
    ("national_admin", ""): (False, True),
    ("regional_coordinator", "North West"): (False, False),
    ("la_viewer", "331"): (False, False),
    ("elected_member", "331"): (False, False),
}


@pytest.mark.parametrize(("role", "where"), list(ROLES), ids=[f"{r} {w}" for r, w in ROLES])
def test_each_role_sees_the_drafts_and_submissions_the_rules_say(client, make_user, records, role, where):
    submitted, draft = records
    sees_draft, sees_submitted = ROLES[(role, where)]
    if role == "regional_coordinator":
        user = make_user(role, region=where)
    else:
        user = make_user(role, la=where or None)
    client.force_login(user)
    token = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}
    for record, seen in ((draft, sees_draft), (submitted, sees_submitted)):
        expected = 200 if seen else 404
        assert client.get(reverse("improvement:self-evaluation", args=[record.pk])).status_code == expected
        assert client.get(f"/api/v1/self-assessments/{record.pk}", **token).status_code == expected
    listing = client.get(reverse("improvement:self-evaluations", args=["330"])).content.decode()
    assert (f"Self-evaluation {draft.pk}<" in listing) == sees_draft
    assert (f"Self-evaluation {submitted.pk}<" in listing) == sees_submitted
    if sees_submitted:
        # The submitted record's history holds its drafts; only draft readers see them.
        drafted = submitted.history.get(version=2, status="draft").history_id
        history = client.get(
            reverse("improvement:self-evaluation-history", args=[submitted.pk]), {"a": drafted}
        ).content.decode()
        assert (DRAFT_WORDS in history) == sees_draft
        assert ("(draft)" in history) == sees_draft
