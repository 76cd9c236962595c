"""Pages for workshops: series, a workshop, the summary report and its downloads (or, once it is
withdrawn, a page saying so), planning."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_safe

from journeys.accounts import permissions
from journeys.accounts.permissions import COORDINATORS, role_required
from journeys.common.pages import DOWNLOAD_FORMATS, breadcrumbs, table_download
from journeys.common.tables import Column, Table
from journeys.priorities.themes import theme_by_number

from . import services
from .forms import AttendanceForm, ContributionForm, ReportWithdrawForm, SeriesReportForm, WorkshopPlanForm
from .models import Workshop, WorkshopContribution, WorkshopSeries
from .report import REPORT_FORMATS, summary_content, summary_render
from .selectors import series_get, series_list, workshop_get


def _crumbs(*extra: tuple[str, str]) -> list[dict]:
    return breadcrumbs(("Workshops", reverse("workshops:list")), *extra)


def _series_or_404(slug: str) -> WorkshopSeries:
    try:
        return series_get(slug=slug)
    except WorkshopSeries.DoesNotExist as missing:
        raise Http404("No such workshop series") from missing


def _theme_table(content: dict) -> Table:
    return Table(
        caption="The five themes and the local areas under each",
        columns=[
            Column("theme", "Theme"),
            Column("areas", "Local areas"),
            Column("priority", "Example of a priority"),
            Column("learning", "Example of learning"),
        ],
        rows=[
            {
                "theme": f"{t['number']}. {t['printed_title']}",
                "areas": ", ".join(t["local_areas"]) or "None recorded",
                "priority": t["example_priority"] or "",
                "learning": t["example_learning"] or "",
            }
            for t in content["themes"]
        ],
    )


def _report(request, content: dict, name: str, template: str, context: dict):
    """The summary page, the whole report in one of REPORT_FORMATS, or its table as CSV or XLSX."""
    download = request.GET.get("format")
    if download in REPORT_FORMATS:
        response = HttpResponse(summary_render(content, download), content_type=REPORT_FORMATS[download])
        if download != "html":
            response["Content-Disposition"] = f'attachment; filename="{name}.{download}"'
        return response
    table = _theme_table(content)
    if download in DOWNLOAD_FORMATS:
        return table_download(table, name=f"{name}-themes", format=download)
    return render(request, template, {**context, "c": content, "theme_table": table})


def _withdrawn(request, series: WorkshopSeries):
    """What a withdrawn summary report's pages and downloads answer: that it was withdrawn, and when."""
    return render(
        request,
        "workshops/withdrawn.html",
        {"series": series, "breadcrumbs": _crumbs()},
        status=410,
    )


@require_safe
def series_list_view(request):
    return render(
        request,
        "workshops/list.html",
        {
            "series": series_list(),
            "breadcrumbs": _crumbs()[:1],
            "can_plan": permissions.can_plan_workshops(request.user),
        },
    )


@require_safe
def series_view(request, slug: str):
    series = _series_or_404(slug)
    if series.report_withdrawn:
        return _withdrawn(request, series)
    content = summary_content(series=series)
    return _report(
        request,
        content,
        f"{series.slug}-summary",
        "workshops/series.html",
        {
            "series": series,
            "can_facilitate": permissions.can_facilitate_series(request.user, series),
            "can_withdraw": permissions.can_withdraw_series_report(request.user, series),
            "breadcrumbs": _crumbs(),
        },
    )


