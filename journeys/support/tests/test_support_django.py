"""Support recommendations for an LA over the CLI and pages, and engagements through the scope."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from journeys.priorities.services import priority_demo_load
from journeys.support.models import SupportEngagement

pytestmark = pytest.mark.django_db


def test_support_recommend_330_gives_recommendations_with_rationale():
    priority_demo_load()
    out = io.StringIO()
    call_command("support", "recommend", "330", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["la"]["old_la_code"] == "330"
    assert data["recommendations"]
    for rec in data["recommendations"]:
        assert rec["rationale"] and rec["score"] > 0 and rec["name"]
    assert data["context"]["themes"] == [4]
    assert "Strategic priorities: 1 on the register, under theme 4, scrutiny" in " ".join(data["facts"])
    assert any("self-evaluation" in fact for fact in data["facts"])  # grip and capacity: said to be unknown
    assert data["context"]["grip"] is None


def test_support_recommend_former_la_exits_2():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("support", "recommend", "909", stdout=io.StringIO())
    assert error.value.returncode == 2


def test_catalogue_and_la_pages(client, make_user):
    assert "Peer review" in client.get(reverse("support:catalogue")).content.decode()
    client.force_login(make_user("la_viewer", la="330"))
    page = client.get(reverse("support:la", args=["330"])).content.decode()
    assert "What the recommendations rest on" in page
    assert client.get(reverse("support:engagement-create")).status_code == 403


def test_engagement_recorded_by_editor_is_private_to_the_la(client, make_user):
    editor = make_user("la_editor", la="330")
    client.force_login(editor)
    bad = client.post(reverse("support:engagement-create"), {"visibility": "private"})
    assert "govuk-error-summary" in bad.content.decode()
    client.post(
        reverse("support:engagement-create"),
        {
            "form": "peer_review",
            "provider": "Review team",
            "brokered_by": "Regional alliance",
            "brokered_by_me": "on",
            "status": "finished",
            "started_on_0": "1",
            "started_on_1": "3",
            "started_on_2": "2026",
            "outcome": "Validated progress.",
            "visibility": "private",
        },
    )
    engagement = SupportEngagement.objects.get()
    assert engagement.la == editor.la and engagement.brokered_by_user == editor
    assert engagement.status == "finished"
    client.force_login(make_user("la_editor", la="352"))
    assert "Validated progress." not in client.get(reverse("support:la", args=["330"])).content.decode()
    assert client.get("/api/v1/support/engagements").json() == []


def test_an_editor_deletes_an_engagement_after_confirming_and_the_audit_log_keeps_it(client, make_user):
    from auditlog.models import LogEntry

    from journeys.support.services import engagement_create

    editor = make_user("la_editor", la="330")
    engagement = engagement_create(user=editor, data={"form": "peer_review", "visibility": "sector"})
    delete = reverse("support:engagement-delete", args=[engagement.pk])
    client.force_login(make_user("la_viewer", la="330"))
    assert (
        "Delete"
        not in client.get(reverse("support:la", args=["330"]))
        .content.decode()
        .split("Support engagements")[1]
    )
    assert client.post(delete).status_code == 403
    client.force_login(make_user("la_editor", la="352"))
    assert client.post(delete).status_code == 404  # shared with the sector, so seen, but not theirs
    client.force_login(editor)
    assert f'href="{delete}"' in client.get(reverse("support:la", args=["330"])).content.decode()
    assert (
        "Are you sure you want to delete the peer review engagement?" in client.get(delete).content.decode()
    )
    response = client.post(delete)
    assert response.status_code == 302 and response["Location"] == reverse("support:la", args=["330"])
    assert not SupportEngagement.objects.filter(pk=engagement.pk).exists()
    assert (
        LogEntry.objects.get(
            content_type__model="supportengagement",
            object_pk=str(engagement.pk),
            action=LogEntry.Action.DELETE,
        ).actor
        == editor
    )
