"""Withdrawing a series' summary report: kept, and its addresses answer 410 saying when."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from journeys.accounts import permissions
from journeys.authorities.models import LocalAuthority
from journeys.workshops.models import Workshop, WorkshopContribution, WorkshopSeries
from journeys.workshops.services import series_report_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    """A West Midlands workshop whose series published Birmingham's priority for anyone to read."""
    series = WorkshopSeries.objects.create(slug="wm-2027", title="West Midlands workshops 2027")
    record = Workshop.objects.create(series=series, slug="dudley", region="West Midlands", place="Dudley")
    WorkshopContribution.objects.create(
        series=series,
        workshop=record,
        la=LocalAuthority.objects.get(old_la_code="330"),
        theme=1,
        priority="Grow our own social workers",
    )
    return record


def test_the_series_facilitators_withdraw_its_report_and_nobody_else(workshop, make_user):
    series = workshop.series
    coordinator = make_user("regional_coordinator", region="West Midlands")
    admin = make_user("national_admin")
    assert permissions.can_withdraw_series_report(coordinator, series)
    assert permissions.can_withdraw_series_report(admin, series)
    for other in (
        make_user("regional_coordinator", region="North West"),
        make_user("la_editor", la="330"),
        make_user("la_viewer", la="330"),
    ):
        assert not permissions.can_withdraw_series_report(other, series)
        with pytest.raises(PermissionDenied):
            series_report_withdraw(user=other, series=series)
    series.closed = True  # a past series' report may still prove wrong
    series.save()
    withdrawn = series_report_withdraw(user=coordinator, series=series, reason=" Names the wrong LAs ")
    assert withdrawn.report_withdrawn_by == coordinator and withdrawn.report_withdrawn_at is not None
    assert withdrawn.report_withdrawal_reason == "Names the wrong LAs"
    assert WorkshopContribution.objects.filter(series=series).count() == 1  # nothing is deleted
    assert not permissions.can_withdraw_series_report(admin, withdrawn)
    with pytest.raises(PermissionDenied):
        series_report_withdraw(user=admin, series=withdrawn)


def test_after_confirming_its_pages_downloads_api_and_cli_say_it_was_withdrawn(client, workshop, make_user):
    series_page = "/workshops/wm-2027/"
    withdraw = "/workshops/wm-2027/withdraw-report/"
    assert client.get(withdraw)["Location"].startswith("/accounts/sign-in/")
    client.force_login(make_user("la_editor", la="330"))
    assert "Withdraw this summary report" not in client.get(series_page).content.decode()
    assert client.get(withdraw).status_code == 403
    client.force_login(make_user("regional_coordinator", region="North West"))
    assert client.post(withdraw).status_code == 403

    coordinator = make_user("regional_coordinator", region="West Midlands")
    client.force_login(coordinator)
    assert "Withdraw this summary report" in client.get(series_page).content.decode()
    confirm = client.get(withdraw).content.decode()
    assert "Are you sure you want to withdraw this summary report?" in confirm
    assert "govuk-button--warning" in confirm
    response = client.post(withdraw, {"reason": "Shared before the LAs agreed"})
    assert response.status_code == 302 and response["Location"] == series_page
    assert client.get(withdraw).status_code == 403

    client.logout()
    withdrawn_on = f"{WorkshopSeries.objects.get(slug='wm-2027').report_withdrawn_at:%-d %B %Y}"
    for path in (
        series_page,
        f"{series_page}?format=pdf",
        f"{series_page}?format=csv",
        f"{series_page}dudley/",
    ):
        gone = client.get(path)
        page = gone.content.decode()
        assert gone.status_code == 410, path
        assert "This summary report has been withdrawn" in page and f"withdrawn on {withdrawn_on}" in page
        assert "Shared before the LAs agreed" in page and "Grow our own social workers" not in page
    listing = client.get("/workshops/").content.decode()
    assert f"Its summary report was withdrawn on {withdrawn_on}" in listing
    api = client.get("/api/v1/workshops/wm-2027/summary")
    assert api.status_code == 410 and withdrawn_on in api.json()["detail"]
    with pytest.raises(CommandError, match="withdrawn"):
        call_command("workshop", "summary", "wm-2027")

    entry = LogEntry.objects.filter(content_type__model="workshopseries").order_by("-pk").first()
    assert entry.actor == coordinator and "report_withdrawn_at" in entry.changes