@require_safe
def workshop_view(request, slug: str, workshop: str):
    series = _series_or_404(slug)
    try:
        record = workshop_get(series=series, slug=workshop)
    except Workshop.DoesNotExist as missing:
        raise Http404("No such workshop") from missing
    if series.report_withdrawn:  # a workshop's summary is part of its series' report
        return _withdrawn(request, series)
    content = summary_content(series=series, workshop=record)
    can_record = permissions.can_write_to_workshop(request.user, record)
    rows = [
        ("When", record.when),
        ("Region", record.region or "Not recorded"),
        ("Venue", record.venue or "Not recorded"),
        ("Hosts", record.hosts or "Not recorded"),
        ("Invited", ", ".join(a.name for a in record.invited.all()) or "Not recorded"),
        ("Attended", ", ".join(a.name for a in record.attended.all()) or "Not recorded yet"),
    ]
    series_note = format_html(
        "Nothing has been recorded for this workshop on its own. "
        '<a class="govuk-link" href="{}">The series summary</a> '
        "covers what local areas shared across all its workshops.",
        reverse("workshops:series", args=[series.slug]),
    )
    return _report(
        request,
        content,
        f"{series.slug}-{record.slug}-summary",
        "workshops/workshop.html",
        {
            "series": series,
            "workshop": record,
            "can_record": can_record,
            "can_facilitate": permissions.can_facilitate_series(request.user, series),
            "contributions": [
                c
                for c in record.contributions.select_related("la", "workshop", "series")
                if c.status != WorkshopContribution.Status.PUBLISHED or c.audience != "public"
                if permissions.can_read_contribution(request.user, c)
            ],
            "series_note": series_note,
            "has_contributions": any(t["local_areas"] for t in content["themes"]),
            "workshop_rows": [{"key": {"text": k}, "value": {"text": v}} for k, v in rows],
            "breadcrumbs": _crumbs((series.title, reverse("workshops:series", args=[series.slug]))),
        },
    )


def _saved_message(contribution: WorkshopContribution) -> str:
    if contribution.status == WorkshopContribution.Status.PUBLISHED:
        return f"Published. {contribution.get_audience_display()} can now read it."
    return "Draft saved. Nobody else sees it until you publish it."


def _workshop_or_404(slug: str, workshop: str) -> Workshop:
    series = _series_or_404(slug)
    try:
        return workshop_get(series=series, slug=workshop)
    except Workshop.DoesNotExist as missing:
        raise Http404("No such workshop") from missing


@login_required
def contribution_view(request, slug: str, workshop: str, pk: int):
    """One contribution: its LA's editors (and the region's coordinators) edit, publish or withdraw it."""
    record = _workshop_or_404(slug, workshop)
    contribution = record.contributions.filter(pk=pk).select_related("la", "series", "workshop").first()
    if contribution is None or not permissions.can_read_contribution(request.user, contribution):
        raise Http404("No such contribution")
    can_change = permissions.can_change_contribution(request.user, contribution)
    initial = {f: getattr(contribution, f) for f in ("priority", "issue", "learning", "support_experience")}
    initial |= {"theme": contribution.theme, "audience": contribution.audience}
    form = (
        ContributionForm(request.POST or None, initial=initial, authorities=[], editing=True)
        if can_change
        else None
    )
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if "withdraw" in request.POST:
            services.contribution_withdraw(user=request.user, contribution=contribution)
            messages.success(
                request, "Withdrawn. It no longer appears in any summary; you can publish it again."
            )
            return redirect("workshops:contribution", slug=slug, workshop=workshop, pk=pk)
        if form.is_valid():
            services.contribution_update(
                user=request.user,
                contribution=contribution,
                data={**form.cleaned_data, "publish": "publish" in request.POST},
            )
            messages.success(request, _saved_message(contribution))
            return redirect("workshops:contribution", slug=slug, workshop=workshop, pk=pk)
    return render(
        request,
        "workshops/contribution.html",
        {
            "form": form,
            "contribution": contribution,
            "workshop": record,
            "suggested": theme_by_number(contribution.suggested_theme)
            if contribution.suggested_theme
            else None,
            "can_change": can_change,
            "breadcrumbs": _crumbs((record.place, reverse("workshops:workshop", args=[slug, workshop]))),
        },
    )


