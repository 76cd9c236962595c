"""Each enabler's evidence notes are limited to 5,000 characters, on the page and the API."""

import json

import pytest
from django.urls import reverse

from journeys.accounts.services import api_token_create
from journeys.improvement.models import NOTE_MAX_LENGTH
from journeys.improvement.services import self_evaluation_create

pytestmark = pytest.mark.django_db
HUGE = "x" * 4_000_000
MESSAGE = "Notes must be 5,000 characters or fewer"


@pytest.fixture
def editor(make_user):
    return make_user("la_editor", la="330")


@pytest.fixture
def draft(editor):
    return self_evaluation_create(user=editor)


def test_the_limit_is_5000_characters():
    assert NOTE_MAX_LENGTH == 5_000


def test_a_huge_note_on_the_page_is_refused_with_a_govuk_error(client, editor, draft):
    client.force_login(editor)
    page = reverse("improvement:self-evaluation-enabler", args=[draft.pk, "strategic_approach"])
    response = client.post(page, {"version": 1, "notes": HUGE})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and MESSAGE in html
    draft.refresh_from_db()
    assert draft.notes == {} and draft.version == 1
    at_limit = client.post(page, {"version": 1, "notes": "y" * NOTE_MAX_LENGTH})
    assert at_limit.status_code == 302
    draft.refresh_from_db()
    assert len(draft.notes["strategic_approach"]) == NOTE_MAX_LENGTH


def test_a_huge_note_through_the_api_is_a_422(client, editor, draft):
    response = client.put(
        f"/api/v1/self-assessments/{draft.pk}",
        json.dumps({"version": 1, "notes": {"strategic_approach": HUGE}}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token_create(user=editor)}"},
    )
    assert response.status_code == 422
    assert response.json()["problems"] == [f"notes.strategic_approach: {MESSAGE}"]
    draft.refresh_from_db()
    assert draft.notes == {} and draft.version == 1 and draft.history.count() == 1
