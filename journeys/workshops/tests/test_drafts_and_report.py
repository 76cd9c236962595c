"""Contributions as drafts published to a chosen audience, edited and withdrawn; the facilitator's
key messages, conclusions and attendance in the summary report."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from journeys.authorities.models import LocalAuthority
from journeys.workshops import services
from journeys.workshops.models import Workshop, WorkshopContribution, WorkshopSeries
from journeys.workshops.report import summary_content, summary_render

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_at_once")]

DRAFT = "Zqxdraft recruit and keep permanent social workers"


@pytest.fixture
def workshop():
    series = WorkshopSeries.objects.create(slug="nw-2027", title="North West workshops 2027")
    record = Workshop.objects.create(series=series, slug="bury", region="North West", place="Bury")
    record.invited.set(LocalAuthority.objects.filter(name__in=["Wirral", "Halton"]))
    return record


def _draft(user, workshop, **extra):
    wirral = LocalAuthority.objects.get(name="Wirral")
    data = {"priority": DRAFT, "learning": "Protected caseloads", "audience": "public", **extra}
    return services.contribution_add(user=user, workshop=workshop, la=wirral, data=data)


def _summary_text(workshop) -> str:
    return str(summary_content(series=workshop.series))


def test_a_draft_is_seen_by_nobody_else_until_published_then_withdrawn(client, make_user, workshop):
    editor = make_user("la_editor", la="344")
    draft = _draft(editor, workshop)
    assert draft.status == WorkshopContribution.Status.DRAFT
    assert draft.theme == draft.suggested_theme == 1  # the classifier's theme for workforce words
    assert DRAFT not in _summary_text(workshop)
    page = reverse("workshops:contribution", args=["nw-2027", "bury", draft.pk])
    for outsider in (make_user("la_editor", la="357"), make_user("la_viewer", la="344"), None):
        client.logout()
        if outsider:
            client.force_login(outsider)
            assert client.get(page).status_code == 404
        assert (
            DRAFT not in client.get(reverse("workshops:workshop", args=["nw-2027", "bury"])).content.decode()
        )

    services.contribution_update(
        user=editor,
        contribution=draft,
        data={"priority": DRAFT, "theme": 3, "audience": "public", "publish": True},
    )
    draft.refresh_from_db()
    assert (draft.status, draft.theme, draft.suggested_theme) == ("published", 3, 1)
    assert DRAFT in _summary_text(workshop)

    services.contribution_withdraw(user=editor, contribution=draft)
    assert DRAFT not in _summary_text(workshop)
    with pytest.raises(PermissionDenied):
        services.contribution_withdraw(user=make_user("la_editor", la="357"), contribution=draft)


def test_the_audience_decides_who_reads_a_published_contribution(client, make_user, workshop):
    editor = make_user("la_editor", la="344")
    attendees_only = _draft(editor, workshop, audience="attendees", publish=True)
    page = reverse("workshops:contribution", args=["nw-2027", "bury", attendees_only.pk])
    assert DRAFT not in _summary_text(workshop)  # the public report holds only what is for anyone
    halton = make_user("la_viewer", la="876")
    client.force_login(halton)
    assert client.get(page).status_code == 404
    workshop.attended.add(LocalAuthority.objects.get(old_la_code="876"))
    assert client.get(page).status_code == 200
    client.force_login(make_user("la_viewer", la="330"))  # Birmingham, another region
    assert client.get(page).status_code == 404
    client.force_login(make_user("regional_coordinator", region="North West"))
    assert client.get(page).status_code == 200


def test_the_closed_2016_series_cannot_be_edited_or_withdrawn(make_user):
    series = services.workshop_series_load_2016()
    contribution = series.contributions.first()
    with pytest.raises(PermissionDenied):
        services.contribution_withdraw(user=make_user("national_admin"), contribution=contribution)
    with pytest.raises(PermissionDenied):
        services.series_report_write(
            user=make_user("national_admin"), series=series, data={"key_messages": "x"}
        )
    assert series.contributions.filter(status="published").count() == series.contributions.count()


def test_planning_invites_each_las_editors_by_email(make_user, mailoutbox):
    wirral_editor = make_user("la_editor", la="344")
    data = {"series_title": "North West workshops 2027", "region": "North West", "place": "Bury"}
    services.workshop_plan(
        user=make_user("regional_coordinator", region="North West"),
        data=data,
        invited=LocalAuthority.objects.filter(old_la_code__in=["344", "876"]),
    )
    sent = [m for m in mailoutbox if m.subject == "Wirral is invited to the Bury workshop"]
    assert [m.to for m in sent] == [[wirral_editor.email]]
    assert "/workshops/north-west-workshops-2027/bury/" in sent[0].body


def test_the_summary_of_a_new_series_has_key_messages_attendance_and_conclusions(client, make_user, workshop):
    coordinator = make_user("regional_coordinator", region="North West")
    client.force_login(coordinator)
    series_page = client.get(reverse("workshops:series", args=["nw-2027"])).content.decode()
    assert '<p class="govuk-body-l">.' not in series_page and ">.</p>" not in series_page
    client.post(
        reverse("workshops:series-report", args=["nw-2027"]),
        {
            "introduction": "Councils met to share priorities.",
            "purposes": "Share priorities and learning with peers",
            "key_messages": "Workforce stability comes first\nPeer challenge works",
            "conclusions": "Keep the network going.",
        },
    )
    client.post(reverse("workshops:attendance", args=["nw-2027", "bury"]), {"attended": ["344"]})
    _draft(make_user("la_editor", la="344"), workshop, publish=True)
    content = summary_content(series=WorkshopSeries.objects.get(slug="nw-2027"))
    assert content["key_messages"] == ["Workforce stability comes first", "Peer challenge works"]
    assert content["workshops"][0]["attended"] == ["Wirral"]
    assert content["themes"][0]["example_priority"] == DRAFT  # the example columns are filled
    assert content["conclusions"] == ["Keep the network going."]
    html = summary_render(content, "html").decode()
    for words in ("Key messages", "Peer challenge works", "Attended by Wirral", "Conclusions", "Purpose"):
        assert words in html
    pdf = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(summary_render(content, "pdf"))).pages
    )
    assert "Peer challenge works" in pdf and "Attended by Wirral" in pdf
    docx = zipfile.ZipFile(io.BytesIO(summary_render(content, "docx"))).read("word/document.xml").decode()
    assert (
        "Peer challenge works" in docx
        and "Attended by: Wirral." in docx
        and "Keep the network going." in docx
    )
