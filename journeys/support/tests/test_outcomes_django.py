"""Support that fits an LA on its page, API and CLI, and engagements updated with their outcomes."""

import io
import json
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from journeys.api import api
from journeys.frameworks.selectors import framework_current
from journeys.improvement.services import (
    self_evaluation_create,
    self_evaluation_submit,
    self_evaluation_update,
)
from journeys.support.models import SupportEngagement
from journeys.support.services import engagement_create

pytestmark = pytest.mark.django_db


def submit_self_evaluation(editor, *, leadership: str, capacity: str, other: str = "mostly"):
    """A submitted self-evaluation rating every leadership statement ``leadership``, every
    statement of the capacity enablers ``capacity`` and the rest ``other``."""
    capacity_enablers = {"engaging_workforce", "supporting_apparatus", "judicious_resources"}

    def rating(enabler_id):
        if enabler_id == "leadership_and_governance":
            return leadership
        return capacity if enabler_id in capacity_enablers else other

    ratings = {c.id: rating(enabler) for _, enabler, c in framework_current().all_characteristics()}
    draft = self_evaluation_create(user=editor)
    self_evaluation_update(
        evaluation_id=draft.pk,
        user=editor,
        expected_version=draft.version,
        changes={
            "ratings": ratings,
            "answers": {q.id: "Written." for q in framework_current().self_evaluation_questions},
            "self_placed_stage": "good_to_great",
            "findings_accepted": True,
        },
    )
    return self_evaluation_submit(evaluation_id=draft.pk, user=editor)


def advice(code: str) -> dict:
    out = io.StringIO()
    call_command("support", "recommend", code, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_an_inadequate_la_cannot_come_out_worse_and_is_pointed_to_a_partner(evidence):
    data = advice("340")  # Knowsley: judged Inadequate (inspection that began 18 November 2024)
    assert data["context"]["stage"] == "poor_to_fair"
    assert data["context"]["slipping"] == "cannot_come_out_worse"
    first = data["recommendations"][0]
    assert first["form_id"] == "improvement_partner"
    assert first["because"] == (
        "Because Knowsley is placed at 'Poor to fair' on the journey and it cannot come out worse at its "
        "next inspection, being judged inadequate, an improvement partner LA fits."
    )
    assert [p["id"] for p in first["providers"]] == ["riia_region", "dfe_slip"]
    assert first["providers"][0]["name"] == "The North West region's improvement and innovation alliance"


def test_capacity_comes_from_the_latest_submitted_self_evaluation(evidence, make_user):
    editor = make_user("la_editor", la="330")
    submit_self_evaluation(editor, leadership="partly", capacity="not_yet")
    data = advice("330")
    assert (data["context"]["grip"], data["context"]["capacity"]) == ("developing", "weak")
    assert "Leadership grip: developing (its rating of leadership and governance), and self-assessed " in (
        " ".join(data["facts"])
    )
    because = [r["because"] for r in data["recommendations"]]
    assert any("Birmingham places itself at 'weak' on its capacity to improve" in b for b in because)
    # Weak capacity: no triad, which would drain the senior time it lacks.
    assert "peer_challenge_triad" not in [r["form_id"] for r in data["recommendations"]]


def test_the_cli_prints_why_each_form_fits_and_who_to_ask(evidence):
    out = io.StringIO()
    call_command("support", "recommend", "330", stdout=out)
    text = out.getvalue()
    assert "External support for Birmingham (330)" in text
    assert "  Because Birmingham " in text
    assert "Slipping back, from Journeys' early warning:" in text
    assert "→ The West Midlands region's improvement and innovation alliance:" in text
    assert "To find it, search for: West Midlands regional improvement and innovation alliance" in text


def test_the_support_page_and_api_say_why_and_who(evidence, client, make_user):
    client.force_login(make_user("la_viewer", la="310"))  # Harrow, in Outer London, judged Inadequate
    page = client.get(reverse("support:la", args=["310"])).content.decode()
    assert "Who provides it in the Outer London region, and how to ask" in page
    assert "Because Harrow " in page
    assert "London Innovation and Improvement Alliance (LIIA)" in page
    assert "Where the providers" in page
    data = client.get("/api/v1/support/recommendations/310").json()
    assert data["context"]["slipping"] == "cannot_come_out_worse"
    assert data["providers_source"].startswith("Public descriptions of sector-led improvement")
    assert all(r["because"].startswith("Because Harrow") for r in data["recommendations"])


# --- Engagement outcomes ----------------------------------------------------------------------


@pytest.fixture
def engagement(make_user):
    editor = make_user("la_editor", la="330")
    recorded = engagement_create(
        user=editor,
        data={
            "form": "peer_review",
            "provider": "West Midlands review team",
            "started_on": date(2026, 3, 1),
            "visibility": "sector",
        },
    )
    return editor, recorded


def outcome_form(**changes):
    form = {
        "status": "finished",
        "outcome": "The review confirmed the front door is safe; audits now sample more cases.",
        "helped": "yes",
        "outcome_on_0": "30",
        "outcome_on_1": "6",
        "outcome_on_2": "2026",
    }
    return {**form, **changes}


def test_an_editor_records_the_outcome_and_it_shows_and_is_audited(client, engagement):
    editor, recorded = engagement
    url = reverse("support:engagement-outcome", args=[recorded.pk])
    client.force_login(editor)
    la_page = client.get(reverse("support:la", args=["330"])).content.decode()
    assert f'href="{url}"' in la_page and "Planned" in la_page
    form_page = client.get(url).content.decode()
    assert "Update the outcome of the peer review engagement with West Midlands review team" in form_page

    bad = client.post(url, outcome_form(outcome_on_0="1", outcome_on_1="1", outcome_on_2="2026"))
    assert "Date of the outcome must be the same as or after the start date" in bad.content.decode()
    assert "<title>Error: " in bad.content.decode()

    response = client.post(url, outcome_form())
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('support:la', args=['330'])}#engagement-{recorded.pk}"
    recorded.refresh_from_db()
    assert (recorded.status, recorded.helped, recorded.outcome_on) == ("finished", True, date(2026, 6, 30))
    page = client.get(reverse("support:la", args=["330"])).content.decode()
    for shown in ("Finished", "The review confirmed the front door is safe", "30 June 2026", "Did it help?"):
        assert shown in page
    change = LogEntry.objects.filter(
        content_type__model="supportengagement", object_pk=str(recorded.pk), action=LogEntry.Action.UPDATE
    ).get()
    assert change.actor == editor
    assert set(change.changes_dict) == {"status", "helped", "outcome_on"}  # the summary's text stays out

    client.post(url, outcome_form(helped="not_known", status="in_progress"))
    recorded.refresh_from_db()
    assert (recorded.status, recorded.helped) == ("in_progress", None)


