"""Signing in, lockout, roles, API tokens and the audit log."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from journeys.accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def test_production_settings_hash_passwords_with_argon2():
    from journeys.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_sign_in_with_email_and_password(client, make_user):
    user = make_user("la_viewer", la="330")
    response = client.post("/accounts/sign-in/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "Signed in as" in client.get("/").content.decode()


def test_wrong_password_shows_a_govuk_error_summary(client, make_user):
    user = make_user("la_viewer", la="330")
    html = client.post("/accounts/sign-in/", {"username": user.email, "password": "wrong"}).content.decode()
    assert "govuk-error-summary" in html and "Enter a correct email address and password" in html
    assert "<title>Error: Sign in" in html


def test_five_failures_lock_the_account_even_for_the_right_password(client, make_user):
    user = make_user("la_viewer", la="330")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/sign-in/", {"username": user.email, "password": "wrong"})
    response = client.post("/accounts/sign-in/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()


def test_sign_out_is_a_post_after_a_confirmation_page(client, make_user):
    user = make_user("la_viewer", la="330")
    client.force_login(user)
    assert "Sign out of Journeys" in client.get("/accounts/sign-out/").content.decode()
    client.post("/accounts/sign-out/")
    assert "Signed in as" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("role", "la", "region", "field"),
    [
        ("la_editor", None, "", "la"),
        ("elected_member", None, "", "la"),
        ("regional_coordinator", None, "", "region"),
        ("national_admin", "330", "", "la"),
        ("la_viewer", "330", "West Midlands", "region"),
    ],
)
def test_roles_need_exactly_their_la_or_region(make_user, role, la, region, field):
    with pytest.raises(ValidationError) as invalid:
        make_user(role, la=la, region=region)
    assert field in invalid.value.message_dict


def test_cli_creates_users_and_issues_a_token_printed_alone_on_the_last_line(client, capsys):
    call_command("users", "create", "--email", "Editor@Example.org", "--role", "la_editor", "--la", "330")
    user = User.objects.get(email="editor@example.org")
    assert (user.role, user.la.old_la_code) == ("la_editor", "330")
    capsys.readouterr()
    call_command("users", "token", "editor@example.org")
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("jrn_") and " " not in token
    response = client.get("/api/v1/local-authorities/330", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_cli_rejects_a_role_without_its_la():
    with pytest.raises(CommandError, match="la") as error:
        call_command("users", "create", "--email", "x@example.org", "--role", "la_editor")
    assert error.value.returncode == 2


def test_audit_log_records_changes_and_only_admins_see_it(client, make_user):
    admin = make_user("national_admin")
    viewer = make_user("la_viewer", la="330")
    viewer.name = "Renamed Person"
    viewer.save()
    client.force_login(viewer)
    assert client.get("/accounts/audit-log/").status_code == 403
    client.force_login(admin)
    html = client.get("/accounts/audit-log/").content.decode()
    assert viewer.email in html and "Renamed Person" in html
    client.logout()
    assert client.get("/accounts/audit-log/").status_code == 302
