"""Request size limits: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused, never processed.

Journeys takes no file uploads (evidence comes in through `journeys import`, which refuses
files over 50 MB: see test_bad_files.py), so the body limit covers every form and API write.
"""

import pytest
from django.conf import settings
from django.test import Client

from journeys.accounts.services import api_token_create

pytestmark = pytest.mark.django_db

OVERSIZED = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024


def api_writes(client) -> list[tuple[str, str]]:
    """Every API operation that takes a request body, with its path parameters filled by '1'."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    found = []
    for path, operations in paths.items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                filled = "/".join("1" if part.startswith("{") else part for part in path.split("/"))
                found.append((method.upper(), filled))
    return found


def test_the_limit_is_set():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024


def test_an_oversized_form_submission_is_refused_with_400():
    response = Client().post("/accounts/sign-in/", {"username": "a@example.org", "password": "x" * OVERSIZED})
    assert response.status_code == 400


def test_an_oversized_api_body_is_refused_on_every_write(make_user):
    client = Client()
    token = api_token_create(user=make_user("la_editor", la="330"))
    writes = api_writes(client)
    body = '{"padding": "' + "x" * OVERSIZED + '"}'
    answers = {
        f"{method} {path}": client.generic(
            method, path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        ).status_code
        for method, path in writes
    }
    # 404 is fine where the placeholder id names nothing: the body was never read as data.
    assert all(status in {400, 404, 413} for status in answers.values()), answers
