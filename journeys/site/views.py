"""The home page, the page about Journeys itself and, for national admins, the official
releases page."""

from datetime import date

from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_safe

from journeys.accounts.permissions import ADMINS, role_required
from journeys.authorities.models import region_slug
from journeys.authorities.register import REGIONS
from journeys.common.pages import breadcrumbs
from journeys.common.tables import Column, Table
from journeys.evidence.selectors import release_checks, release_schedule
from journeys.evidence.views import Page
from journeys.priorities.selectors import model_provenance

from .authorities import la_headline
from .home import home_tasks, region_glance


@require_safe
def home_view(request):
    regions = [{"text": r, "href": reverse("authorities:region", args=[region_slug(r)])} for r in REGIONS]
    context = {"regions": regions}
    user = request.user
    if user.is_authenticated:
        context["tasks"] = home_tasks(user)
        if home_region := (user.la.region if user.la_id else user.region):
            context.update(home_region=home_region, home_region_slug=region_slug(home_region))
        if user.la_id:
            context["la_glance"] = la_headline(user.la, user)
        elif user.region:
            context["region_glance"] = region_glance(user.region)
            context["region_slug"] = region_slug(user.region)
    return render(request, "site/home.html", context)


@require_safe
def about_view(request):
    model = model_provenance()
    rows = [
        (
            "Model",
            format_html('<a class="govuk-link" href="{0}">{1}</a>', model["source_url"], model["name"]),
        ),
        (
            "Licence",
            format_html('<a class="govuk-link" href="{0}">{1}</a>', model["licence_url"], model["licence"]),
        ),
        (
            "Published checksum",
            format_html("SHA-256 <code>{}</code>, {} bytes", model["sha256"], f"{model['size']:,}"),
        ),
        (
            "On this service",
            "In use: checked against the published checksum" if model["verified"] else "Not in use",
        ),
    ]
    return render(
        request,
        "site/about.html",
        {
            "model": model,
            "model_rows": [{"key": {"text": key}, "value": {"html": value}} for key, value in rows],
            "model_warning": (
                f"Theme suggestions use a simpler word-matching method (TF-IDF), because {model['reason']}."
            ),
        },
    )


STATUS_TITLES = {
    "not fetched": "Not fetched yet",
    "up to date": "Up to date",
    "due": "Due",
    "overdue": "Overdue",
}


@role_required(*ADMINS)  # a private page: anonymous callers are sent to sign in whatever the method
@require_safe
def releases_view(request):
    """For national admins: what `journeys fetch` got when, and which releases are due or overdue."""
    page = Page(request)
    states = release_schedule(today=date.today())
    schedule = Table(
        caption="Each release and when the next is expected",
        columns=[
            Column("release", "Release"),
            Column("status", "Status"),
            Column("fetched", "Last fetched"),
            Column("version", "Data set and version"),
            Column("checked", "Last checked"),
            Column("next", "Next expected"),
        ],
        rows=[
            {
                "release": s.release.title,
                "status": STATUS_TITLES[s.status],
                "fetched": f"{s.fetched_on:%-d %B %Y}" if s.fetched_on else "Never",
                "version": (
                    f"{s.fetched.file_name}, {s.fetched.data_set_version or 'no version given'}"
                    if s.fetched
                    else "None"
                ),
                "checked": (
                    f"{s.checked.checked_at:%-d %B %Y %H:%M}: {s.checked.get_outcome_display()}"
                    if s.checked
                    else "Never"
                ),
                "next": f"{s.next_expected:%-d %B %Y}" if s.fetched_on else "Now",
            }
            for s in states
        ],
    )
    checks = Table(
        caption="Recent checks",
        columns=[
            Column("when", "When"),
            Column("release", "Release"),
            Column("outcome", "Outcome"),
            Column("detail", "Detail"),
        ],
        rows=[
            {
                "when": f"{c.checked_at:%-d %B %Y %H:%M}",
                "release": c.release,
                "outcome": c.get_outcome_display(),
                "detail": c.detail or "None",
            }
            for c in release_checks()
        ],
    )
    return page.render(
        "site/releases.html",
        {
            "schedule": page.table("schedule", schedule),
            "checks": page.table("checks", checks),
            "due": sum(s.status in ("due", "overdue", "not fetched") for s in states),
            "breadcrumbs": breadcrumbs(("About the data", reverse("evidence:about-data"))),
        },
    )
