"""Who writes to a workshop: only the LAs taking part, only while its series is open, always audited."""

import io
import json
import zipfile

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pypdf import PdfReader

from journeys.accounts.services import api_token_create
from journeys.authorities.models import LocalAuthority
from journeys.workshops.models import Workshop, WorkshopContribution, WorkshopSeries
from journeys.workshops.services import workshop_series_load_2016

pytestmark = pytest.mark.django_db

CANARY = "Zqxworkshop grow our own social workers"


@pytest.fixture
def series_2016():
    return workshop_series_load_2016()


@pytest.fixture
def open_workshop():
    """A North West workshop to which Wirral and Halton are invited."""
    series = WorkshopSeries.objects.create(slug="nw-2027", title="North West workshops 2027")
    workshop = Workshop.objects.create(series=series, slug="bury", region="North West", place="Bury")
    workshop.invited.set(LocalAuthority.objects.filter(name__in=["Wirral", "Halton"]))
    return workshop


def _form(la: str) -> dict:
    return {
        "la": la,
        "theme": "1",
        "priority": CANARY,
        "learning": "Protected caseloads help",
        "audience": "public",
        "publish": "1",
    }


def _api(client, workshop, la: str, user) -> int:
    return client.post(
        f"/api/v1/workshops/{workshop.series.slug}/{workshop.slug}/contributions",
        json.dumps({**_form(la), "theme": 1}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user)}",
    ).status_code


def _contribute_url(workshop) -> str:
    return reverse("workshops:contribute", args=[workshop.series.slug, workshop.slug])


def _every_reading(client, series, workshop) -> str:
    """The series and the workshop as every reader gets them: page, JSON, CSV, XLSX, DOCX, PDF, API."""
    texts = []
    for url in (
        reverse("workshops:series", args=[series.slug]),
        reverse("workshops:workshop", args=[series.slug, workshop.slug]),
    ):
        for download in ("", "?format=json", "?format=csv", "?format=html"):
            texts.append(client.get(url + download).content.decode())
        for download in ("?format=xlsx", "?format=docx"):
            with zipfile.ZipFile(io.BytesIO(client.get(url + download).content)) as archive:
                texts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    pdf = client.get(reverse("workshops:series", args=[series.slug]) + "?format=pdf").content
    texts += [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    texts.append(client.get(f"/api/v1/workshops/{series.slug}/summary").content.decode())
    return "\n".join(texts)


def test_the_2016_series_is_closed_to_everyone_through_page_and_api(client, make_user, series_2016):
    taunton = series_2016.workshops.get(slug="taunton")
    assert series_2016.closed
    writers = [
        make_user("la_editor", la="383"),  # Leeds, the editor of the red-team's contribution
        make_user("regional_coordinator", region="South West"),
        make_user("national_admin"),
    ]
    for user in writers:
        client.force_login(user)
        assert client.get(_contribute_url(taunton)).status_code == 403
        assert client.post(_contribute_url(taunton), _form("383")).status_code == 403
        assert _api(client, taunton, "383", user) == 403
    assert not WorkshopContribution.objects.filter(workshop=taunton).exists()
    client.logout()
    summary = _every_reading(client, series_2016, taunton)
    assert "Zqxworkshop" not in summary and "Leeds" not in summary
    assert (
        "This series is closed"
        in client.get(reverse("workshops:workshop", args=["lga-2016", "taunton"])).content.decode()
    )


def test_planning_into_the_closed_series_is_refused(client, make_user, series_2016):
    client.force_login(make_user("national_admin"))
    response = client.post(
        reverse("workshops:plan"),
        {"series_title": series_2016.title, "region": "South West", "place": "Exeter"},
    )
    assert response.status_code == 200 and "This series is closed" in response.content.decode()
    assert series_2016.workshops.count() == 4


def test_only_invited_las_write_and_each_contribution_is_audited(client, make_user, open_workshop):
    outsiders = [make_user("la_editor", la="383"), make_user("la_editor", la="352")]  # Leeds; Manchester (NW)
    for user in outsiders:
        client.force_login(user)
        assert client.get(_contribute_url(open_workshop)).status_code == 403
        assert client.post(_contribute_url(open_workshop), _form(user.la.old_la_code)).status_code == 403
        assert _api(client, open_workshop, user.la.old_la_code, user) == 403
    assert not WorkshopContribution.objects.exists()
    client.logout()
    assert "Zqxworkshop" not in _every_reading(client, open_workshop.series, open_workshop)

    wirral = make_user("la_editor", la="344")
    client.force_login(wirral)
    assert _api(client, open_workshop, "876", wirral) == 403  # Halton is invited, but not Wirral's to write
    assert client.post(_contribute_url(open_workshop), _form("344")).status_code == 302
    halton = make_user("la_editor", la="876")
    assert _api(client, open_workshop, "876", halton) == 201
    coordinator = make_user("regional_coordinator", region="North West")
    client.force_login(coordinator)
    assert client.post(_contribute_url(open_workshop), _form("344")).status_code == 302
    assert client.post(_contribute_url(open_workshop), _form("352")).status_code == 200  # not a choice

    recorded = WorkshopContribution.objects.order_by("pk")
    assert [(c.la.name, c.recorded_by) for c in recorded] == [
        ("Wirral", wirral),
        ("Halton", halton),
        ("Wirral", coordinator),
    ]
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(WorkshopContribution), action=LogEntry.Action.CREATE
    ).order_by("pk")
    assert [(int(e.object_pk), e.actor) for e in entries] == [(c.pk, c.recorded_by) for c in recorded]
    client.logout()
    readings = _every_reading(client, open_workshop.series, open_workshop)
    assert "Zqxworkshop" in readings and "Wirral" in readings and "Halton" in readings


def test_without_invitations_the_regions_las_take_part(client, make_user, open_workshop):
    open_workshop.invited.clear()
    client.force_login(make_user("la_editor", la="352"))  # Manchester, in the North West
    assert client.post(_contribute_url(open_workshop), _form("352")).status_code == 302
    client.force_login(make_user("la_editor", la="330"))  # Birmingham, West Midlands
    assert client.get(_contribute_url(open_workshop)).status_code == 403
