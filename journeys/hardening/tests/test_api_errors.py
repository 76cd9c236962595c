"""API errors are JSON problems: bad input is a 422 naming the field, and an unexpected failure is
a logged 500 with a JSON body, never Django's HTML error page."""

import json
import logging

import pytest
from django.test import Client

from journeys.accounts.services import api_token_create
from journeys.priorities import api as priorities_api
from journeys.priorities.models import Priority

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_user):
    return make_user("la_editor", la="330")


@pytest.fixture
def priority(editor):
    return Priority.objects.create(
        la=editor.la,
        title="Stabilise the workforce",
        issue="Agency staff",
        theme=2,
        classified_theme=2,
        theme_confidence=0.5,
        theme_method="tfidf",
    )


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user)}"}


@pytest.mark.parametrize("field", ["title", "issue", "actions", "learning"])
def test_a_nul_character_in_a_priority_patch_is_a_422(client, editor, priority, field):
    """PostgreSQL text cannot hold NUL: the patch is refused before it reaches the database."""
    response = client.patch(
        f"/api/v1/priorities/{priority.pk}",
        json.dumps({"version": priority.version, field: "before\x00after"}),
        content_type="application/json",
        headers=bearer(editor),
    )
    assert response.status_code == 422, response.content
    assert field in response.json()["detail"] and "NUL" in response.json()["detail"]
    priority.refresh_from_db()
    assert "\x00" not in getattr(priority, field)


def test_null_clears_a_priority_s_optional_text_instead_of_failing(client, editor, priority):
    Priority.objects.filter(pk=priority.pk).update(actions="Recruit", learning="Keep")
    response = client.patch(
        f"/api/v1/priorities/{priority.pk}",
        json.dumps({"version": 1, "actions": None, "learning": None, "stage": None}),
        content_type="application/json",
        headers=bearer(editor),
    )
    assert response.status_code == 200, response.content
    assert (response.json()["actions"], response.json()["learning"], response.json()["stage"]) == (
        "",
        "",
        None,
    )


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_failure_is_a_logged_json_500(settings, monkeypatch, editor, priority, caplog, debug):
    settings.DEBUG = debug

    def fails(**kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(priorities_api, "priority_get", fails)
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR):
        response = client.get(f"/api/v1/priorities/{priority.pk}", headers=bearer(editor))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Sorry, there is a problem with the service. Try again later."}
    assert "the disk is on fire" in caplog.text  # the traceback is in the log, not the answer
