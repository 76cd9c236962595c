"""Pages for the priority register and for peers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_safe

from journeys.accounts import permissions
from journeys.accounts.permissions import RECORD_EDITORS, role_required
from journeys.authorities.pages import authority_or_404, authority_trail
from journeys.authorities.register import REGIONS
from journeys.common.pages import DOWNLOAD_FORMATS, breadcrumbs, table_download
from journeys.common.tables import Column, Link, Table

from . import services
from .forms import PriorityFilterForm, PriorityForm, ThemeOverrideForm
from .models import Priority
from .peers import peers_find
from .selectors import priority_can_edit, priority_get, priority_list
from .themes import theme_by_number


def _breadcrumbs(*extra: tuple[str, str]) -> list[dict]:
    return breadcrumbs(("Improvement priorities", reverse("priorities:list")), *extra)


def _priority_or_404(request, pk: int) -> Priority:
    try:
        return priority_get(user=request.user, pk=pk)
    except Priority.DoesNotExist as missing:
        raise Http404("No such priority") from missing


def _table(caption: str, priorities) -> Table:
    return Table(
        caption=caption,
        columns=[
            Column("title", "Priority"),
            Column("la", "Local authority"),
            Column("theme", "Theme"),
            Column("status", "Status"),
            Column("shared", "Who can see it"),
        ],
        rows=[
            {
                "title": Link(
                    p.title + (" (demonstration)" if p.is_demo else ""),
                    reverse("priorities:detail", args=[p.pk]),
                ),
                "la": p.la.name,
                "theme": f"{p.theme}. {theme_by_number(p.theme).short_title}",
                "status": p.get_status_display(),
                "shared": p.get_visibility_display(),
            }
            for p in priorities
        ],
    )


@login_required
@require_safe
def priority_list_view(request):
    form = PriorityFilterForm(request.GET, regions=REGIONS)
    filters = form.filters()
    records = priority_list(user=request.user, **filters)
    own = [p for p in records if p.la_id == request.user.la_id]
    others = [p for p in records if p.la_id != request.user.la_id]
    own_table = _table("Your local authority's priorities", own) if request.user.la_id else None
    others_table = _table("Priorities shared with you by others", others)
    if request.GET.get("format") in DOWNLOAD_FORMATS:
        return table_download(
            others_table if not own_table else _table("Priorities", records),
            name="priorities",
            format=request.GET["format"],
        )
    return render(
        request,
        "priorities/list.html",
        {
            "own_table": own_table,
            "others_table": others_table,
            "form": form,
            "filtered": any(filters.values()),
            "query": request.GET.urlencode(),
            "can_create": permissions.can_edit_la(request.user, request.user.la_id),
            "breadcrumbs": breadcrumbs(),
        },
    )


@role_required(*RECORD_EDITORS)
def priority_create_view(request):
    form = PriorityForm(request.POST or None, initial={"status": "in_progress", "visibility": "private"})
    if request.method == "POST" and form.is_valid():
        priority = services.priority_create(user=request.user, data=form.cleaned_data)
        messages.success(request, f"Priority saved under theme {priority.theme}.")
        return redirect("priorities:detail", pk=priority.pk)
    return render(
        request,
        "priorities/form.html",
        {"form": form, "heading": "Add an improvement priority", "breadcrumbs": _breadcrumbs()},
    )


def _summary_rows(priority: Priority, can_edit: bool) -> list[dict]:
    theme = theme_by_number(priority.theme)
    suggested = theme_by_number(priority.classified_theme)
    if priority.theme_is_overridden:
        who = priority.theme_overridden_by.email if priority.theme_overridden_by else "a former user"
        note = (
            f"Chosen by {who} on {priority.theme_overridden_at:%-d %B %Y}; Journeys had suggested theme "
            f"{suggested.number} ({priority.theme_confidence:.2f} confidence)."
        )
    else:
        note = f"Suggested by Journeys ({priority.theme_method}), confidence {priority.theme_confidence:.2f}."
    theme_row = {
        "key": {"text": "Theme"},
        "value": {
            "html": format_html(
                '{}. {}<br><span class="govuk-body-s">{}</span>', theme.number, theme.title, note
            )
        },
    }
    if can_edit:
        theme_row["actions"] = {
            "items": [
                {
                    "href": reverse("priorities:theme", args=[priority.pk]),
                    "text": "Change",
                    "visuallyHiddenText": "theme",
                }
            ]
        }
    dates = (
        f"Started {priority.started_on:%-d %B %Y}" if priority.started_on else "Start date not stated",
        f"review {priority.review_on:%-d %B %Y}" if priority.review_on else "review date not stated",
    )
    rows = [
        theme_row,
        ("Issue it addresses", priority.issue),
        ("Actions", priority.actions or "None recorded"),
        ("Learning so far", priority.learning or "None recorded"),
        ("Status", priority.get_status_display()),
        ("Stage of the journey", priority.get_stage_display() or "Not stated"),
        ("Dates", "; ".join(dates)),
        ("Who can see it", priority.get_visibility_display()),
    ]
    return [
        row if isinstance(row, dict) else {"key": {"text": row[0]}, "value": {"html": linebreaksbr(row[1])}}
        for row in rows
    ]


@login_required
@require_safe
def priority_detail_view(request, pk: int):
    priority = _priority_or_404(request, pk)
    can_edit = priority_can_edit(user=request.user, priority=priority)
    result = peers_find(authority=priority.la, user=request.user, priority=priority, limit=5)
    return render(
        request,
        "priorities/detail.html",
        {
            "priority": priority,
            "theme": theme_by_number(priority.theme),
            "classified_theme": theme_by_number(priority.classified_theme),
            "can_edit": can_edit,
            "summary_rows": _summary_rows(priority, can_edit),
            "peers": result,
            "breadcrumbs": _breadcrumbs(),
        },
    )


def _editable_or_denied(request, pk: int) -> Priority:
    priority = _priority_or_404(request, pk)
    if not priority_can_edit(user=request.user, priority=priority):
        raise PermissionDenied
    return priority


STALE_MESSAGE = (
    "Someone else changed this priority after you opened this page. Your changes have not been saved "
    "and are shown below. Check the priority, then save again to keep your changes."
)


def _stale_form(form, stale: services.StaleVersion, **kwargs):
    """The form again with the editor's answers and the current version, so a deliberate second
    save keeps their changes, and a GOV.UK error saying why it was not saved."""
    data = form.data.copy()
    data["version"] = stale.current.version
    again = type(form)(data, **kwargs)
    again.is_valid()
    again.add_error(None, STALE_MESSAGE)
    return again


@login_required
def priority_edit_view(request, pk: int):
    priority = _editable_or_denied(request, pk)
    form_kwargs = {"submit_text": "Save changes", "editing": True}
    form = PriorityForm(request.POST or None, initial=PriorityForm.initial_for(priority), **form_kwargs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.priority_update(
                user=request.user, priority=priority, data=data, expected_version=data.pop("version")
            )
        except services.StaleVersion as stale:
            form = _stale_form(form, stale, **form_kwargs)
        else:
            messages.success(request, "Priority updated.")
            return redirect("priorities:detail", pk=priority.pk)
    crumb = (priority.title, reverse("priorities:detail", args=[priority.pk]))
    return render(
        request,
        "priorities/form.html",
        {
            "form": form,
            "heading": "Change the priority",
            "priority": priority,
            "breadcrumbs": _breadcrumbs(crumb),
        },
    )


@login_required
def priority_delete_view(request, pk: int):
    """Ask before deleting; only a POST from this page deletes."""
    priority = _editable_or_denied(request, pk)
    if request.method == "POST":
        services.priority_delete(user=request.user, priority=priority)
        messages.success(request, f"Priority ‘{priority.title}’ deleted.")
        return redirect("priorities:list")
    crumb = (priority.title, reverse("priorities:detail", args=[priority.pk]))
    return render(
        request,
        "priorities/delete.html",
        {"priority": priority, "breadcrumbs": _breadcrumbs(crumb)},
    )


@login_required
def priority_theme_view(request, pk: int):
    priority = _editable_or_denied(request, pk)
    form = ThemeOverrideForm(
        request.POST or None, initial={"theme": priority.theme, "version": priority.version}
    )
    try:
        if request.method == "POST" and request.POST.get("restore"):
            version = request.POST.get("version", "")
            services.priority_theme_restore(
                user=request.user,
                priority=priority,
                expected_version=int(version) if version.isdigit() else 0,  # 0 is never current
            )
            messages.success(request, "The classifier's theme is back in use.")
            return redirect("priorities:detail", pk=priority.pk)
        if request.method == "POST" and form.is_valid():
            services.priority_theme_override(
                user=request.user,
                priority=priority,
                theme=form.cleaned_data["theme"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, "Theme changed. Your choice is kept even if the text changes later.")
            return redirect("priorities:detail", pk=priority.pk)
    except services.StaleVersion as stale:
        priority = stale.current
        form = _stale_form(ThemeOverrideForm({"theme": request.POST.get("theme") or priority.theme}), stale)
    crumb = (priority.title, reverse("priorities:detail", args=[priority.pk]))
    return render(
        request,
        "priorities/theme.html",
        {
            "form": form,
            "priority": priority,
            "classified_theme": theme_by_number(priority.classified_theme),
            "breadcrumbs": _breadcrumbs(crumb),
        },
    )


@login_required
@require_safe
def la_peers_view(request, code: str):
    authority = authority_or_404(code)
    result = peers_find(authority=authority, user=request.user)
    return render(
        request,
        "priorities/peers.html",
        {
            "authority": authority,
            "peers": result,
            "breadcrumbs": breadcrumbs(*authority_trail(authority)),
        },
    )