@login_required
def attendance_view(request, slug: str, workshop: str):
    record = _workshop_or_404(slug, workshop)
    if not permissions.can_facilitate_series(request.user, record.series):
        raise PermissionDenied
    participants = list(permissions.workshop_participants(record))
    initial = {"attended": [a.old_la_code for a in record.attended.all()]}
    form = AttendanceForm(request.POST or None, initial=initial, participants=participants)
    if request.method == "POST" and form.is_valid():
        chosen = [a for a in participants if a.old_la_code in form.cleaned_data["attended"]]
        services.workshop_attendance_record(user=request.user, workshop=record, attended=chosen)
        messages.success(request, "Attendance saved.")
        return redirect("workshops:workshop", slug=slug, workshop=workshop)
    return render(
        request,
        "workshops/attendance.html",
        {
            "form": form,
            "workshop": record,
            "breadcrumbs": _crumbs((record.place, reverse("workshops:workshop", args=[slug, workshop]))),
        },
    )


@login_required
def series_report_view(request, slug: str):
    """The facilitator writes the series' introduction, purpose, key messages and conclusions."""
    series = _series_or_404(slug)
    if not permissions.can_facilitate_series(request.user, series):
        raise PermissionDenied
    initial = {
        "introduction": series.introduction,
        "purposes": "\n".join(series.purposes),
        "key_messages": series.key_messages,
        "conclusions": series.conclusions,
    }
    form = SeriesReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.series_report_write(user=request.user, series=series, data=form.cleaned_data)
        messages.success(request, "Report saved.")
        return redirect("workshops:series", slug=slug)
    return render(
        request,
        "workshops/series_report.html",
        {
            "form": form,
            "series": series,
            "breadcrumbs": _crumbs((series.title, reverse("workshops:series", args=[slug]))),
        },
    )


@login_required
def series_withdraw_view(request, slug: str):
    """Ask before withdrawing a series' summary report; only a POST from this page withdraws it."""
    series = _series_or_404(slug)
    if not permissions.can_withdraw_series_report(request.user, series):
        raise PermissionDenied
    form = ReportWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.series_report_withdraw(user=request.user, series=series, reason=form.cleaned_data["reason"])
        return redirect("workshops:series", slug=slug)
    return render(
        request,
        "workshops/series_withdraw.html",
        {
            "form": form,
            "series": series,
            "breadcrumbs": _crumbs((series.title, reverse("workshops:series", args=[slug]))),
        },
    )


@role_required(*COORDINATORS)
def plan_view(request):
    initial = {"region": request.user.region} if request.user.region else {}
    form = WorkshopPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.workshop_plan(user=request.user, data=data, invited=data["invited"])
        except services.SeriesClosed:
            form.add_error("series_title", "This series is closed. Enter the name of a new series")
        except PermissionDenied:
            form.add_error("region", "You can only plan workshops in your own region")
        else:
            return redirect("workshops:workshop", slug=record.series.slug, workshop=record.slug)
    return render(request, "workshops/plan.html", {"form": form, "breadcrumbs": _crumbs()})


@login_required
def contribute_view(request, slug: str, workshop: str):
    series = _series_or_404(slug)
    try:
        record = workshop_get(series=series, slug=workshop)
    except Workshop.DoesNotExist as missing:
        raise Http404("No such workshop") from missing
    authorities = permissions.workshop_writable_for(request.user, record)
    if not authorities:
        raise PermissionDenied("Only the local authorities taking part write to an open workshop")
    form = ContributionForm(request.POST or None, authorities=authorities)
    if request.method == "POST" and form.is_valid():
        la = next(a for a in authorities if a.old_la_code == form.cleaned_data["la"])
        publish = "publish" in request.POST
        contribution = services.contribution_add(
            user=request.user, workshop=record, la=la, data={**form.cleaned_data, "publish": publish}
        )
        messages.success(request, _saved_message(contribution))
        return redirect("workshops:contribution", slug=slug, workshop=workshop, pk=contribution.pk)
    return render(
        request,
        "workshops/contribute.html",
        {
            "form": form,
            "workshop": record,
            "breadcrumbs": _crumbs((record.place, reverse("workshops:workshop", args=[slug, workshop]))),
        },
    )
