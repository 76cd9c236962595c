"""The People, invitation and password pages in a real browser, with axe-core on each: a
coordinator invites an editor, who sets a password from the emailed link; a reset is asked for."""

import re

import pytest
from django.core.management import call_command

from journeys.common.tests.browser import check_page as check
from journeys.conftest import load_reference_data
from journeys.mail.tests.smtp import smtp_server, text_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "a long new password for journeys"


@pytest.fixture
def site(live_server, settings):
    load_reference_data()  # the live server's database is emptied between tests
    settings.BASE_URL = live_server.url
    with smtp_server(settings) as mailbox:
        yield live_server.url, mailbox


def sign_in(page, site, email, password="correct horse battery staple"):
    page.goto(f"{site}/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_invite_set_password_people_and_password_pages(page, browser, site, make_user):
    url, mailbox = site
    coordinator = make_user("regional_coordinator", region="West Midlands")
    sign_in(page, url, coordinator.email)
    page.get_by_role("link", name="People").first.click()
    check(page, "people")
    page.get_by_role("button", name="Invite someone").click()
    check(page, "people-invite")
    page.get_by_role("button", name="Send invitation").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, "people-invite-errors")
    page.get_by_label("Email address").fill("new.editor@council.gov.uk")
    page.get_by_label("Local authority editor").check()
    page.get_by_label("Local authority", exact=True).select_option(label="Birmingham")
    page.get_by_role("button", name="Send invitation").click()
    assert page.get_by_role("heading", name="Invitation sent").is_visible()
    check(page, "people-invited")

    page.goto(f"{url}/accounts/people/")
    page.get_by_role("link", name="new.editor@council.gov.uk").click()
    check(page, "person")
    page.get_by_role("link", name="Switch off new.editor@council.gov.uk").click()
    check(page, "person-switch-off")

    page.get_by_role("link", name="Change password").click()
    check(page, "change-password")
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    check(page, "change-password-errors")
    page.get_by_label("Current password").fill("correct horse battery staple")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    assert page.get_by_role("heading", name="Password changed").is_visible()
    check(page, "password-changed")

    # The invited editor opens the emailed link in a browser of their own.
    call_command("worker", batch=True, verbosity=0)
    link = re.search(
        r"^(http://\S+/accounts/set-password/\S+/)$", text_of(mailbox.only()), re.MULTILINE
    ).group(1)
    invited = browser.new_page()
    invited.goto(link)
    check(invited, "set-password")
    invited.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    invited.get_by_label("Confirm new password").fill("something else entirely")
    invited.get_by_role("button", name="Set password").click()
    check(invited, "set-password-errors")
    invited.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    invited.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    invited.get_by_role("button", name="Set password").click()
    assert "Signed in as new.editor@council.gov.uk" in invited.content()
    invited.goto(link)
    assert invited.get_by_role("heading", name="This link has stopped working").is_visible()
    check(invited, "set-password-stopped-working")
    invited.close()


def test_reset_and_refused_pages(page, site):
    url, _ = site
    page.goto(f"{url}/accounts/sign-in/")
    page.get_by_role("link", name="Forgotten your password?").click()
    check(page, "reset-password")
    page.get_by_role("button", name="Send the link").click()
    check(page, "reset-password-errors")
    page.get_by_label("Email address").fill("someone@council.gov.uk")
    page.get_by_role("button", name="Send the link").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    check(page, "reset-password-sent")
    page.goto(f"{url}/accounts/council-sign-in/refused/")
    check(page, "council-sign-in-refused")
