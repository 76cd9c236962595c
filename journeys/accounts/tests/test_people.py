"""Who may invite and manage whom, on the People pages: national admins anyone, coordinators their
region, an LA's editors their own LA; nobody themselves; anyone else answers 404."""

import pytest
from django_tasks_db.models import DBTaskResult

from journeys.accounts import permissions
from journeys.accounts.models import Role, User
from journeys.authorities.models import LocalAuthority

pytestmark = pytest.mark.django_db
BIRMINGHAM, MANCHESTER = "330", "352"


def la(code):
    return LocalAuthority.objects.get(old_la_code=code)


def invite(client, **fields):
    return client.post("/accounts/people/invite/", {"email": "new@council.gov.uk", **fields})


def queued_to() -> list[str]:
    return [result.args_kwargs["kwargs"]["to"] for result in DBTaskResult.objects.all()]


def test_an_editor_invites_their_own_las_users_and_nobody_elsewhere(client, make_user):
    editor = make_user("la_editor", la=BIRMINGHAM)
    client.force_login(editor)
    elsewhere = invite(client, role="la_viewer", la=la(MANCHESTER).pk)
    assert elsewhere.status_code == 200 and b"Select a valid choice" in elsewhere.content
    coordinator = invite(client, role="regional_coordinator", region="West Midlands")
    assert b"Select a valid choice" in coordinator.content
    assert not User.objects.filter(email="new@council.gov.uk").exists()

    sent = invite(client, role="la_viewer", la=la(BIRMINGHAM).pk, name="Sam Lee")
    assert b"Invitation sent" in sent.content
    new = User.objects.get(email="new@council.gov.uk")
    assert (new.role, new.la.old_la_code, new.name) == ("la_viewer", BIRMINGHAM, "Sam Lee")
    assert queued_to() == ["new@council.gov.uk"]


def test_a_coordinator_invites_in_their_region_only(client, make_user):
    client.force_login(make_user("regional_coordinator", region="West Midlands"))
    outside = invite(client, role="la_editor", la=la(MANCHESTER).pk)
    assert b"Select a valid choice" in outside.content
    other_region = invite(client, role="regional_coordinator", region="North West")
    assert b"Select a valid choice" in other_region.content
    assert b"Invitation sent" in invite(client, role="regional_coordinator", region="West Midlands").content


def test_national_admins_invite_anyone_and_roles_need_their_la_or_region(client, make_user):
    client.force_login(make_user("national_admin"))
    missing = invite(client, role="la_editor")
    assert b"Select the local authority this person works for" in missing.content
    assert b"Invitation sent" in invite(client, role="national_admin").content
    new = User.objects.get(email="new@council.gov.uk")
    assert new.is_staff and new.la is None and new.region == ""


def test_an_address_with_an_account_is_not_invited_again(client, make_user):
    client.force_login(make_user("national_admin"))
    existing = make_user("la_viewer", la=BIRMINGHAM)
    page = client.post(
        "/accounts/people/invite/", {"email": existing.email.upper(), "role": "national_admin"}
    )
    assert b"This person already has an account" in page.content


def test_people_list_shows_only_ones_remit_and_filters(client, make_user):
    editor = make_user("la_editor", la=BIRMINGHAM)
    colleague = make_user("la_viewer", la=BIRMINGHAM)
    stranger = make_user("la_viewer", la=MANCHESTER)
    client.force_login(editor)
    page = client.get("/accounts/people/").content.decode()
    assert colleague.email in page and editor.email in page and stranger.email not in page
    filtered = client.get("/accounts/people/", {"role": "la_editor"}).content.decode()
    assert editor.email in filtered and colleague.email not in filtered
    assert client.get(f"/accounts/people/{stranger.pk}/").status_code == 404  # another region
    assert client.get(f"/accounts/people/{make_user('la_viewer', la='331').pk}/").status_code == 403
    assert client.get(f"/accounts/people/{editor.pk}/").status_code == 403  # not oneself


def test_roles_that_manage_nobody_do_not_see_people(client, make_user):
    for role in ("la_viewer", "elected_member"):
        client.force_login(make_user(role, la=BIRMINGHAM))
        assert client.get("/accounts/people/").status_code == 403
        assert client.get("/accounts/people/invite/").status_code == 403


def test_a_coordinator_changes_a_role_and_switches_an_account_off(client, make_user):
    client.force_login(make_user("regional_coordinator", region="West Midlands"))
    person = make_user("la_viewer", la=BIRMINGHAM)
    changed = client.post(f"/accounts/people/{person.pk}/", {"role": "la_editor", "la": la(BIRMINGHAM).pk})
    assert changed.status_code == 302
    person.refresh_from_db()
    assert person.role == Role.LA_EDITOR
    refused = client.post(f"/accounts/people/{person.pk}/", {"role": "la_editor", "la": la(MANCHESTER).pk})
    assert b"Select a valid choice" in refused.content
    switched = client.post(f"/accounts/people/{person.pk}/switch-off/")
    assert switched.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert "Switched off" in client.get("/accounts/people/", {"status": "off"}).content.decode()


def test_permission_rules_for_people(make_user):
    admin = make_user("national_admin")
    coordinator = make_user("regional_coordinator", region="West Midlands")
    editor = make_user("la_editor", la=BIRMINGHAM)
    viewer = make_user("la_viewer", la=BIRMINGHAM)
    assert permissions.can_give_role(admin, role="regional_coordinator", region="North West")
    assert permissions.can_give_role(coordinator, role="la_editor", la=la(BIRMINGHAM))
    assert not permissions.can_give_role(coordinator, role="la_editor", la=la(MANCHESTER))
    assert not permissions.can_give_role(coordinator, role="national_admin")
    assert permissions.can_give_role(editor, role="elected_member", la=la(BIRMINGHAM))
    assert not permissions.can_give_role(editor, role="la_editor", la=la(MANCHESTER))
    assert not permissions.can_give_role(viewer, role="la_viewer", la=la(BIRMINGHAM))
    assert permissions.can_manage_person(editor, viewer)
    assert not permissions.can_manage_person(viewer, editor)
    assert not permissions.can_manage_person(editor, editor)
    assert not permissions.can_manage_person(editor, coordinator)
    assert permissions.can_manage_person(coordinator, editor)


def test_change_password_needs_the_current_one(client, make_user):
    user = make_user("la_viewer", la=BIRMINGHAM)
    client.force_login(user)
    wrong = client.post(
        "/accounts/change-password/",
        {
            "old_password": "not it at all",
            "new_password1": "another long password",
            "new_password2": "another long password",
        },
    )
    assert b"Your current password is not right" in wrong.content
    done = client.post(
        "/accounts/change-password/",
        {
            "old_password": "correct horse battery staple",
            "new_password1": "another long password",
            "new_password2": "another long password",
        },
        follow=True,
    )
    assert b"Password changed" in done.content
    user.refresh_from_db()
    assert user.check_password("another long password")
    assert client.get("/accounts/people/").status_code == 403  # still signed in