def test_only_the_las_own_editors_update_an_outcome(client, make_user, engagement):
    _, recorded = engagement
    url = reverse("support:engagement-outcome", args=[recorded.pk])
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(make_user("la_viewer", la="330"))
    assert client.get(url).status_code == 403
    assert client.post(url, outcome_form()).status_code == 403
    client.force_login(make_user("la_editor", la="352"))  # shared with the sector, but Manchester's not
    assert client.get(url).status_code == 404
    assert client.post(url, outcome_form()).status_code == 404
    client.force_login(make_user("regional_coordinator", region="West Midlands"))
    assert client.post(url, outcome_form()).status_code == 404
    recorded.refresh_from_db()
    assert recorded.status == "planned"


def test_the_api_updates_an_outcome_with_a_typed_body(client, make_user, engagement):
    editor, recorded = engagement
    path = f"/api/v1/support/engagements/{recorded.pk}/outcome"
    body = {
        "status": "finished",
        "outcome": "Helped us see gaps.",
        "helped": False,
        "outcome_on": "2026-07-01",
    }

    client.force_login(make_user("la_editor", la="352"))
    assert client.get(f"/api/v1/support/engagements/{recorded.pk}").json()["status"] == "planned"
    assert client.put(path, body, content_type="application/json").status_code == 404
    client.force_login(make_user("la_viewer", la="330"))
    assert client.put(path, body, content_type="application/json").status_code == 403
    client.force_login(editor)
    assert client.put(path, {**body, "status": "done"}, content_type="application/json").status_code == 422
    early = client.put(path, {**body, "outcome_on": "2026-01-01"}, content_type="application/json")
    assert early.status_code == 422 and "outcome_on" in early.json()["problems"]
    answer = client.put(path, body, content_type="application/json")
    assert answer.status_code == 200
    assert {k: answer.json()[k] for k in ("status", "outcome", "helped", "outcome_on")} == {
        "status": "finished",
        "outcome": "Helped us see gaps.",
        "helped": False,
        "outcome_on": "2026-07-01",
    }
    assert SupportEngagement.objects.get(pk=recorded.pk).helped is False
    assert client.get("/api/v1/support/engagements").json()[0]["status"] == "finished"

    schema = api.get_openapi_schema()["components"]["schemas"]
    assert schema["EngagementOutcomeIn"]["properties"]["status"]["enum"] == [
        "planned",
        "in_progress",
        "finished",
    ]
    assert set(schema["EngagementOut"]["required"]) >= {"status", "helped", "outcome_on"}


def test_the_demonstration_engagement_asks_its_editor_for_the_outcome(client):
    from journeys.accounts.services import demo_accounts_create
    from journeys.improvement.services import DEMO_EDITOR
    from journeys.support.services import engagement_demo_load

    demo_accounts_create()
    assert engagement_demo_load() == "loaded: a finished peer review for Birmingham"
    assert engagement_demo_load() == "already loaded"
    recorded = SupportEngagement.objects.get()
    client.force_login(recorded.created_by)
    assert recorded.created_by.email == DEMO_EDITOR
    home = client.get("/").content.decode()
    assert "Record what came of the peer review" in home
    assert f'href="{reverse("support:engagement-outcome", args=[recorded.pk])}"' in home
