"""The briefing's commentary: versioned, audited, private to its LA until an editor shares it."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from docx import Document
from pypdf import PdfReader

from journeys.authorities.models import LocalAuthority
from journeys.reports.models import BriefingCommentary
from journeys.reports.services import StaleCommentary, commentary_save, commentary_share

pytestmark = pytest.mark.django_db

PAGE = "/local-authorities/330/briefing/"
COMMENTARY = "/local-authorities/330/briefing/commentary/"
SHARE = "/local-authorities/330/briefing/commentary/share/"
DOCX = "/local-authorities/330/journey/briefing.docx"
PDF = "/local-authorities/330/journey/briefing.pdf"


@pytest.fixture
def birmingham():
    return LocalAuthority.objects.get(old_la_code="330")


def signed_in(client, user):
    client.force_login(user)
    return client


def docx_text(response) -> str:
    document = Document(io.BytesIO(response.content))
    return "\n".join(p.text for p in document.paragraphs)


def test_each_save_is_a_new_version_and_the_history_shows_them_all(client, make_user, birmingham):
    editor = make_user("la_editor", la="330")
    signed_in(client, editor)
    assert client.post(COMMENTARY, {"text": "First words.", "based_on": 0}).status_code == 302
    assert client.post(COMMENTARY, {"text": "Second words.", "based_on": 1}).status_code == 302
    assert list(BriefingCommentary.objects.filter(la=birmingham).values_list("version", "text")) == [
        (2, "Second words."),
        (1, "First words."),
    ]
    page = client.get(COMMENTARY).content.decode()
    assert "Version 2, saved on" in page and "Version 1, saved on" in page
    assert "First words." in page and "Second words." in page
    assert 'data-maxlength="2000"' in page  # GOV.UK character count


def test_a_save_from_an_older_version_is_refused_not_silently_replacing_a_newer_one(
    client, make_user, birmingham
):
    editor = make_user("la_editor", la="330")
    commentary_save(user=editor, la=birmingham, text="One.", based_on=0)
    signed_in(client, editor)
    response = client.post(COMMENTARY, {"text": "Written from nothing.", "based_on": 0})
    assert response.status_code == 200 and "Someone saved a newer version" in response.content.decode()
    with pytest.raises(StaleCommentary):
        commentary_save(user=editor, la=birmingham, text="Again.", based_on=0)
    assert BriefingCommentary.objects.count() == 1


def test_too_long_or_empty_commentary_is_refused_with_govuk_errors(client, make_user):
    signed_in(client, make_user("la_editor", la="330"))
    empty = client.post(COMMENTARY, {"text": "", "based_on": 0}).content.decode()
    long = client.post(COMMENTARY, {"text": "x" * 2001, "based_on": 0}).content.decode()
    assert "Enter the commentary" in empty and "govuk-error-summary" in empty
    assert "The commentary must be 2,000 characters or fewer" in long
    assert not BriefingCommentary.objects.exists()


def test_private_until_shared_then_in_everyone_s_briefing(client, make_user, birmingham):
    editor = make_user("la_editor", la="330")
    version = commentary_save(user=editor, la=birmingham, text="Our plan for agency staff.", based_on=0)
    readers = {
        "anonymous": None,
        "elected member": make_user("elected_member", la="330"),
        "other LA editor": make_user("la_editor", la="352"),
        "coordinator": make_user("regional_coordinator", region="West Midlands"),
    }
    for user in readers.values():
        client.logout()
        if user:
            signed_in(client, user)
        for url in (PAGE, PAGE + "?preview=draft", DOCX + "?preview=draft"):
            assert "Our plan for agency staff." not in client.get(url).content.decode("utf-8", "replace")
    commentary_share(user=editor, la=birmingham, version=version.version)
    for user in readers.values():
        client.logout()
        if user:
            signed_in(client, user)
        assert "Our plan for agency staff." in client.get(PAGE).content.decode()
        assert "Our plan for agency staff." in docx_text(client.get(DOCX))
    client.logout()
    pages = PdfReader(io.BytesIO(client.get(PDF).content)).pages
    assert "Our plan for agency staff." in " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_la_s_officers_preview_their_draft_marked_draft(client, make_user, birmingham):
    editor = make_user("la_editor", la="330")
    commentary_save(user=editor, la=birmingham, text="Shared words.", based_on=0)
    commentary_share(user=editor, la=birmingham, version=1)
    commentary_save(user=editor, la=birmingham, text="Draft words.", based_on=1)
    for user in (editor, make_user("la_viewer", la="330")):
        signed_in(client, user)
        plain = client.get(PAGE).content.decode()
        assert "Shared words." in plain and "Draft words." not in plain
        assert "Preview with the draft commentary" in plain
        preview = client.get(PAGE + "?preview=draft").content.decode()
        assert "Draft words." in preview and "Draft preview" in preview and "(draft, not shared)" in preview
        docx = client.get(DOCX + "?preview=draft")
        assert "draft" in docx["Content-Disposition"]
        document = Document(io.BytesIO(docx.content))
        assert "DRAFT – NOT SHARED" in document.sections[0].header.paragraphs[0].text
        assert "Draft words." in docx_text(docx) and "Draft – not shared" in docx_text(docx)


def test_another_la_s_commentary_pages_are_not_found(client, make_user, birmingham):
    commentary_save(user=make_user("la_editor", la="330"), la=birmingham, text="Ours.", based_on=0)
    for user in (
        make_user("la_editor", la="352"),
        make_user("regional_coordinator", region="West Midlands"),
        make_user("national_admin"),
    ):
        signed_in(client, user)
        assert client.get(COMMENTARY).status_code == 404
        assert client.post(COMMENTARY, {"text": "Theirs.", "based_on": 1}).status_code == 404
        assert client.get(SHARE).status_code == 404
    client.logout()
    assert client.get(COMMENTARY)["Location"].startswith("/accounts/sign-in/")
    assert list(BriefingCommentary.objects.values_list("text", flat=True)) == ["Ours."]


def test_only_the_la_s_editors_save_and_share(client, make_user, birmingham):
    commentary_save(user=make_user("la_editor", la="330"), la=birmingham, text="Ours.", based_on=0)
    for role in ("la_viewer", "elected_member"):
        user = make_user(role, la="330")
        signed_in(client, user)
        assert client.get(COMMENTARY).status_code == 200
        assert client.post(COMMENTARY, {"text": "Changed.", "based_on": 1}).status_code == 403
        assert client.post(SHARE, {"version": 1}).status_code == 403
        with pytest.raises(PermissionDenied):
            commentary_share(user=user, la=birmingham, version=1)
    assert not BriefingCommentary.objects.filter(shared_at__isnull=False).exists()


def test_an_elected_member_reads_shared_versions_only(client, make_user, birmingham):
    editor = make_user("la_editor", la="330")
    commentary_save(user=editor, la=birmingham, text="Shared words.", based_on=0)
    commentary_share(user=editor, la=birmingham, version=1)
    commentary_save(user=editor, la=birmingham, text="Draft words.", based_on=1)
    signed_in(client, make_user("elected_member", la="330"))
    page = client.get(COMMENTARY).content.decode()
    assert "Shared words." in page and "Draft words." not in page


def test_sharing_shares_the_newest_version_only_and_both_steps_are_audited_without_the_text(
    client, make_user, birmingham
):
    editor = make_user("la_editor", la="330")
    signed_in(client, editor)
    client.post(COMMENTARY, {"text": "Secret plan.", "based_on": 0})
    client.post(COMMENTARY, {"text": "Better plan.", "based_on": 1})
    stale = client.post(SHARE, {"version": 1})
    assert stale.status_code == 200 and "A newer version was saved meanwhile" in stale.content.decode()
    assert client.post(SHARE, {"version": 2}).status_code == 302
    shared = BriefingCommentary.objects.get(shared_at__isnull=False)
    assert (shared.version, shared.shared_by) == (2, editor)
    entries = LogEntry.objects.get_for_model(BriefingCommentary)
    assert entries.filter(action=LogEntry.Action.CREATE).count() == 2
    [update] = entries.filter(action=LogEntry.Action.UPDATE)
    assert set(update.changes_dict) == {"shared_at", "shared_by"}
    assert all(e.actor == editor and e.additional_data == {"la_id": birmingham.pk} for e in entries)
    assert not any("plan" in str(e.changes) for e in entries)
