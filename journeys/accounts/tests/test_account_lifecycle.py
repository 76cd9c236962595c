"""Switching users off, password rules on every path, and API tokens that expire and can be revoked."""

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from journeys.accounts.models import ApiToken, User
from journeys.accounts.services import api_token_create, user_create, user_set_password

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
API = "/api/v1/priorities"


def api_status(client, token: str) -> int:
    return client.get(API, headers={"Authorization": f"Bearer {token}"}).status_code


def cli(capsys, *args) -> str:
    capsys.readouterr()
    call_command("users", *args)
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("123", "at least 12 characters"),
        ("123456789012345", "entirely numeric"),
        ("password1234", "too common"),
    ],
)
def test_cli_create_refuses_a_weak_password_with_exit_2_and_one_line(password, reason):
    with pytest.raises(CommandError) as refused:
        call_command(
            "users",
            "create",
            "--email",
            "weak@example.org",
            "--role",
            "national_admin",
            "--password",
            password,
        )
    assert refused.value.returncode == 2
    assert reason in str(refused.value) and "\n" not in str(refused.value)
    assert not User.objects.filter(email="weak@example.org").exists()


def test_every_way_of_setting_a_password_keeps_the_rules(make_user):
    user = make_user("la_viewer", la="330")
    with pytest.raises(ValidationError, match="at least 12"):
        user_create(email="short@example.org", role="national_admin", password="short")
    with pytest.raises(ValidationError, match="at least 12"):
        user_set_password(user=user, password="short")
    with pytest.raises(ValidationError, match="at least 12"):
        User.objects.create_superuser("super@example.org", "short")  # createsuperuser's path
    with pytest.raises(ValidationError, match="too similar"):
        user_set_password(user=user, password=user.email.upper())
    with pytest.raises(CommandError, match="at least 12") as refused:
        call_command("users", "password", user.email, "--password", "short")
    assert refused.value.returncode == 2
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_cli_sets_a_password_that_signs_in(client, make_user, capsys):
    user = make_user("la_viewer", la="330")
    assert "Password set" in cli(capsys, "password", user.email, "--password", "a much better passphrase")
    response = client.post(
        "/accounts/sign-in/", {"username": user.email, "password": "a much better passphrase"}
    )
    assert response.status_code == 302


def test_a_deactivated_user_can_neither_sign_in_nor_use_a_session_or_a_token(client, make_user, capsys):
    user = make_user("la_editor", la="330")
    token = api_token_create(user=user)
    signed_in = client.__class__()
    signed_in.force_login(user)
    assert signed_in.get("/priorities/").status_code == 200 and api_status(client, token) == 200

    assert "revoked 1 API token" in cli(capsys, "deactivate", user.email)

    response = client.post("/accounts/sign-in/", {"username": user.email, "password": PASSWORD})
    assert (
        response.status_code == 200
        and "Enter a correct email address and password" in response.content.decode()
    )
    assert signed_in.get("/priorities/").status_code == 302  # the session no longer counts
    assert api_status(client, token) == 401
    with pytest.raises(CommandError, match="switched off"):
        call_command("users", "token", user.email)


def test_tokens_expire_after_the_configured_days(client, make_user, settings):
    user = make_user("la_viewer", la="330")
    assert settings.API_TOKEN_DAYS == 90
    api_token_create(user=user)
    first = ApiToken.objects.get(user=user)
    assert first.expires_at - first.created_at == pytest.approx(timedelta(days=90), abs=timedelta(seconds=5))
    settings.API_TOKEN_DAYS = 7
    token = api_token_create(user=user)
    latest = ApiToken.objects.filter(user=user).first()
    assert latest.expires_at - latest.created_at == pytest.approx(timedelta(days=7), abs=timedelta(seconds=5))
    assert api_status(client, token) == 200
    ApiToken.objects.filter(pk=latest.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_status(client, token) == 401


def test_the_token_lifetime_comes_from_journeys_token_days():
    env = {**os.environ, "JOURNEYS_TOKEN_DAYS": "30"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    days = subprocess.run(
        [sys.executable, "-c", "from journeys.settings import base; print(base.API_TOKEN_DAYS)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert days == "30"


def test_tokens_are_listed_without_their_secrets_and_revoked_one_or_all(client, make_user, capsys):
    user = make_user("la_editor", la="330")
    tokens = [api_token_create(user=user) for _ in range(3)]
    ApiToken.objects.filter(prefix=tokens[2][:12]).update(expires_at=timezone.now() - timedelta(days=1))

    listed = cli(capsys, "tokens", user.email)
    for token in tokens:
        assert token[:12] in listed and token not in listed
    assert listed.count("live") == 2 and listed.count("expired") == 1

    assert "Revoked" in cli(capsys, "revoke", tokens[0][:12])
    assert api_status(client, tokens[0]) == 401 and api_status(client, tokens[1]) == 200
    as_json = json.loads(cli(capsys, "tokens", user.email, "--json"))
    assert {row["prefix"]: row["state"] for row in as_json} == {
        tokens[0][:12]: "revoked",
        tokens[1][:12]: "live",
        tokens[2][:12]: "expired",
    }

    assert "Revoked 2 API token(s)" in cli(
        capsys, "revoke", "--all", user.email
    )  # the live one and the expired one
    assert api_status(client, tokens[1]) == 401
    assert ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() == 0
    with pytest.raises(CommandError, match="no API token matches") as unknown:
        call_command("users", "revoke", "jrn_nosuchtok")
    assert unknown.value.returncode == 2


def test_a_whole_token_can_be_revoked_too(client, make_user, capsys):
    token = api_token_create(user=make_user("la_viewer", la="330"))
    cli(capsys, "revoke", token)
    assert api_status(client, token) == 401
