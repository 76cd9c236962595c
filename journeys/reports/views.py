"""The members' briefing for one LA (a page, and downloads as tagged PDF or Word) and the pages
where its editors write, version and share the commentary it carries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from journeys.accounts import permissions
from journeys.authorities.pages import authority_or_404, authority_trail
from journeys.common.pages import breadcrumbs, requested_download
from journeys.evidence.presentation import date_name

from . import services
from .forms import CommentaryForm, ShareForm
from .presenters import BRIEFING_FORMATS, briefing_content, briefing_render
from .selectors import commentary_latest, commentary_shared, commentary_versions


def _draft_asked(request, la) -> bool:
    """Whether the briefing is previewed with the LA's draft commentary (its officers only)."""
    return request.GET.get("preview") == "draft" and permissions.can_see_drafts(request.user, la)


def _crumbs(la, *more):
    return breadcrumbs(
        *authority_trail(la),
        ("Members' briefing", reverse("reports:briefing-page", args=[la.old_la_code])),
        *more,
    )


@require_safe
def briefing_view(request, code: str, format: str):
    if format not in BRIEFING_FORMATS:
        raise Http404("No such format")
    la = authority_or_404(code)
    draft = _draft_asked(request, la)
    content = briefing_render(la=la, format=format, user=request.user, draft=draft)
    response = HttpResponse(content, content_type=BRIEFING_FORMATS[format])
    name = f"journeys-briefing-{slugify(la.name)}{'-draft' if draft else ''}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def briefing_page_view(request, code: str):
    la = authority_or_404(code)
    draft = _draft_asked(request, la)
    briefing = briefing_content(la=la, user=request.user, draft=draft)
    if (download := requested_download(request, briefing.key_figures)) is not None:
        return download
    preview = "?preview=draft" if draft else ""
    latest = commentary_latest(la=la) if permissions.can_see_drafts(request.user, la) else None
    return render(
        request,
        "reports/briefing_page.html",
        {
            "la": la,
            "briefing": briefing,
            "pdf_href": reverse("reports:briefing", args=[la.old_la_code, "pdf"]) + preview,
            "docx_href": reverse("reports:briefing", args=[la.old_la_code, "docx"]) + preview,
            "can_open_commentary": permissions.can_open_commentary(request.user, la),
            "draft_to_preview": latest is not None and not latest.is_shared and not draft,
            "breadcrumbs": breadcrumbs(*authority_trail(la)),
        },
    )


def _on(moment) -> str:
    return date_name(timezone.localdate(moment))


def _version_details(version) -> dict:
    """One version for the history: who saved it when, whether it was shared, and its text."""
    by = (version.saved_by.name or version.saved_by.email) if version.saved_by else "a former user"
    summary = f"Version {version.version}, saved on {_on(version.saved_at)} by {by}"
    if version.is_shared:
        summary += f", shared on {_on(version.shared_at)}"
    return {"summaryText": summary, "html": linebreaks(version.text, autoescape=True)}


def _commentary_la(request, code: str):
    la = authority_or_404(code)
    if not permissions.can_open_commentary(request.user, la):
        raise Http404("No such page")
    return la


@login_required
def commentary_view(request, code: str):
    la = _commentary_la(request, code)
    writer = permissions.can_write_commentary(request.user, la)
    if request.method == "POST" and not writer:
        raise PermissionDenied
    latest = commentary_latest(la=la)
    shared = commentary_shared(la=la)
    form = None
    if writer:
        initial = {"text": latest.text if latest else "", "based_on": latest.version if latest else 0}
        form = CommentaryForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                saved = services.commentary_save(
                    user=request.user,
                    la=la,
                    text=form.cleaned_data["text"],
                    based_on=form.cleaned_data["based_on"],
                )
            except services.StaleCommentary:
                form.add_error(
                    "text",
                    "Someone saved a newer version while you were writing. Copy your text, reload the page "
                    "and save it again",
                )
            else:
                messages.success(request, f"Version {saved.version} saved. It is not shared yet.")
                return redirect("reports:commentary", code=la.old_la_code)
    return render(
        request,
        "reports/commentary.html",
        {
            "la": la,
            "form": form,
            "draft": latest
            if latest and not latest.is_shared and permissions.can_see_drafts(request.user, la)
            else None,
            "shared": shared,
            "shared_on": _on(shared.shared_at) if shared else None,
            "versions": [_version_details(v) for v in commentary_versions(user=request.user, la=la)],
            "writer": writer,
            "preview_href": reverse("reports:briefing-page", args=[la.old_la_code]) + "?preview=draft",
            "share_href": reverse("reports:commentary-share", args=[la.old_la_code]),
            "breadcrumbs": _crumbs(la),
        },
    )


@login_required
def commentary_share_view(request, code: str):
    la = _commentary_la(request, code)
    if not permissions.can_write_commentary(request.user, la):
        raise PermissionDenied
    latest = commentary_latest(la=la)
    if latest is None or latest.is_shared:  # nothing new to share
        return redirect("reports:commentary", code=la.old_la_code)
    form = ShareForm(request.POST or None, initial={"version": latest.version})
    if request.method == "POST" and form.is_valid():
        try:
            shared = services.commentary_share(user=request.user, la=la, version=form.cleaned_data["version"])
        except services.StaleCommentary:
            form = ShareForm({"version": latest.version})
            form.is_valid()
            form.add_error(None, "A newer version was saved meanwhile. Read it below before you share it")
        else:
            messages.success(request, f"Version {shared.version} shared. The briefing now carries it.")
            return redirect("reports:commentary", code=la.old_la_code)
    return render(
        request,
        "reports/commentary_share.html",
        {
            "la": la,
            "form": form,
            "latest": _version_details(latest),
            "version": latest.version,
            "breadcrumbs": _crumbs(la, ("Commentary", reverse("reports:commentary", args=[la.old_la_code]))),
        },
    )
